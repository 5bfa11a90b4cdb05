/// <reference path="../../../.data/pb/types.d.ts" />
// xAPI outbox (src/domain/xapi/): every learning event becomes an xAPI 1.0.3 statement, recorded here where the
// event is recorded and sent to the configured LRS by a sender loop in the app. `statementId` is a UUID derived
// from the event (UUID v5 of kind + record id), unique, so recording the same event again adds nothing and a resend
// is harmless. A sender claims a row with the `version` compare-and-set (src/db/hooks/versioned.pb.js) and a lease
// (`claimedUntil`), so several app processes never send the same row at once and a row claimed by a process that
// died is picked up again when its lease ends. Admin only: statements name staff by 工号 (or e-mail).

migrate(
  (db) => {
    const dao = new Dao(db);
    dao.saveCollection(
      new Collection({
        name: 'xapi_statements',
        type: 'base',
        schema: [
          { name: 'statementId', type: 'text', required: true, options: { min: 36, max: 36 } },
          { name: 'kind', type: 'text', required: true, options: { max: 40 } },
          // The record the event came from (e.g. `attempts/<id>`), for support and re-building.
          { name: 'source', type: 'text', options: { max: 300 } },
          // A plain user id, not a relation (tests/integration/relation-filters.test.ts).
          { name: 'user', type: 'text', options: { max: 15 } },
          { name: 'statement', type: 'json', required: true, options: { maxSize: 20000 } },
          { name: 'eventAt', type: 'date' },
          // pending → sent; rejected when the LRS refused the statement itself (4xx other than 408/409/429).
          {
            name: 'status',
            type: 'select',
            required: true,
            options: { maxSelect: 1, values: ['pending', 'sent', 'rejected'] },
          },
          { name: 'tries', type: 'number', options: { min: 0, noDecimal: true } },
          { name: 'nextTryAt', type: 'date' },
          { name: 'claimedBy', type: 'text', options: { max: 80 } },
          { name: 'claimedUntil', type: 'date' },
          { name: 'lastError', type: 'text', options: { max: 1000 } },
          { name: 'sentAt', type: 'date' },
          { name: 'version', type: 'number', options: { min: 0, noDecimal: true } },
        ],
        indexes: [
          'CREATE UNIQUE INDEX idx_xapi_statements_statement_id ON xapi_statements (statementId)',
          'CREATE INDEX idx_xapi_statements_due ON xapi_statements (status, nextTryAt)',
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
    dao.deleteCollection(dao.findCollectionByNameOrId('xapi_statements'));
  },
);
