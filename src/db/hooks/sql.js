// Loaded with require() by the hook files (not a hook file itself: PocketBase loads only *.pb.js).
/** The rows of `sql` with `params` bound, each shaped like `shape` (its values give the column types). */
function query(dao, sql, params, shape) {
  const rows = arrayOf(new DynamicModel(shape));
  dao.db().newQuery(sql).bind(params).all(rows);
  return rows;
}

module.exports = { query };
