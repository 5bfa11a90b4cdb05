/// <reference path="../../../.data/pb/types.d.ts" />
// Sign-in throttling counters, shared by every app process (src/domain/identity/sign-in.ts through the hook route in
// src/db/hooks/throttle.pb.js). A plain table, not a collection: PocketBase's API never exposes it. Keys are
// SHA-256 hashes of account and address, so it holds no e-mail or address in the clear.

migrate(
  (db) => {
    db.newQuery(
      'CREATE TABLE IF NOT EXISTS _academy_throttle (key TEXT PRIMARY KEY NOT NULL, windowStart INTEGER NOT NULL, count INTEGER NOT NULL)',
    ).execute();
    db.newQuery('CREATE INDEX IF NOT EXISTS idx_academy_throttle_window ON _academy_throttle (windowStart)').execute();
  },
  (db) => {
    db.newQuery('DROP TABLE IF EXISTS _academy_throttle').execute();
  },
);
