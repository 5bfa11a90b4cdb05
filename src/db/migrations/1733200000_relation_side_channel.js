/// <reference path="../../../.data/pb/types.d.ts" />
// Close PocketBase 0.22's filter side channel. A list filter or sort may follow a relation (`assessor.name`) or a
// back-relation (`attempt_keys_via_attempt.results`) without applying the joined collection's rules (fixed upstream
// only in 0.32), so whoever can list one collection could learn, one yes/no question at a time, anything reachable from
// it. Client filters may not use @collection or @request (PocketBase answers 403), so the relation graph is the whole
// channel. From here on a field is a relation only where everyone who can list one side may read the other: a
// record's owner (`user` on attempts, progress, certificates, voice recordings), whose rules match the users rules.
// Every other reference becomes a plain id (text, or a JSON array of ids), so there is nothing to follow:
//   attempt_keys.attempt                      no back-relation from attempts to the seed, layout and graded results
//   cohorts.trainer, cohorts.members          no way from a user to their cohorts, co-members or other trainers
//   assignments.cohort/trainee/assignedBy     no way from a trainee to the cohort, its members or the trainer
//   practical_assessments.trainee/assessor    no way to the assessor's account, or from a user to others' assessments
//   certificates.revokedBy, audit_log.actor   no way to HR's account or to the audit log
//   call_recordings.uploadedBy/cohorts        no way from a cohort to a recording's answer key
//   hr_staff_certifications.user              no back-relation from a user to HR's view
// The stored values do not change (a single relation is a TEXT id, a multiple one a JSON array of ids, exactly what
// the new fields hold), so every row keeps its data; the fields keep their ids, so no column is rebuilt.
// Rules that followed those relations now join with @collection (rules run on the server; only client filters are
// refused @collection). Membership is `@collection.cohorts.members ?~ <id>`: ids are 15 characters of [a-z0-9], so a
// match inside the JSON text `["…","…"]` is a whole id. tests/integration/relation-filters.test.ts checks all of it.

const memberOf = (field) =>
  `(@collection.cohorts.trainer ?= @request.auth.id && @collection.cohorts.members ?~ ${field})`;
const ownTrainerOrHr = (field) =>
  '@request.auth.id != "" && (' +
  [
    `${field} = @request.auth.id`,
    '@request.auth.role = "hr"',
    `(@request.auth.role = "trainer" && ${memberOf(field)})`,
  ].join(' || ') +
  ')';
const usersReaders = `id = @request.auth.id || @request.auth.role = "hr" || (@request.auth.role = "trainer" && ${memberOf('id')})`;
const assignmentReaders =
  '@request.auth.id != "" && (' +
  [
    '@request.auth.role = "hr"',
    'assignedBy = @request.auth.id',
    'trainee = @request.auth.id',
    '(@collection.cohorts.id ?= cohort && (@collection.cohorts.trainer ?= @request.auth.id || @collection.cohorts.members ?~ @request.auth.id))',
  ].join(' || ') +
  ')';

/** Relation fields that become plain ids: collection → field → 'text' | 'json'. */
const plain = {
  attempt_keys: { attempt: 'text' },
  cohorts: { trainer: 'text', members: 'json' },
  assignments: { cohort: 'text', trainee: 'text', assignedBy: 'text' },
  practical_assessments: { trainee: 'text', assessor: 'text' },
  certificates: { revokedBy: 'text' },
  audit_log: { actor: 'text' },
  call_recordings: { uploadedBy: 'text', cohorts: 'json' },
};

const readers = {
  users: usersReaders,
  attempts: ownTrainerOrHr('user'),
  lesson_progress: ownTrainerOrHr('user'),
  module_progress: ownTrainerOrHr('user'),
  certificates: ownTrainerOrHr('user'),
  voice_recordings: ownTrainerOrHr('user'),
  practical_assessments: `${ownTrainerOrHr('trainee')} || assessor = @request.auth.id`,
  assignments: assignmentReaders,
};

const idPattern = '^[a-z0-9]{15}$';
const viewUserColumn = /\bu\.id AS user,/;

/**
 * Run `change` keeping the JSON arrays of the multiple relations as they are: PocketBase treats a field that stops
 * being "multiple" as a change to a single value and keeps only the last id (and the reverse wraps values), so the
 * arrays are copied aside first and written back afterwards (found by tests/integration/relation-migration.test.ts).
 */
