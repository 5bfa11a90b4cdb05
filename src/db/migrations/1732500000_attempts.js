/// <reference path="../../../.data/pb/types.d.ts" />
// Quiz and exam attempts. `attempts` is what a learner may read about their own attempts (no answer keys);
// `attempt_keys` holds the seed, the drawn questions and the graded results, and is readable by the server only.

const ownTrainerOrHr =
  '@request.auth.id != "" && (' +
  [
    'user = @request.auth.id',
    '@request.auth.role = "hr"',
    '(@request.auth.role = "trainer" && @collection.cohorts.trainer ?= @request.auth.id && @collection.cohorts.members.id ?= user)',
  ].join(' || ') +
  ')';

migrate(
  (db) => {
    const dao = new Dao(db);
    const users = dao.findCollectionByNameOrId('users');
    const attempts = new Collection({
      name: 'attempts',
      type: 'base',
      schema: [
        {
          name: 'user',
          type: 'relation',
          required: true,
          options: { collectionId: users.id, cascadeDelete: false, maxSelect: 1 },
        },
        { name: 'quiz', type: 'text', required: true, options: { max: 80 } },
        { name: 'kind', type: 'select', required: true, options: { maxSelect: 1, values: ['module', 'exam'] } },
        { name: 'attemptNo', type: 'number', required: true, options: { min: 1, noDecimal: true } },
        {
          name: 'status',
          type: 'select',
          required: true,
          options: { maxSelect: 1, values: ['in-progress', 'submitted'] },
        },
        { name: 'startedAt', type: 'date', required: true },
        { name: 'deadline', type: 'date' },
        { name: 'submittedAt', type: 'date' },
        { name: 'late', type: 'bool' },
        // Ids of the drawn questions in display order (not secret: texts and keys live in attempt_keys and the banks).
        { name: 'questionIds', type: 'json', required: true, options: { maxSize: 20000 } },
        { name: 'responses', type: 'json', options: { maxSize: 200000 } },
        { name: 'savedAt', type: 'date' },
        { name: 'score', type: 'number', options: { min: 0, max: 100 } },
        { name: 'passed', type: 'bool' },
        { name: 'breakdown', type: 'json', options: { maxSize: 20000 } },
      ],
      indexes: [
        'CREATE UNIQUE INDEX idx_attempts_user_quiz_no ON attempts (user, quiz, attemptNo)',
        'CREATE INDEX idx_attempts_quiz_status ON attempts (quiz, status)',
      ],
      listRule: ownTrainerOrHr,
      viewRule: ownTrainerOrHr,
      // Attempts are created, autosaved, graded and submitted by the app server only.
      createRule: null,
      updateRule: null,
      deleteRule: null,
    });
    dao.saveCollection(attempts);

    dao.saveCollection(
      new Collection({
        name: 'attempt_keys',
        type: 'base',
        schema: [
          {
            name: 'attempt',
            type: 'relation',
            required: true,
            options: { collectionId: attempts.id, cascadeDelete: true, maxSelect: 1 },
          },
          { name: 'seed', type: 'text', required: true, options: { max: 64 } },
          { name: 'questions', type: 'json', required: true, options: { maxSize: 200000 } },
          { name: 'results', type: 'json', options: { maxSize: 400000 } },
        ],
        indexes: ['CREATE UNIQUE INDEX idx_attempt_keys_attempt ON attempt_keys (attempt)'],
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
    dao.deleteCollection(dao.findCollectionByNameOrId('attempt_keys'));
    dao.deleteCollection(dao.findCollectionByNameOrId('attempts'));
  },
);
