import type PocketBase from 'pocketbase';
import {
  applyPracticeResult,
  applyProgressEvent,
  creditStudyTime,
  emptyProgress,
  isModuleComplete,
  secondsStillNeeded,
  type LessonProgress,
} from './rules.ts';
import { gradePractice, type PracticeGrade } from './practice-checks.ts';
import type { ProgressEvent } from './schema.ts';
import type { PracticeAnswer, PracticeCheck } from './practice-schema.ts';
import { AppError, InvalidPracticeAnswer, UnknownLesson } from '../../platform/errors/index.ts';
import { lessonIndex, lessonsOf, practiceCheck, type LessonFacts } from './lesson-index.ts';
import { moduleQuizId } from '../assessment/catalog.ts';
import { conflict, untilWritten } from '../../platform/pocketbase/versioned.ts';
import {
  appendStudyClock,
  latestStudyClock,
  lessonProgressInModule,
  lessonProgressRecord,
  moduleProgressRecord,
  achievementFollowUp,
  removeStudyClock,
  writeLessonProgress,
  writeModuleProgress,
  type FollowUpRecord,
  type ProgressRecord,
} from './repo.ts';
import { submittedAttemptsAt } from '../assessment/repo.ts';
import { learningEventWritten } from '../xapi/learning-events.ts';

/** How many applied event ids a progress record remembers (far more than a browser ever retries). */
const rememberedEvents = 500;

/** What the lesson page shows about the learner's progress in one lesson. */
export interface LessonStatus {
  lesson: string;
  reachedEnd: boolean;
  passedChecks: string[];
  practiceChecks: string[];
  seconds: number;
  minSeconds: number;
  secondsNeeded: number;
  completed: boolean;
}

export interface RecordResult {
  applied: number;
  duplicates: number;
  /** Seconds credited on the server's clock for this batch (all lessons together). */
  credited: number;
  /** Lessons that became complete with this batch. */
  completedLessons: string[];
  /** Lessons the learner opened for the first time with this batch. */
  startedLessons: string[];
  /** Status of every lesson the batch touched. */
  lessons: LessonStatus[];
  /** Follow-ups written with the lessons started or completed (src/domain/progress/follow-ups.ts). */
  followUps: FollowUpRecord[];
}

const requirement = (facts: LessonFacts) => ({ practiceChecks: facts.practiceChecks, minSeconds: facts.minSeconds });

function statusOf(facts: LessonFacts, p: LessonProgress | null): LessonStatus {
  const state = p ?? emptyProgress(new Date(0));
  return {
    lesson: facts.id,
    reachedEnd: state.reachedEnd,
    passedChecks: facts.practiceChecks.filter((id) => state.practice[id] === true),
    practiceChecks: facts.practiceChecks,
    seconds: state.seconds,
    minSeconds: facts.minSeconds,
    secondsNeeded: secondsStillNeeded(state, facts),
    completed: !!state.completedAt,
  };
}

const toState = (r: ProgressRecord): LessonProgress => ({
  startedAt: r.startedAt!,
  completedAt: r.completedAt,
  seconds: r.seconds,
  position: r.position,
  reachedEnd: r.reachedEnd,
  practice: r.practice,
  cardsSeen: r.cardsSeen,
});

/**
 * Write a lesson's progress if nobody wrote it since `existing` was read (compare-and-set on its version; a create
 * is decided by the unique (user, lesson) index). False when another writer was first: read again and redo.
 */
async function writeProgress(
  admin: PocketBase,
  userId: string,
  facts: LessonFacts,
  existing: ProgressRecord | null,
  state: LessonProgress,
  appliedIds: string[],
  now: Date,
  followUp: FollowUpRecord | null,
): Promise<boolean> {
  return writeLessonProgress(
    admin,
    existing,
    {
      user: userId,
      lesson: facts.id,
      module: facts.module,
      startedAt: state.startedAt.toISOString(),
      completedAt: state.completedAt?.toISOString() ?? '',
      seconds: state.seconds,
      position: state.position,
      reachedEnd: state.reachedEnd,
      practice: state.practice,
      cardsSeen: state.cardsSeen,
      lastEventAt: now.toISOString(),
      eventIds: [...(existing?.eventIds ?? []), ...appliedIds].slice(-rememberedEvents),
    },
    followUp,
  );
}

