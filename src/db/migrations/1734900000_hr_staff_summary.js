/// <reference path="../../../.data/pb/types.d.ts" />
// hr_staff_summary — the HR dashboard's table, kept current by the hooks in src/db/hooks/hr-summary.pb.js instead of
// recomputed from every trainee's certificates and assignments on each request (the views of 1732700000_hr_views.js
// stay as the live computation the parity test compares with).
//
// One row per trainee × certification program × time segment. A row holds only facts that do not change as time
// passes: the trainee's name, 工号, department and team, the program, and, for its segment [segFrom, segTo) of
// time, the certificate the status comes from (with its dates and the holder printed on it), the status and the
// number of overdue assignments. The hooks cut a new segment wherever the rules would give another answer (a
// certificate starting, entering its last 30 days or expiring, a due date passing), so a reader picks the rows of
// `now` with `segFrom <= now && segTo > now`, a bound parameter, and filters, sorts and counts stored columns.
// segFrom '' is the beginning of time, segTo '9999-12-31 23:59:59.999Z' the end; dates are PocketBase's text form.
//
// hr_summary_counts — the current rows grouped by department, team, program and status (the summary cards).
// Both are admin only: the app server reads them for HR pages after its own role check (the export reads its rows
// through the hooks' /api/academy/hr-summary/rows).

const text = (name, max) => ({ name, type: 'text', options: { max } });
const nowText = "strftime('%Y-%m-%d %H:%M:%fZ', 'now')";
const current = `s.segFrom <= ${nowText} AND s.segTo > ${nowText}`;

const countsQuery = `
SELECT
  (ROW_NUMBER() OVER ()) AS id,
  s.department AS department,
  s.team AS team,
  s.program AS program,
  s.status AS status,
  COUNT(*) AS staff,
  CAST(SUM(CASE WHEN s.overdue > 0 THEN 1 ELSE 0 END) AS INTEGER) AS overdueStaff,
  CAST(SUM(s.overdue) AS INTEGER) AS overdueTasks
FROM hr_staff_summary AS s
WHERE ${current}
GROUP BY s.department, s.team, s.program, s.status
`;

const adminOnly = { listRule: null, viewRule: null, createRule: null, updateRule: null, deleteRule: null };

migrate(
  (db) => {
    const dao = new Dao(db);
    dao.saveCollection(
      new Collection({
        name: 'hr_staff_summary',
        type: 'base',
        schema: [
          // Plain ids, not relations (a relation would give users a back-relation list filters could follow).
          text('user', 15),
          text('name', 100),
          text('employeeNo', 40),
          text('department', 100),
          text('team', 100),
          text('program', 80),
          text('programTitle', 120),
          text('certificate', 15),
          text('issuedAt', 24),
          text('validFrom', 24),
          text('expiresAt', 24),
          text('revokedAt', 24),
          // 「证书所载持证人」: name and 工号 as printed on the certificate, e.g. 李晓雨（10001）.
          text('holder', 80),
          text('status', 10),
          { name: 'overdue', type: 'number', options: { min: 0, noDecimal: true } },
          text('segFrom', 24),
          text('segTo', 24),
        ],
        indexes: [
          'CREATE INDEX idx_hr_summary_user ON hr_staff_summary (user)',
          // The default sort (employeeNo, program, id) and its tie-breakers.
          'CREATE INDEX idx_hr_summary_employee ON hr_staff_summary (employeeNo, program, segTo, segFrom)',
          'CREATE INDEX idx_hr_summary_department ON hr_staff_summary (department, team, employeeNo, program)',
          'CREATE INDEX idx_hr_summary_name ON hr_staff_summary (name, employeeNo)',
          'CREATE INDEX idx_hr_summary_expires ON hr_staff_summary (expiresAt)',
          'CREATE INDEX idx_hr_summary_program ON hr_staff_summary (program, status)',
          // Covers the grouped counts: one pass over the index, no table reads.
          'CREATE INDEX idx_hr_summary_counts ON hr_staff_summary (department, team, program, status, segFrom, segTo, overdue)',
        ],
        ...adminOnly,
      }),
    );
    dao.saveCollection(
      new Collection({ name: 'hr_summary_counts', type: 'view', options: { query: countsQuery }, ...adminOnly }),
    );
    // Existing data is summarised when PocketBase next starts (src/db/hooks/hr-summary.pb.js, onAfterBootstrap):
    // the rules that fill the table live in the hooks, which migrations cannot load.
  },
  (db) => {
    const dao = new Dao(db);
    dao.deleteCollection(dao.findCollectionByNameOrId('hr_summary_counts'));
    dao.deleteCollection(dao.findCollectionByNameOrId('hr_staff_summary'));
  },
);
