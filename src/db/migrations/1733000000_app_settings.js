/// <reference path="../../../.data/pb/types.d.ts" />
// Settings trainers may change (e.g. the voice lab's default speaking-rate window). Read by any signed-in user;
// written by the app server only, which also writes an audit entry.

migrate(
  (db) => {
    const dao = new Dao(db);
    dao.saveCollection(
      new Collection({
        name: 'app_settings',
        type: 'base',
        schema: [
          { name: 'key', type: 'text', required: true, options: { max: 60 } },
          { name: 'value', type: 'json', required: true, options: { maxSize: 20000 } },
        ],
        indexes: ['CREATE UNIQUE INDEX idx_app_settings_key ON app_settings (key)'],
        listRule: '@request.auth.id != ""',
        viewRule: '@request.auth.id != ""',
        createRule: null,
        updateRule: null,
        deleteRule: null,
      }),
    );
  },
  (db) => {
    const dao = new Dao(db);
    dao.deleteCollection(dao.findCollectionByNameOrId('app_settings'));
  },
);
