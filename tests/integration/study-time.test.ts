import { describe, expect, it } from 'vitest';
import { progressBatchSchema, progressEventSchema } from '../../src/domain/progress/schema.ts';
import { attemptContextFor } from '../../src/domain/assessment/attempt-context.ts';
import { startAttempt, submitAttempt } from '../../src/domain/assessment/service.ts';
import { certificatesOf } from '../../src/domain/certification/service.ts';
import { lessonsOf } from '../../src/domain/progress/lesson-index.ts';
import { programCatalog } from '../../src/domain/certification/catalog.ts';
import { creditOnStudyClock, recordProgress } from '../../src/domain/progress/service.ts';
import { answerPractice, reportStudy } from '../../src/domain/progress/study-clock.ts';
import { passPractical } from '../support/honest-practical.ts';
import { heartbeatCapSeconds, maxBacklogSeconds } from '../../src/domain/progress/rules.ts';
import type { ProgressEvent } from '../../src/domain/progress/schema.ts';
import { correctResponse } from '../support/answer-key.ts';
import { eventId, heartbeats, TestClock } from '../support/honest-study.ts';
import { passingAnswers } from '../support/practice-answers.ts';
import { asAdmin, makeUser, viewerOf } from './pocketbase-fixtures.ts';
import { playModelPath } from '../support/honest-call.ts';
import { startRun, submitTurn } from '../../src/domain/calls/service.ts';
import { AppError } from '../../src/platform/errors/index.ts';

const start = Date.parse('2026-11-24T08:00:00Z');

/** Seconds credited to a user, all lessons together. */
async function creditedSeconds(userId: string): Promise<number> {
  const admin = await asAdmin();
  const rows = await admin
    .collection('lesson_progress')
    .getFullList({ filter: admin.filter('user = {:u}', { u: userId }), fields: 'seconds', requestKey: null });
  return rows.reduce((s, r) => s + (r.seconds as number), 0);
}

