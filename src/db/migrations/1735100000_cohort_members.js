/// <reference path="../../../.data/pb/types.d.ts" />
// cohort_members — who is in which cohort, one row each, for the HR summary's recomputation
// (src/db/hooks/hr-summary.js). `cohorts.members` is a JSON list, so finding a trainee's cohorts meant searching
// every cohort's list: about 2 ms of PocketBase's CPU per certificate issued at 10,000 staff (a third of the
// certificate's cost, growing with the organisation), against an index lookup here. A plain table, not a collection:
// nothing but the hooks reads or writes it. The hooks keep it equal to the cohorts' lists in the transaction that
// recomputes the summary after a cohort changes; the summary's rebuild (POST /api/academy/hr-summary/rebuild) fills
// it again from the lists, e.g. after the bench writes cohorts straight into SQLite.

migrate(
  (db) => {
    db.newQuery(
      'CREATE TABLE cohort_members (user TEXT NOT NULL, cohort TEXT NOT NULL, PRIMARY KEY (user, cohort)) WITHOUT ROWID',
    ).execute();
    db.newQuery('CREATE INDEX idx_cohort_members_cohort ON cohort_members (cohort)').execute();
    db.newQuery(
      `INSERT OR IGNORE INTO cohort_members (user, cohort)
       SELECT m.value, co.id FROM cohorts AS co
       JOIN json_each(CASE WHEN json_valid(co.members) THEN co.members ELSE '[]' END) AS m`,
    ).execute();
  },
  (db) => {
    db.newQuery('DROP TABLE IF EXISTS cohort_members').execute();
  },
);
