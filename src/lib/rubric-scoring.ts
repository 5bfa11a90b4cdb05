import type { Rubric } from '../schemas/certification.ts';

/** Percentage (one decimal) of a fully scored rubric; null when an item is missing or out of range. */
export function rubricPercent(rubric: Rubric, scores: Record<string, number>): number | null {
  const items = rubric.dimensions.flatMap((d) => d.items.map((i) => `${d.id}.${i.id}`));
  let total = 0;
  for (const key of items) {
    const s = scores[key];
    if (s === undefined || !Number.isInteger(s) || s < 0 || s > rubric.maxScore) return null;
    total += s;
  }
  if (Object.keys(scores).some((k) => !items.includes(k))) return null;
  return Math.round((total / (items.length * rubric.maxScore)) * 1000) / 10;
}
