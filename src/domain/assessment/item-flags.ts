import type { ItemWarning, QuestionStatistics } from './item-statistics.ts';

/**
 * Fewest responses before a question's statistics may flag it. Facility and discrimination from a handful of
 * answers swing with one trainee's luck (a D from 5 responses has a standard error near 0.45), so below this the
 * page says 「样本不足」 instead of calling a question too easy, too hard or faulty.
 */
export const minItemResponses = 20;

/** What the statistics page says about a question. */
export type ItemFlag =
  | { kind: 'no-data' }
  | { kind: 'insufficient'; responses: number; needed: number }
  | { kind: 'ok' }
  | { kind: 'warnings'; warnings: ItemWarning[] };

export function itemFlag(
  stats: Pick<QuestionStatistics, 'attempts' | 'warnings'> | undefined,
  min = minItemResponses,
): ItemFlag {
  if (!stats || stats.attempts === 0) return { kind: 'no-data' };
  if (stats.attempts < min) return { kind: 'insufficient', responses: stats.attempts, needed: min };
  return stats.warnings.length ? { kind: 'warnings', warnings: stats.warnings } : { kind: 'ok' };
}
