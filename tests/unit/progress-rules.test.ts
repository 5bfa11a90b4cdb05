import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyPracticeResult,
  applyProgressEvent,
  creditStudyTime,
  isOverdue,
  studyStatus,
  emptyProgress,
  heartbeatCapSeconds,
  maxBacklogSeconds,
  modulePercent,
  moduleStatus,
  type CreditedEvent,
} from '../../src/domain/progress/rules.ts';

const t = new Date('2026-11-24T08:00:00Z');
const req = (checks: string[], minSeconds = 0) => ({ practiceChecks: checks, minSeconds });
const run = (events: CreditedEvent[], checks: string[], minSeconds = 0) =>
  events.reduce((p, e) => applyProgressEvent(p, e, req(checks, minSeconds), t), emptyProgress(t));

describe('lesson progress', () => {
  it('completes only when the end is reached, every practice check has passed and the study minimum is reached', () => {
    const r = req(['a', 'b'], 60);
    let p = run([{ type: 'view', position: 1 }], ['a', 'b'], 60);
    expect(p.completedAt).toBeNull();
    p = applyPracticeResult(applyPracticeResult(p, 'a', true, r, t), 'b', true, r, t);
    expect(p.completedAt).toBeNull(); // read and practised, but no study time yet
    p = applyProgressEvent(p, { type: 'heartbeat', credited: 30 }, r, t);
    expect(p.completedAt).toBeNull();
    p = applyProgressEvent(p, { type: 'heartbeat', credited: 30 }, r, t);
    expect(p.completedAt).toEqual(t);
    expect(
      run(
        [
          { type: 'view', position: 0.9 },
          { type: 'heartbeat', credited: 999 },
        ],
        [],
        0,
      ).completedAt,
    ).toBeNull();
  });

  it('keeps a passed check passed and the furthest position', () => {
    const r = req(['a']);
    let p = run(
      [
        { type: 'view', position: 0.7 },
        { type: 'view', position: 0.2 },
      ],
      ['a'],
    );
    p = applyPracticeResult(applyPracticeResult(p, 'a', true, r, t), 'a', false, r, t);
    expect(p.practice).toEqual({ a: true });
    expect(p.position).toBe(0.7);
  });
});

describe('study clock', () => {
  const t0 = Date.parse('2026-11-24T08:00:00Z');
  it('starts on the first accepted event and credits nothing before it', () => {
    expect(creditStudyTime(null, [15, 15], t0)).toEqual({ credits: [0, 0], until: t0 });
  });
  it('credits at most the cap per heartbeat and at most the time that passed', () => {
    expect(creditStudyTime(t0, [15], t0 + 20_000)).toEqual({ credits: [15], until: t0 + 15_000 });
    expect(creditStudyTime(t0, [120], t0 + 100_000).credits).toEqual([heartbeatCapSeconds]);
    expect(creditStudyTime(t0, [15, 15, 15], t0 + 20_000)).toEqual({ credits: [15, 5, 0], until: t0 + 20_000 });
  });
  it('forfeits idle time beyond the backlog limit', () => {
    const many = Array.from({ length: 100 }, () => 30);
    const { credits } = creditStudyTime(t0, many, t0 + 10 * 3600_000);
    expect(credits.reduce((a, b) => a + b, 0)).toBe(maxBacklogSeconds);
  });
  it('credits nothing when the server clock went backwards', () => {
    expect(creditStudyTime(t0, [15], t0 - 60_000)).toEqual({ credits: [0], until: t0 });
  });
  it('never credits more than really passed, whatever the claims and their timing', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            gap: fc.integer({ min: 0, max: 2_000_000 }),
            claims: fc.array(fc.integer({ min: 1, max: 120 }), { maxLength: 100 }),
          }),
          { maxLength: 30 },
        ),
        (batches) => {
          let until: number | null = null;
          let now = t0;
          let total = 0;
          for (const b of batches) {
            now += b.gap;
            const r = creditStudyTime(until, b.claims, now);
            total += r.credits.reduce((a, c) => a + c, 0);
            expect(r.until).toBeLessThanOrEqual(Math.max(now, until ?? now));
            until = r.until;
          }
          expect(total * 1000).toBeLessThanOrEqual(now - t0);
        },
      ),
    );
  });
});

describe('module status', () => {
  const m = { lessonsTotal: 5, lessonsCompleted: 5, lessonsStarted: 5, quizPassed: false, quizAttempted: true };
  const due = new Date('2026-12-01T00:00:00Z');
  it('needs every lesson and the module quiz', () => {
    expect(moduleStatus(m, due, t)).toBe('in-progress');
    expect(moduleStatus({ ...m, quizPassed: true }, due, t)).toBe('completed');
    expect(modulePercent(m)).toBe(83);
    expect(modulePercent({ ...m, quizPassed: true })).toBe(100);
  });
  it('is overdue after the due date unless completed, and not started without activity', () => {
    expect(moduleStatus(m, due, new Date('2026-12-02T00:00:00Z'))).toBe('overdue');
    expect(moduleStatus({ ...m, quizPassed: true }, due, new Date('2027-01-01T00:00:00Z'))).toBe('completed');
    expect(
      moduleStatus(
        { lessonsTotal: 5, lessonsCompleted: 0, lessonsStarted: 0, quizPassed: false, quizAttempted: false },
        null,
        t,
      ),
    ).toBe('not-started');
  });
});

describe('overdue (the one rule; the HR view repeats it in SQL)', () => {
  const due = new Date('2026-11-24T08:00:00.000Z');
  const at = (ms: number) => new Date(due.getTime() + ms);
  it('is overdue only strictly after the due date, and never once done', () => {
    expect(isOverdue(due, false, at(-1000))).toBe(false);
    expect(isOverdue(due, false, at(-1))).toBe(false);
    expect(isOverdue(due, false, at(0))).toBe(false);
    expect(isOverdue(due, false, at(1))).toBe(true);
    expect(isOverdue(due, false, at(1000))).toBe(true);
    expect(isOverdue(due, true, at(1000))).toBe(false);
    expect(isOverdue(null, false, at(1000))).toBe(false);
  });
  it('studyStatus: done beats overdue, overdue beats started', () => {
    expect(studyStatus(true, true, due, at(1))).toBe('completed');
    expect(studyStatus(false, true, due, at(1))).toBe('overdue');
    expect(studyStatus(false, false, due, at(1))).toBe('overdue');
    expect(studyStatus(false, true, due, at(0))).toBe('in-progress');
    expect(studyStatus(false, false, null, at(0))).toBe('not-started');
  });
});
