import type PocketBase from 'pocketbase';
import {
  computeItemExposure,
  computeItemStatistics,
  type AttemptScores,
  type ItemExposureReport,
  type ItemStatisticsReport,
} from './item-statistics.ts';
import type { StaffUser } from '../identity/schema.ts';
import { keysOfAttempts, questionIdsShown, submittedAttemptOwners } from './repo.ts';
import { visibleTraineeIds } from '../training/service.ts';

/**
 * Item statistics of a quiz over its submitted attempts: all of them for HR, those of the trainer's own
 * cohorts for a trainer.
 */
export async function quizStatistics(
  admin: PocketBase,
  viewer: StaffUser,
  quizId: string,
): Promise<ItemStatisticsReport> {
  const allowed = await visibleTraineeIds(admin, viewer);
  const submitted = await submittedAttemptOwners(admin, quizId);
  const owner = new Map(submitted.filter((a) => !allowed || allowed.has(a.user)).map((a) => [a.id, a.user]));
  const keys = await keysOfAttempts(admin, [...owner.keys()]);
  const attempts: AttemptScores[] = [];
  for (const parsed of keys) {
    if (!owner.has(parsed.attempt)) continue;
    const score = new Map(parsed.results.map((r) => [r.questionId, r.score]));
    attempts.push({
      attemptId: parsed.attempt,
      questions: Object.fromEntries(parsed.questions.map((q) => [q.id, { score: score.get(q.id) ?? 0, max: 1 }])),
    });
  }
  return computeItemStatistics(attempts);
}

/**
 * Exposure of a quiz's items: in how many sittings (every learner's attempts, open or submitted) each item was
 * shown. Counted over all sittings whoever the viewer is — item wear is a property of the item, and the figure
 * names no one. `candidates` (the items the quiz can draw) are listed even when never shown.
 */
export async function quizExposure(
  admin: PocketBase,
  quizId: string,
  candidates: readonly string[],
): Promise<ItemExposureReport> {
  return computeItemExposure(await questionIdsShown(admin, quizId), candidates);
}
