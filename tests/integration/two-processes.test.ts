// Two app server processes (the built app, as `npm start` runs it) against ONE PocketBase: whatever reaches either
// process, the guarantees hold in total — every one of them lives in the data (compare-and-set on a version,
// unique indexes, event ids stored with the record, counters in PocketBase), none in a process's memory.
// With the old in-process lock and in-memory counters, the concurrent requests below lose member adds and
// progress events, grade one attempt twice, and let each process grant its own full quota.
import { randomUUID } from 'node:crypto';
import type PocketBase from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreAttempt } from '../../src/domain/assessment/rules.ts';
import { appErrors } from '../../src/platform/errors/index.ts';
import { gradeQuestion } from '../../src/domain/assessment/grading.ts';
import { attemptContextFor } from '../../src/domain/assessment/attempt-context.ts';
import { startAttempt } from '../../src/domain/assessment/service.ts';
import { stopChild } from '../../src/platform/process/child-process.ts';
import { buildApp, startAppServer, type AppServer } from '../support/app-server.ts';
import { memberIdsSchema } from '../../src/domain/training/cohort-members.ts';
import { lessonIndex } from '../../src/domain/progress/lesson-index.ts';
import { actionCalls, signInLimits, verifyLookups } from '../../src/platform/http/rate-limits.ts';
import { createStaffUser } from '../../src/domain/identity/seed.ts';
import { correctResponse } from '../support/answer-key.ts';
import { asAdmin, makeUser } from './pocketbase-fixtures.ts';

type App = AppServer;
let apps: App[] = [];
let admin: PocketBase;

beforeAll(async () => {
  // The built app (dist/), built here only when missing or older than the sources (a lock keeps builds apart).
  await buildApp();
  apps = await Promise.all([startAppServer(), startAppServer()]);
  admin = await asAdmin();
}, 300_000);
afterAll(async () => {
  await Promise.all(apps.map((a) => stopChild(a.child)));
});

/** The i-th request goes to process i mod 2. */
const appFor = (i: number) => apps[i % 2]!;
const cookieOf = (user: { client: PocketBase }) => `ha_auth=${user.client.authStore.token}`;

/** Call a server action as `user` on one process; the status and body text. */
async function action(app: App, user: { client: PocketBase }, name: string, input: unknown) {
  const response = await fetch(`${app.url}/_actions/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: cookieOf(user), origin: app.url },
    body: JSON.stringify(input),
  });
  return { status: response.status, body: await response.text() };
}

/** POST a form to a page of one process, as a browser on that origin would; the status. */
async function postForm(app: App, path: string, form: Record<string, string>, cookie?: string) {
  const response = await fetch(`${app.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: app.url, ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams(form),
    redirect: 'manual',
  });
  await response.arrayBuffer();
  return response.status;
}

