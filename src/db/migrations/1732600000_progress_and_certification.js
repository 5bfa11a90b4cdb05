/// <reference path="../../../.data/pb/types.d.ts" />
// Learner progress, assignments, practical assessments, certificates and the HR audit log.
// Everything here is written by the app server (admin) only; users read what concerns them.

const ownTrainerOrHr = (field) =>
  '@request.auth.id != "" && (' +
  [
    `${field} = @request.auth.id`,
    '@request.auth.role = "hr"',
    `(@request.auth.role = "trainer" && @collection.cohorts.trainer ?= @request.auth.id && @collection.cohorts.members.id ?= ${field})`,
  ].join(' || ') +
  ')';

const assignmentReaders =
  '@request.auth.id != "" && (@request.auth.role = "hr" || assignedBy = @request.auth.id || cohort.trainer = @request.auth.id || trainee = @request.auth.id || cohort.members.id ?= @request.auth.id)';

const serverOnlyWrites = { createRule: null, updateRule: null, deleteRule: null };

migrate(
  (db) => {
    const dao = new Dao(db);
    const users = dao.findCollectionByNameOrId('users');
    const cohorts = dao.findCollectionByNameOrId('cohorts');
    const userRel = (name, required = true) => ({
      name,
      type: 'relation',
      required,
      options: { collectionId: users.id, cascadeDelete: false, maxSelect: 1 },
    });

    dao.saveCollection(
      new Collection({
        name: 'lesson_progress',
        type: 'base',
        schema: [
          userRel('user'),
          { name: 'lesson', type: 'text', required: true, options: { max: 120 } },
          { name: 'module', type: 'text', required: true, options: { max: 60 } },
          { name: 'startedAt', type: 'date', required: true },
          { name: 'completedAt', type: 'date' },
          { name: 'seconds', type: 'number', options: { min: 0, noDecimal: true } },
          { name: 'position', type: 'number', options: { min: 0, max: 1 } },
          { name: 'reachedEnd', type: 'bool' },
          { name: 'practice', type: 'json', options: { maxSize: 5000 } },
          { name: 'lastEventAt', type: 'date' },
          // Ids of the latest events applied, written in the same update as their effect: a retried event is
          // recognised and skipped, and an event is never half-applied.
          { name: 'eventIds', type: 'json', options: { maxSize: 40000 } },
        ],
        indexes: [
          'CREATE UNIQUE INDEX idx_lesson_progress_user_lesson ON lesson_progress (user, lesson)',
          'CREATE INDEX idx_lesson_progress_module ON lesson_progress (module)',
        ],
        listRule: ownTrainerOrHr('user'),
        viewRule: ownTrainerOrHr('user'),
        ...serverOnlyWrites,
      }),
    );

    // Per user and module, recomputed by the server whenever lessons or the module quiz change: makes the
    // trainer's progress matrix and HR's overdue counts simple queries.
    dao.saveCollection(
      new Collection({
        name: 'module_progress',
        type: 'base',
        schema: [
          userRel('user'),
          { name: 'module', type: 'text', required: true, options: { max: 60 } },
          { name: 'lessonsTotal', type: 'number', options: { min: 0, noDecimal: true } },
          { name: 'lessonsStarted', type: 'number', options: { min: 0, noDecimal: true } },
          { name: 'lessonsCompleted', type: 'number', options: { min: 0, noDecimal: true } },
          { name: 'seconds', type: 'number', options: { min: 0, noDecimal: true } },
          { name: 'quizAttempted', type: 'bool' },
          { name: 'quizPassed', type: 'bool' },
          { name: 'quizBest', type: 'number', options: { min: 0, max: 100 } },
          { name: 'completedAt', type: 'date' },
        ],
        indexes: ['CREATE UNIQUE INDEX idx_module_progress_user_module ON module_progress (user, module)'],
        listRule: ownTrainerOrHr('user'),
        viewRule: ownTrainerOrHr('user'),
        ...serverOnlyWrites,
      }),
    );

    // Certification programs mirrored from content/certifications by the server at start-up, so SQL views
    // can list 「未认证」 staff for every program.
    dao.saveCollection(
      new Collection({
        name: 'programs',
        type: 'base',
        schema: [
          { name: 'key', type: 'text', required: true, options: { max: 80 } },
          { name: 'title', type: 'text', required: true, options: { max: 120 } },
        ],
        indexes: ['CREATE UNIQUE INDEX idx_programs_key ON programs (key)'],
        listRule: '@request.auth.id != ""',
        viewRule: '@request.auth.id != ""',
        ...serverOnlyWrites,
      }),
    );

    dao.saveCollection(
      new Collection({
        name: 'assignments',
        type: 'base',
        schema: [
          { name: 'kind', type: 'select', required: true, options: { maxSelect: 1, values: ['module', 'program'] } },
          { name: 'ref', type: 'text', required: true, options: { max: 80 } },
          {
            name: 'cohort',
            type: 'relation',
            options: { collectionId: cohorts.id, cascadeDelete: true, maxSelect: 1 },
          },
          userRel('trainee', false),
          { name: 'dueAt', type: 'date', required: true },
          userRel('assignedBy'),
          { name: 'note', type: 'text', options: { max: 200 } },
        ],
        indexes: [
          'CREATE INDEX idx_assignments_cohort ON assignments (cohort)',
          'CREATE INDEX idx_assignments_trainee ON assignments (trainee)',
        ],
        // Signed-in users only: an anonymous request has @request.auth.id = "", which would equal an empty
        // `trainee` or `cohort` field (found by the access-matrix test).
        listRule: assignmentReaders,
        viewRule: assignmentReaders,
        ...serverOnlyWrites,
      }),
    );

    dao.saveCollection(
      new Collection({
        name: 'practical_assessments',
        type: 'base',
        schema: [
          userRel('trainee'),
          userRel('assessor'),
          { name: 'program', type: 'text', options: { max: 80 } },
          {
            name: 'kind',
            type: 'select',
            required: true,
            options: { maxSelect: 1, values: ['role-play', 'call-review', 'voice-recording'] },
          },
          { name: 'rubric', type: 'text', required: true, options: { max: 40 } },
          { name: 'scores', type: 'json', required: true, options: { maxSize: 5000 } },
          { name: 'percent', type: 'number', required: true, options: { min: 0, max: 100 } },
          { name: 'comments', type: 'text', options: { max: 2000 } },
          { name: 'assessedAt', type: 'date', required: true },
        ],
        indexes: ['CREATE INDEX idx_practical_trainee ON practical_assessments (trainee)'],
        listRule: `${ownTrainerOrHr('trainee')} || assessor = @request.auth.id`,
        viewRule: `${ownTrainerOrHr('trainee')} || assessor = @request.auth.id`,
        ...serverOnlyWrites,
      }),
    );

    dao.saveCollection(
      new Collection({
        name: 'certificates',
        type: 'base',
        schema: [
          userRel('user'),
          { name: 'program', type: 'text', required: true, options: { max: 80 } },
          // Unguessable: 128 random bits, base32. The public verify page looks certificates up by it.
          { name: 'code', type: 'text', required: true, options: { min: 20, max: 40, pattern: '^[A-Z2-7]+$' } },
          { name: 'issuedAt', type: 'date', required: true },
          { name: 'validFrom', type: 'date', required: true },
          { name: 'expiresAt', type: 'date', required: true },
          { name: 'evidence', type: 'json', required: true, options: { maxSize: 20000 } },
          { name: 'revokedAt', type: 'date' },
          { name: 'revokedReason', type: 'text', options: { max: 500 } },
          userRel('revokedBy', false),
        ],
        indexes: [
          'CREATE UNIQUE INDEX idx_certificates_code ON certificates (code)',
          // Never twice for the same period.
          'CREATE UNIQUE INDEX idx_certificates_cycle ON certificates (user, program, validFrom)',
          'CREATE INDEX idx_certificates_expires ON certificates (expiresAt)',
        ],
        listRule: ownTrainerOrHr('user'),
        viewRule: ownTrainerOrHr('user'),
        ...serverOnlyWrites,
      }),
    );

    dao.saveCollection(
      new Collection({
        name: 'audit_log',
        type: 'base',
        schema: [
          userRel('actor'),
          { name: 'action', type: 'text', required: true, options: { max: 60 } },
          { name: 'target', type: 'text', options: { max: 120 } },
          { name: 'details', type: 'json', options: { maxSize: 20000 } },
        ],
        indexes: ['CREATE INDEX idx_audit_created ON audit_log (created)'],
        listRule: '@request.auth.role = "hr"',
        viewRule: '@request.auth.role = "hr"',
        ...serverOnlyWrites,
      }),
    );
  },
  (db) => {
    const dao = new Dao(db);
    for (const name of [
      'audit_log',
      'certificates',
      'practical_assessments',
      'assignments',
      'programs',
      'module_progress',
      'lesson_progress',
    ]) {
      dao.deleteCollection(dao.findCollectionByNameOrId(name));
    }
  },
);
