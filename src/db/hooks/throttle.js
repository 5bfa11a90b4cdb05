// Loaded with require() by throttle.pb.js and sessions.pb.js (not a hook file itself: PocketBase loads only *.pb.js).
// Fixed-window counters kept in PocketBase, so every app process sees the same counts. One step runs in one
// transaction on PocketBase's single writer connection, so a check and its count are atomic across all app
// processes: concurrent requests cannot all pass a check before any of them counts.
//
// Step: { now, checks: [{ key, limit, windowMs }], hits: [{ key, windowMs }], refunds: [{ key, windowMs }], resets: [key] }
// If any check's window already holds `limit` events, nothing changes and the answer is
// { allowed: false, retryAfterMs }; otherwise hits, refunds and resets are applied and the answer is { allowed: true }.

/** Apply one step (see above) in transaction `tx`; its answer. */
function step(tx, body) {
  const now = Number(body.now);
  const list = (v) => (Array.isArray(v) ? v : []);
  if (!Number.isFinite(now)) throw new BadRequestError('now must be a number (ms).');
  const db = tx.db();
  const read = (key) => {
    const row = new DynamicModel({ windowStart: 0, count: 0 });
    try {
      db.newQuery('SELECT windowStart, count FROM _academy_throttle WHERE key = {:key}')
        .bind({ key: String(key) })
        .one(row);
      return { start: row.windowStart, count: row.count };
    } catch (_) {
      return null;
    }
  };
  const write = (key, start, count) =>
    db
      .newQuery(
        'INSERT INTO _academy_throttle (key, windowStart, count) VALUES ({:key}, {:start}, {:count}) ON CONFLICT(key) DO UPDATE SET windowStart = excluded.windowStart, count = excluded.count',
      )
      .bind({ key: String(key), start: start, count: count })
      .execute();
  let retryAfterMs = 0;
  for (const check of list(body.checks)) {
    const w = read(check.key);
    if (w && now - w.start < Number(check.windowMs) && w.count >= Number(check.limit))
      retryAfterMs = Math.max(retryAfterMs, w.start + Number(check.windowMs) - now);
  }
  if (retryAfterMs > 0) return { allowed: false, retryAfterMs: retryAfterMs };
  for (const hit of list(body.hits)) {
    const w = read(hit.key);
    if (!w || now - w.start >= Number(hit.windowMs)) write(hit.key, now, 1);
    else write(hit.key, w.start, w.count + 1);
  }
  for (const refund of list(body.refunds)) {
    const w = read(refund.key);
    if (w && now - w.start < Number(refund.windowMs) && w.count > 0) write(refund.key, w.start, w.count - 1);
  }
  for (const key of list(body.resets))
    db.newQuery('DELETE FROM _academy_throttle WHERE key = {:key}')
      .bind({ key: String(key) })
      .execute();
  // Windows are at most hours long: forget anything a day old.
  db.newQuery('DELETE FROM _academy_throttle WHERE windowStart < {:cutoff}')
    .bind({ cutoff: now - 86400000 })
    .execute();
  return { allowed: true, retryAfterMs: 0 };
}

/** One step in its own transaction. */
function run(body) {
  let answer = null;
  $app.dao().runInTransaction((tx) => {
    answer = step(tx, body);
  });
  return answer;
}

module.exports = { run };