/** How often a clock advance is retried when another writer advanced the same user's clock first. */
const clockRetries = 8;

/**
 * Advance the user's study clock by the heartbeats `claims` (seconds claimed, in order) and return the seconds
 * credited for each. The new state is written as the row with the next `seq`; the unique (user, seq) index makes
 * a concurrent writer that read the same state fail, and it re-reads and tries again — so concurrent batches,
 * in this process or another, never spend the same seconds twice.
 */
export async function creditOnStudyClock(
  admin: PocketBase,
  userId: string,
  claims: readonly number[],
  now: Date,
): Promise<number[]> {
  for (let attempt = 0; ; attempt++) {
    const current = await latestStudyClock(admin, userId);
    const { credits, until } = creditStudyTime(current?.until ?? null, claims, now.getTime());
    // Nothing to credit and a clock already running: no write needed.
    if (current && (until === current.until || claims.length === 0)) return credits;
    try {
      await appendStudyClock(admin, userId, (current?.seq ?? 0) + 1, until);
    } catch (error) {
      if ((error as { status?: number }).status === 400 && attempt < clockRetries) continue;
      throw error;
    }
    if (current) {
      // Only the newest row counts; a row left behind by a failed delete is harmless.
      await removeStudyClock(admin, current.id).catch((e: unknown) =>
        console.warn(`[progress] could not remove old study clock ${current.id}: ${String(e)}`),
      );
    }
    return credits;
  }
}

/** Split a lesson's events into those not applied before (nor repeated in the batch) and the count of the others. */
function freshEvents(
  existing: ProgressRecord | null,
  list: readonly ProgressEvent[],
): { fresh: ProgressEvent[]; duplicates: number } {
  const seen = new Set(existing?.eventIds ?? []);
  const fresh: ProgressEvent[] = [];
  let duplicates = 0;
  for (const e of list) {
    if (seen.has(e.id)) duplicates++;
    else {
      seen.add(e.id);
      fresh.push(e);
    }
  }
  return { fresh, duplicates };
}

/**
 * Write one lesson's progress as a compare-and-set, redoing `change` on a fresh copy whenever another writer (in this
 * process or another) was first. `change` gets the current record (null if none) and returns the new state and the
 * event ids it applied, or null when there is nothing to write. Returns the record read and the state written.
 */
async function changeLesson(
  admin: PocketBase,
  userId: string,
  facts: LessonFacts,
  now: Date,
  change: (existing: ProgressRecord | null) => { state: LessonProgress; appliedIds: string[] } | null,
): Promise<{ existing: ProgressRecord | null; state: LessonProgress | null; followUp: FollowUpRecord | null }> {
  return untilWritten(`progress ${userId} ${facts.id}`, async () => {
    const existing = await lessonProgressRecord(admin, userId, facts.id);
    const changed = change(existing);
    if (!changed) return { existing, state: existing ? toState(existing) : null, followUp: null };
    const completes = !existing?.completedAt && !!changed.state.completedAt;
    // Starting or completing a lesson changes its module's progress and may complete a certificate: that work is
    // recorded in the same write, so a crash right after it cannot lose it.
    const followUp = !existing || completes ? achievementFollowUp(userId, { modules: [facts.module] }) : null;
    const written = await writeProgress(
      admin,
      userId,
      facts,
      existing,
      changed.state,
      changed.appliedIds,
      now,
      followUp,
    );
    if (!written) return conflict;
    if (completes)
      await learningEventWritten(admin, {
        kind: 'lesson-completed',
        userId,
        lesson: facts.id,
        module: facts.module,
        completedAt: changed.state.completedAt!,
      });
    return { existing, state: changed.state, followUp };
  });
}

/**
 * Apply a batch of progress events for one user, in three steps that hold across app processes:
 * 1. each lesson's new events (ids not applied before, nor repeated in the batch) are applied without their study
 *    time and their ids stored in the same compare-and-set write — of two batches carrying the same event, in any
 *    processes, exactly one claims it; the other counts it as a duplicate;
 * 2. the heartbeats this batch claimed are credited on the server's clock (per user, across every lesson, tab and
 *    device; `creditOnStudyClock`, itself a compare-and-set);
 * 3. the credited seconds are added to their lessons (compare-and-set again, redone on conflict, so none is lost).
 * So a retried or duplicated batch changes nothing, no concurrent update is lost, and no second is credited twice.
 */
