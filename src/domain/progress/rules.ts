/** Longest time one heartbeat may add: an idle or suspended tab cannot pile up hours. */
export const heartbeatCapSeconds = 30;
/**
 * Longest stretch of past time one batch can still be credited: study done offline is counted when it syncs,
 * up to this much; older unclaimed time is forfeited so that an idle account does not bank hours.
 */
export const maxBacklogSeconds = 900;
/** Scrolled this far, the learner has reached the end of the lesson. */
export const endPosition = 0.95;

/** A learner's progress in one lesson. */
export interface LessonProgress {
  startedAt: Date;
  completedAt: Date | null;
  /** Active study time credited on the server's clock. */
  seconds: number;
  position: number;
  reachedEnd: boolean;
  /** Practice check id → passed, as graded by the server (once passed, it stays passed). */
  practice: Record<string, boolean>;
  /** Flip-card check id → the cards whose backs the server has handed out. */
  cardsSeen: Record<string, number[]>;
}

/** What a lesson asks before it counts as completed. */
export interface LessonRequirement {
  practiceChecks: readonly string[];
  minSeconds: number;
}

export function emptyProgress(now: Date): LessonProgress {
  return { startedAt: now, completedAt: null, seconds: 0, position: 0, reachedEnd: false, practice: {}, cardsSeen: {} };
}

/** A lesson is completed when the learner reached its end, passed every practice check and studied long enough. */
export function isLessonComplete(p: LessonProgress, req: LessonRequirement): boolean {
  return p.reachedEnd && req.practiceChecks.every((id) => p.practice[id] === true) && p.seconds >= req.minSeconds;
}

/** Seconds of study a lesson still needs (0 when the minimum is reached). */
export function secondsStillNeeded(
  p: Pick<LessonProgress, 'seconds'>,
  req: Pick<LessonRequirement, 'minSeconds'>,
): number {
  return Math.max(0, req.minSeconds - p.seconds);
}

/** Set `completedAt` the first time the lesson is complete; it is never cleared. */
export function markCompletion(p: LessonProgress, req: LessonRequirement, now: Date): LessonProgress {
  return !p.completedAt && isLessonComplete(p, req) ? { ...p, completedAt: now } : p;
}

/** An event after the server has decided what it is worth: heartbeats carry the seconds credited, not claimed. */
export type CreditedEvent = { type: 'view'; position: number } | { type: 'heartbeat'; credited: number };

/** Apply one accepted event. */
export function applyProgressEvent(
  p: LessonProgress,
  e: CreditedEvent,
  req: LessonRequirement,
  now: Date,
): LessonProgress {
  const next: LessonProgress = { ...p };
  if (e.type === 'view') {
    next.position = Math.max(p.position, e.position);
    next.reachedEnd = p.reachedEnd || e.position >= endPosition;
  } else {
    next.seconds = p.seconds + e.credited;
  }
  return markCompletion(next, req, now);
}

/** Record a practice result graded by the server (a pass stays a pass). */
export function applyPracticeResult(
  p: LessonProgress,
  checkId: string,
  passed: boolean,
  req: LessonRequirement,
  now: Date,
): LessonProgress {
  return markCompletion(
    { ...p, practice: { ...p.practice, [checkId]: p.practice[checkId] === true || passed } },
    req,
    now,
  );
}

/**
 * Credit heartbeats on the server's clock, for one user across all lessons, tabs and devices. `until` is the
 * moment up to which the user's time has been credited (ms; null before their first accepted event). Each
 * heartbeat gets min(claimed, cap, time not yet credited), so the total credited never exceeds the time that
 * really passed since the first event. Returns the credits (same order as `claims`) and the new `until`.
 */
export function creditStudyTime(
  until: number | null,
  claims: readonly number[],
  nowMs: number,
): { credits: number[]; until: number } {
  if (until === null) return { credits: claims.map(() => 0), until: nowMs };
  const start = Math.max(until, nowMs - maxBacklogSeconds * 1000);
  let available = Math.max(0, Math.floor((nowMs - start) / 1000));
  const credits = claims.map((claimed) => {
    const credit = Math.max(0, Math.min(Math.floor(claimed), heartbeatCapSeconds, available));
    available -= credit;
    return credit;
  });
  return { credits, until: start + credits.reduce((a, b) => a + b, 0) * 1000 };
}

export type StudyStatus = 'not-started' | 'in-progress' | 'completed' | 'overdue';
export const studyStatusLabels: Record<StudyStatus, string> = {
  'not-started': '未开始',
  'in-progress': '学习中',
  completed: '已完成',
  overdue: '已逾期',
};

export interface ModuleProgressInput {
  lessonsTotal: number;
  lessonsCompleted: number;
  lessonsStarted: number;
  quizPassed: boolean;
  quizAttempted: boolean;
}

/**
 * The one definition of 「单元完成」: every lesson completed and the module quiz passed. The server stores its
 * verdict as `module_progress.completedAt` (src/domain/progress/service.ts), which is what the HR view reads; certification
 * (src/domain/certification/service.ts) asks this function too.
 */
export function isModuleComplete(m: ModuleProgressInput): boolean {
  return m.lessonsTotal > 0 && m.lessonsCompleted >= m.lessonsTotal && m.quizPassed;
}

/** Share of the module done, 0–100: lessons and the quiz each count as one step. */
export function modulePercent(m: ModuleProgressInput): number {
  const steps = m.lessonsTotal + 1;
  return Math.round(((Math.min(m.lessonsCompleted, m.lessonsTotal) + (m.quizPassed ? 1 : 0)) / steps) * 100);
}

/**
 * The one definition of 「逾期」: work that is not done and whose due date is strictly in the past (due exactly
 * now is not yet overdue). The HR view repeats it in SQL (`hr_staff_certifications.overdue`); the parity test in
 * tests/integration/hr-dashboard.test.ts pins the two together.
 */
export function isOverdue(dueAt: Date | null, done: boolean, now: Date): boolean {
  return !done && dueAt !== null && now.getTime() > dueAt.getTime();
}

/** 未开始 / 学习中 / 已完成 / 已逾期 for any piece of assigned work: done first, then overdue, then started. */
export function studyStatus(done: boolean, started: boolean, dueAt: Date | null, now: Date): StudyStatus {
  if (done) return 'completed';
  if (isOverdue(dueAt, done, now)) return 'overdue';
  return started ? 'in-progress' : 'not-started';
}

/** 未开始 / 学习中 / 已完成 / 已逾期 for a module, given an optional due date. */
export function moduleStatus(m: ModuleProgressInput, dueAt: Date | null, now: Date): StudyStatus {
  return studyStatus(isModuleComplete(m), m.lessonsStarted > 0 || m.quizAttempted, dueAt, now);
}
