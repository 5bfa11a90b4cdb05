import type PocketBase from 'pocketbase';
import type { PracticeAnswer } from './practice-schema.ts';
import type { ProgressEvent } from './schema.ts';
import { followUpsNow } from './follow-ups.ts';
import { checkPractice, recordProgress, type PracticeOutcome, type RecordResult } from './service.ts';

/**
 * A learner's progress events, applied on the server's clock (`now` is the server's time: the app passes
 * `new Date()`, tests pass their own clock). Module status and certificates follow in the same call when a
 * lesson starts or completes.
 */
export async function reportStudy(
  admin: PocketBase,
  userId: string,
  events: readonly ProgressEvent[],
  now: Date,
): Promise<RecordResult> {
  const result = await recordProgress(admin, userId, events, now);
  await followUpsNow(admin, result.followUps, now);
  return result;
}

/** A learner's practice answer, graded and recorded by the server; module status and certificates follow. */
export async function answerPractice(
  admin: PocketBase,
  userId: string,
  lesson: string,
  checkId: string,
  answer: PracticeAnswer,
  now: Date,
): Promise<PracticeOutcome> {
  const outcome = await checkPractice(admin, userId, lesson, checkId, answer, now);
  await followUpsNow(admin, outcome.followUp ? [outcome.followUp] : [], now);
  return outcome;
}