export async function recordProgress(
  admin: PocketBase,
  userId: string,
  events: readonly ProgressEvent[],
  now: Date,
): Promise<RecordResult> {
  const index = lessonIndex();
  const byLesson = new Map<string, ProgressEvent[]>();
  for (const e of events) {
    if (!index.has(e.lesson)) throw new AppError(UnknownLesson, { log: [`lesson ${e.lesson}`] });
    byLesson.set(e.lesson, [...(byLesson.get(e.lesson) ?? []), e]);
  }
  const result: RecordResult = {
    applied: 0,
    duplicates: 0,
    credited: 0,
    completedLessons: [],
    startedLessons: [],
    lessons: [],
    followUps: [],
  };
  // 1. Claim the new events of each lesson (views take effect now, heartbeats wait for their credit).
  const work: {
    facts: LessonFacts;
    before: ProgressRecord | null;
    claimed: ProgressEvent[];
    state: LessonProgress | null;
  }[] = [];
  for (const [lesson, list] of byLesson) {
    const facts = index.get(lesson)!;
    let claimed: ProgressEvent[] = [];
    let duplicates = 0;
    const { existing, state, followUp } = await changeLesson(admin, userId, facts, now, (current) => {
      ({ fresh: claimed, duplicates } = freshEvents(current, list));
      if (!claimed.length) return null;
      let next = current ? toState(current) : emptyProgress(now);
      for (const e of claimed)
        next = applyProgressEvent(
          next,
          e.type === 'view' ? { type: 'view', position: e.position } : { type: 'heartbeat', credited: 0 },
          requirement(facts),
          now,
        );
      return { state: next, appliedIds: claimed.map((e) => e.id) };
    });
    result.duplicates += duplicates;
    result.applied += claimed.length;
    if (followUp) result.followUps.push(followUp);
    work.push({ facts, before: existing, claimed, state });
  }
  // 2. What the claimed heartbeats are worth on the server's clock (any new event starts the clock).
  const heartbeats = work.flatMap((w) => w.claimed.filter((e) => e.type === 'heartbeat'));
  const anyClaimed = work.some((w) => w.claimed.length > 0);
  const credits = anyClaimed
    ? await creditOnStudyClock(
        admin,
        userId,
        heartbeats.map((h) => (h.type === 'heartbeat' ? h.seconds : 0)),
        now,
      )
    : [];
  const creditOf = new Map<ProgressEvent, number>(heartbeats.map((h, i) => [h, credits[i] ?? 0]));
  // 3. Add each lesson's credited seconds.
  for (const w of work) {
    const credited = w.claimed.reduce((sum, e) => sum + (creditOf.get(e) ?? 0), 0);
    if (credited > 0) {
      const { state, followUp } = await changeLesson(admin, userId, w.facts, now, (current) => ({
        state: applyProgressEvent(
          current ? toState(current) : emptyProgress(now),
          { type: 'heartbeat', credited },
          requirement(w.facts),
          now,
        ),
        appliedIds: [],
      }));
      w.state = state;
      if (followUp) result.followUps.push(followUp);
      result.credited += credited;
    }
    if (w.claimed.length) {
      if (!w.before?.completedAt && w.state?.completedAt) result.completedLessons.push(w.facts.id);
      if (!w.before) result.startedLessons.push(w.facts.id);
    }
    result.lessons.push(statusOf(w.facts, w.state));
  }
  return result;
}

/** The learner's progress in one lesson, as the lesson page shows it. */
export async function lessonStatus(admin: PocketBase, userId: string, lesson: string): Promise<LessonStatus> {
  const facts = lessonIndex().get(lesson);
  if (!facts) throw new AppError(UnknownLesson, { log: [`lesson ${lesson}`] });
  const existing = await lessonProgressRecord(admin, userId, lesson);
  return statusOf(facts, existing ? toState(existing) : null);
}

