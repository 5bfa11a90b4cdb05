// Loaded with require() by hr-summary.pb.js (not a hook file itself: PocketBase loads only *.pb.js).
// Computes the rows of `hr_staff_summary` (migration 1734900000_hr_staff_summary.js) for some trainees, or for all.
//
// The rules are those of the TypeScript domain, repeated here because PocketBase's JS engine cannot load them;
// tests/integration/hr-summary-parity.test.ts compares the table with them after random sequences of events:
//   certificate status   certificateStatus() in src/domain/certification/rules.ts (30 days: expiringSoonDays)
//   「已逾期」            isOverdue() in src/domain/progress/rules.ts: not done and due strictly before now
//   the certificate shown, and when an assignment is done: as the view hr_staff_certifications
//     (1732700000_hr_views.js, 1734800001_call_assignments.js) — a live certificate first, else the latest one
//     that starts later, else the latest; a module is done once module_progress.completedAt is set, a call once
//     a run was passed, a program while a certificate of it is live.
// Each trainee × program gets the segments of time between the moments at which any of that changes, from a day
// before the computation on (earlier moments are history nobody asks about).

const day = 86400000;
const expiringSoonDays = 30;
const endOfTime = '9999-12-31 23:59:59.999Z';
const keptHistory = day;

const parse = (s) => (s ? Date.parse(String(s).replace(' ', 'T')) : NaN);
const pbText = (ms) => new Date(ms).toISOString().replace('T', ' ');

function certificateStatus(c, t) {
  if (c.revokedAt) return 'revoked';
  if (t < c.from) return 'pending';
  if (t >= c.to) return 'expired';
  return c.to - t <= expiringSoonDays * day ? 'expiring' : 'valid';
}
const isLive = (c, t) => !c.revokedAt && c.from <= t && t < c.to;

/** The certificate the status comes from at `t` (the view's ORDER BY … LIMIT 1). */
function chosen(certs, t) {
  let best = null;
  let bestRank = 3;
  for (const c of certs) {
    const rank = isLive(c, t) ? 0 : !c.revokedAt && c.from > t ? 1 : 2;
    if (
      !best ||
      rank < bestRank ||
      (rank === bestRank &&
        (c.from > best.from ||
          (c.from === best.from && (c.created > best.created || (c.created === best.created && c.id > best.id)))))
    ) {
      best = c;
      bestRank = rank;
    }
  }
  return best;
}

const { query } = require(`${__hooks}/sql.js`);

/** `col IN ({:u0}, …)` for `users`, or a condition that is always true when `users` is null (everyone). */
function inUsers(col, users, params) {
  if (users === null) return '1 = 1';
  if (users.length === 0) return '0 = 1';
  return `${col} IN (${users.map((u, i) => ((params[`u${i}`] = u), `{:u${i}}`)).join(', ')})`;
}

/**
 * Make `cohort_members` (migration 1735100000_cohort_members.js) list the members of cohort `id` (null: of every
 * cohort) as its `members` holds them now.
 */
function syncMembers(dao, id) {
  const one = id === null ? '' : 'WHERE cohort = {:id}';
  dao.db().newQuery(`DELETE FROM cohort_members ${one}`).bind({ id: id }).execute();
  dao
    .db()
    .newQuery(
      `INSERT OR IGNORE INTO cohort_members (user, cohort)
       SELECT m.value, co.id FROM cohorts AS co
       JOIN json_each(CASE WHEN json_valid(co.members) THEN co.members ELSE '[]' END) AS m
       ${id === null ? '' : 'WHERE co.id = {:id}'}`,
    )
    .bind({ id: id })
    .execute();
}

function groupBy(rows, key) {
  const map = new Map();
  for (const r of rows) {
    const k = r[key];
    if (!map.has(k)) map.set(k, []);
    map.get(k).push(r);
  }
  return map;
}

