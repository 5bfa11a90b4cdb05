/// <reference path="../../../.data/pb/types.d.ts" />
// Voice-lab recordings: the audio (a protected file: PocketBase serves it only with a file token to users who
// may view the record) and the metrics measured on the trainee's device. Written by the app server only.

const readers =
  '@request.auth.id != "" && (user = @request.auth.id || @request.auth.role = "hr" || (@request.auth.role = "trainer" && @collection.cohorts.trainer ?= @request.auth.id && @collection.cohorts.members.id ?= user))';

migrate(
  (db) => {
    const dao = new Dao(db);
    const users = dao.findCollectionByNameOrId('users');
    dao.saveCollection(
      new Collection({
        name: 'voice_recordings',
        type: 'base',
        schema: [
          {
            name: 'user',
            type: 'relation',
            required: true,
            options: { collectionId: users.id, cascadeDelete: false, maxSelect: 1 },
          },
          { name: 'exercise', type: 'text', required: true, options: { max: 60 } },
          {
            name: 'audio',
            type: 'file',
            required: true,
            options: {
              maxSelect: 1,
              maxSize: 10485760,
              protected: true,
              mimeTypes: [
                'audio/webm',
                'audio/ogg',
                'audio/mp4',
                'audio/wav',
                'audio/x-wav',
                'audio/mpeg',
                'video/webm',
                'application/ogg',
              ],
            },
          },
          { name: 'metrics', type: 'json', required: true, options: { maxSize: 200000 } },
          { name: 'durationSec', type: 'number', options: { min: 0, max: 130 } },
        ],
        indexes: ['CREATE INDEX idx_voice_user ON voice_recordings (user, created)'],
        listRule: readers,
        viewRule: readers,
        createRule: null,
        updateRule: null,
        deleteRule: null,
      }),
    );
  },
  (db) => {
    const dao = new Dao(db);
    dao.deleteCollection(dao.findCollectionByNameOrId('voice_recordings'));
  },
);
