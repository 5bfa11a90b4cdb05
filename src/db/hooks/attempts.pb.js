// Runs inside PocketBase (JSVM, 0.22 API); started with --hooksDir by src/platform/pocketbase/process.ts.
// Attempt reads and writes that would otherwise take two round trips each (src/domain/assessment/repo.ts):
//
// POST /api/academy/attempts/state  { user, quiz } → { attempts: [...], keys }: a learner's attempts at one quiz
//   (by attemptNo) and the keys of the one in progress (null when none is open, or it has no keys).
// GET  /api/academy/attempts/{id}/bundle → { attempt, keys }: one attempt and its keys (keys null if missing); 404.
// POST /api/academy/attempts/start  { attempt, keys } → { attempt }: create the attempt (with the id the app chose)
//   and its keys in one transaction; a failed create (the unique (user, quiz, attemptNo) index: another request
//   started it first) is a 400 and leaves neither row.
// Admin only: the app server is the only caller.
routerAdd(
  'POST',
  '/api/academy/attempts/state',
  (c) => {
    const body = $apis.requestInfo(c).data || {};
    const user = String(body.user || '');
    const quiz = String(body.quiz || '');
    if (!/^[a-z0-9]{15}$/.test(user) || !quiz) throw new BadRequestError('user and quiz are required.');
    const dao = $app.dao();
    const attempts = dao.findRecordsByFilter('attempts', 'user = {:user} && quiz = {:quiz}', 'attemptNo', 0, 0, {
      user: user,
      quiz: quiz,
    });
    let keys = null;
    for (const a of attempts) {
      if (a.getString('status') !== 'in-progress') continue;
      try {
        keys = dao.findFirstRecordByFilter('attempt_keys', 'attempt = {:a}', { a: a.id });
      } catch (_) {
        keys = null;
      }
    }
    return c.json(200, { attempts: attempts, keys: keys });
  },
  $apis.requireAdminAuth(),
);

routerAdd(
  'GET',
  '/api/academy/attempts/:id/bundle',
  (c) => {
    const id = c.pathParam('id');
    const dao = $app.dao();
    let attempt;
    try {
      attempt = dao.findRecordById('attempts', id);
    } catch (_) {
      throw new NotFoundError('No such attempt.');
    }
    let keys = null;
    try {
      keys = dao.findFirstRecordByFilter('attempt_keys', 'attempt = {:a}', { a: id });
    } catch (_) {
      keys = null;
    }
    return c.json(200, { attempt: attempt, keys: keys });
  },
  $apis.requireAdminAuth(),
);

routerAdd(
  'POST',
  '/api/academy/attempts/start',
  (c) => {
    const body = $apis.requestInfo(c).data || {};
    const copy = (v) => {
      const out = {};
      if (v && typeof v === 'object') for (const k of Object.keys(v)) out[k] = v[k];
      return out;
    };
    const attemptData = copy(body.attempt);
    const keysData = copy(body.keys);
    if (!/^[a-z0-9]{15}$/.test(String(attemptData.id || ''))) throw new BadRequestError('attempt.id is required.');
    keysData.attempt = attemptData.id;
    attemptData.version = 1;
    let created = null;
    try {
      $app.dao().runInTransaction((tx) => {
        const keys = new Record(tx.findCollectionByNameOrId('attempt_keys'));
        const keysForm = new RecordUpsertForm($app, keys);
        keysForm.setDao(tx);
        keysForm.loadData(keysData);
        keysForm.submit();
        const attempt = new Record(tx.findCollectionByNameOrId('attempts'));
        const form = new RecordUpsertForm($app, attempt);
        form.setDao(tx);
        form.loadData(attemptData);
        form.submit();
        created = attempt;
      });
    } catch (e) {
      throw new BadRequestError('Failed to create the attempt.', { error: String(e) });
    }
    return c.json(200, { attempt: created });
  },
  $apis.requireAdminAuth(),
);