/** Everything the rows of `users` (null: every trainee) depend on, read with `dao`. */
function load(dao, users) {
  const p = {};
  const people = query(
    dao,
    `SELECT id, name, employeeNo, department, team FROM users WHERE role = 'trainee' AND ${inUsers('id', users, p)}`,
    p,
    { id: '', name: '', employeeNo: '', department: '', team: '' },
  );
  const ids = users === null ? null : people.map((u) => u.id);
  const programs = query(dao, 'SELECT id, key, title FROM programs ORDER BY key', {}, { id: '', key: '', title: '' });
  const cp = {};
  const certs = query(
    dao,
    `SELECT id, user, program, issuedAt, validFrom, expiresAt, revokedAt, created, holderName, holderEmployeeNo
     FROM certificates WHERE ${inUsers('user', ids, cp)}`,
    cp,
    {
      id: '',
      user: '',
      program: '',
      issuedAt: '',
      validFrom: '',
      expiresAt: '',
      revokedAt: '',
      created: '',
      holderName: '',
      holderEmployeeNo: '',
    },
  ).map((c) => ({
    id: c.id,
    user: c.user,
    program: c.program,
    issuedAt: c.issuedAt,
    validFrom: c.validFrom,
    expiresAt: c.expiresAt,
    revokedAt: c.revokedAt,
    created: c.created,
    holder: c.holderName ? `${c.holderName}（${c.holderEmployeeNo}）` : '',
    from: parse(c.validFrom),
    to: parse(c.expiresAt),
  }));
  // Assignments with a due date, direct or through a cohort (its members listed in cohort_members).
  const ap = {};
  const assignments = query(
    dao,
    `SELECT a.id AS id, a.trainee AS user, a.kind AS kind, a.ref AS ref, a.dueAt AS dueAt
     FROM assignments AS a WHERE a.trainee != '' AND a.dueAt != '' AND ${inUsers('a.trainee', ids, ap)}
     UNION
     SELECT a.id AS id, cm.user AS user, a.kind AS kind, a.ref AS ref, a.dueAt AS dueAt
     FROM cohort_members AS cm
     JOIN assignments AS a ON a.cohort = cm.cohort
     WHERE a.dueAt != '' AND ${inUsers('cm.user', ids, ap)}`,
    ap,
    { id: '', user: '', kind: '', ref: '', dueAt: '' },
  );
  const mp = {};
  const modules = query(
    dao,
    `SELECT user, module FROM module_progress WHERE completedAt != '' AND ${inUsers('user', ids, mp)}`,
    mp,
    { user: '', module: '' },
  );
  const rp = {};
  const calls = query(
    dao,
    `SELECT DISTINCT user, call FROM call_runs WHERE passed = TRUE AND ${inUsers('user', ids, rp)}`,
    rp,
    { user: '', call: '' },
  );
  return {
    people,
    programs,
    keyOfId: new Map(programs.map((p) => [p.id, p.key])),
    certs: groupBy(certs, 'user'),
    assignments: groupBy(assignments, 'user'),
    modules: groupBy(modules, 'user'),
    calls: groupBy(calls, 'user'),
  };
}

const sameValues = (a, b) => a.certificate === b.certificate && a.status === b.status && a.overdue === b.overdue;

/** The summary rows of one trainee, computed at `nowMs` (see the top of this file). */
function rowsOf(person, data, nowMs) {
  const certs = data.certs.get(person.id) || [];
  const doneModules = new Set((data.modules.get(person.id) || []).map((m) => m.module));
  const passedCalls = new Set((data.calls.get(person.id) || []).map((c) => c.call));
  // Assignments not done for good (modules and calls stay done; a program is done while a certificate is live).
  const open = [];
  const seen = new Set();
  for (const a of data.assignments.get(person.id) || []) {
    if (seen.has(a.id)) continue;
    seen.add(a.id);
    if (
      a.kind === 'module' ? doneModules.has(a.ref) : a.kind === 'call' ? passedCalls.has(a.ref) : a.kind !== 'program'
    )
      continue;
    const keys = a.kind === 'program' ? [a.ref, data.keyOfId.get(a.ref)] : null;
    open.push({ due: parse(a.dueAt), certs: keys ? certs.filter((c) => keys.indexOf(c.program) >= 0) : null });
  }
  const overdueCache = new Map();
  const overdueAt = (t) => {
    if (open.length === 0) return 0;
    let n = overdueCache.get(t);
    if (n !== undefined) return n;
    n = 0;
    for (const w of open) if (t > w.due && !(w.certs && w.certs.some((c) => isLive(c, t)))) n++;
    overdueCache.set(t, n);
    return n;
  };
  // Moments at which the overdue count can change: a due date passing, a certificate a program assignment
  // needs starting or ending.
  const userMoments = [];
  for (const w of open) {
    userMoments.push(w.due + 1);
    if (w.certs) for (const c of w.certs) if (!c.revokedAt) userMoments.push(c.from, c.to);
  }
  const rows = [];
  const since = nowMs - keptHistory;
  for (const program of data.programs) {
    const mine = certs.filter((c) => c.program === program.key);
    const moments = userMoments.slice();
    for (const c of mine) if (!c.revokedAt) moments.push(c.from, c.to, c.to - expiringSoonDays * day);
    const cuts = [...new Set(moments.filter((m) => m > since && isFinite(m)))].sort((a, b) => a - b);
    const segments = [];
    for (let i = 0; i <= cuts.length; i++) {
      const from = i === 0 ? null : cuts[i - 1];
      const to = i === cuts.length ? null : cuts[i];
      // Any moment of the segment gives the same answers; its start, or for the first one its last millisecond.
      const t = from !== null ? from : to !== null ? to - 1 : nowMs;
      const c = mine.length ? chosen(mine, t) : null;
      const values = {
        certificate: c ? c.id : '',
        status: c ? certificateStatus(c, t) : 'none',
        overdue: overdueAt(t),
        c,
      };
      const last = segments[segments.length - 1];
      if (last && sameValues(last.values, values)) last.to = to;
      else segments.push({ from, to, values });
    }
    for (let k = 0; k < segments.length; k++) {
      const s = segments[k];
      const c = s.values.c;
      rows.push({
        id: `${person.id}${program.id}${k}`,
        user: person.id,
        name: person.name,
        employeeNo: person.employeeNo,
        department: person.department,
        team: person.team,
        program: program.key,
        programTitle: program.title,
        certificate: s.values.certificate,
        issuedAt: c ? c.issuedAt : '',
        validFrom: c ? c.validFrom : '',
        expiresAt: c ? c.expiresAt : '',
        revokedAt: c ? c.revokedAt : '',
        holder: c ? c.holder : '',
        status: s.values.status,
        overdue: s.values.overdue,
        segFrom: s.from === null ? '' : pbText(s.from),
        segTo: s.to === null ? endOfTime : pbText(s.to),
      });
    }
  }
  return rows;
}

