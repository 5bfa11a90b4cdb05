// Runs inside PocketBase (JSVM, 0.22 API); started with --hooksDir by src/platform/pocketbase/process.ts.
// POST /api/academy/read { reads: [{ collection, where, sort, fields }] } → { results: [[row, …], …] }: several list
// reads in one round trip (PocketBase 0.22 has no batch API), each answered as the records API answers an admin's
// getFullList with the same conditions, sort and fields (src/platform/pocketbase/reads.ts; SQL and its limits in
// src/db/hooks/list-reads.js). Admin only: the app server is the only caller.
routerAdd(
  'POST',
  '/api/academy/read',
  (c) => c.string(200, require(`${__hooks}/list-reads.js`).answer($app.dao(), $apis.requestInfo(c).data || {})),
  $apis.requireAdminAuth(),
);