describe('the study clock', () => {
  it('credits concurrent batches from many tabs no more than the time that really passed', async () => {
    const admin = await asAdmin();
    const trainee = await makeUser('trainee');
    const clock = new TestClock(start);
    const lessons = lessonsOf('service-mindset');
    await recordProgress(
      admin,
      trainee.id,
      [{ id: eventId(), lesson: lessons[0]!.id, type: 'view', position: 0.1 }],
      clock.now(),
    );
    clock.advance(60);
    // Ten "tabs" at once, each claiming two minutes over several lessons.
    const batches = Array.from({ length: 10 }, (_, i) =>
      lessons
        .slice(0, 4)
        .flatMap((l) => heartbeats(l.id, 30))
        .map((e) => ({ ...e, id: `${e.id}-${i}` })),
    );
    const results = await Promise.all(batches.map((b) => recordProgress(admin, trainee.id, b, clock.now())));
    expect(results.reduce((s, r) => s + r.credited, 0)).toBe(60);
    expect(await creditedSeconds(trainee.id)).toBe(60);
    // Each lesson started once, whatever the race: one follow-up each (a writer that lost the race to create a
    // lesson's row wrote nothing, its follow-up included).
    const followUps = await admin
      .collection('achievement_followups')
      .getFullList({ filter: admin.filter('user = {:u}', { u: trainee.id }), requestKey: null });
    expect(followUps.map((f) => f.achievement)).toEqual(Array(4).fill({ modules: ['service-mindset'] }));
    expect(results.flatMap((r) => r.followUps)).toHaveLength(3);
  });

  it('holds as a compare-and-set in the database, without the in-process lock (another app process)', async () => {
    const admin = await asAdmin();
    const trainee = await makeUser('trainee');
    const now = new Date(start);
    await creditOnStudyClock(admin, trainee.id, [], now);
    const later = new Date(start + 90_000);
    const credits = await Promise.all(
      Array.from({ length: 12 }, () => creditOnStudyClock(admin, trainee.id, [30, 30, 30], later)),
    );
    expect(credits.flat().reduce((a, b) => a + b, 0)).toBe(90);
    const rows = await admin
      .collection('study_clocks')
      .getFullList({ filter: admin.filter('user = {:u}', { u: trainee.id }), requestKey: null });
    expect(Math.max(...rows.map((r) => r.until as number))).toBe(start + 90_000);
  });

  it('never counts replayed, duplicated or far-fetched heartbeats, and forfeits idle time beyond the backlog', async () => {
    const admin = await asAdmin();
    const trainee = await makeUser('trainee');
    const clock = new TestClock(start);
    const lesson = lessonsOf('stress-management')[0]!;
    // Heartbeats before any accepted event: the clock only starts now.
    expect((await recordProgress(admin, trainee.id, heartbeats(lesson.id, 300), clock.now())).credited).toBe(0);
    clock.advance(45);
    const batch = heartbeats(lesson.id, 90);
    expect((await recordProgress(admin, trainee.id, batch, clock.now())).credited).toBe(45);
    clock.advance(600);
    // The same events replayed (same ids), and under another lesson: the clock decides either way.
    expect((await recordProgress(admin, trainee.id, batch, clock.now())).credited).toBe(0);
    const replayed = batch.map((e) => ({ ...e, lesson: lessonsOf('stress-management')[1]!.id }));
    expect((await recordProgress(admin, trainee.id, replayed, clock.now())).credited).toBe(90);
    // A day away: at most the backlog can be claimed afterwards.
    clock.advance(86_400);
    const many: ProgressEvent[] = Array.from({ length: 100 }, () => ({
      id: eventId(),
      lesson: lesson.id,
      type: 'heartbeat',
      seconds: 120,
    }));
    expect((await recordProgress(admin, trainee.id, many, clock.now())).credited).toBe(maxBacklogSeconds);
    expect(await creditedSeconds(trainee.id)).toBe(45 + 90 + maxBacklogSeconds);
  });

  it('no longer accepts practice results from the browser', () => {
    expect(
      progressEventSchema.safeParse({
        id: 'evt-00000001',
        lesson: 'service-mindset/01-why-service-matters',
        type: 'practice',
        checkId: 'x',
        passed: true,
      }).success,
    ).toBe(false);
  });
});

describe('practice checks graded on the server', () => {
  it('pass only from the server’s grading: a wrong answer stays failed, cards must all be turned, keys stay bound to their lesson', async () => {
    const admin = await asAdmin();
    const trainee = await makeUser('trainee');
    const t = new TestClock(start);
    const lesson = lessonsOf('service-etiquette').find(
      (l) => l.practice.some((c) => c.kind === 'flip-cards') && l.practice.some((c) => c.kind === 'choose-reply'),
    )!;
    const choose = lesson.practice.find((c) => c.kind === 'choose-reply')!;
    const cards = lesson.practice.find((c) => c.kind === 'flip-cards')!;
    const right = passingAnswers(choose)[0]!;
    const wrong = {
      kind: 'choose-reply' as const,
      option:
        right.kind === 'choose-reply'
          ? (right.option + 1) % (choose.kind === 'choose-reply' ? choose.options.length : 2)
          : 0,
    };
    const first = await answerPractice(admin, trainee.id, lesson.id, choose.id, wrong, t.now());
    expect(first).toMatchObject({ passed: false, grade: { kind: 'choose-reply', passed: false } });
    expect(first.status!.passedChecks).toEqual([]);
    expect((await answerPractice(admin, trainee.id, lesson.id, choose.id, right, t.now())).passed).toBe(true);
    // A pass stays a pass.
    expect((await answerPractice(admin, trainee.id, lesson.id, choose.id, wrong, t.now())).passed).toBe(true);

    const turns = passingAnswers(cards);
    for (const [i, turn] of turns.entries()) {
      // The same card twice counts once.
      const outcome = await answerPractice(admin, trainee.id, lesson.id, cards.id, turn, t.now());
      if (i === 0)
        expect((await answerPractice(admin, trainee.id, lesson.id, cards.id, turn, t.now())).passed).toBe(false);
      expect(outcome.passed).toBe(i === turns.length - 1);
    }

    const elsewhere = lessonsOf('service-mindset')[0]!;
    await expect(answerPractice(admin, trainee.id, elsewhere.id, choose.id, right, t.now())).rejects.toMatchObject({
      name: 'UnknownLesson',
      log: expect.stringContaining('practice check'),
    });
    await expect(
      answerPractice(admin, trainee.id, lesson.id, choose.id, { kind: 'reorder-steps', order: [0, 1, 2] }, t.now()),
    ).rejects.toMatchObject({ name: 'InvalidPracticeAnswer', log: expect.stringContaining('does not fit') });
    await expect(
      answerPractice(admin, trainee.id, lesson.id, choose.id, { kind: 'choose-reply', option: 9 }, t.now()),
    ).rejects.toMatchObject({ name: 'InvalidPracticeAnswer', log: expect.stringContaining('does not exist') });
    const record = await trainee.client.collection('lesson_progress').getFirstListItem(`lesson = "${lesson.id}"`);
    expect(record.practice).toEqual({ [choose.id]: true, [cards.id]: true });
    expect(record.completedAt).toBe('');
  });
});

