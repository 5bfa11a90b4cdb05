import { describe, expect, it } from 'vitest';
import { applyProgressEvent, emptyProgress, heartbeatCapSeconds, modulePercent, moduleStatus } from '../../src/lib/progress-rules.ts';
import type { ProgressEvent } from '../../src/schemas/progress.ts';

const t = new Date('2026-11-24T08:00:00Z');
const lesson = 'service-mindset/01-why-service-matters';
const ev = (e: Record<string, unknown>) => ({ id: 'evt-00000001', lesson, ...e }) as ProgressEvent;
const run = (events: Record<string, unknown>[], checks: string[]) => events.reduce((p, e) => applyProgressEvent(p, ev(e), checks, t), emptyProgress(t));

describe('lesson progress', () => {
  it('completes only when the end is reached and every practice check has passed', () => {
    expect(run([{ type: 'view', position: 1 }], ['a', 'b']).completedAt).toBeNull();
    expect(run([{ type: 'view', position: 1 }, { type: 'practice', checkId: 'a', passed: true }], ['a', 'b']).completedAt).toBeNull();
    const done = run([{ type: 'practice', checkId: 'a', passed: true }, { type: 'practice', checkId: 'b', passed: true }, { type: 'view', position: 0.96 }], ['a', 'b']);
    expect(done.completedAt).toEqual(t);
    expect(run([{ type: 'practice', checkId: 'a', passed: true }, { type: 'view', position: 0.9 }], ['a']).completedAt).toBeNull();
  });

  it('keeps a passed check passed and the furthest position', () => {
    const p = run([{ type: 'practice', checkId: 'a', passed: true }, { type: 'practice', checkId: 'a', passed: false }, { type: 'view', position: 0.7 }, { type: 'view', position: 0.2 }], ['a']);
    expect(p.practice).toEqual({ a: true });
    expect(p.position).toBe(0.7);
  });

  it('caps each heartbeat so an idle tab cannot add hours', () => {
    expect(run([{ type: 'heartbeat', seconds: 15 }, { type: 'heartbeat', seconds: 120 }], []).seconds).toBe(15 + heartbeatCapSeconds);
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
    expect(moduleStatus({ lessonsTotal: 5, lessonsCompleted: 0, lessonsStarted: 0, quizPassed: false, quizAttempted: false }, null, t)).toBe('not-started');
  });
});
