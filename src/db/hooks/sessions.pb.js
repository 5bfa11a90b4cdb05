// Runs inside PocketBase (JSVM, 0.22 API); started with --hooksDir by src/platform/pocketbase/process.ts.
// PocketBase 0.22 has no API that ends an account's sessions. Every auth token is signed with the account's
// token key, so a new key makes PocketBase refuse every token issued before it, on every device.
// Admin only: the app server calls it when a user signs out (src/domain/identity/session.ts → endAllSessions).
routerAdd(
  'POST',
  '/api/academy/users/:id/end-sessions',
  (c) => {
    let record;
    try {
      record = $app.dao().findRecordById('users', c.pathParam('id'));
    } catch (_) {
      throw new NotFoundError('No such user.');
    }
    record.refreshTokenKey();
    $app.dao().saveRecord(record);
    return c.json(200, { ended: true });
  },
  $apis.requireAdminAuth(),
);
