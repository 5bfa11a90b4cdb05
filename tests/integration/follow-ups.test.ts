// A graded attempt's follow-up (module progress, certificates) is recorded in the same write as the grade and done
// afterwards by whichever process claims it (src/domain/progress/follow-ups.ts). Here a real app process (the
// built app, as `npm start` runs it) is killed with SIGKILL between the two steps; a restarted app process then
// finds the follow-up on its own (its sweep) and the certificate appears within seconds. A lesson started or
// completed records one the same way: the lesson's write without its follow-up's work is what a process that died
// right after it leaves behind, and the sweep finishes it.
import { playModelPath } from '../support/honest-call.ts';
import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { attemptContextFor } from '../../src/domain/assessment/attempt-context.ts';
import {
  backgroundFollowUps,
  followUpInBackground,
  processDueFollowUps,
  processFollowUp,
  runFollowUp,
} from '../../src/domain/progress/follow-ups.ts';
import { followUpStore, lessonProgressRead } from '../../src/domain/progress/repo.ts';
import { certificatesRead, practicalsRead } from '../../src/domain/certification/repo.ts';
import { identityRead } from '../../src/domain/identity/repo.ts';
import { passedAttemptsRead } from '../../src/domain/assessment/repo.ts';
import { endedRunsRead } from '../../src/domain/calls/repo.ts';
import { readList, readLists, type ListRead } from '../../src/platform/pocketbase/reads.ts';
import { startAttempt, submitAttemptBrief, type AttemptContext } from '../../src/domain/assessment/service.ts';
import { certificatesOf } from '../../src/domain/certification/service.ts';
import { programCatalog } from '../../src/domain/certification/catalog.ts';
import { passPractical } from '../support/honest-practical.ts';
import { stopChild } from '../../src/platform/process/child-process.ts';
import { buildApp, startAppServer } from '../support/app-server.ts';
import { correctResponse } from '../support/answer-key.ts';
import { studyLessonHonestly, studyModuleHonestly, TestClock } from '../support/honest-study.ts';
import { recordProgress } from '../../src/domain/progress/service.ts';
import { lessonsOf } from '../../src/domain/progress/lesson-index.ts';
import { asAdmin, makeUser, viewerOf } from './pocketbase-fixtures.ts';
import { admissionQueue, publishAdmissionLoad } from '../../src/platform/http/admission.ts';

const children: ChildProcess[] = [];
const startApp = async (env: Record<string, string>) => {
  const app = await startAppServer(env);
  children.push(app.child);
  return app;
};
afterAll(async () => {
  await Promise.all(children.map((c) => stopChild(c)));
});

async function correctAnswers(ctx: AttemptContext, attemptId: string) {
  const keys = await ctx.store.keysFor(attemptId);
  return Object.fromEntries(
    keys.questions.map((d) => [d.id, correctResponse(ctx.catalog.questions.get(d.id)!, d.layout)]),
  );
}

/**
 * A trainee of a trainer's cohort working towards the complaint specialist certificate, on a clock started three days
 * ago, with their certificates of that program.
 */
async function candidate(cohortName: string) {
  const admin = await asAdmin();
  const [trainee, trainer] = await Promise.all([makeUser('trainee'), makeUser('trainer')]);
  await admin.collection('cohorts').create({ name: cohortName, trainer: trainer.id, members: [trainee.id] });
  const program = programCatalog().programs.get('complaint-specialist')!;
  const certificates = async () => (await certificatesOf(admin, trainee.id)).filter((c) => c.program === program.id);
  const clock = new TestClock(Date.now() - 3 * 86_400_000);
  return { admin, trainee, trainer, program, certificates, clock, ctx: attemptContextFor(admin) };
}

/** Start `quizId` and submit every answer right: it passes. */
async function passQuiz(ctx: AttemptContext, userId: string, quizId: string) {
  const attempt = await startAttempt(ctx, userId, quizId);
  const answers = await correctAnswers(ctx, attempt.attemptId);
  expect((await submitAttemptBrief(ctx, userId, attempt.attemptId, answers)).passed).toBe(true);
}

