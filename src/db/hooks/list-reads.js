// Loaded with require() by reads.pb.js (not a hook file itself: PocketBase loads only *.pb.js).
// Answers the app's list reads (src/platform/pocketbase/reads.ts) with one SQL statement each, the JSON built by
// SQLite: rows as the records API answers an admin's getFullList with the same conditions, sort and fields
// (tests/integration/list-reads.test.ts compares the two on every kind of field). Measured on the certificate
// check's five reads at 10,000 staff: 4.0–4.1 ms of PocketBase CPU through findRecordsByFilter (records built, then
// their fields copied into JS objects), 1.8–1.9 ms this way. Not for whole records with large JSON fields: SQLite
// parses the JSON again, which cost more than the records API (an attempt with its keys: 1.4 vs 1.3 ms).
//
// A read is { collection, where: { field: value, … } (all equal, AND; fields holding one value), sort: '-a,b',
// fields: 'a,b' }. Every name is checked against the collection's schema before it reaches SQL; values are bound.

/** The types of a collection's fields, per JS runtime, kept until the collection's `updated` changes. */
const cached = {};

const baseTypes = { id: 'text', created: 'date', updated: 'date' };
// What the records API shows an admin of an auth record besides its schema (never the password hash or token key).
const authTypes = { username: 'text', email: 'text', emailVisibility: 'bool', verified: 'bool' };
// Field types whose value is one text (select, relation and file: when at most one may be chosen).
const textTypes = ['text', 'email', 'url', 'editor', 'date'];
const choiceTypes = ['select', 'relation', 'file'];

const { query } = require(`${__hooks}/sql.js`);

/** `{ name: { id, name, types } }` for the named base or auth collections (one query when nothing changed). */
function collectionsNamed(dao, names) {
  const params = {};
  const list = names.map((n, i) => ((params[`n${i}`] = n), `{:n${i}}`)).join(', ');
  const rows = query(dao, `SELECT id, name, type, updated FROM _collections WHERE name IN (${list})`, params, {
    id: '',
    name: '',
    type: '',
    updated: '',
  });
  const found = {};
  for (const row of rows) {
    let entry = cached[row.name];
    if (!entry || entry.id !== row.id || entry.updated !== row.updated) {
      const schema = JSON.parse(
        query(dao, 'SELECT schema FROM _collections WHERE id = {:id}', { id: row.id }, { schema: '' })[0].schema ||
          '[]',
      );
      const types = Object.assign({}, baseTypes, row.type === 'auth' ? authTypes : {});
      for (const f of schema) {
        const single = !f.options || f.options.maxSelect === 1;
        types[f.name] = choiceTypes.indexOf(f.type) >= 0 ? (single ? 'text' : 'list') : f.type;
      }
      entry = { id: row.id, name: row.name, type: row.type, updated: row.updated, types: types };
      cached[row.name] = entry;
    }
    if (entry.type === 'base' || entry.type === 'auth') found[row.name] = entry;
  }
  return found;
}

/** The SQL giving a field's value as the records API's JSON does. */
function valueOf(name, type) {
  const col = `[[${name}]]`;
  if (type === 'bool') return `json(CASE WHEN ${col} THEN 'true' ELSE 'false' END)`;
  if (type === 'number') return `(COALESCE(${col}, 0) + 0)`;
  if (type === 'json') return `json(COALESCE(NULLIF(${col}, ''), 'null'))`;
  if (type === 'list') return `json(COALESCE(NULLIF(${col}, ''), '[]'))`;
  if (textTypes.indexOf(type) >= 0) return `COALESCE(${col}, '')`;
  return null;
}

const names = (text) =>
  String(text || '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** The SQL of read `i`, with its parameters added to `params`; throws a BadRequestError naming what is wrong. */
function statementOf(read, i, collections, params) {
  const what = `read ${i} (${String(read && read.collection)})`;
  const collection = read && collections[String(read.collection)];
  if (!collection) throw new BadRequestError(`${what}: no such collection.`);
  const types = collection.types;
  const known = (name) => Object.prototype.hasOwnProperty.call(types, name);
  const where = read.where && typeof read.where === 'object' ? Object.keys(read.where) : [];
  if (where.length === 0) throw new BadRequestError(`${what}: where names at least one field.`);
  const conditions = where.map((field, j) => {
    const value = read.where[field];
    if (!known(field)) throw new BadRequestError(`${what}: no field ${field}.`);
    // A list or JSON field compares as stored text here, not as the records API's filter compares it.
    if (types[field] === 'list' || types[field] === 'json')
      throw new BadRequestError(`${what}: ${field} holds a list or JSON, which a condition cannot compare.`);
    if (!['string', 'number', 'boolean'].includes(typeof value))
      throw new BadRequestError(`${what}: ${field} must equal a text, a number or a boolean.`);
    params[`w${i}_${j}`] = value;
    return `[[${field}]] = {:w${i}_${j}}`;
  });
  const fields = read.fields ? names(read.fields) : Object.keys(types);
  const pairs = fields.map((field) => {
    const value = known(field) ? valueOf(field, types[field]) : null;
    if (!value) throw new BadRequestError(`${what}: field ${field} cannot be read here.`);
    return `'${field}', ${value}`;
  });
  if (!read.fields) {
    params[`c${i}`] = collection.id;
    params[`n${i}`] = collection.name;
    pairs.push(`'collectionId', {:c${i}}`, `'collectionName', {:n${i}}`);
  }
  const order = names(read.sort).map((key) => {
    const field = key.replace(/^-/, '');
    if (!known(field)) throw new BadRequestError(`${what}: cannot sort by ${field}.`);
    return `[[${field}]] ${key.startsWith('-') ? 'DESC' : 'ASC'}`;
  });
  return `SELECT COALESCE(json_group_array(json_object(${pairs.join(', ')})${
    order.length ? ` ORDER BY ${order.join(', ')}` : ''
  }), '[]') AS data FROM {{${collection.name}}} WHERE ${conditions.join(' AND ')}`;
}

/** The JSON text `{"results":[[row, …], …]}` answering `body.reads` (1 to 12 reads). */
function answer(dao, body) {
  const reads = body && Array.isArray(body.reads) ? body.reads : null;
  if (!reads || reads.length === 0 || reads.length > 12) throw new BadRequestError('reads: 1 to 12 list reads.');
  const collections = collectionsNamed(
    dao,
    reads.map((r) => String((r && r.collection) || '')),
  );
  const parts = reads.map((read, i) => {
    const params = {};
    const sql = statementOf(read, i, collections, params);
    try {
      return query(dao, sql, params, { data: '' })[0].data;
    } catch (error) {
      throw new BadRequestError(`read ${i} (${read.collection}) failed.`, { error: String(error) });
    }
  });
  return `{"results":[${parts.join(',')}]}`;
}

module.exports = { answer };
