/// <reference path="../../../.data/pb/types.d.ts" />
// HR dashboard views (read-only, HR only). PocketBase pages, filters, sorts and counts them with the normal
// list API, so the server never loads every staff member to build a page or a summary.
//
// hr_staff_certifications — one row per trainee × certification program (trainers and HR are not certified
// staff and are left out). The certificate shown is the one that matters now: a live one (in effect, not
// revoked) first, else one that starts later, else the most recent expired or revoked one. `status` is
// computed from the dates exactly like certificateStatus() in src/domain/certification/rules.ts:
//   revoked  revokedAt set                           expired   expiresAt <= now
//   pending  validFrom > now                         expiring  expiresAt <= now + 30 days
//   valid    otherwise                               none      no certificate for the program
// `overdue` counts the trainee's assignments (direct, or through a cohort they belong to) whose dueAt has
// passed and that are not done: a module assignment without module_progress.completedAt, a program assignment
// without a live certificate of that program. It is a per-trainee number, repeated on each program row.
//
// hr_certification_counts — the first view grouped by department, team, program and status, for the summary
// cards and the chart. Summing `overdueTasks` over one program's rows gives per-trainee totals without
// counting anyone twice.
//
// PocketBase stores dates as TEXT 'YYYY-MM-DD HH:MM:SS.sssZ', which strftime('%Y-%m-%d %H:%M:%fZ') also
// produces, so dates compare as strings.

const hrOnly = '@request.auth.role = "hr"';

// SQLite evaluates 'now' once per statement step, so every comparison in a row sees the same instant.
const now = "strftime('%Y-%m-%d %H:%M:%fZ', 'now')";
const soon = "strftime('%Y-%m-%d %H:%M:%fZ', 'now', '+30 days')";

const staffQuery = `
WITH
  due AS (
    SELECT a.id AS assignment, a.trainee AS user, a.kind AS kind, a.ref AS ref
    FROM assignments AS a
    WHERE a.trainee != '' AND a.dueAt != '' AND a.dueAt < ${now}
    UNION
    SELECT a.id AS assignment, m.value AS user, a.kind AS kind, a.ref AS ref
    FROM assignments AS a
    JOIN cohorts AS co ON co.id = a.cohort
    JOIN json_each(CASE WHEN json_valid(co.members) THEN co.members ELSE '[]' END) AS m
    WHERE a.cohort != '' AND a.dueAt != '' AND a.dueAt < ${now}
  ),
  overdue AS (
    SELECT d.user AS user, COUNT(*) AS n
    FROM due AS d
    WHERE (d.kind = 'module' AND NOT EXISTS (
        SELECT 1 FROM module_progress AS mp WHERE mp.user = d.user AND mp.module = d.ref AND mp.completedAt != ''))
      OR (d.kind = 'program' AND NOT EXISTS (
        SELECT 1 FROM certificates AS ce
        WHERE ce.user = d.user
          AND ce.program IN (d.ref, (SELECT pr.key FROM programs AS pr WHERE pr.id = d.ref))
          AND ce.revokedAt = '' AND ce.validFrom <= ${now} AND ce.expiresAt > ${now}))
    GROUP BY d.user
  )
SELECT
  (u.id || '_' || p.id) AS id,
  u.id AS user,
  u.name AS name,
  u.employeeNo AS employeeNo,
  u.department AS department,
  u.team AS team,
  p.key AS program,
  p.title AS programTitle,
  CAST(COALESCE(c.id, '') AS TEXT) AS certificate,
  CAST(COALESCE(c.issuedAt, '') AS TEXT) AS issuedAt,
  CAST(COALESCE(c.validFrom, '') AS TEXT) AS validFrom,
  CAST(COALESCE(c.expiresAt, '') AS TEXT) AS expiresAt,
  CAST(COALESCE(c.revokedAt, '') AS TEXT) AS revokedAt,
  -- One line: PocketBase infers the column type from CAST(... AS TEXT) only when the expression has no line break.
  CAST(CASE WHEN c.id IS NULL THEN 'none' WHEN c.revokedAt != '' THEN 'revoked' WHEN c.validFrom > ${now} THEN 'pending' WHEN c.expiresAt <= ${now} THEN 'expired' WHEN c.expiresAt <= ${soon} THEN 'expiring' ELSE 'valid' END AS TEXT) AS status,
  CAST(COALESCE(o.n, 0) AS INTEGER) AS overdue
FROM users AS u
JOIN programs AS p
LEFT JOIN overdue AS o ON o.user = u.id
LEFT JOIN certificates AS c ON c.id = (
  SELECT c2.id FROM certificates AS c2
  WHERE c2.user = u.id AND c2.program = p.key
  ORDER BY
    CASE
      WHEN c2.revokedAt = '' AND c2.validFrom <= ${now} AND c2.expiresAt > ${now} THEN 0
      WHEN c2.revokedAt = '' AND c2.validFrom > ${now} THEN 1
      ELSE 2
    END,
    c2.validFrom DESC,
    c2.created DESC
  LIMIT 1
)
WHERE u.role = 'trainee'
`;

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
FROM hr_staff_certifications AS s
GROUP BY s.department, s.team, s.program, s.status
`;

// hr_staff_export — the same rows packed as one JSON array per department and team, so the export fetches a whole
// organisation in one or two requests (PocketBase returns at most 500 records per request and evaluates the view
// for each one). The server applies the table's other filters and its sort to these rows.
const exportQuery = `
SELECT
  (ROW_NUMBER() OVER ()) AS id,
  s.department AS department,
  s.team AS team,
  json_group_array(json_object(
    'id', s.id, 'user', s.user, 'name', s.name, 'employeeNo', s.employeeNo, 'department', s.department, 'team', s.team,
    'program', s.program, 'programTitle', s.programTitle, 'certificate', s.certificate, 'issuedAt', s.issuedAt,
    'validFrom', s.validFrom, 'expiresAt', s.expiresAt, 'revokedAt', s.revokedAt, 'status', s.status, 'overdue', s.overdue
  )) AS rows
FROM hr_staff_certifications AS s
GROUP BY s.department, s.team
`;

migrate(
  (db) => {
    const dao = new Dao(db);
    dao.saveCollection(
      new Collection({
        name: 'hr_staff_certifications',
        type: 'view',
        options: { query: staffQuery },
        listRule: hrOnly,
        viewRule: hrOnly,
        createRule: null,
        updateRule: null,
        deleteRule: null,
      }),
    );
    dao.saveCollection(
      new Collection({
        name: 'hr_staff_export',
        type: 'view',
        options: { query: exportQuery },
        listRule: hrOnly,
        viewRule: hrOnly,
        createRule: null,
        updateRule: null,
        deleteRule: null,
      }),
    );
    dao.saveCollection(
      new Collection({
        name: 'hr_certification_counts',
        type: 'view',
        options: { query: countsQuery },
        listRule: hrOnly,
        viewRule: hrOnly,
        createRule: null,
        updateRule: null,
        deleteRule: null,
      }),
    );
  },
  (db) => {
    const dao = new Dao(db);
    dao.deleteCollection(dao.findCollectionByNameOrId('hr_certification_counts'));
    dao.deleteCollection(dao.findCollectionByNameOrId('hr_staff_export'));
    dao.deleteCollection(dao.findCollectionByNameOrId('hr_staff_certifications'));
  },
);
