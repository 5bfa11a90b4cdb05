/// <reference path="../../../.data/pb/types.d.ts" />
// Follow-ups are no longer only a graded attempt's: a lesson progress write that starts or completes a lesson records
// one in the same transaction too (src/domain/progress/follow-ups.ts), so a crash between that write and the module
// progress and certificate it leads to leaves work for the sweep instead of a stale module and a missing certificate.
// Renamed to what it holds; `quiz` is empty for a lesson's follow-up, which names its `module` instead. Existing rows
// (attempts' follow-ups still pending) keep their meaning.

migrate(
  (db) => {
    const dao = new Dao(db);
    const followUps = dao.findCollectionByNameOrId('attempt_followups');
    followUps.name = 'achievement_followups';
    followUps.schema.getFieldByName('quiz').required = false;
    followUps.schema.addField(
      new SchemaField({ name: 'module', type: 'text', required: false, options: { max: 200 } }),
    );
    followUps.indexes = ['CREATE INDEX idx_achievement_followups_claim ON achievement_followups (claimedUntil)'];
    dao.saveCollection(followUps);
  },
  (db) => {
    const dao = new Dao(db);
    const followUps = dao.findCollectionByNameOrId('achievement_followups');
    followUps.name = 'attempt_followups';
    followUps.schema.removeField(followUps.schema.getFieldByName('module').id);
    followUps.schema.getFieldByName('quiz').required = true;
    followUps.indexes = ['CREATE INDEX idx_attempt_followups_claim ON attempt_followups (claimedUntil)'];
    dao.saveCollection(followUps);
  },
);
