import { ClientResponseError } from 'pocketbase';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { canonicalResponse } from '../../src/domain/assessment/canonical-response.ts';
import { attemptStore } from '../../src/domain/assessment/repo.ts';
import { AppError } from '../../src/platform/errors/index.ts';
import {
  attemptResult,
  openAttempt,
  saveResponses,
  startAttempt,
  submitAttempt,
  type AttemptContext,
} from '../../src/domain/assessment/service.ts';
import { quizCatalog } from '../../src/domain/assessment/catalog.ts';
import { correctResponse, wrongResponse } from '../support/answer-key.ts';
import { asAdmin, makeUser } from './pocketbase-fixtures.ts';

type Made = Awaited<ReturnType<typeof makeUser>>;
const catalog = quizCatalog();
const start = new Date('2026-11-24T08:00:00Z');
let clock = start;
let ctx: AttemptContext;
const advance = (minutes: number) => (clock = new Date(clock.getTime() + minutes * 60_000));

beforeAll(async () => {
  ctx = { store: attemptStore(await asAdmin()), catalog, now: () => clock };
});
// Every test starts at the same time, whatever earlier tests advanced the clock to.
beforeEach(() => {
  clock = start;
});

/** Correct (or, for the first `wrong` questions, wrong) responses for an attempt, read from its keys. */
async function answers(attemptId: string, wrong = 0) {
  const keys = await ctx.store.keysFor(attemptId);
  return Object.fromEntries(
    keys.questions
      .map((d, i) => {
        const q = catalog.questions.get(d.id)!;
        const r = i < wrong ? (wrongResponse(q, d.layout) ?? {}) : correctResponse(q, d.layout);
        // As the server stores it (canonical form: e.g. multiple choices in ascending order).
        const canonical = canonicalResponse(q, r);
        return [d.id, canonical.ok ? canonical.response : r];
      })
      .filter(([, r]) => r && Object.keys(r as object).length),
  );
}

async function errorCode(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'ok';
  } catch (error) {
    if (error instanceof ClientResponseError) return `pb-${error.status}`;
    if (error instanceof AppError) return error.name;
    return String(error);
  }
}

