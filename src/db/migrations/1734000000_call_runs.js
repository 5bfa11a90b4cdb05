/// <reference path="../../../.data/pb/types.d.ts" />
// Simulated calls (模拟来电, issue 14): `call_runs` holds each run of a call by a trainee — the state the server keeps
// (node, mood, flags, points, turn index), every answered turn with what was submitted and the server's outcome, and,
// once ended, the ending, scores and whether it passed. Runs are read, changed and written back through the
// compare-and-set hook route (`version`), so a turn is applied once even when submits race across app processes; the
// partial unique index keeps one open run per trainee and call. `call_run_recordings` holds recorded replies: the
// audio (protected file) and the metrics the trainee's device measured (claims, not server measurements).
// Both are admin only: the app server reads and writes them (the scenario graph and scoring are exam keys), and user
// ids are plain text, not relations (tests/integration/relation-filters.test.ts).

migrate(
  (db) => {
    const dao = new Dao(db);
    const userId = { min: 15, max: 15, pattern: '^[a-z0-9]+$' };
    dao.saveCollection(
      new Collection({
        name: 'call_runs',
        type: 'base',
        schema: [
          { name: 'user', type: 'text', required: true, options: userId },
          { name: 'call', type: 'text', required: true, options: { max: 80, pattern: '^[a-z0-9][a-z0-9-]*$' } },
          {
            name: 'status',
            type: 'select',
            required: true,
            options: { maxSelect: 1, values: ['in_progress', 'ended'] },
          },
          { name: 'state', type: 'json', required: true, options: { maxSize: 20000 } },
          { name: 'turns', type: 'json', options: { maxSize: 500000 } },
          { name: 'ending', type: 'text', options: { max: 80 } },
          { name: 'scores', type: 'json', options: { maxSize: 20000 } },
          { name: 'passed', type: 'bool' },
          { name: 'startedAt', type: 'date', required: true },
          { name: 'endedAt', type: 'date' },
          { name: 'version', type: 'number', required: true, options: { min: 1, noDecimal: true } },
        ],
        indexes: [
          "CREATE UNIQUE INDEX idx_call_runs_open ON call_runs (user, call) WHERE status = 'in_progress'",
          'CREATE INDEX idx_call_runs_user ON call_runs (user, call, startedAt)',
          'CREATE INDEX idx_call_runs_call ON call_runs (call, status)',
        ],
        listRule: null,
        viewRule: null,
        createRule: null,
        updateRule: null,
        deleteRule: null,
      }),
    );
    dao.saveCollection(
      new Collection({
        name: 'call_run_recordings',
        type: 'base',
        schema: [
          { name: 'user', type: 'text', required: true, options: userId },
          { name: 'run', type: 'text', required: true, options: { min: 15, max: 15, pattern: '^[a-z0-9]+$' } },
          { name: 'call', type: 'text', required: true, options: { max: 80 } },
          { name: 'node', type: 'text', required: true, options: { max: 80 } },
          // Not `required`: PocketBase treats 0 (the first turn) as missing.
          { name: 'turnIndex', type: 'number', options: { min: 0, max: 200, noDecimal: true } },
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
          // Measured on the trainee's device (rate, pitch variation, loudness…): claims, shown as such.
          { name: 'deviceMetrics', type: 'json', required: true, options: { maxSize: 200000 } },
          { name: 'durationSec', type: 'number', options: { min: 0, max: 130 } },
        ],
        indexes: ['CREATE UNIQUE INDEX idx_call_run_recordings_turn ON call_run_recordings (run, turnIndex)'],
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
    dao.deleteCollection(dao.findCollectionByNameOrId('call_run_recordings'));
    dao.deleteCollection(dao.findCollectionByNameOrId('call_runs'));
  },
);
