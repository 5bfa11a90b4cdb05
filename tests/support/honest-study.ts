import type PocketBase from 'pocketbase';
import { heartbeatCapSeconds, maxBacklogSeconds } from '../../src/domain/progress/rules.ts';
import { lessonsOf, type LessonFacts } from '../../src/domain/progress/lesson-index.ts';
import { answerPractice, reportStudy } from '../../src/domain/progress/study-clock.ts';
import type { ProgressEvent } from '../../src/domain/progress/schema.ts';
import { passingAnswers } from './practice-answers.ts';

/** A clock the test moves by hand; the service functions take `now` from it (the app passes `new Date()`). */
export class TestClock {
  private ms: number;
  constructor(ms: number) {
    this.ms = ms;
  }
  now = () => new Date(this.ms);
  advance(seconds: number) {
    this.ms += seconds * 1000;
  }
}

let n = 0;
export const eventId = () => `it-event-${process.pid}-${n++}`;

/** Heartbeats claiming `seconds` in all, each at most the cap. */
export function heartbeats(lesson: string, seconds: number): ProgressEvent[] {
  const out: ProgressEvent[] = [];
  for (let left = seconds; left > 0; left -= heartbeatCapSeconds)
    out.push({ id: eventId(), lesson, type: 'heartbeat', seconds: Math.min(left, heartbeatCapSeconds) });
  return out;
}

/**
 * Study a lesson as an honest learner would, on the test clock: open it, pass its practice checks through the
 * server, read to the end, and keep studying (the clock really advancing) until its minimum study time is met.
 * Time goes by in steps of at most the backlog the server accepts at once (a learner syncing after being offline).
 * `finish` sends the last event (reaching the end, which completes the lesson); by default as the app does.
 */
export async function studyLessonHonestly(
  admin: PocketBase,
  userId: string,
  lesson: LessonFacts,
  clock: TestClock,
  finish: (events: ProgressEvent[], now: Date) => Promise<unknown> = (events, now) =>
    reportStudy(admin, userId, events, now),
): Promise<void> {
  await reportStudy(admin, userId, [{ id: eventId(), lesson: lesson.id, type: 'view', position: 0.2 }], clock.now());
  for (const check of lesson.practice) {
    for (const answer of passingAnswers(check))
      await answerPractice(admin, userId, lesson.id, check.id, answer, clock.now());
  }
  let studied = 0;
  while (studied < lesson.minSeconds) {
    const step = Math.min(maxBacklogSeconds, lesson.minSeconds - studied);
    clock.advance(step);
    const result = await reportStudy(admin, userId, heartbeats(lesson.id, step), clock.now());
    if (result.credited !== step)
      throw new Error(`honest study of ${lesson.id}: ${step} s claimed, ${result.credited} s credited`);
    studied += step;
  }
  await finish([{ id: eventId(), lesson: lesson.id, type: 'view', position: 1 }], clock.now());
}

/** Study every lesson of a module honestly. */
export async function studyModuleHonestly(
  admin: PocketBase,
  userId: string,
  module: string,
  clock: TestClock,
): Promise<void> {
  for (const lesson of lessonsOf(module)) await studyLessonHonestly(admin, userId, lesson, clock);
}