describe('achievement follow-ups', () => {
  it('survive a process killed between the grade and the follow-up: a restarted process issues the certificate', async () => {
    const { admin, trainee, trainer, program, certificates, clock, ctx } = await candidate('跟进测试班');
    for (const module of program.requiredModules) {
      await studyModuleHonestly(admin, trainee.id, module, clock);
      await passQuiz(ctx, trainee.id, `quiz-${module}`);
    }
    await passPractical(admin, viewerOf(trainer, 'trainer'), trainee.id, program.id, new Date());
    // The program's required calls, played honestly through the service (the exam is still missing).
    for (const call of program.requiredCalls ?? [])
      expect((await playModelPath(admin, trainee.id, call, () => new Date())).passed).toBe(true);
    expect(await certificates()).toHaveLength(0);

    // The exam, submitted through an app process that dies right after the grade is written.
    await buildApp();
    const doomed = await startApp({ ACADEMY_FAULT: 'kill-after-grade' });
    const exam = await startAttempt(ctx, trainee.id, program.exam);
    const exited = new Promise<NodeJS.Signals | null>((resolve) => doomed.child.once('exit', (_c, s) => resolve(s)));
    const submitted = await fetch(`${doomed.url}/_actions/submitAttempt`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: `ha_auth=${trainee.client.authStore.token}`,
        origin: doomed.url,
      },
      body: JSON.stringify({ attemptId: exam.attemptId, responses: await correctAnswers(ctx, exam.attemptId) }),
    }).then(
      (r) => r.status,
      () => 'connection lost',
    );
    expect(submitted).toBe('connection lost');
    expect(await exited).toBe('SIGKILL');
    expect(await ctx.store.get(exam.attemptId)).toMatchObject({ status: 'submitted', passed: true });
    // The follow-up was written with the grade, and nothing did it.
    expect(await followUpStore(admin).get(exam.attemptId)).toMatchObject({ user: trainee.id, quiz: program.exam });
    expect(await certificates()).toHaveLength(0);

    // A restarted app process finds it on its own (no request of the learner's): the certificate appears within
    // seconds and the follow-up is gone.
    await startApp({});
    const restartedAt = Date.now();
    while ((await certificates()).length === 0 && Date.now() - restartedAt < 20_000)
      await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await certificates()).toHaveLength(1);
    expect(Date.now() - restartedAt).toBeLessThan(20_000);
    expect(await followUpStore(admin).get(exam.attemptId)).toBeNull();
    // Submitting again is harmless: same grade, no second follow-up, still one certificate.
    expect(await submitAttemptBrief(ctx, trainee.id, exam.attemptId)).toMatchObject({ passed: true });
    expect(await followUpStore(admin).get(exam.attemptId)).toBeNull();
    expect(await certificates()).toHaveLength(1);
  }, 600_000);

  /** A passed module quiz whose follow-up is left pending (as by a process that answered before doing it). */
  async function pendingFollowUp() {
    const admin = await asAdmin();
    const trainee = await makeUser('trainee');
    const ctx: AttemptContext = { ...attemptContextFor(admin), afterSubmit: async () => undefined };
    const attempt = await startAttempt(ctx, trainee.id, 'quiz-service-mindset');
    await submitAttemptBrief(ctx, trainee.id, attempt.attemptId, await correctAnswers(ctx, attempt.attemptId));
    const pending = await followUpStore(admin).get(attempt.attemptId);
    expect(pending).not.toBeNull();
    return { admin, trainee, attempt, pending: pending! };
  }

  it('are done exactly once by two processes claiming the same follow-up', async () => {
    const { admin, trainee, attempt, pending } = await pendingFollowUp();
    // Both read the same copy and race to claim it: one does the work, the other backs off.
    const outcomes = await Promise.all([runFollowUp(admin, pending), runFollowUp(admin, pending)]);
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    expect(await followUpStore(admin).get(attempt.attemptId)).toBeNull();
    // A process that comes to its copy only now (its request was slow; the sweep did the work) finds nothing to do:
    // no error, nothing logged as left for the sweep.
    expect(await runFollowUp(admin, pending)).toBe(false);
    await expect(processFollowUp(admin, attempt.attemptId, undefined, pending)).resolves.toBeUndefined();
    const progress = await admin
      .collection('module_progress')
      .getFirstListItem(admin.filter('user = {:u} && module = "service-mindset"', { u: trainee.id }));
    expect(progress.quizPassed).toBe(true);
  }, 120_000);

  it('started in the background pass their turn when another process holds them, instead of waiting in the lane', async () => {
    const { admin, attempt, pending: written } = await pendingFollowUp();
    // Another process (a sweep) claims it before this process's turn comes.
    const held = await followUpStore(admin).claim(written, Date.now() + 15_000);
    expect(held).not.toBeNull();
    const started = Date.now();
    followUpInBackground(admin, written, () => new Date());
    await expect.poll(() => backgroundFollowUps().running + backgroundFollowUps().waiting).toBe(0);
    expect(Date.now() - started).toBeLessThan(2_000);
    // Still the other process's to do: this one neither did it nor released it.
    expect(await followUpStore(admin).get(attempt.attemptId)).toMatchObject({ version: held!.version });
    // Its lease runs out (it died): the next claim does the work.
    expect(await runFollowUp(admin, held!, () => new Date(Date.now() + 20_000))).toBe(true);
    expect(await followUpStore(admin).get(attempt.attemptId)).toBeNull();
  }, 120_000);

  /** Eight passing submissions at once through one process: the most follow-ups running and waiting at a time. */
  async function burstOfPasses() {
    const admin = await asAdmin();
    const ctx = attemptContextFor(admin, undefined, { followUp: 'background' });
    const trainees = await Promise.all(Array.from({ length: 8 }, () => makeUser('trainee')));
    const attempts = await Promise.all(trainees.map((t) => startAttempt(ctx, t.id, 'quiz-service-mindset')));
    const answers = await Promise.all(attempts.map((a) => correctAnswers(ctx, a.attemptId)));
    let mostRunning = 0;
    let mostWaiting = 0;
    const watch = setInterval(() => {
      const { running, waiting } = backgroundFollowUps();
      mostRunning = Math.max(mostRunning, running);
      mostWaiting = Math.max(mostWaiting, waiting);
    }, 1);
    try {
      const results = await Promise.all(
        trainees.map((t, i) => submitAttemptBrief(ctx, t.id, attempts[i]!.attemptId, answers[i]!)),
      );
      expect(results.every((r) => r.passed)).toBe(true);
      await expect
        .poll(() => backgroundFollowUps().running + backgroundFollowUps().waiting, { timeout: 30_000 })
        .toBe(0);
    } finally {
      clearInterval(watch);
    }
    for (const [i, t] of trainees.entries()) {
      const progress = await admin
        .collection('module_progress')
        .getFirstListItem(admin.filter('user = {:u} && module = "service-mindset"', { u: t.id }));
      expect(progress.quizPassed).toBe(true);
      expect(await followUpStore(admin).get(attempts[i]!.attemptId)).toBeNull();
    }
    return { mostRunning, mostWaiting };
  }

  it('started by requests run two at a time while the server has other requests, and a burst all get theirs', async () => {
    // A gate like the server's (its requests are never let go): two requests running, then four and two waiting.
    const gate = admissionQueue({ maxActive: 4, maxQueued: 10, maxWaitMs: 120_000 });
    publishAdmissionLoad(gate);
    try {
      for (const [requests, load] of [
        [2, { active: 2, waiting: 0 }],
        [4, { active: 4, waiting: 2 }],
      ] as const) {
        for (let i = 0; i < requests; i++) void gate.enter();
        expect({ active: gate.active, waiting: gate.waiting }).toEqual(load);
        const { mostRunning, mostWaiting } = await burstOfPasses();
        expect(mostRunning).toBe(2);
        expect(mostWaiting).toBeGreaterThan(0);
      }
    } finally {
      publishAdmissionLoad(undefined);
    }
    // Without a gate (a dev server, a script) the lane stays two wide too.
    expect((await burstOfPasses()).mostRunning).toBe(2);
  }, 180_000);

  it('started by requests run wider when the server has nothing else to do', async () => {
    publishAdmissionLoad(admissionQueue({ maxActive: 4, maxQueued: 10, maxWaitMs: 1_000 }));
    try {
      const { mostRunning } = await burstOfPasses();
      expect(mostRunning).toBeGreaterThan(2);
      expect(backgroundFollowUps().width).toBe(8);
    } finally {
      publishAdmissionLoad(undefined);
    }
  }, 120_000);

  it('are recorded only where there is work: none for a failed exam, one for a failed module quiz', async () => {
    const admin = await asAdmin();
    const trainee = await makeUser('trainee');
    const ctx: AttemptContext = { ...attemptContextFor(admin), afterSubmit: async () => undefined };
    // A failed exam attempt can earn no certificate and is no module's quiz: nothing follows it.
    const exam = await startAttempt(ctx, trainee.id, 'exam-hotline-agent');
    expect(await submitAttemptBrief(ctx, trainee.id, exam.attemptId, {})).toMatchObject({ passed: false });
    expect(await followUpStore(admin).get(exam.attemptId)).toBeNull();
    // A failed module quiz still changes the module's progress (its attempts), so it gets one.
    const quiz = await startAttempt(ctx, trainee.id, 'quiz-service-mindset');
    expect(await submitAttemptBrief(ctx, trainee.id, quiz.attemptId, {})).toMatchObject({ passed: false });
    expect(await followUpStore(admin).get(quiz.attemptId)).toMatchObject({ version: 1, tries: 0 });
  }, 120_000);

  it('of a lesson survive the process dying right after the lesson was written: the sweep completes the module and issues the certificate', async () => {
    const { admin, trainee, trainer, program, certificates, clock, ctx } = await candidate('课程跟进测试班');
    // Everything the program asks for — every quiz, the exam, the practical, the calls, every lesson — except the
    // end of the last module's last lesson.
    const lastModule = program.requiredModules.at(-1)!;
    const lastLesson = lessonsOf(lastModule).at(-1)!;
    for (const module of program.requiredModules) {
      await passQuiz(ctx, trainee.id, `quiz-${module}`);
      for (const lesson of lessonsOf(module))
        if (lesson !== lastLesson) await studyLessonHonestly(admin, trainee.id, lesson, clock);
    }
    await passPractical(admin, viewerOf(trainer, 'trainer'), trainee.id, program.id, new Date());
    for (const call of program.requiredCalls ?? [])
      expect((await playModelPath(admin, trainee.id, call, () => new Date())).passed).toBe(true);
    await passQuiz(ctx, trainee.id, program.exam);
    const moduleDone = async () =>
      (
        await admin
          .collection('module_progress')
          .getFirstListItem(admin.filter('user = {:u} && module = {:m}', { u: trainee.id, m: lastModule }))
      ).completedAt !== '';
    expect(await certificates()).toHaveLength(0);

    // The last lesson is completed by a write whose follow-up nobody does (recordProgress alone: what a process
    // that died right after the write leaves behind).
    const left: string[] = [];
    await studyLessonHonestly(admin, trainee.id, lastLesson, clock, async (events, now) => {
      const result = await recordProgress(admin, trainee.id, events, now);
      expect(result.completedLessons).toEqual([lastLesson.id]);
      left.push(...result.followUps.map((f) => f.id));
    });
    expect(left).toHaveLength(1);
    expect(await followUpStore(admin).get(left[0]!)).toMatchObject({
      user: trainee.id,
      quiz: '',
      achievement: { modules: [lastModule] },
    });
    expect(await moduleDone()).toBe(false);
    expect(await certificates()).toHaveLength(0);

    // Any process's sweep finds it (once it is a few seconds old): the module is complete, the certificate issued,
    // the follow-up gone.
    const pending = () => followUpStore(admin).get(left[0]!);
    for (const started = Date.now(); (await pending()) && Date.now() - started < 20_000;)
      await processDueFollowUps(admin, { limit: 1000, now: () => new Date(Date.now() + 5_000) });
    expect(await followUpStore(admin).get(left[0]!)).toBeNull();
    expect(await moduleDone()).toBe(true);
    expect(await certificates()).toHaveLength(1);
  }, 600_000);

  it('of a practical and of a passed call are written with them: when their work fails the request still succeeds, and the sweep issues the certificate', async () => {
    const { admin, trainee, trainer, program, certificates, clock, ctx } = await candidate('实操跟进测试班');
    for (const module of program.requiredModules) {
      await studyModuleHonestly(admin, trainee.id, module, clock);
      await passQuiz(ctx, trainee.id, `quiz-${module}`);
    }
    await passQuiz(ctx, trainee.id, program.exam);
    const calls = program.requiredCalls ?? [];
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls.slice(0, -1))
      expect((await playModelPath(admin, trainee.id, call, () => new Date())).passed).toBe(true);
    const pending = () =>
      admin.collection('achievement_followups').getFullList({
        filter: admin.filter('user = {:u}', { u: trainee.id }),
        sort: 'created',
        requestKey: null,
      });
    expect(await pending()).toHaveLength(0);

    // The practical and the last call go through a server whose certificate reads fail: both requests still
    // succeed (the assessment and the run are saved), and each leaves its follow-up behind, tried once.
    const failing = await asAdmin();
    failing.beforeSend = (url, options) => {
      // The certificate check reads the learner's certificates with their evidence (one /api/academy/read).
      if (url.includes('/collections/certificates/') || url.includes('/api/academy/read'))
        throw new Error('certificates unavailable (test)');
      return { url, options };
    };
    expect(
      (await passPractical(failing, viewerOf(trainer, 'trainer'), trainee.id, program.id, new Date())).passed,
    ).toBe(true);
    expect((await playModelPath(failing, trainee.id, calls.at(-1)!, () => new Date())).passed).toBe(true);
    const left = await pending();
    expect(left.map((f) => ({ quiz: f.quiz, achievement: f.achievement, tries: f.tries }))).toEqual([
      { quiz: '', achievement: { practicalFor: program.id }, tries: 1 },
      { quiz: '', achievement: { call: calls.at(-1) }, tries: 1 },
    ]);
    expect(left.every((f) => String(f.lastError).includes('certificates unavailable'))).toBe(true);
    expect(await certificates()).toHaveLength(0);

    // The sweep (once their retry time has come) does them: one certificate, nothing left.
    for (const started = Date.now(); (await pending()).length && Date.now() - started < 20_000;)
      await processDueFollowUps(admin, { limit: 1000, now: () => new Date(Date.now() + 10_000) });
    expect(await pending()).toHaveLength(0);
    expect(await certificates()).toHaveLength(1);

    // The certificate check reads all of this in one round trip (src/db/hooks/reads.pb.js): each read answers
    // there exactly what the records API answers for it alone, on a learner with rows of every kind.
    const reads = {
      certificates: certificatesRead(trainee.id),
      holder: identityRead(trainee.id),
      progress: lessonProgressRead(trainee.id),
      attempts: passedAttemptsRead(trainee.id),
      practicals: practicalsRead(trainee.id),
      runs: endedRunsRead(trainee.id),
    };
    const together = await readLists(admin, reads);
    for (const [name, read] of Object.entries(reads)) {
      const alone = await readList(admin, read as ListRead<unknown>);
      expect(alone.length, name).toBeGreaterThan(0);
      expect(together[name as keyof typeof reads], name).toEqual(alone);
    }
  }, 600_000);

  it('are forgotten once done, by the app only (admin): twice is fine, a trainee token and a bad id are refused', async () => {
    const admin = await asAdmin();
    const trainee = await makeUser('trainee');
    const row = await admin
      .collection('achievement_followups')
      .create(
        { user: trainee.id, quiz: '', achievement: { modules: [] }, claimedUntil: 0, tries: 0, version: 1 },
        { requestKey: null },
      );
    const exists = () => followUpStore(admin).get(row.id);
    const done = (client: typeof admin, id: string) =>
      client.send(`/api/academy/followups/${id}/done`, { method: 'POST', requestKey: null });
    await expect(done(trainee.client, row.id)).rejects.toMatchObject({ status: 401 });
    expect(await exists()).not.toBeNull();
    await expect(done(admin, 'x"; DROP TABLE')).rejects.toMatchObject({ status: 400 });
    await followUpStore(admin).remove(row.id);
    expect(await exists()).toBeNull();
    await followUpStore(admin).remove(row.id);
    expect(await done(admin, row.id)).toEqual({ removed: 0 });
  });
});
