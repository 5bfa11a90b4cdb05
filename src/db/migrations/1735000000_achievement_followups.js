/// <reference path="../../../.data/pb/types.d.ts" />
// Follow-ups are no longer only a graded attempt's: a lesson started or completed, a simulated call passed and a
// practical assessment record one in the same transaction as their own write too (src/domain/progress/follow-ups.ts),
// so a crash between that write and the module progress and certificate it leads to leaves work for the sweep instead
// of a stale module and a missing certificate. Renamed to what it holds; `quiz` is empty for those, which carry their
// `achievement` (src/domain/progress/schema.ts) instead. Existing rows (attempts' follow-ups still pending)
// keep their meaning.

migrate(
  (db) => {
    const dao = new Dao(db);
    const followUps = dao.findCollectionByNameOrId('attempt_followups');
    followUps.name = 'achievement_followups';
    followUps.schema.getFieldByName('quiz').required = false;
    followUps.schema.addField(
      new SchemaField({ name: 'achievement', type: 'json', required: false, options: { maxSize: 2000 } }),
    );
    followUps.indexes = ['CREATE INDEX idx_achievement_followups_claim ON achievement_followups (claimedUntil)'];
    dao.saveCollection(followUps);
  },
  (db) => {
    const dao = new Dao(db);
    const followUps = dao.findCollectionByNameOrId('achievement_followups');
    followUps.name = 'attempt_followups';
    followUps.schema.removeField(followUps.schema.getFieldByName('achievement').id);
    followUps.schema.getFieldByName('quiz').required = true;
    followUps.indexes = ['CREATE INDEX idx_attempt_followups_claim ON attempt_followups (claimedUntil)'];
    dao.saveCollection(followUps);
  },
);
