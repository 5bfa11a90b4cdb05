import { expect, test, type APIRequestContext } from '@playwright/test';
import fc from 'fast-check';
import type PocketBase from 'pocketbase';
import { e2eAdmin, freshTrainee } from './e2e-admin.ts';

/**
 * Random and malformed payloads against every server action and form route: each must get a 4xx with a
 * Chinese message, never a 5xx, and the database must be exactly as before.
 */
const runs = 1000;
const han = /\p{Script=Han}/u;
/** Which records of each collection belong to the test's own users (other tests run alongside on the same database). */
const scopes: Record<string, (ids: string) => string> = {
  users: (ids) => `id ?= ${ids}`,
  cohorts: (ids) => `trainer ?= ${ids}`,
  attempts: (ids) => `user ?= ${ids}`,
  attempt_keys: (ids) => `@collection.attempts.id ?= attempt && @collection.attempts.user ?= ${ids}`,
  lesson_progress: (ids) => `user ?= ${ids}`,
  module_progress: (ids) => `user ?= ${ids}`,
  assignments: (ids) => `assignedBy ?= ${ids} || trainee ?= ${ids}`,
  practical_assessments: (ids) => `trainee ?= ${ids} || assessor ?= ${ids}`,
  certificates: (ids) => `user ?= ${ids}`,
  voice_recordings: (ids) => `user ?= ${ids}`,
  audit_log: (ids) => `actor ?= ${ids}`,
  programs: () => '',
};

/** Count and latest change of every record that concerns `userIds`. */
async function snapshot(admin: PocketBase, userIds: string[]) {
  const out: Record<string, string> = {};
  for (const [c, scope] of Object.entries(scopes)) {
    const filter = userIds
      .map((id) => scope(JSON.stringify(id)))
      .filter(Boolean)
      .map((f) => `(${f})`)
      .join(' || ');
    const page = await admin.collection(c).getList(1, 1, { sort: '-updated', filter, requestKey: null });
    out[c] = `${page.totalItems}@${page.items[0]?.updated ?? ''}`;
  }
  return out;
}

