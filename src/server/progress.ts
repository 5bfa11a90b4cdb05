import type PocketBase from 'pocketbase';
import { z } from 'zod';
import { pbDateSchema as pbDate } from '../schemas/pocketbase.ts';
import { applyProgressEvent, emptyProgress, isModuleComplete, type LessonProgress } from '../lib/progress-rules.ts';
import type { ProgressEvent } from '../schemas/progress.ts';
import { withLock } from './keyed-lock.ts';
import { lessonIndex, lessonsOf } from './lesson-index.ts';
import { moduleQuizId } from './quiz-catalog.ts';

/** How many applied event ids a progress record remembers (far more than a browser ever retries). */
const rememberedEvents = 500;

export const progressRecordSchema = z.object({
  id: z.string(),
  user: z.string(),
  lesson: z.string(),
  module: z.string(),
  startedAt: pbDate,
  completedAt: pbDate,
  seconds: z.number(),
  position: z.number(),
  reachedEnd: z.boolean(),
  practice: z.record(z.string(), z.boolean()).nullable().transform((p) => p ?? {}),
  lastEventAt: pbDate,
  updated: pbDate,
  eventIds: z.array(z.string()).nullable().transform((e) => e ?? []),
});
export type ProgressRecord = z.infer<typeof progressRecordSchema>;

export interface RecordResult {
  applied: number;
  duplicates: number;
  /** Lessons that became complete with this batch. */
  completedLessons: string[];
  /** Lessons the learner opened for the first time with this batch. */
  startedLessons: string[];
}

/**
 * Apply a batch of progress events for one user. Each lesson's record is read, updated and written once,
 * together with the ids of the events applied, so a retried batch changes nothing.
 */
export async function recordProgress(admin: PocketBase, userId: string, events: readonly ProgressEvent[], now: Date): Promise<RecordResult> {
  const index = lessonIndex();
  const byLesson = new Map<string, ProgressEvent[]>();
  for (const e of events) {
    if (!index.has(e.lesson)) throw new Error(`Unknown lesson ${e.lesson}`);
    byLesson.set(e.lesson, [...(byLesson.get(e.lesson) ?? []), e]);
  }
  const result: RecordResult = { applied: 0, duplicates: 0, completedLessons: [], startedLessons: [] };
  const collection = admin.collection('lesson_progress');
  for (const [lesson, list] of byLesson) {
    await withLock(`progress:${userId}:${lesson}`, async () => {
      const facts = index.get(lesson)!;
      const existing = await collection
        .getFirstListItem(admin.filter('user = {:u} && lesson = {:l}', { u: userId, l: lesson }), { requestKey: null })
        .then((r) => progressRecordSchema.parse(r))
        .catch((e: { status?: number }) => {
          if (e.status === 404) return null;
          throw e;
        });
      const seen = new Set(existing?.eventIds ?? []);
      let state: LessonProgress = existing
        ? { startedAt: existing.startedAt!, completedAt: existing.completedAt, seconds: existing.seconds, position: existing.position, reachedEnd: existing.reachedEnd, practice: existing.practice }
        : emptyProgress(now);
      const wasComplete = !!state.completedAt;
      const applied: string[] = [];
      for (const e of list) {
        if (seen.has(e.id)) {
          result.duplicates++;
          continue;
        }
        seen.add(e.id);
        applied.push(e.id);
        state = applyProgressEvent(state, e, facts.practiceChecks, now);
      }
      if (!applied.length) return;
      result.applied += applied.length;
      if (!wasComplete && state.completedAt) result.completedLessons.push(lesson);
      if (!existing) result.startedLessons.push(lesson);
      const data = {
        user: userId,
        lesson,
        module: facts.module,
        startedAt: state.startedAt.toISOString(),
        completedAt: state.completedAt?.toISOString() ?? '',
        seconds: state.seconds,
        position: state.position,
        reachedEnd: state.reachedEnd,
        practice: state.practice,
        lastEventAt: now.toISOString(),
        eventIds: [...(existing?.eventIds ?? []), ...applied].slice(-rememberedEvents),
      };
      if (existing) await collection.update(existing.id, data, { requestKey: null });
      else await collection.create(data, { requestKey: null });
    });
  }
  return result;
}


/**
 * Recompute a user's `module_progress` row from their lesson progress and module-quiz attempts.
 * Called after progress events and quiz submissions; returns whether the module is now complete.
 */
export async function refreshModuleProgress(admin: PocketBase, userId: string, module: string, now: Date): Promise<boolean> {
  return withLock(`module-progress:${userId}:${module}`, async () => {
    const lessons = lessonsOf(module);
    const filter = admin.filter('user = {:u} && module = {:m}', { u: userId, m: module });
    const [progress, attempts, existing] = await Promise.all([
      admin.collection('lesson_progress').getFullList({ filter, fields: 'lesson,completedAt,seconds', requestKey: null }),
      admin.collection('attempts').getFullList({ filter: admin.filter('user = {:u} && quiz = {:q} && status = "submitted"', { u: userId, q: moduleQuizId(module) }), fields: 'score,passed,submittedAt', requestKey: null }),
      admin.collection('module_progress').getList(1, 1, { filter, requestKey: null }),
    ]);
    const lessonIds = new Set(lessons.map((l) => l.id));
    const mine = progress.filter((p) => lessonIds.has(p.lesson));
    const completed = mine.filter((p) => p.completedAt);
    const passes = attempts.filter((a) => a.passed);
    const input = { lessonsTotal: lessons.length, lessonsStarted: mine.length, lessonsCompleted: completed.length, quizPassed: passes.length > 0, quizAttempted: attempts.length > 0 };
    const done = isModuleComplete(input);
    const previous = existing.items[0];
    const completedAt = previous?.completedAt || (done ? now.toISOString() : '');
    const data = {
      user: userId,
      module,
      ...input,
      seconds: mine.reduce((s, p) => s + (p.seconds as number), 0),
      quizBest: Math.max(0, ...attempts.map((a) => a.score as number)),
      completedAt: done ? completedAt : '',
    };
    if (previous) await admin.collection('module_progress').update(previous.id, data, { requestKey: null });
    else await admin.collection('module_progress').create(data, { requestKey: null });
    return done;
  });
}