describe('module quiz lifecycle', () => {
  let trainee: Made, other: Made;
  beforeAll(async () => {
    [trainee, other] = await Promise.all([makeUser('trainee'), makeUser('trainee')]);
  });

  it('starts, resumes the same attempt, autosaves and grades once however often it is submitted', async () => {
    const started = await startAttempt(ctx, trainee.id, 'quiz-service-mindset');
    expect(started.questions).toHaveLength(10);
    expect(JSON.stringify(started)).not.toMatch(/"(answer|explanation|feedback|score|accepted)"/);
    expect((await startAttempt(ctx, trainee.id, 'quiz-service-mindset')).attemptId).toBe(started.attemptId);

    const responses = await answers(started.attemptId);
    await saveResponses(ctx, trainee.id, started.attemptId, responses);
    const resumed = await openAttempt(ctx, trainee.id, 'quiz-service-mindset');
    expect(resumed?.responses).toEqual(responses);

    const [a, b] = await Promise.all([
      submitAttempt(ctx, trainee.id, started.attemptId),
      submitAttempt(ctx, trainee.id, started.attemptId),
    ]);
    expect(a).toEqual(b);
    expect(a).toMatchObject({ percent: 100, passed: true, late: false });
    expect(a.questions).toHaveLength(10);
    expect(a.questions!.every((q) => q.status === 'correct' && q.explanation.length > 0)).toBe(true);
    advance(5);
    const again = await submitAttempt(ctx, trainee.id, started.attemptId, {});
    expect(again).toEqual(a);
    expect(await errorCode(saveResponses(ctx, trainee.id, started.attemptId, {}))).toBe('AttemptClosed');
  });

  it('refuses another trainee’s attempt, through the server and through PocketBase directly', async () => {
    const mine = await startAttempt(ctx, trainee.id, 'quiz-voice-affinity');
    expect(await errorCode(submitAttempt(ctx, other.id, mine.attemptId))).toBe('AttemptNotFound');
    expect(await errorCode(saveResponses(ctx, other.id, mine.attemptId, {}))).toBe('AttemptNotFound');
    expect(await errorCode(attemptResult(ctx, other.id, mine.attemptId))).toBe('AttemptNotFound');
    expect(await errorCode(other.client.collection('attempts').getOne(mine.attemptId))).toBe('pb-404');
    expect(
      (await other.client.collection('attempts').getList(1, 50, { filter: `id = "${mine.attemptId}"` })).totalItems,
    ).toBe(0);
    // The owner may read the attempt but not write it, nor read its keys.
    expect((await trainee.client.collection('attempts').getOne(mine.attemptId)).status).toBe('in-progress');
    expect(
      await errorCode(trainee.client.collection('attempts').update(mine.attemptId, { score: 100, passed: true })),
    ).toBe('pb-403');
    expect(
      await errorCode(
        trainee.client
          .collection('attempts')
          .create({
            user: trainee.id,
            quiz: 'quiz-x',
            kind: 'module',
            attemptNo: 9,
            status: 'submitted',
            startedAt: new Date().toISOString(),
            questionIds: [],
            passed: true,
          }),
      ),
    ).toBe('pb-403');
    expect(await errorCode(trainee.client.collection('attempt_keys').getList(1, 10))).toBe('pb-403');
  });

  it('rejects answers to questions outside the attempt and malformed payloads', async () => {
    const attempt = await startAttempt(ctx, other.id, 'quiz-service-etiquette');
    expect(await errorCode(saveResponses(ctx, other.id, attempt.attemptId, { 'zz-999': { value: true } }))).toBe(
      'InvalidResponses',
    );
    expect(
      await errorCode(saveResponses(ctx, other.id, attempt.attemptId, { [attempt.questions[0]!.id]: { choice: 1 } })),
    ).toBe('InvalidResponses');
    expect(await errorCode(saveResponses(ctx, other.id, attempt.attemptId, 'nonsense'))).toBe('InvalidResponses');
    expect((await openAttempt(ctx, other.id, 'quiz-service-etiquette'))?.responses).toEqual({});
  });
});

