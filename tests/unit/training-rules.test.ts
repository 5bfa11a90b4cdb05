import { describe, expect, it } from 'vitest';
import { attemptRows, groupAttempts } from '../../src/domain/training/attempt-list.ts';
import { chinaDate, dueAtOf, isPastDue } from '../../src/domain/training/rules.ts';

describe('assignment due dates', () => {
  it('ends a due date at 23:59:59 China time and refuses days that do not exist', () => {
    expect(dueAtOf('2026-12-31')!.toISOString()).toBe('2026-12-31T15:59:59.000Z');
    expect(dueAtOf('2026-02-30')).toBeNull();
    expect(dueAtOf('2026-13-01')).toBeNull();
    expect(dueAtOf('31.12.2026')).toBeNull();
  });

  it('refuses a day that has ended in China, accepts today until midnight China time', () => {
    // 2026-11-27 16:30 UTC is 2026-11-28 00:30 in China: the 27th is over.
    const now = new Date('2026-11-27T16:30:00Z');
    expect(chinaDate(now)).toBe('2026-11-28');
    expect(isPastDue(dueAtOf('2026-11-27')!, now)).toBe(true);
    expect(isPastDue(dueAtOf('2026-11-28')!, now)).toBe(false);
    expect(isPastDue(dueAtOf('2026-11-28')!, new Date('2026-11-28T15:59:59.000Z'))).toBe(false);
    expect(isPastDue(dueAtOf('2026-11-28')!, new Date('2026-11-28T16:00:00.000Z'))).toBe(true);
  });
});

describe("a trainee's attempt list", () => {
  it('groups attempts by quiz, newest quiz first, with count, best score and latest result', () => {
    const rows = attemptRows([
      { id: 'a4', quiz: 'quiz-b', attemptNo: 2, score: 60, passed: false, late: false, submittedAt: '2026-11-04' },
      { id: 'a3', quiz: 'quiz-a', attemptNo: 3, score: 70, passed: false, late: true, submittedAt: '2026-11-03' },
      { id: 'a2', quiz: 'quiz-a', attemptNo: 2, score: 90, passed: true, late: false, submittedAt: '2026-11-02' },
      { id: 'a1', quiz: 'quiz-b', attemptNo: 1, score: 50, passed: false, late: false, submittedAt: '2026-11-01' },
    ]);
    const groups = groupAttempts(rows);
    expect(groups.map((g) => [g.quiz, g.count, g.best, g.everPassed, g.latest.id])).toEqual([
      ['quiz-b', 2, 60, false, 'a4'],
      ['quiz-a', 2, 90, true, 'a3'],
    ]);
    expect(groups[1]!.attempts.map((a) => a.id)).toEqual(['a3', 'a2']);
    expect(groupAttempts([])).toEqual([]);
  });
});

describe('item statistics flags', async () => {
  const { itemFlag, minItemResponses } = await import('../../src/domain/assessment/item-flags.ts');
  it('flags nothing below the minimum number of responses, says 样本不足 instead', () => {
    expect(minItemResponses).toBeGreaterThanOrEqual(20);
    expect(itemFlag(undefined)).toEqual({ kind: 'no-data' });
    expect(itemFlag({ attempts: 3, warnings: ['too-easy'] })).toEqual({
      kind: 'insufficient',
      responses: 3,
      needed: minItemResponses,
    });
    expect(itemFlag({ attempts: minItemResponses - 1, warnings: ['negative-discrimination'] }).kind).toBe(
      'insufficient',
    );
    expect(itemFlag({ attempts: minItemResponses, warnings: ['too-hard'] })).toEqual({
      kind: 'warnings',
      warnings: ['too-hard'],
    });
    expect(itemFlag({ attempts: 40, warnings: [] })).toEqual({ kind: 'ok' });
  });
});
