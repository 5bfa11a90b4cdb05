/// <reference path="../../../.data/pb/types.d.ts" />
// Study time is credited on the server's clock, per user across all lessons, tabs and devices: `study_clocks`
// holds, for each user, the moment up to which their time has been credited. A row is never updated: the server
// advances the clock by creating the row with the next `seq`, and the unique (user, seq) index refuses a second
// writer that read the same state (compare-and-set in the database, so two batches or two app processes cannot
// both spend the same seconds); older rows are then removed. No client may read or write it.
// lesson_progress.cardsSeen: which flip cards the server has turned for the learner (a flip-card check passes
// when every card has been turned through the server).

migrate(
  (db) => {
    const dao = new Dao(db);
    dao.saveCollection(
      new Collection({
        name: 'study_clocks',
        type: 'base',
        schema: [
          // A plain user id, not a relation: a relation would give every user record a `study_clocks_via_user`
          // back-relation that PocketBase 0.22 lets list filters follow (tests/integration/relation-filters.test.ts).
          { name: 'user', type: 'text', required: true, options: { min: 15, max: 15, pattern: '^[a-z0-9]+$' } },
          { name: 'seq', type: 'number', required: true, options: { min: 1, noDecimal: true } },
          // Milliseconds since the epoch (server clock) up to which the user's study time has been credited.
          { name: 'until', type: 'number', required: true, options: { min: 1, noDecimal: true } },
        ],
        indexes: ['CREATE UNIQUE INDEX idx_study_clocks_user_seq ON study_clocks (user, seq)'],
        listRule: null,
        viewRule: null,
        createRule: null,
        updateRule: null,
        deleteRule: null,
      }),
    );

    const progress = dao.findCollectionByNameOrId('lesson_progress');
    progress.schema.addField(new SchemaField({ name: 'cardsSeen', type: 'json', options: { maxSize: 5000 } }));
    dao.saveCollection(progress);
  },
  (db) => {
    const dao = new Dao(db);
    dao.deleteCollection(dao.findCollectionByNameOrId('study_clocks'));
    const progress = dao.findCollectionByNameOrId('lesson_progress');
    progress.schema.removeField(progress.schema.getFieldByName('cardsSeen').id);
    dao.saveCollection(progress);
  },
);
