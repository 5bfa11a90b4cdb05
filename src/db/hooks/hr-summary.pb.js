// Runs inside PocketBase (JSVM, 0.22 API); started with --hooksDir by src/platform/pocketbase/process.ts.
// Keeps `hr_staff_summary` (migration 1734900000_hr_staff_summary.js) current: every write that can change a
// trainee's rows — through the records API, the admin UI, another hook or any app process — recomputes that
// trainee's rows (src/db/hooks/hr-summary.js) in one transaction right after the write commits. PocketBase runs
// model "after" hooks once the write's own transaction has committed, so the recomputation reads what was written;
// SQLite's single writer orders recomputations, so the last one reflects every write before it.
// Only what the rows depend on is hooked; lesson progress, attempts and their keys (the exam's hot path) are not, and
// module progress and simulated-call runs recompute only when completion or a pass changes.
//
// POST /api/academy/hr-summary/rebuild → { rows }: recompute everything (after writing straight into SQLite, e.g.
// the bench's bulk seeder, or to repair the table). Admin only. An empty table with trainees present (the migration
// just ran) is filled the same way: at start-up for up to 2,000 trainees, else by a minutely job right after.

const hrSummaryCollections = [
  'users',
  'certificates',
  'assignments',
  'cohorts',
  'module_progress',
  'call_runs',
  'programs',
];

// Inside the handlers: PocketBase runs each handler in its own context, without the file's top-level names.
onModelAfterCreate((e) => require(`${__hooks}/hr-summary.js`).afterWrite(e.model, 'create'), ...hrSummaryCollections);
onModelAfterUpdate((e) => require(`${__hooks}/hr-summary.js`).afterWrite(e.model, 'update'), ...hrSummaryCollections);
onModelAfterDelete((e) => require(`${__hooks}/hr-summary.js`).afterWrite(e.model, 'delete'), ...hrSummaryCollections);

routerAdd(
  'POST',
  '/api/academy/hr-summary/rebuild',
  (c) => c.json(200, { rows: require(`${__hooks}/hr-summary.js`).rebuild() }),
  $apis.requireAdminAuth(),
);

// POST /api/academy/hr-summary/rows { now, department, team, program, statuses, overdue, q, sort } → [[…], …]: every
// row of `now` matching the HR table's filters, in its sort order, as arrays of src/db/hooks/hr-summary.js `exported`
// (the export: one request, the JSON built by SQLite). Filters and sort mean what the table's PocketBase filter means
// (src/domain/reporting/hr-dashboard.ts staffFilterExpression; tests/integration/hr-dashboard.test.ts compares the
// two). Admin only.
routerAdd(
  'POST',
  '/api/academy/hr-summary/rows',
  (c) => c.string(200, require(`${__hooks}/hr-summary.js`).exportRows($apis.requestInfo(c).data || {})),
  $apis.requireAdminAuth(),
);

onAfterBootstrap(() => {
  require(`${__hooks}/hr-summary.js`).fillIfEmpty(true);
});
cronAdd('hr-summary-fill', '* * * * *', () => {
  require(`${__hooks}/hr-summary.js`).fillIfEmpty(false);
});
