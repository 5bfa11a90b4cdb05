import type PocketBase from 'pocketbase';
import type { PracticeAnswer } from './practice-schema.ts';
import type { ProgressEvent } from './schema.ts';
import { processFollowUp } from './follow-ups.ts';
import type { FollowUpRecord } from './repo.ts';
import { checkPractice, recordProgress, type PracticeOutcome, type RecordResult } from './service.ts';

/**
 * The follow-ups of lessons just started or completed, done before the request answers. The progress itself is saved
 * already: a follow-up that fails is logged and left to the sweep, and the request still succeeds.
 */
async function followUpsNow(admin: PocketBase, followUps: readonly FollowUpRecord[], now: Date): Promise<void> {
  for (const f of followUps)
    await processFollowUp(admin, f.id, () => now, f).catch((error: unknown) =>
      console.error(`[follow-ups] ${f.module} lessons of ${f.user} left to the sweep: ${(error as Error).message}`),
    );
}

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
