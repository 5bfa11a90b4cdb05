import type PocketBase from 'pocketbase';
import {
  computeItemExposure,
  computeItemStatistics,
  type AttemptScores,
  type ItemExposureReport,
  type ItemStatisticsReport,
} from './item-statistics.ts';
import type { StaffUser } from '../identity/schema.ts';
import { attemptKeysSchema } from './repo.ts';
import { anyOf } from '../training/cohort-members.ts';
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
  const submitted = await admin.collection('attempts').getFullList({
    filter: admin.filter('quiz = {:q} && status = "submitted"', { q: quizId }),
    fields: 'id,user',
    requestKey: null,
  });
  const owner = new Map(submitted.filter((a) => !allowed || allowed.has(a.user)).map((a) => [a.id, a.user as string]));
  // attempt_keys.attempt is a plain id (no relation a filter could follow), so the keys are fetched by attempt id.
  const ids = [...owner.keys()];
  const chunks = Array.from({ length: Math.ceil(ids.length / 100) }, (_, i) => ids.slice(i * 100, i * 100 + 100));
  const keys = (
    await Promise.all(
      chunks.map((chunk) =>
        admin.collection('attempt_keys').getFullList({
          filter: anyOf(admin, 'attempt', chunk)!,
          fields: 'id,attempt,seed,questions,results',
          requestKey: null,
        }),
      ),
    )
  ).flat();
  const attempts: AttemptScores[] = [];
  for (const record of keys) {
    if (!owner.has(record.attempt)) continue;
    const parsed = attemptKeysSchema.parse(record);
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
  const sittings = await admin.collection('attempts').getFullList({
    filter: admin.filter('quiz = {:q}', { q: quizId }),
    fields: 'questionIds',
    requestKey: null,
  });
  return computeItemExposure(
    sittings.map((s) =>
      Array.isArray(s.questionIds)
        ? (s.questionIds as unknown[]).filter((id): id is string => typeof id === 'string')
        : [],
    ),
    candidates,
  );
}