function keepingArrays(db, change) {
  const arrays = [
    ['cohorts', 'members'],
    ['call_recordings', 'cohorts'],
  ];
  for (const [table, column] of arrays) {
    db.newQuery(`DROP TABLE IF EXISTS _keep_${table}`).execute();
    db.newQuery(`CREATE TABLE _keep_${table} AS SELECT id, ${column} AS value FROM ${table}`).execute();
  }
  change();
  for (const [table, column] of arrays) {
    db.newQuery(
      `UPDATE ${table} SET ${column} = COALESCE((SELECT CASE WHEN json_valid(k.value) AND json_type(k.value) = 'array' THEN k.value ELSE '[]' END FROM _keep_${table} AS k WHERE k.id = ${table}.id), '[]')`,
    ).execute();
    db.newQuery(`DROP TABLE _keep_${table}`).execute();
  }
}

/** Replace a field by one of another type with the same id and name (the table column stays as it is). */
function retype(collection, name, type, options) {
  const old = collection.schema.getFieldByName(name);
  if (!old) throw new Error(`${collection.name}.${name} not found`);
  collection.schema.removeField(old.id);
  collection.schema.addField(
    new SchemaField({ id: old.id, name, type, required: old.required, presentable: old.presentable, options }),
  );
}

migrate(
  (db) => {
    const dao = new Dao(db);
    keepingArrays(db, () => {
      for (const [name, fields] of Object.entries(plain)) {
        const collection = dao.findCollectionByNameOrId(name);
        for (const [field, type] of Object.entries(fields)) {
          retype(
            collection,
            field,
            type,
            type === 'text' ? { min: null, max: 15, pattern: idPattern } : { maxSize: 2000000 },
          );
        }
        dao.saveCollection(collection);
      }
    });

    for (const [name, rule] of Object.entries(readers)) {
      const collection = dao.findCollectionByNameOrId(name);
      collection.listRule = rule;
      collection.viewRule = rule;
      dao.saveCollection(collection);
    }

    // The HR view's `user` column was inferred as a relation to users; a TEXT cast makes it a plain id.
    const view = dao.findCollectionByNameOrId('hr_staff_certifications');
    const query = view.options.get('query');
    if (!viewUserColumn.test(query))
      throw new Error('hr_staff_certifications: expected "u.id AS user," in the view query');
    view.options.set('query', query.replace(viewUserColumn, 'CAST(u.id AS TEXT) AS user,'));
    dao.saveCollection(view);
  },
  (db) => {
    const dao = new Dao(db);
    const view = dao.findCollectionByNameOrId('hr_staff_certifications');
    view.options.set('query', view.options.get('query').replace('CAST(u.id AS TEXT) AS user,', 'u.id AS user,'));
    dao.saveCollection(view);
    const users = dao.findCollectionByNameOrId('users');
    const targets = {
      attempt: 'attempts',
      trainer: users.id,
      members: users.id,
      cohort: 'cohorts',
      trainee: users.id,
      assignedBy: users.id,
      assessor: users.id,
      revokedBy: users.id,
      actor: users.id,
      uploadedBy: users.id,
      cohorts: 'cohorts',
    };
    const multiple = new Set(['members', 'cohorts']);
    keepingArrays(db, () => {
      for (const [name, fields] of Object.entries(plain)) {
        const collection = dao.findCollectionByNameOrId(name);
        for (const field of Object.keys(fields)) {
          const target = dao.findCollectionByNameOrId(targets[field]);
          retype(collection, field, 'relation', {
            collectionId: target.id,
            cascadeDelete: field === 'attempt' || (name === 'assignments' && field === 'cohort'),
            maxSelect: multiple.has(field) ? null : 1,
          });
        }
        dao.saveCollection(collection);
      }
    });
    // The rules as 1732400000…1732900000 wrote them (they follow the relations again).
    const old = (field) =>
      '@request.auth.id != "" && (' +
      [
        `${field} = @request.auth.id`,
        '@request.auth.role = "hr"',
        `(@request.auth.role = "trainer" && @collection.cohorts.trainer ?= @request.auth.id && @collection.cohorts.members.id ?= ${field})`,
      ].join(' || ') +
      ')';
    const oldRules = {
      users:
        'id = @request.auth.id || @request.auth.role = "hr" || (@request.auth.role = "trainer" && @collection.cohorts.trainer ?= @request.auth.id && @collection.cohorts.members.id ?= id)',
      attempts: old('user'),
      lesson_progress: old('user'),
      module_progress: old('user'),
      certificates: old('user'),
      voice_recordings: old('user'),
      practical_assessments: `${old('trainee')} || assessor = @request.auth.id`,
      assignments:
        '@request.auth.id != "" && (@request.auth.role = "hr" || assignedBy = @request.auth.id || cohort.trainer = @request.auth.id || trainee = @request.auth.id || cohort.members.id ?= @request.auth.id)',
    };
    for (const [name, rule] of Object.entries(oldRules)) {
      const collection = dao.findCollectionByNameOrId(name);
      collection.listRule = rule;
      collection.viewRule = rule;
      dao.saveCollection(collection);
    }
  },
);
