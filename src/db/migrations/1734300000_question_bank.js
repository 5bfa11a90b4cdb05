/// <reference path="../../../.data/pb/types.d.ts" />
// Question banks trainers bring from Moodle (GIFT or Moodle XML, imported at /trainer/questions):
// - `question_drafts`: one imported or hand-edited item before it is published (the question as JSON, possibly not
//   yet valid: 缺少解析, no lesson…), where it came from, and its status (draft, published, discarded). Edited through
//   the compare-and-set hook (`version`, src/db/hooks/versioned.pb.js), so two trainers' saves cannot overwrite
//   each other unseen.
// - `published_questions`: items published to a module's practice or exam pool. A row's question never changes:
//   editing a published item publishes a new row (a new question id) that `replaces` it and retires the old one,
//   so an attempt that drew the old id keeps grading and reviewing against exactly what it showed. The unique index
//   on questionId makes two publishers that picked the same next id collide (the loser takes the next one); the
//   unique index on `replaces` lets only one new version succeed a given item, and the one on `draft` publishes a
//   draft once however often the button is pressed.
// Both are admin only (null rules): the app server does every read and write. User ids are plain text, not
// relations (tests/integration/relation-filters.test.ts).

migrate(
  (db) => {
    const dao = new Dao(db);
    const userId = (name, required) => ({
      name,
      type: 'text',
      required,
      options: { min: 15, max: 15, pattern: '^[a-z0-9]+$' },
    });
    dao.saveCollection(
      new Collection({
        name: 'question_drafts',
        type: 'base',
        schema: [
          { name: 'module', type: 'text', options: { max: 40, pattern: '^[a-z-]*$' } },
          { name: 'lesson', type: 'text', options: { max: 80 } },
          { name: 'question', type: 'json', required: true, options: { maxSize: 60000 } },
          { name: 'format', type: 'text', options: { max: 20 } },
          { name: 'fileName', type: 'text', options: { max: 200 } },
          { name: 'source', type: 'text', options: { max: 40 } },
          { name: 'title', type: 'text', options: { max: 200 } },
          { name: 'category', type: 'text', options: { max: 300 } },
          { name: 'notes', type: 'json', options: { maxSize: 5000 } },
          {
            name: 'status',
            type: 'select',
            required: true,
            options: { maxSelect: 1, values: ['draft', 'published', 'discarded'] },
          },
          { name: 'publishedAs', type: 'text', options: { max: 8 } },
          // Set when the draft edits a published item: publishing it retires that item (a new version, a new id).
          { name: 'replaces', type: 'text', options: { max: 8 } },
          userId('createdBy', true),
          userId('updatedBy', false),
          { name: 'version', type: 'number', required: true, options: { min: 1, noDecimal: true } },
        ],
        indexes: ['CREATE INDEX idx_question_drafts_status ON question_drafts (status, created)'],
        listRule: null,
        viewRule: null,
        createRule: null,
        updateRule: null,
        deleteRule: null,
      }),
    );
    dao.saveCollection(
      new Collection({
        name: 'published_questions',
        type: 'base',
        schema: [
          {
            name: 'questionId',
            type: 'text',
            required: true,
            options: { min: 6, max: 8, pattern: '^[a-z]{2}-[0-9]{3,4}$' },
          },
          { name: 'module', type: 'text', required: true, options: { max: 40, pattern: '^[a-z-]+$' } },
          { name: 'pool', type: 'select', required: true, options: { maxSelect: 1, values: ['practice', 'exam'] } },
          { name: 'question', type: 'json', required: true, options: { maxSize: 60000 } },
          { name: 'status', type: 'select', required: true, options: { maxSelect: 1, values: ['active', 'retired'] } },
          { name: 'draft', type: 'text', options: { max: 15 } },
          { name: 'replaces', type: 'text', options: { max: 8 } },
          userId('publishedBy', true),
          userId('retiredBy', false),
          { name: 'retiredAt', type: 'date' },
          { name: 'version', type: 'number', required: true, options: { min: 1, noDecimal: true } },
        ],
        indexes: [
          'CREATE UNIQUE INDEX idx_published_questions_qid ON published_questions (questionId)',
          "CREATE UNIQUE INDEX idx_published_questions_replaces ON published_questions (replaces) WHERE replaces != ''",
          "CREATE UNIQUE INDEX idx_published_questions_draft ON published_questions (draft) WHERE draft != ''",
          'CREATE INDEX idx_published_questions_updated ON published_questions (updated)',
        ],
        listRule: null,
        viewRule: null,
        createRule: null,
        updateRule: null,
        deleteRule: null,
      }),
    );
  },
  (db) => {
    const dao = new Dao(db);
    dao.deleteCollection(dao.findCollectionByNameOrId('published_questions'));
    dao.deleteCollection(dao.findCollectionByNameOrId('question_drafts'));
  },
);