describe('canonical responses through the attempt service', () => {
  /** The stored attempt record, read as the admin (what the server saved). */
  const stored = async (attemptId: string) => (await asAdmin()).collection('attempts').getOne(attemptId);

  it('refuses aliases, duplicates and unknown keys with the question number, saves and grades nothing of them', async () => {
    const trainee = await makeUser('trainee');
    const attempt = await startAttempt(ctx, trainee.id, 'quiz-service-mindset');
    const keys = await ctx.store.keysFor(attempt.attemptId);
    const right = await answers(attempt.attemptId);
    await saveResponses(ctx, trainee.id, attempt.attemptId, right);
    const before = await stored(attempt.attemptId);
    expect(before.responses).toEqual(right);

    // Find a multiple-choice question if drawn, else any choice question; the alias bug sent one option twice.
    const index = keys.questions.findIndex((d) =>
      ['multiple', 'single', 'scenario'].includes(catalog.questions.get(d.id)!.type),
    );
    expect(index).toBeGreaterThanOrEqual(0);
    const target = keys.questions[index]!;
    const isMultiple = catalog.questions.get(target.id)!.type === 'multiple';
    const crafted = isMultiple
      ? [{ choices: ['0', '00', '+0'] }, { choices: ['0', '0'] }, { choices: ['0', ' 1'] }, { choices: ['0', '99'] }]
      : [{ choice: '00' }, { choice: '+0' }, { choice: ' 0' }, { choice: '99' }, { choice: '0', extra: '1' }];
    for (const bad of crafted) {
      const responses = { ...right, [target.id]: bad };
      const saveError = await saveResponses(ctx, trainee.id, attempt.attemptId, responses).then(
        () => null,
        (e: unknown) => e,
      );
      expect(saveError, JSON.stringify(bad)).toBeInstanceOf(AppError);
      expect((saveError as AppError).name).toBe('InvalidResponses');
      expect((saveError as AppError).message).toMatch(new RegExp(`^第 ${index + 1} 题：`));
      expect(await errorCode(submitAttempt(ctx, trainee.id, attempt.attemptId, responses))).toBe('InvalidResponses');
    }
    // Nothing was saved, nothing graded: the attempt is open with the answers saved before.
    const after = await stored(attempt.attemptId);
    expect(after.status).toBe('in-progress');
    expect(after.responses).toEqual(right);
    expect(after.savedAt).toBe(before.savedAt);
    expect((await ctx.store.keysFor(attempt.attemptId)).results).toEqual([]);
    // The canonical response is still accepted and graded.
    const result = await submitAttempt(ctx, trainee.id, attempt.attemptId, right);
    expect(result).toMatchObject({ percent: 100, passed: true });
  });

  it('stores the canonical form (choices in ascending order) and refuses answers outside a question’s bounds', async () => {
    const trainee = await makeUser('trainee');
    const attempt = await startAttempt(ctx, trainee.id, 'exam-hotline-agent');
    const keys = await ctx.store.keysFor(attempt.attemptId);
    const byType = (t: string) => keys.questions.find((d) => catalog.questions.get(d.id)!.type === t);
    const multiple = byType('multiple');
    if (multiple) {
      await saveResponses(ctx, trainee.id, attempt.attemptId, { [multiple.id]: { choices: ['2', '0'] } });
      expect((await stored(attempt.attemptId)).responses).toEqual({ [multiple.id]: { choices: ['0', '2'] } });
    }
    const ordering = byType('ordering');
    if (ordering)
      expect(
        await errorCode(saveResponses(ctx, trainee.id, attempt.attemptId, { [ordering.id]: { order: ['0', '1'] } })),
      ).toBe('InvalidResponses');
    const fill = byType('fill-blank');
    if (fill)
      expect(
        await errorCode(
          saveResponses(ctx, trainee.id, attempt.attemptId, { [fill.id]: { blanks: ['a', 'b', 'c', 'd', 'e'] } }),
        ),
      ).toBe('InvalidResponses');
    const single = byType('single') ?? byType('scenario');
    if (single)
      expect(await errorCode(saveResponses(ctx, trainee.id, attempt.attemptId, { [single.id]: { value: true } }))).toBe(
        'InvalidResponses',
      );
    expect(multiple || ordering || fill || single).toBeTruthy();
  });
});

describe('reviews show only the attempt’s own items, and never an exam-pool item in practice', () => {
  it('a module quiz review lists exactly the attempt’s items, all practice; an exam attempt draws only exam items', async () => {
    const trainee = await makeUser('trainee');
    const quiz = await startAttempt(ctx, trainee.id, 'quiz-complaint-handling');
    const result = await submitAttempt(ctx, trainee.id, quiz.attemptId, await answers(quiz.attemptId));
    expect(result.questions!.map((q) => q.id)).toEqual(quiz.questions.map((q) => q.id));
    expect(result.questions!.every((q) => catalog.questions.get(q.id)!.pool === 'practice')).toBe(true);
    const exam = await startAttempt(ctx, trainee.id, 'exam-complaint-specialist');
    expect(exam.questions.every((q) => catalog.questions.get(q.id)!.pool === 'exam')).toBe(true);
  });

  it('hides an exam-pool item in a practice attempt drawn before the item joined the exam pool', async () => {
    const trainee = await makeUser('trainee');
    const started = await startAttempt(ctx, trainee.id, 'quiz-stress-management');
    const moved = started.questions[0]!.id;
    const original = catalog.questions.get(moved)!;
    // The item moves to the exam pool after the attempt was drawn (a content change between deployments).
    const questions = new Map(catalog.questions);
    questions.set(moved, { ...original, pool: 'exam' });
    const later: AttemptContext = { ...ctx, catalog: { ...catalog, questions } };
    const result = await submitAttempt(later, trainee.id, started.attemptId, await answers(started.attemptId));
    expect(result.questions!.map((q) => q.id)).not.toContain(moved);
    expect(result.questions).toHaveLength(started.questions.length - 1);
    expect(JSON.stringify(result)).not.toContain(original.explanation);
  });
});

