/// <reference path="../../../.data/pb/types.d.ts" />
// Records HR relies on:
// - certificates keep the holder's name and 工号 as they were at issue (holderName, holderEmployeeNo), so a later
//   change of the account does not rewrite a certificate already printed or verified; existing rows are back-filled
//   from the account as it is now (the best that can be known);
// - nobody changes their own account through PocketBase (name and every other identity field are HR's, through
//   the app, which audits the change);
// - cohorts are written by the app server only: it checks that a trainer adds only trainees of their own
//   department and writes an audit entry for every member change, which a direct PocketBase write would bypass.

migrate(
  (db) => {
    const dao = new Dao(db);
    const certificates = dao.findCollectionByNameOrId('certificates');
    certificates.schema.addField(new SchemaField({ name: 'holderName', type: 'text', options: { max: 40 } }));
    certificates.schema.addField(new SchemaField({ name: 'holderEmployeeNo', type: 'text', options: { max: 20 } }));
    dao.saveCollection(certificates);
    db.newQuery(
      `
      UPDATE certificates SET
        holderName = COALESCE((SELECT u.name FROM users AS u WHERE u.id = certificates.user), ''),
        holderEmployeeNo = COALESCE((SELECT u.employeeNo FROM users AS u WHERE u.id = certificates.user), '')
      WHERE holderName = '' OR holderEmployeeNo = ''
    `,
    ).execute();

    const users = dao.findCollectionByNameOrId('users');
    users.updateRule = null;
    dao.saveCollection(users);

    const cohorts = dao.findCollectionByNameOrId('cohorts');
    cohorts.createRule = null;
    cohorts.updateRule = null;
    cohorts.deleteRule = null;
    dao.saveCollection(cohorts);
  },
  (db) => {
    const dao = new Dao(db);
    const certificates = dao.findCollectionByNameOrId('certificates');
    for (const f of ['holderName', 'holderEmployeeNo'])
      certificates.schema.removeField(certificates.schema.getFieldByName(f).id);
    dao.saveCollection(certificates);

    const lockedFields = [
      'role',
      'employeeNo',
      'department',
      'team',
      'email',
      'verified',
      'emailVisibility',
      'username',
    ]
      .map((f) => `@request.data.${f}:isset = false`)
      .join(' && ');
    const users = dao.findCollectionByNameOrId('users');
    users.updateRule = `id = @request.auth.id && ${lockedFields}`;
    dao.saveCollection(users);

    const cohorts = dao.findCollectionByNameOrId('cohorts');
    cohorts.createRule =
      '@request.auth.role = "hr" || (@request.auth.role = "trainer" && @request.data.trainer = @request.auth.id)';
    cohorts.updateRule =
      '(trainer = @request.auth.id && (@request.data.trainer:isset = false || @request.data.trainer = @request.auth.id)) || @request.auth.role = "hr"';
    cohorts.deleteRule = 'trainer = @request.auth.id || @request.auth.role = "hr"';
    dao.saveCollection(cohorts);
  },
);