const columns = [
  'id',
  'user',
  'name',
  'employeeNo',
  'department',
  'team',
  'program',
  'programTitle',
  'certificate',
  'issuedAt',
  'validFrom',
  'expiresAt',
  'revokedAt',
  'holder',
  'status',
  'overdue',
  'segFrom',
  'segTo',
];

/** Insert `rows`, a few thousand per statement as one JSON parameter (binding each value costs far more). */
function insert(dao, rows, stamp) {
  const perStatement = 2000;
  const select = columns.map((col, k) => `json_extract(j.value, '$[${k}]')`).join(', ');
  const sql = `INSERT INTO hr_staff_summary (${columns.join(', ')}, created, updated)
    SELECT ${select}, {:stamp}, {:stamp} FROM json_each({:rows}) AS j`;
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement).map((r) => columns.map((col) => r[col]));
    dao
      .db()
      .newQuery(sql)
      .bind({ stamp: stamp, rows: JSON.stringify(chunk) })
      .execute();
  }
}

/**
 * Replace the rows of `users` (ids; null: everyone) with freshly computed ones, using `dao` (run it in a
 * transaction so readers never see a trainee half written). Returns the number of rows written.
 */
function recompute(dao, users, nowMs) {
  if (users !== null && users.length === 0) return 0;
  const data = load(dao, users);
  const p = {};
  dao
    .db()
    .newQuery(`DELETE FROM hr_staff_summary WHERE ${inUsers('user', users, p)}`)
    .bind(p)
    .execute();
  const rows = [];
  for (const person of data.people) for (const row of rowsOf(person, data, nowMs)) rows.push(row);
  // Everyone: building the indexes once after the rows are in is several times faster than updating them per row.
  const indexes =
    users === null
      ? query(
          dao,
          "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'hr_staff_summary' AND sql IS NOT NULL",
          {},
          { name: '', sql: '' },
        )
      : [];
  for (const index of indexes) dao.db().newQuery(`DROP INDEX ${index.name}`).execute();
  insert(dao, rows, pbText(nowMs));
  for (const index of indexes) dao.db().newQuery(index.sql).execute();
  return rows.length;
}

/** Users whose rows a write to `model` (a Record) may change; null: everyone. Empty: nothing to do. */
function affected(model, event) {
  const name = model.collection().name;
  const original = event === 'create' ? null : model.originalCopy();
  const get = (r, field) => (r ? r.getString(field) : '');
  const changed = (...fields) =>
    !original || event === 'delete' || fields.some((f) => get(model, f) !== get(original, f));
  const members = (r) => {
    if (!r) return [];
    try {
      const list = JSON.parse(r.getString('members') || '[]');
      return Array.isArray(list) ? list.map(String) : [];
    } catch (_) {
      return [];
    }
  };
  const cohortMembers = (id) => {
    if (!id) return [];
    try {
      return members($app.dao().findRecordById('cohorts', id));
    } catch (_) {
      return [];
    }
  };
  const both = (fn) => fn(model).concat(fn(original));
  switch (name) {
    case 'users':
      return changed('name', 'employeeNo', 'department', 'team', 'role') ? [model.id] : [];
    case 'certificates':
      return changed(
        'user',
        'program',
        'validFrom',
        'expiresAt',
        'revokedAt',
        'issuedAt',
        'holderName',
        'holderEmployeeNo',
      )
        ? both((r) => (r ? [get(r, 'user')] : []))
        : [];
    case 'assignments':
      return changed('trainee', 'cohort', 'kind', 'ref', 'dueAt')
        ? both((r) => (r ? [get(r, 'trainee')].concat(cohortMembers(get(r, 'cohort'))) : []))
        : [];
    case 'cohorts':
      return changed('members') ? both(members) : [];
    case 'module_progress':
      return get(model, 'completedAt') !== get(original, 'completedAt') ||
        (event === 'delete' && get(model, 'completedAt'))
        ? [get(model, 'user')]
        : [];
    case 'call_runs':
      return model.getBool('passed') !== (original ? original.getBool('passed') : false) ||
        (event === 'delete' && model.getBool('passed'))
        ? [get(model, 'user')]
        : [];
    case 'programs':
      return changed('key', 'title') ? null : [];
    default:
      return [];
  }
}

