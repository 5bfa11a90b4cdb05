/// <reference path="../../../.data/pb/types.d.ts" />
// Real call recordings uploaded by trainers as listening exercises for their cohorts. A record holds the answer key,
// so only its uploader and HR may read it; trainees reach the audio and the questions through the app server.

migrate(
  (db) => {
    const dao = new Dao(db);
    const users = dao.findCollectionByNameOrId('users');
    const cohorts = dao.findCollectionByNameOrId('cohorts');
    dao.saveCollection(
      new Collection({
        name: 'call_recordings',
        type: 'base',
        schema: [
          { name: 'title', type: 'text', required: true, options: { min: 2, max: 60 } },
          {
            name: 'uploadedBy',
            type: 'relation',
            required: true,
            options: { collectionId: users.id, cascadeDelete: false, maxSelect: 1 },
          },
          {
            name: 'cohorts',
            type: 'relation',
            required: true,
            options: { collectionId: cohorts.id, cascadeDelete: false, maxSelect: null },
          },
          {
            name: 'audio',
            type: 'file',
            required: true,
            options: {
              maxSelect: 1,
              maxSize: 20971520,
              protected: true,
              mimeTypes: [
                'audio/mpeg',
                'audio/mp4',
                'audio/ogg',
                'audio/wav',
                'audio/x-wav',
                'audio/webm',
                'application/ogg',
              ],
            },
          },
          { name: 'durationSec', type: 'number', required: true, options: { min: 1, max: 7200 } },
          { name: 'transcript', type: 'text', required: true, options: { min: 2, max: 20000 } },
          { name: 'questions', type: 'json', required: true, options: { maxSize: 100000 } },
        ],
        listRule: '@request.auth.id != "" && (uploadedBy = @request.auth.id || @request.auth.role = "hr")',
        viewRule: '@request.auth.id != "" && (uploadedBy = @request.auth.id || @request.auth.role = "hr")',
        createRule: null,
        updateRule: null,
        deleteRule: null,
      }),
    );
  },
  (db) => {
    const dao = new Dao(db);
    dao.deleteCollection(dao.findCollectionByNameOrId('call_recordings'));
  },
);
