/// <reference path="../../../.data/pb/types.d.ts" />
// A practical assessment can name the simulated-call run whose recorded replies are its evidence (a call review of
// a run). `callRun` is a plain text id (no relation a client filter could follow into call_runs, which is admin
// only); the app checks on save that it is an ended run of the assessed trainee with a recorded reply.

migrate(
  (db) => {
    const dao = new Dao(db);
    const practicals = dao.findCollectionByNameOrId('practical_assessments');
    practicals.schema.addField(new SchemaField({ name: 'callRun', type: 'text', options: { max: 15 } }));
    dao.saveCollection(practicals);
  },
  (db) => {
    const dao = new Dao(db);
    const practicals = dao.findCollectionByNameOrId('practical_assessments');
    practicals.schema.removeField(practicals.schema.getFieldByName('callRun').id);
    dao.saveCollection(practicals);
  },
);
