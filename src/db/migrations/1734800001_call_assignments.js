/// <reference path="../../../.data/pb/types.d.ts" />
// Trainers can assign a simulated call (kind 'call', ref = the call's id) like a module or a program. The HR view's
// overdue count treats a call assignment as done once the trainee has a run of that call the server marked passed
// (the same rule as studyStatus in src/domain/progress/rules.ts: done, else overdue when due before now).

const marker = "          AND ce.revokedAt = '' AND ce.validFrom <= ";
const callClause =
  "\n      OR (d.kind = 'call' AND NOT EXISTS (\n" +
  '        SELECT 1 FROM call_runs AS cr WHERE cr.user = d.user AND cr.call = d.ref AND cr.passed = TRUE))';

migrate(
  (db) => {
    const dao = new Dao(db);
    const assignments = dao.findCollectionByNameOrId('assignments');
    const kind = assignments.schema.getFieldByName('kind');
    kind.options.values = ['module', 'program', 'call'];
    dao.saveCollection(assignments);

    const view = dao.findCollectionByNameOrId('hr_staff_certifications');
    const query = view.options.get('query');
    const at = query.indexOf('\n    GROUP BY d.user');
    if (!query.includes(marker) || at < 0)
      throw new Error('hr_staff_certifications: expected the overdue CTE of 1732700000_hr_views.js');
    view.options.set('query', query.slice(0, at) + callClause + query.slice(at));
    dao.saveCollection(view);
  },
  (db) => {
    const dao = new Dao(db);
    const view = dao.findCollectionByNameOrId('hr_staff_certifications');
    view.options.set('query', view.options.get('query').replace(callClause, ''));
    dao.saveCollection(view);
    const assignments = dao.findCollectionByNameOrId('assignments');
    const kind = assignments.schema.getFieldByName('kind');
    kind.options.values = ['module', 'program'];
    dao.saveCollection(assignments);
  },
);
