import { describe, expect, it } from 'vitest';
import {
  deadlineFor,
  decideStart,
  isPastGrace,
  needsFollowUp,
  revealsItem,
  reviewVisibility,
  scoreAttempt,
  type AttemptSummary,
} from '../../src/domain/assessment/rules.ts';
import { quizSchema } from '../../src/domain/assessment/schema.ts';

const exam = quizSchema.parse({
  id: 'exam-test',
  kind: 'exam',
  title: '测试考试',
  description: '用于测试的考试。',
  draw: [{ module: 'service-mindset', count: 2 }],
  passMark: 0.85,
  timeLimitMinutes: 45,
  maxAttempts: 3,
  waitHours: 24,
  review: { scores: 'always', answers: 'after-pass-or-last-attempt' },
});
const quiz = quizSchema.parse({
  id: 'quiz-test',
  kind: 'module',
  module: 'service-mindset',
  title: '测验',
  description: '用于测试的测验。',
  draw: [{ module: 'service-mindset', count: 2 }],
});
const t0 = new Date('2026-11-24T08:00:00Z');
const hours = (h: number) => new Date(t0.getTime() + h * 3_600_000);
const failed = (n: number, at: Date): AttemptSummary => ({
  attemptNo: n,
  status: 'submitted',
  passed: false,
  submittedAt: at,
});

describe('starting attempts', () => {
  it('numbers the first attempt 1 and allows module quizzes after a pass', () => {
    expect(decideStart(exam, [], t0)).toEqual({ ok: true, attemptNo: 1 });
    expect(decideStart(quiz, [{ attemptNo: 1, status: 'submitted', passed: true, submittedAt: t0 }], t0)).toEqual({
      ok: true,
      attemptNo: 2,
    });
  });
  it('makes the learner wait after a failed exam attempt, to the second', () => {
    expect(decideStart(exam, [failed(1, t0)], hours(23.99))).toEqual({
      ok: false,
      reason: 'waiting',
      until: hours(24),
    });
    expect(decideStart(exam, [failed(1, t0)], hours(24))).toEqual({ ok: true, attemptNo: 2 });
  });
  it('stops at the attempt limit, after a pass, and while an attempt is open', () => {
    expect(decideStart(exam, [failed(1, t0), failed(2, hours(25)), failed(3, hours(50))], hours(100))).toEqual({
      ok: false,
      reason: 'no-attempts-left',
    });
    expect(decideStart(exam, [{ ...failed(1, t0), passed: true }], hours(100))).toEqual({
      ok: false,
      reason: 'passed',
    });
    expect(decideStart(quiz, [{ attemptNo: 1, status: 'in-progress', passed: false, submittedAt: null }], t0)).toEqual({
      ok: false,
      reason: 'in-progress',
    });
  });
});

describe('time limits', () => {
  it('computes the deadline and the 60 s grace', () => {
    const deadline = deadlineFor(exam, t0)!;
    expect(deadline).toEqual(new Date('2026-11-24T08:45:00Z'));
    expect(isPastGrace(deadline, new Date('2026-11-24T08:46:00Z'))).toBe(false);
    expect(isPastGrace(deadline, new Date('2026-11-24T08:46:00.001Z'))).toBe(true);
    expect(deadlineFor(quiz, t0)).toBeNull();
    expect(isPastGrace(null, hours(1000))).toBe(false);
  });
});

describe('scoring', () => {
  const drawn = [
    { id: 'sm-001', module: 'service-mindset' },
    { id: 'sm-002', module: 'service-mindset' },
    { id: 'va-001', module: 'voice-affinity' },
    { id: 'va-002', module: 'voice-affinity' },
  ];
  it('totals and breaks down by module; unanswered questions count as zero', () => {
    const s = scoreAttempt(exam, drawn, [
      { questionId: 'sm-001', score: 1, status: 'correct' },
      { questionId: 'sm-002', score: 0.5, status: 'partial' },
      { questionId: 'va-001', score: 1, status: 'correct' },
    ]);
    expect(s).toEqual({
      percent: 62.5,
      passed: false,
      breakdown: [
        { module: 'service-mindset', earned: 1.5, possible: 2, percent: 75 },
        { module: 'voice-affinity', earned: 1, possible: 2, percent: 50 },
      ],
    });
  });
  it('passes exactly at the pass mark and not just below it', () => {
    const twenty = Array.from({ length: 20 }, (_, i) => ({ id: `sm-${i}`, module: 'service-mindset' }));
    const grades = (right: number) =>
      twenty.map((q, i) => ({ questionId: q.id, score: i < right ? 1 : 0, status: 'correct' as const }));
    expect(scoreAttempt(exam, twenty, grades(17)).passed).toBe(true); // 85%
    expect(scoreAttempt(exam, twenty, grades(16)).passed).toBe(false); // 80%
  });
});

describe('review policy', () => {
  it('reveals exam answers only after a pass or the last allowed attempt', () => {
    expect(reviewVisibility(exam, { passed: false }, [failed(1, t0)])).toEqual({ scores: true, answers: false });
    expect(
      reviewVisibility(exam, { passed: true }, [failed(1, t0), { ...failed(2, hours(30)), passed: true }]),
    ).toEqual({ scores: true, answers: true });
    expect(
      reviewVisibility(exam, { passed: false }, [failed(1, t0), failed(2, hours(30)), failed(3, hours(60))]),
    ).toEqual({ scores: true, answers: true });
    expect(reviewVisibility(quiz, { passed: false }, [failed(1, t0)])).toEqual({ scores: true, answers: true });
  });
});

describe('which items a review may reveal', () => {
  it('a practice item whenever answers are visible; an exam item only in an exam whose policy reveals answers', () => {
    const practice = { pool: 'practice' as const };
    const examItem = { pool: 'exam' as const };
    expect(revealsItem({ kind: 'module' }, practice, true)).toBe(true);
    expect(revealsItem({ kind: 'module' }, examItem, true)).toBe(false);
    expect(revealsItem({ kind: 'exam' }, examItem, true)).toBe(true);
    expect(revealsItem({ kind: 'exam' }, examItem, false)).toBe(false);
    expect(revealsItem({ kind: 'module' }, practice, false)).toBe(false);
  });
});

describe('needsFollowUp', () => {
  it('follows a pass, and any attempt at a module’s own quiz, but not a failed exam or listening exercise', () => {
    expect(needsFollowUp({ id: 'exam-hotline-agent' }, true)).toBe(true);
    expect(needsFollowUp({ id: 'exam-hotline-agent' }, false)).toBe(false);
    expect(needsFollowUp({ id: 'quiz-service-mindset', module: 'service-mindset' }, false)).toBe(true);
    expect(needsFollowUp({ id: 'listening-greeting', module: 'voice-affinity' }, false)).toBe(false);
    expect(needsFollowUp({ id: 'listening-greeting', module: 'voice-affinity' }, true)).toBe(true);
  });
});