/** Recompute the rows a write to `model` may change (a model "after" hook). */
function afterWrite(model, event) {
  const users = affected(model, event);
  if (users !== null && users.length === 0) return;
  const unique = users === null ? null : [...new Set(users.filter(Boolean))];
  const cohort = model.collection().name === 'cohorts' ? model.id : null;
  $app.dao().runInTransaction((tx) => {
    if (cohort) syncMembers(tx, cohort);
    recompute(tx, unique, Date.now());
  });
}

/** List every cohort's members again and recompute every row (logs how long it took: 5–6 s at 10,000 trainees). */
function rebuild() {
  const started = Date.now();
  let rows = 0;
  $app.dao().runInTransaction((tx) => {
    syncMembers(tx, null);
    rows = recompute(tx, null, started);
  });
  console.log(`[hr-summary] rebuilt ${rows} rows in ${Date.now() - started} ms`);
  return rows;
}

/** Trainees up to which an empty table is filled before PocketBase starts answering (about a second of work). */
const fillAtStartUpTo = 2000;

/**
 * Fill the table when it is empty while trainees exist (the first start after the migration). At start-up
 * (`atStart`) only a small organisation is filled, so a large one does not hold up PocketBase's start; the minutely
 * job of hr-summary.pb.js fills it a moment later (a no-op once filled).
 */
function fillIfEmpty(atStart) {
  const dao = $app.dao();
  try {
    dao.findCollectionByNameOrId('hr_staff_summary');
  } catch (_) {
    return; // not migrated yet
  }
  const count = (sql) => query(dao, sql, {}, { n: 0 })[0].n;
  if (count('SELECT COUNT(*) AS n FROM (SELECT 1 FROM hr_staff_summary LIMIT 1)') > 0) return;
  const trainees = count("SELECT COUNT(*) AS n FROM users WHERE role = 'trainee'");
  if (trainees === 0) return;
  if (atStart && trainees > fillAtStartUpTo) {
    console.log(`[hr-summary] empty with ${trainees} trainees: filling within a minute, after start-up`);
    return;
  }
  rebuild();
}

/** The columns of an exported row, in order: the table's own, without its segment of time. */
const exported = columns.filter((c) => c !== 'segFrom' && c !== 'segTo');

/** The JSON text of the rows the export asks for (see /api/academy/hr-summary/rows in hr-summary.pb.js). */
function exportRows(body) {
  const params = { now: String(body.now || '') };
  if (!/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}Z$/.test(params.now)) throw new BadRequestError('now is required.');
  const where = ['segFrom <= {:now}', 'segTo > {:now}'];
  for (const field of ['department', 'team', 'program']) {
    if (!body[field]) continue;
    params[field] = String(body[field]);
    where.push(`${field} = {:${field}}`);
  }
  const statuses = Array.isArray(body.statuses) ? body.statuses.map(String) : [];
  if (statuses.length)
    where.push(`status IN (${statuses.map((s, i) => ((params[`s${i}`] = s), `{:s${i}}`)).join(', ')})`);
  if (body.overdue) where.push('overdue > 0');
  if (body.q) {
    // PocketBase's `~`: LIKE '%q%' (the filter schema strips % _ and backslashes).
    params.q = `%${String(body.q)}%`;
    where.push("(name LIKE {:q} ESCAPE '\\' OR employeeNo LIKE {:q} ESCAPE '\\')");
  }
  const order = (Array.isArray(body.sort) ? body.sort : []).map((key) => {
    const field = String(key).replace(/^-/, '');
    if (columns.indexOf(field) < 0) throw new BadRequestError('Unknown sort field.');
    return `${field} ${String(key).startsWith('-') ? 'DESC' : 'ASC'}`;
  });
  const sql = `SELECT COALESCE(json_group_array(json_array(${exported.join(', ')})${
    order.length ? ` ORDER BY ${order.join(', ')}` : ''
  }), '[]') AS data FROM hr_staff_summary WHERE ${where.join(' AND ')}`;
  return query($app.dao(), sql, params, { data: '' })[0].data;
}

module.exports = { recompute, afterWrite, rebuild, fillIfEmpty, exportRows, exported, endOfTime };
