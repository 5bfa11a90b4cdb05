/// <reference path="../../../.data/pb/types.d.ts" />
// What follows a graded attempt (module progress, certificate eligibility) is a durable follow-up: the submission
// writes an `attempt_followups` row in the same transaction as the grade (src/db/hooks/versioned.pb.js), and any app
// process claims it with a compare-and-set on `version` plus a lease (`claimedUntil`), does the work and deletes the
// row (src/domain/assessment/follow-ups.ts). A process that dies mid-way leaves the row; its lease runs out and
// another process (or the restarted one) does the work again — it is idempotent. The row's id is the attempt's id,
// so one attempt has at most one follow-up. Plain text ids (no relations); no client may read or write it.

migrate(
  (db) => {
    const dao = new Dao(db);
    dao.saveCollection(
      new Collection({
        name: 'attempt_followups',
        type: 'base',
        schema: [
          { name: 'user', type: 'text', required: true, options: { min: 15, max: 15, pattern: '^[a-z0-9]+$' } },
          { name: 'quiz', type: 'text', required: true, options: { max: 200 } },
          // Unix milliseconds until which a claimer owns the follow-up; 0 = unclaimed.
          { name: 'claimedUntil', type: 'number', required: false, options: { min: 0, noDecimal: true } },
          { name: 'tries', type: 'number', required: false, options: { min: 0, noDecimal: true } },
          { name: 'lastError', type: 'text', required: false, options: { max: 2000 } },
          { name: 'version', type: 'number', required: false, options: { min: 0, noDecimal: true } },
        ],
        indexes: ['CREATE INDEX idx_attempt_followups_claim ON attempt_followups (claimedUntil)'],
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
    dao.deleteCollection(dao.findCollectionByNameOrId('attempt_followups'));
  },
);
