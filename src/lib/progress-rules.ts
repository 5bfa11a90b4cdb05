import type { ProgressEvent } from '../schemas/progress.ts';

/** Longest time one heartbeat may add: an idle or suspended tab cannot pile up hours. */
export const heartbeatCapSeconds = 30;
/** Scrolled this far, the learner has reached the end of the lesson. */
export const endPosition = 0.95;

/** A learner's progress in one lesson. */
export interface LessonProgress {
  startedAt: Date;
  completedAt: Date | null;
  seconds: number;
  position: number;
  reachedEnd: boolean;
  /** Practice check id → passed (once passed, it stays passed). */
  practice: Record<string, boolean>;
}

export function emptyProgress(now: Date): LessonProgress {
  return { startedAt: now, completedAt: null, seconds: 0, position: 0, reachedEnd: false, practice: {} };
}

/** A lesson is completed when the learner reached its end and passed every practice check in it. */
export function isLessonComplete(p: LessonProgress, requiredChecks: readonly string[]): boolean {
  return p.reachedEnd && requiredChecks.every((id) => p.practice[id] === true);
}

/** Apply one event; `completedAt` is set the first time the lesson becomes complete and never cleared. */
export function applyProgressEvent(p: LessonProgress, e: ProgressEvent, requiredChecks: readonly string[], now: Date): LessonProgress {
  const next: LessonProgress = { ...p, practice: { ...p.practice } };
  switch (e.type) {
    case 'view':
      next.position = Math.max(p.position, e.position);
      next.reachedEnd = p.reachedEnd || e.position >= endPosition;
      break;
    case 'heartbeat':
      next.seconds = p.seconds + Math.min(e.seconds, heartbeatCapSeconds);
      break;
    case 'practice':
      next.practice[e.checkId] = p.practice[e.checkId] === true || e.passed;
      break;
  }
  if (!next.completedAt && isLessonComplete(next, requiredChecks)) next.completedAt = now;
  return next;
}

export type StudyStatus = 'not-started' | 'in-progress' | 'completed' | 'overdue';
export const studyStatusLabels: Record<StudyStatus, string> = { 'not-started': '未开始', 'in-progress': '学习中', completed: '已完成', overdue: '已逾期' };

export interface ModuleProgressInput {
  lessonsTotal: number;
  lessonsCompleted: number;
  lessonsStarted: number;
  quizPassed: boolean;
  quizAttempted: boolean;
}

/** Module completion = every lesson completed and the module quiz passed. */
export function isModuleComplete(m: ModuleProgressInput): boolean {
  return m.lessonsTotal > 0 && m.lessonsCompleted >= m.lessonsTotal && m.quizPassed;
}

/** Share of the module done, 0–100: lessons and the quiz each count as one step. */
export function modulePercent(m: ModuleProgressInput): number {
  const steps = m.lessonsTotal + 1;
  return Math.round(((Math.min(m.lessonsCompleted, m.lessonsTotal) + (m.quizPassed ? 1 : 0)) / steps) * 100);
}

/** 未开始 / 学习中 / 已完成 / 已逾期 for a module, given an optional due date. */
export function moduleStatus(m: ModuleProgressInput, dueAt: Date | null, now: Date): StudyStatus {
  if (isModuleComplete(m)) return 'completed';
  if (dueAt && now > dueAt) return 'overdue';
  return m.lessonsStarted > 0 || m.quizAttempted ? 'in-progress' : 'not-started';
}
