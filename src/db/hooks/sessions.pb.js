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

// The session check of an app request, made with the user's own token: PocketBase has verified it before this runs
// (signature with the account's current token key, the account exists), exactly as for its auth-refresh.
// Body: { renew, budget }. Answer: { record, token, budget }: the account as auth-refresh shows it to its owner, a
// renewed token when `renew`, and — for an action call — the answer of counting it against the user's action budget
// (`budget`: a throttle.js step whose counters belong to this account, `subject` its id), in the same request. A
// budget that cannot be counted answers null (the app lets the call through and logs it), never a failed session.
// Called by src/domain/identity/repo.ts (checkSession).
routerAdd(
  'POST',
  '/api/academy/session',
  (c) => {
    const info = $apis.requestInfo(c);
    const record = info.authRecord;
    const body = info.data || {};
    let budget = null;
    if (body.budget && typeof body.budget === 'object') {
      if (String(body.budget.subject) !== record.id) throw new BadRequestError('budget of another account.');
      try {
        budget = require(`${__hooks}/throttle.js`).run(body.budget);
      } catch (error) {
        $app.logger().error('action budget not counted', 'user', record.id, 'error', String(error));
      }
    }
    $apis.enrichRecord(c, $app.dao(), record);
    const token = body.renew === true ? $tokens.recordAuthToken($app, record) : '';
    return c.json(200, { record: record, token: token, budget: budget });
  },
  $apis.requireRecordAuth('users'),
);