describe('certification exam rules', () => {
  it('grades a submission after the time limit with the answers saved in time, and marks it late', async () => {
    const trainee = await makeUser('trainee');
    const exam = await startAttempt(ctx, trainee.id, 'exam-hotline-agent');
    expect(new Date(exam.deadline!).getTime() - clock.getTime()).toBe(45 * 60_000);
    const all = await answers(exam.attemptId);
    const firstTen = Object.fromEntries(Object.entries(all).slice(0, 10));
    await saveResponses(ctx, trainee.id, exam.attemptId, firstTen);
    advance(45 + 2); // past the 60 s grace
    expect(await errorCode(saveResponses(ctx, trainee.id, exam.attemptId, all))).toBe('AttemptClosed');
    const result = await submitAttempt(ctx, trainee.id, exam.attemptId, all);
    expect(result.late).toBe(true);
    expect(result.percent).toBeCloseTo((10 / 35) * 100, 1);
    expect(result.passed).toBe(false);
    // Answers stay hidden after a failed attempt while attempts remain; module scores are shown.
    expect(result.questions).toBeNull();
    expect(result.breakdown).toHaveLength(7);
  });

  it('accepts a submission inside the grace period as on time', async () => {
    const trainee = await makeUser('trainee');
    const exam = await startAttempt(ctx, trainee.id, 'exam-hotline-agent');
    advance(45.5);
    const result = await submitAttempt(ctx, trainee.id, exam.attemptId, await answers(exam.attemptId));
    expect(result).toMatchObject({ late: false, passed: true, percent: 100 });
    expect(result.questions).toHaveLength(35);
  });

  it('enforces the waiting period and the attempt limit, then reveals answers after the last attempt', async () => {
    const trainee = await makeUser('trainee');
    const sit = async () => {
      const exam = await startAttempt(ctx, trainee.id, 'exam-hotline-agent');
      return submitAttempt(ctx, trainee.id, exam.attemptId, await answers(exam.attemptId, 10));
    };
    const first = await sit();
    expect(first.passed).toBe(false);
    advance(60);
    expect(await errorCode(startAttempt(ctx, trainee.id, 'exam-hotline-agent'))).toBe('MustWait');
    advance(23 * 60);
    const second = await sit();
    expect(second.attemptNo).toBe(2);
    advance(24 * 60);
    const third = await sit();
    expect(third.attemptNo).toBe(3);
    expect(third.questions).toHaveLength(35);
    advance(48 * 60);
    expect(await errorCode(startAttempt(ctx, trainee.id, 'exam-hotline-agent'))).toBe('NoAttemptsLeft');
  });

  it('closes an abandoned exam when its time is over and grades what was saved', async () => {
    const trainee = await makeUser('trainee');
    const exam = await startAttempt(ctx, trainee.id, 'exam-complaint-specialist');
    await saveResponses(ctx, trainee.id, exam.attemptId, await answers(exam.attemptId));
    advance(31 + 1);
    expect(await openAttempt(ctx, trainee.id, 'exam-complaint-specialist')).toBeNull();
    const admin = await asAdmin();
    const record = await admin.collection('attempts').getOne(exam.attemptId);
    expect(record).toMatchObject({ status: 'submitted', late: true, passed: true, score: 100 });
  });
});