describe('the fastest possible cheater', () => {
  it('cannot hold a certificate before the summed minimum study time has passed on the server clock', async () => {
    const admin = await asAdmin();
    const [cheater, trainer] = await Promise.all([makeUser('trainee'), makeUser('trainer')]);
    await admin.collection('cohorts').create({ name: '速通测试班', trainer: trainer.id, members: [cheater.id] });
    const clock = new TestClock(start);
    const program = programCatalog().programs.get('hotline-agent')!;
    const lessons = program.requiredModules.flatMap((m) => lessonsOf(m));
    const minimum = lessons.reduce((s, l) => s + l.minSeconds, 0);
    expect(minimum).toBeGreaterThan(3600);
    const certificates = async () => (await certificatesOf(admin, cheater.id)).filter((c) => c.program === program.id);

    // 1. Every lesson's events as fast as possible: read to the end, the largest heartbeats the schema allows
    //    (several batches at once, ids reused across lessons), and every practice check answered right.
    for (const lesson of lessons) {
      const forged: ProgressEvent[] = [
        { id: eventId(), lesson: lesson.id, type: 'view', position: 1 },
        ...Array.from({ length: 99 }, (_, i): ProgressEvent => ({
          id: `forged-${i}-${cheater.id}`,
          lesson: lesson.id,
          type: 'heartbeat',
          seconds: 120,
        })),
      ];
      expect(progressBatchSchema.safeParse({ events: forged }).success).toBe(true);
      await Promise.all([
        reportStudy(admin, cheater.id, forged, clock.now()),
        reportStudy(admin, cheater.id, forged, clock.now()),
      ]);
      for (const check of lesson.practice)
        for (const answer of passingAnswers(check))
          await answerPractice(admin, cheater.id, lesson.id, check.id, answer, clock.now());
    }
    clock.advance(2);

    // 2. Every quiz and the exam with the answer key, and a practical assessment.
    const ctx = attemptContextFor(admin, clock.now);
    for (const quizId of [...program.requiredModules.map((m) => `quiz-${m}`), program.exam]) {
      const attempt = await startAttempt(ctx, cheater.id, quizId);
      const keys = await ctx.store.keysFor(attempt.attemptId);
      const responses = Object.fromEntries(
        keys.questions.map((d) => [d.id, correctResponse(ctx.catalog.questions.get(d.id)!, d.layout)]),
      );
      expect((await submitAttempt(ctx, cheater.id, attempt.attemptId, responses)).passed, quizId).toBe(true);
    }
    await passPractical(admin, viewerOf(trainer, 'trainer'), cheater.id, program.id, clock.now());

    // The complaint-specialist exam and practical as well: that program also requires its hardest simulated calls,
    // and a forged or replayed reply is refused (the server decides every turn).
    const specialist = programCatalog().programs.get('complaint-specialist')!;
    {
      const attempt = await startAttempt(ctx, cheater.id, specialist.exam);
      const keys = await ctx.store.keysFor(attempt.attemptId);
      const responses = Object.fromEntries(
        keys.questions.map((d) => [d.id, correctResponse(ctx.catalog.questions.get(d.id)!, d.layout)]),
      );
      expect((await submitAttempt(ctx, cheater.id, attempt.attemptId, responses)).passed).toBe(true);
      await passPractical(admin, viewerOf(trainer, 'trainer'), cheater.id, specialist.id, clock.now());
    }
    const forged = await startRun(admin, cheater, specialist.requiredCalls![0]!, clock.now());
    // Both forged replies race; allSettled holds both outcomes at once (awaiting them one by one left the second's
    // rejection unhandled whenever it came first, which vitest reported as an unhandled error).
    const outcomes = await Promise.allSettled([
      submitTurn(admin, cheater, { runId: forged.id, turnIndex: 0, reply: { kind: 'choice', key: '9' } }, clock.now()),
      submitTurn(admin, cheater, { runId: forged.id, turnIndex: 4, reply: { kind: 'choice', key: '0' } }, clock.now()),
    ]);
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected');
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(AppError);
    }
    const specialistCertificates = async () =>
      (await certificatesOf(admin, cheater.id)).filter((c) => c.program === specialist.id);

    expect(await certificates()).toHaveLength(0);
    expect(await creditedSeconds(cheater.id)).toBeLessThanOrEqual(2);
    const modules = await admin
      .collection('module_progress')
      .getFullList({ filter: admin.filter('user = {:u}', { u: cheater.id }), requestKey: null });
    expect(modules.filter((m) => m.completedAt)).toHaveLength(0);

    // 3. From now on the cheater claims as much as the schema allows every backlog period, always for the lessons
    //    still short of time. No certificate may exist before the summed minimum has passed on the server clock.
    let issuedAt: number | null = null;
    for (let round = 0; round < 200 && issuedAt === null; round++) {
      clock.advance(maxBacklogSeconds);
      const rows = await admin.collection('lesson_progress').getFullList({
        filter: admin.filter('user = {:u}', { u: cheater.id }),
        fields: 'lesson,seconds',
        requestKey: null,
      });
      const needy = lessons.filter((l) => (rows.find((r) => r.lesson === l.id)?.seconds ?? 0) < l.minSeconds);
      const claims: ProgressEvent[] = needy
        .flatMap((l) =>
          Array.from({ length: Math.ceil(l.minSeconds / heartbeatCapSeconds) }, (): ProgressEvent => ({
            id: eventId(),
            lesson: l.id,
            type: 'heartbeat',
            seconds: 120,
          })),
        )
        .slice(0, 100);
      await reportStudy(admin, cheater.id, claims, clock.now());
      if ((await certificates()).length) issuedAt = clock.now().getTime();
      const elapsed = (clock.now().getTime() - start) / 1000;
      expect(await creditedSeconds(cheater.id)).toBeLessThanOrEqual(elapsed);
    }
    expect(issuedAt).not.toBeNull();
    expect((issuedAt! - start) / 1000).toBeGreaterThanOrEqual(minimum);
    const [cert] = await certificates();
    const evidence = cert!.evidence as { modules: { module: string; studySeconds: number }[] };
    expect(evidence.modules.reduce((s, m) => s + m.studySeconds, 0)).toBeGreaterThanOrEqual(minimum);

    // 4. Everything of the complaint-specialist program is met but its calls: no certificate until they are passed
    //    honestly through the service; the last passed run issues it.
    expect(await specialistCertificates()).toHaveLength(0);
    for (const call of specialist.requiredCalls!) {
      expect(await specialistCertificates()).toHaveLength(0);
      expect((await playModelPath(admin, cheater.id, call, clock.now)).passed).toBe(true);
    }
    expect(await specialistCertificates()).toHaveLength(1);
  }, 180_000);
});
