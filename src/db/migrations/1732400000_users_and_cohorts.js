/// <reference path="../../../.data/pb/types.d.ts" />
// Staff accounts (trainee, trainer, hr) and cohorts (班组).
// Rules: a trainee sees only their own user record; a trainer also sees members of cohorts they lead;
// HR sees everyone. Accounts are provisioned by the server (admin), never by self sign-up.

const ownOrHr = 'id = @request.auth.id || @request.auth.role = "hr"';
const trainerOfMember =
  '(@request.auth.role = "trainer" && @collection.cohorts.trainer ?= @request.auth.id && @collection.cohorts.members.id ?= id)';
// Fields only the server may change: who someone is and what they may do.
const lockedFields = ['role', 'employeeNo', 'department', 'team', 'email', 'verified', 'emailVisibility', 'username']
  .map((f) => `@request.data.${f}:isset = false`)
  .join(' && ');

migrate(
  (db) => {
    const dao = new Dao(db);
    const users = dao.findCollectionByNameOrId('users');

    users.schema.addField(
      new SchemaField({
        name: 'employeeNo',
        type: 'text',
        required: true,
        presentable: true,
        options: { min: 3, max: 20, pattern: '^[0-9A-Za-z-]+$' },
      }),
    );
    users.schema.addField(
      new SchemaField({
        name: 'role',
        type: 'select',
        required: true,
        options: { maxSelect: 1, values: ['trainee', 'trainer', 'hr'] },
      }),
    );
    users.schema.addField(new SchemaField({ name: 'department', type: 'text', options: { max: 60 } }));
    users.schema.addField(new SchemaField({ name: 'team', type: 'text', options: { max: 60 } }));
    const name = users.schema.getFieldByName('name');
    name.required = true;
    name.options = { min: 1, max: 40 };
    users.indexes = [...users.indexes, 'CREATE UNIQUE INDEX idx_users_employeeNo ON users (employeeNo)'];

    users.listRule = `${ownOrHr} || ${trainerOfMember}`;
    users.viewRule = `${ownOrHr} || ${trainerOfMember}`;
    users.createRule = null;
    users.updateRule = `id = @request.auth.id && ${lockedFields}`;
    users.deleteRule = null;
    users.options = {
      allowEmailAuth: true,
      allowOAuth2Auth: false,
      allowUsernameAuth: false,
      exceptEmailDomains: null,
      manageRule: null,
      minPasswordLength: 8,
      onlyEmailDomains: null,
      onlyVerified: false,
      requireEmail: true,
    };
    dao.saveCollection(users);

    const cohorts = new Collection({
      name: 'cohorts',
      type: 'base',
      schema: [
        { name: 'name', type: 'text', required: true, options: { min: 1, max: 60 } },
        { name: 'department', type: 'text', options: { max: 60 } },
        {
          name: 'trainer',
          type: 'relation',
          required: true,
          options: { collectionId: users.id, cascadeDelete: false, maxSelect: 1 },
        },
        {
          name: 'members',
          type: 'relation',
          options: { collectionId: users.id, cascadeDelete: false, maxSelect: null },
        },
      ],
      listRule: 'trainer = @request.auth.id || @request.auth.role = "hr"',
      viewRule: 'trainer = @request.auth.id || @request.auth.role = "hr"',
      createRule:
        '@request.auth.role = "hr" || (@request.auth.role = "trainer" && @request.data.trainer = @request.auth.id)',
      updateRule:
        '(trainer = @request.auth.id && (@request.data.trainer:isset = false || @request.data.trainer = @request.auth.id)) || @request.auth.role = "hr"',
      deleteRule: 'trainer = @request.auth.id || @request.auth.role = "hr"',
    });
    dao.saveCollection(cohorts);

    const settings = dao.findSettings();
    settings.meta.appName = '热线学堂';
    dao.saveSettings(settings);
  },
  (db) => {
    const dao = new Dao(db);
    dao.deleteCollection(dao.findCollectionByNameOrId('cohorts'));
    const users = dao.findCollectionByNameOrId('users');
    for (const f of ['employeeNo', 'role', 'department', 'team'])
      users.schema.removeField(users.schema.getFieldByName(f).id);
    users.indexes = users.indexes.filter((i) => !i.includes('idx_users_employeeNo'));
    dao.saveCollection(users);
  },
);