export interface PracticeOutcome {
  grade: PracticeGrade;
  /** Whether the check now counts as passed (flip cards: every card turned through the server). */
  passed: boolean;
  /** The learner's lesson status after this answer (null when nobody is signed in). */
  status: LessonStatus | null;
  /** The follow-up written when this answer started or completed the lesson (src/domain/progress/follow-ups.ts). */
  followUp: FollowUpRecord | null;
}

/** Grade a practice answer on the server; nothing is recorded (for visitors who are not signed in). */
export function gradePracticeAnswer(
  lesson: string,
  checkId: string,
  answer: PracticeAnswer,
): { facts: LessonFacts; check: PracticeCheck; grade: PracticeGrade } {
  const found = practiceCheck(checkId);
  if (!found || found.lesson.id !== lesson)
    throw new AppError(UnknownLesson, { log: [`practice check ${lesson}#${checkId}`] });
  try {
    return { facts: found.lesson, check: found.check, grade: gradePractice(found.check, answer) };
  } catch (error) {
    throw new AppError(InvalidPracticeAnswer, { log: [lesson, checkId, (error as Error).message], cause: error });
  }
}

/**
 * Grade a signed-in learner's practice answer and record the result: the server's own grading is the only way a
 * check becomes passed. A flip-card check passes once the server has handed out the back of every card.
 */
export async function checkPractice(
  admin: PocketBase,
  userId: string,
  lesson: string,
  checkId: string,
  answer: PracticeAnswer,
  now: Date,
): Promise<PracticeOutcome> {
  const { facts, check, grade } = gradePracticeAnswer(lesson, checkId, answer);
  const { state, followUp } = await changeLesson(admin, userId, facts, now, (current) => {
    let next = current ? toState(current) : emptyProgress(now);
    let passed: boolean;
    if (grade.kind === 'flip-cards') {
      const seen = [...new Set([...(next.cardsSeen[checkId] ?? []), grade.card])].sort((a, b) => a - b);
      next = { ...next, cardsSeen: { ...next.cardsSeen, [checkId]: seen } };
      passed = check.kind === 'flip-cards' && seen.length >= check.cards.length;
    } else {
      passed = grade.passed;
    }
    return { state: applyPracticeResult(next, checkId, passed, requirement(facts), now), appliedIds: [] };
  });
  const written = state!;
  return {
    grade,
    passed: written.practice[checkId] === true,
    status: statusOf(facts, written),
    followUp,
  };
}

/**
 * Recompute a user's `module_progress` row from their lesson progress and module-quiz attempts.
 * Called after progress events and quiz submissions; returns whether the module is now complete.
 */
export async function refreshModuleProgress(
  admin: PocketBase,
  userId: string,
  module: string,
  now: Date,
): Promise<boolean> {
  return untilWritten(`module progress ${userId} ${module}`, async () => {
    const lessons = lessonsOf(module);
    // The row (and its version) first, the sources after: a write based on this version then reflects every source
    // change made before any write that this one could overwrite (compare-and-set, src/platform/pocketbase/versioned.ts).
    const previous = await moduleProgressRecord(admin, userId, module);
    const [progress, attempts] = await Promise.all([
      lessonProgressInModule(admin, userId, module),
      submittedAttemptsAt(admin, userId, moduleQuizId(module)),
    ]);
    const lessonIds = new Set(lessons.map((l) => l.id));
    const mine = progress.filter((p) => lessonIds.has(p.lesson));
    const completed = mine.filter((p) => p.completedAt);
    const passes = attempts.filter((a) => a.passed);
    const input = {
      lessonsTotal: lessons.length,
      lessonsStarted: mine.length,
      lessonsCompleted: completed.length,
      quizPassed: passes.length > 0,
      quizAttempted: attempts.length > 0,
    };
    const done = isModuleComplete(input);
    const completedAt = previous?.completedAt || (done ? now.toISOString() : '');
    const data = {
      user: userId,
      module,
      ...input,
      seconds: mine.reduce((s, p) => s + p.seconds, 0),
      quizBest: Math.max(0, ...attempts.map((a) => a.score)),
      completedAt: done ? completedAt : '',
    };
    return (await writeModuleProgress(admin, previous, data)) ? done : conflict;
  });
}