async function signedInRequest(request: APIRequestContext, baseURL: string, email: string, password: string) {
  const response = await request.post('/signin?_action=signIn', {
    form: { email, password },
    headers: { origin: baseURL },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(303);
}

function expectRefused(status: number, body: string, what: string) {
  expect(status, `${what} → ${status}: ${body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
  expect(status, `${what} → ${status}: ${body.slice(0, 200)}`).toBeLessThan(500);
  expect(han.test(body), `${what}: no Chinese message in ${body.slice(0, 200)}`).toBe(true);
  expect(body).not.toMatch(/\n\s+at \S+ \(|ZodError|TypeError|ClientResponseError/);
}

/** JSON-ish garbage: wrong types, huge strings, deep nesting, prototype keys, near-valid shapes. */
const junk = fc.oneof(
  fc.anything({ maxDepth: 4 }),
  fc.string({ maxLength: 3000 }),
  fc.constantFrom({ __proto__: { admin: true } }, { constructor: { prototype: { x: 1 } } }, [], null, 0, '', '{}'),
);
const idLike = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.stringMatching(/^[a-z0-9]{15}$/),
  fc.integer(),
  fc.constant(null),
);

test('server actions refuse malformed payloads with a Chinese 4xx and change nothing', async ({
  playwright,
  baseURL,
}) => {
  test.setTimeout(600_000);
  const admin = await e2eAdmin();
  const owner = await freshTrainee('模糊测试甲');
  const attacker = await freshTrainee('模糊测试乙');
  // An attempt that belongs to someone else: well-formed ids that must still be refused.
  const ownerRequest = await playwright.request.newContext({ baseURL });
  await signedInRequest(ownerRequest, baseURL!, owner.email, owner.password);
  await ownerRequest.post('/learn/quiz/service-mindset?_action=startQuiz', {
    form: { quiz: 'quiz-service-mindset' },
    headers: { origin: baseURL! },
    maxRedirects: 0,
  });
  const foreign = (await admin.collection('attempts').getFirstListItem(`user = "${owner.id}"`)).id;
  const request = await playwright.request.newContext({ baseURL });
  await signedInRequest(request, baseURL!, attacker.email, attacker.password);
  const before = await snapshot(admin, [owner.id, attacker.id]);

  const responses = fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), fc.stringMatching(/^[a-z]{2}-\d{3}$/)), junk, {
    maxKeys: 5,
  });
  const actions: Record<string, fc.Arbitrary<unknown>> = {
    saveAnswers: fc.oneof(
      junk,
      fc.record(
        { attemptId: fc.oneof(idLike, fc.constant(foreign)), responses: fc.oneof(junk, responses) },
        { requiredKeys: [] },
      ),
    ),
    submitAttempt: fc.oneof(
      junk,
      fc.record(
        { attemptId: fc.oneof(idLike, fc.constant(foreign)), responses: fc.oneof(junk, responses) },
        { requiredKeys: ['attemptId'] },
      ),
    ),
    recordProgress: fc.oneof(
      junk,
      fc.record({
        events: fc.oneof(
          junk,
          fc.array(
            fc.record(
              {
                id: fc.oneof(fc.uuid(), fc.string()),
                lesson: fc.oneof(fc.string(), fc.stringMatching(/^[a-z-]{1,12}\/[a-z0-9-]{1,12}$/)),
                type: fc.constantFrom('view', 'heartbeat', 'practice', 'delete', 7),
                position: junk,
                seconds: junk,
                checkId: junk,
                passed: junk,
              },
              { requiredKeys: [] },
            ),
            { maxLength: 120 },
          ),
        ),
      }),
    ),
    // A real check id under lessons that do not hold it, and answers of every shape.
    checkPractice: fc.oneof(
      junk,
      fc.record(
        {
          lesson: fc.oneof(junk, fc.stringMatching(/^[a-z-]{1,12}\/[a-z0-9-]{1,12}$/)),
          checkId: fc.oneof(junk, fc.constantFrom('choose-angry-opening', 'order-opening', 'cards-five-voices')),
          answer: fc.oneof(
            junk,
            fc.record(
              {
                kind: fc.constantFrom('choose-reply', 'reorder-steps', 'flip-cards', 'passed'),
                option: junk,
                order: junk,
                card: junk,
                passed: junk,
              },
              { requiredKeys: [] },
            ),
          ),
        },
        { requiredKeys: [] },
      ),
    ),
    lessonStatus: fc.oneof(
      junk,
      fc.record({ lesson: fc.oneof(junk, fc.stringMatching(/^[a-z-]{1,12}\/[a-z0-9-]{1,12}$/)) }, { requiredKeys: [] }),
    ),
  };
  for (const [name, arbitrary] of Object.entries(actions)) {
    await fc.assert(
      fc.asyncProperty(arbitrary, fc.boolean(), async (payload, asText) => {
        const data = asText ? String(JSON.stringify(payload) ?? '').slice(1) : payload; // also bodies that are not JSON at all
        const response = await request.post(`/_actions/${name}`, {
          data: typeof data === 'string' ? data : JSON.stringify(data ?? null),
          headers: { 'content-type': 'application/json' },
        });
        expectRefused(response.status(), await response.text(), `${name} ${JSON.stringify(payload)?.slice(0, 80)}`);
      }),
      { numRuns: runs },
    );
  }
  expect(await snapshot(admin, [owner.id, attacker.id])).toEqual(before);
});

test('an answer naming one option under several spellings gets a Chinese 400 naming the question, and is not saved', async ({
  playwright,
  baseURL,
}) => {
  const admin = await e2eAdmin();
  const trainee = await freshTrainee('别名测试');
  const request = await playwright.request.newContext({ baseURL });
  await signedInRequest(request, baseURL!, trainee.email, trainee.password);
  await request.post('/learn/quiz/service-mindset?_action=startQuiz', {
    form: { quiz: 'quiz-service-mindset' },
    headers: { origin: baseURL! },
    maxRedirects: 0,
  });
  const attempt = await admin.collection('attempts').getFirstListItem(`user = "${trainee.id}"`);
  const questionIds = attempt.questionIds as string[];
  const post = (name: string, responses: unknown) =>
    request.post(`/_actions/${name}`, {
      data: JSON.stringify({ attemptId: attempt.id, responses }),
      headers: { 'content-type': 'application/json' },
    });
  for (const [no, bad] of [
    [1, { choices: ['0', '00', '+0'] }],
    [2, { choice: '00' }],
    [3, { order: ['0', '0', '1'] }],
  ] as const) {
    const responses = { [questionIds[no - 1]!]: bad };
    for (const action of ['saveAnswers', 'submitAttempt']) {
      const response = await post(action, responses);
      const body = await response.text();
      expectRefused(response.status(), body, `${action} ${JSON.stringify(bad)}`);
      expect(response.status()).toBe(400);
      expect(body).toContain(`第 ${no} 题`);
    }
  }
  const after = await admin.collection('attempts').getOne(attempt.id);
  expect(after.status).toBe('in-progress');
  expect(after.responses ?? {}).toEqual(attempt.responses ?? {});
});

test('form routes refuse malformed submissions with a Chinese 4xx and change nothing', async ({
  playwright,
  baseURL,
}) => {
  test.setTimeout(600_000);
  const admin = await e2eAdmin();
  const trainerAccount = await freshTrainee('模糊测试培训师', 'trainer');
  const trainer = await playwright.request.newContext({ baseURL });
  await signedInRequest(trainer, baseURL!, trainerAccount.email, trainerAccount.password);
  const learner = await freshTrainee('模糊测试丙');
  // The trainer leads a cohort with the learner, so well-formed ids reach the real checks.
  await admin.collection('cohorts').create({ name: '模糊测试班', trainer: trainerAccount.id, members: [learner.id] });
  const trainee = await playwright.request.newContext({ baseURL });
  await signedInRequest(trainee, baseURL!, learner.email, learner.password);
  const anonymous = await playwright.request.newContext({ baseURL });
  const before = await snapshot(admin, [trainerAccount.id, learner.id]);
  const text = fc.oneof(
    fc.string({ maxLength: 400 }),
    fc.constantFrom('', ' ', '<script>alert(1)</script>', "' OR 1=1 --", '\u0000', 'x'.repeat(5000)),
  );

  const routes: {
    name: string;
    arbitrary: fc.Arbitrary<{ path: string; form: Record<string, string> }>;
    client: APIRequestContext;
  }[] = [
    {
      // Never a well-formed email with a long enough password, so nothing counts towards the sign-in throttle.
      name: 'sign-in',
      client: anonymous,
      arbitrary: fc
        .record({ email: fc.oneof(text, fc.constant('')), password: fc.string({ maxLength: 7 }), next: text })
        .map((form) => ({ path: '/signin?_action=signIn', form })),
    },
    {
      name: 'cohorts',
      client: trainer,
      // The page's form actions (?_action=…), and posts that name none or an unknown one.
      arbitrary: fc
        .oneof(
          fc.record({ intent: fc.oneof(text, fc.constant('')), name: text, cohort: text, trainee: text }),
          // Names the form must refuse: empty, blank, or longer than 60 characters once trimmed.
          fc.record({
            intent: fc.constant('cohortCreate'),
            name: fc.oneof(
              fc.constant(''),
              fc.constant('   '),
              fc.string({ minLength: 61, maxLength: 300 }).filter((n) => n.trim().length > 60),
            ),
          }),
          fc.record({
            intent: fc.constantFrom('cohortRename', 'memberAdd', 'memberRemove'),
            cohort: fc.stringMatching(/^[a-z0-9]{15}$/),
            trainee: fc.stringMatching(/^[a-z0-9]{15}$/),
            name: text,
          }),
          fc.record({ intent: fc.constant('assignmentCreate'), cohort: text, target: text, dueDate: text, note: text }),
          fc.record({
            intent: fc.constantFrom('assignmentUpdate', 'assignmentDelete'),
            assignment: fc.oneof(text, fc.stringMatching(/^[a-z0-9]{15}$/)),
            dueDate: text,
            note: text,
          }),
        )
        .map(({ intent, ...form }) => ({
          path: intent ? `/trainer/cohorts?_action=${encodeURIComponent(intent)}` : '/trainer/cohorts',
          form: form as Record<string, string>,
        })),
    },
    {
      name: 'practical assessment',
      client: trainer,
      arbitrary: fc
        .record({
          id: fc.oneof(fc.stringMatching(/^[a-z0-9]{15}$/), fc.constant(learner.id)),
          program: text,
          kind: text,
          comments: text,
          score: text,
        })
        .map(({ id, ...form }) => ({
          path: `/trainer/trainees/${id}?_action=practicalRecord`,
          form: { ...form, trainee: id, 'score.courtesy.process-wording': form.score },
        })),
    },
    {
      name: 'quiz start',
      client: trainee,
      arbitrary: fc
        .oneof(fc.stringMatching(/^[a-z0-9-]{1,30}$/), fc.string({ maxLength: 30 }))
        .filter(
          (m) =>
            // '.' and '..' are path segments the URL resolves away (/learn/quiz/.. is /learn/), not module names.
            ![
              '.',
              '..',
              'service-mindset',
              'voice-affinity',
              'service-etiquette',
              'complaint-psychology',
              'complaint-handling',
              'stress-management',
              'phone-communication',
            ].includes(m),
        )
        .map((m) => ({ path: `/learn/quiz/${encodeURIComponent(m)}`, form: { x: m } })),
    },
  ];
  for (const route of routes) {
    await fc.assert(
      fc.asyncProperty(route.arbitrary, async ({ path, form }) => {
        const response = await route.client.post(path, { form, headers: { origin: baseURL! }, maxRedirects: 0 });
        expectRefused(response.status(), await response.text(), `${route.name} ${JSON.stringify(form).slice(0, 80)}`);
      }),
      { numRuns: runs },
    );
  }
  expect(await snapshot(admin, [trainerAccount.id, learner.id])).toEqual(before);
});