describe('two app processes, one PocketBase', () => {
  it('grades each attempt once, however its duplicate submissions and autosaves are spread over both processes', async () => {
    const ctx = attemptContextFor(admin);
    const quiz = ctx.catalog.quizzes.get('quiz-service-mindset')!;
    const trainees = await Promise.all(Array.from({ length: 8 }, () => makeUser('trainee')));
    const sittings = await Promise.all(
      trainees.map(async (trainee) => {
        const { attemptId } = await startAttempt(ctx, trainee.id, quiz.id);
        const keys = await ctx.store.keysFor(attemptId);
        const right = Object.fromEntries(
          keys.questions.map((d) => [d.id, correctResponse(ctx.catalog.questions.get(d.id)!, d.layout)]),
        );
        // Process 0 is always sent half the answers, process 1 all of them: two gradings that both landed disagree.
        const half = Object.fromEntries(keys.questions.slice(0, 5).map((d) => [d.id, right[d.id]]));
        return { trainee, attemptId, keys, answers: [half, right] };
      }),
    );
    const fired = sittings.flatMap((s) =>
      Array.from({ length: 10 }, (_, i) => ({
        s,
        save: i >= 8,
        call:
          i >= 8
            ? action(appFor(i), s.trainee, 'saveAnswers', { attemptId: s.attemptId, responses: s.answers[0] })
            : action(appFor(i), s.trainee, 'submitAttempt', { attemptId: s.attemptId, responses: s.answers[i % 2] }),
      })),
    );
    const answered = await Promise.all(fired.map(async (f) => ({ ...f, answer: await f.call })));
    for (const s of sittings) {
      const mine = answered.filter((a) => a.s === s);
      const submits = mine.filter((a) => !a.save).map((a) => a.answer);
      expect(submits.map((a) => a.status)).toEqual(submits.map(() => 200));
      // Every submission answered with the one stored result: nothing was graded twice.
      expect(new Set(submits.map((a) => a.body)).size).toBe(1);
      // Autosaves either landed before the submission or were refused as closed — never a 5xx.
      for (const save of mine.filter((a) => a.save)) expect([200, 409]).toContain(save.answer.status);

      const attempts = await admin
        .collection('attempts')
        .getFullList({ filter: admin.filter('user = {:u}', { u: s.trainee.id }) });
      expect(attempts).toHaveLength(1);
      const attempt = attempts[0]!;
      expect(attempt.status).toBe('submitted');
      // The stored results are the grading of the stored answers, and the score is theirs.
      const stored = await ctx.store.keysFor(s.attemptId);
      const regraded = s.keys.questions.map((d) =>
        gradeQuestion(ctx.catalog.questions.get(d.id)!, d.layout, attempt.responses[d.id]),
      );
      expect(stored.results).toEqual(regraded);
      expect(attempt.score).toBe(scoreAttempt(quiz, s.keys.questions, regraded).percent);
    }
  }, 90_000);

  it('applies concurrent progress batches once each, loses none, and never credits more study time than passed', async () => {
    const trainee = await makeUser('trainee');
    const [first, second] = [...lessonIndex().keys()];
    const t0 = Date.now();
    const opening = { id: randomUUID(), lesson: first!, type: 'view', position: 0.05 };
    expect((await action(appFor(0), trainee, 'recordProgress', { events: [opening] })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 3000));
    // One batch retried three times at each process, and six different batches spread over both.
    const repeated = [
      { id: randomUUID(), lesson: first!, type: 'view', position: 0.3 },
      { id: randomUUID(), lesson: first!, type: 'heartbeat', seconds: 30 },
      { id: randomUUID(), lesson: second!, type: 'heartbeat', seconds: 30 },
    ];
    const distinct = Array.from({ length: 6 }, (_, k) => [
      { id: randomUUID(), lesson: first!, type: 'view', position: (k + 4) / 10 },
      { id: randomUUID(), lesson: first!, type: 'heartbeat', seconds: 30 },
    ]);
    const batches = [...Array.from({ length: 6 }, () => repeated), ...distinct];
    const answers = await Promise.all(
      batches.map((events, i) => action(appFor(i), trainee, 'recordProgress', { events })),
    );
    const elapsed = Math.ceil((Date.now() - t0) / 1000);
    expect(answers.map((a) => a.status)).toEqual(batches.map(() => 200));

    const records = await admin
      .collection('lesson_progress')
      .getFullList({ filter: admin.filter('user = {:u}', { u: trainee.id }) });
    const byLesson = new Map(records.map((r) => [r.lesson as string, r]));
    const firstIds = byLesson.get(first!)!.eventIds as string[];
    const expectedFirst = [opening, ...repeated.filter((e) => e.lesson === first), ...distinct.flat()].map((e) => e.id);
    // No lost update: every event applied, each once.
    expect([...firstIds].sort()).toEqual([...expectedFirst].sort());
    expect(byLesson.get(second!)!.eventIds).toEqual([repeated[2]!.id]);
    expect(byLesson.get(first!)!.position).toBe(0.9);
    // Study time: never more than the wall time since the first event.
    const seconds = records.reduce((sum, r) => sum + (r.seconds as number), 0);
    // At least the 3 s waited: a heartbeat credited on the clock is never lost to a concurrent batch.
    expect(seconds).toBeGreaterThanOrEqual(3);
    expect(seconds).toBeLessThanOrEqual(elapsed);
  }, 60_000);

  it('keeps every trainee added concurrently to one cohort through both processes', async () => {
    const trainer = await makeUser('trainer', { department: '双进程部' });
    // Plain accounts (no sign-in needed): one password hash each instead of three.
    const tag = randomUUID().slice(0, 8);
    const trainees = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        createStaffUser(admin, {
          email: `two-${tag}-${i}@example.com`,
          name: `双进程${i}`,
          employeeNo: `TP${tag}${i}`,
          role: 'trainee',
          department: '双进程部',
          team: '一班',
          password: 'two-process-pass',
        }),
      ),
    );
    const cohort = await admin
      .collection('cohorts')
      .create({ name: '双进程班', trainer: trainer.id, department: '双进程部', members: [] });
    const statuses = await Promise.all(
      trainees.map((t, i) =>
        postForm(
          appFor(i),
          '/trainer/cohorts?_action=memberAdd',
          { cohort: cohort.id, trainee: t.id },
          cookieOf(trainer),
        ),
      ),
    );
    expect(statuses.every((s) => s === 303 || s === 302)).toBe(true);
    const members = memberIdsSchema.parse((await admin.collection('cohorts').getOne(cohort.id)).members);
    expect([...members].sort()).toEqual(trainees.map((t) => t.id).sort());
  }, 60_000);

  it('holds the sign-in limit in total across both processes', async () => {
    const victim = await makeUser('trainee');
    const tries = 16;
    const statuses = await Promise.all(
      Array.from({ length: tries }, (_, i) =>
        postForm(appFor(i), '/signin?_action=signIn', { email: victim.email, password: `wrong-password-${i}` }),
      ),
    );
    // Exactly the account's limit of wrong passwords reached PocketBase; the rest were refused before it.
    expect(statuses.filter((s) => s === appErrors.InvalidCredentials.status)).toHaveLength(
      signInLimits.accountAtAddress.limit,
    );
    expect(statuses.filter((s) => s === appErrors.TooManySignIns.status)).toHaveLength(
      tries - signInLimits.accountAtAddress.limit,
    );
    // Even the right password now waits out the window, at either process.
    expect(
      await postForm(appFor(1), '/signin?_action=signIn', { email: victim.email, password: victim.password }),
    ).toBe(appErrors.TooManySignIns.status);
  }, 60_000);

  it('holds the per-address certificate look-up limit in total across both processes', async () => {
    const total = verifyLookups.limit + 6;
    const statuses = await Promise.all(
      Array.from({ length: total }, async (_, i) => (await fetch(`${appFor(i).url}/verify/${'A'.repeat(26)}`)).status),
    );
    // Unknown code: 404 while within the limit, 429 beyond it — the limit counts both processes together.
    expect(statuses.filter((s) => s === 404)).toHaveLength(verifyLookups.limit);
    expect(statuses.filter((s) => s === 429)).toHaveLength(6);
  }, 60_000);

  it('holds the per-user action limit in total across both processes', async () => {
    const trainee = await makeUser('trainee');
    const [lesson] = [...lessonIndex().keys()];
    const total = actionCalls.limit + 20;
    const statuses: number[] = [];
    // 20 at a time, alternating processes: each process alone stays under the limit.
    for (let i = 0; i < total; i += 20) {
      const wave = Array.from({ length: Math.min(20, total - i) }, (_, k) =>
        action(appFor(i + k), trainee, 'lessonStatus', { lesson }),
      );
      statuses.push(...(await Promise.all(wave)).map((a) => a.status));
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(actionCalls.limit);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
  }, 120_000);
});
