/// <reference path="../../../.data/pb/types.d.ts" />
// Practical assessments scored on the anchored rubrics (content/rubrics/*.json, version 2) keep what the server
// decided when the assessment was saved: the rubric version, pass or fail (critical errors and per-dimension
// minimums applied), the per-dimension results and the standardised role-play case the trainer picked.
// Rows written before this migration get rubricVersion 0: they were scored on the old 15-item sheet and stay
// readable as such (their percent is unchanged; the app treats them as legacy).

migrate(
  (db) => {
    const dao = new Dao(db);
    const practicals = dao.findCollectionByNameOrId('practical_assessments');
    practicals.schema.addField(
      new SchemaField({ name: 'rubricVersion', type: 'number', options: { min: 0, max: 1000, noDecimal: true } }),
    );
    practicals.schema.addField(new SchemaField({ name: 'passed', type: 'bool' }));
    practicals.schema.addField(new SchemaField({ name: 'outcome', type: 'json', options: { maxSize: 5000 } }));
    practicals.schema.addField(new SchemaField({ name: 'rolePlayCase', type: 'text', options: { max: 80 } }));
    dao.saveCollection(practicals);
  },
  (db) => {
    const dao = new Dao(db);
    const practicals = dao.findCollectionByNameOrId('practical_assessments');
    for (const f of ['rubricVersion', 'passed', 'outcome', 'rolePlayCase'])
      practicals.schema.removeField(practicals.schema.getFieldByName(f).id);
    dao.saveCollection(practicals);
  },
);
