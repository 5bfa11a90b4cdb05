import { rubricMaxLevel, type Rubric } from './rubric-schema.ts';

/** How one dimension came out. */
export interface DimensionResult {
  id: string;
  title: string;
  points: number;
  maxPoints: number;
  percent: number;
  minPercent: number;
  met: boolean;
}

/** A scored practical: what is stored with the assessment and shown to the trainer. */
export interface PracticalOutcome {
  /** Percent of all points, one decimal. */
  percent: number;
  passPercent: number;
  dimensions: DimensionResult[];
  /** Ids of the critical errors the trainer observed. */
  criticalErrors: string[];
  passed: boolean;
  /** Why it did not pass, in Chinese (empty when passed). */
  reasons: string[];
}

export type ScoreResult = { ok: true; outcome: PracticalOutcome } | { ok: false; message: string };

const oneDecimal = (x: number) => Math.round(x * 1000) / 10;

/** Scores are keyed "<dimension>.<criterion>". */
export const scoreKey = (dimension: string, criterion: string) => `${dimension}.${criterion}`;

/**
 * Score a practical with a rubric: every criterion 0–4, the total against `passPercent`, each dimension against
 * its minimum, and any critical error fails it whatever the total. Refuses (with a Chinese message) a missing,
 * fractional, out-of-range or unknown score and an unknown or repeated critical error.
 */
export function scorePractical(
  rubric: Rubric,
  scores: Record<string, number>,
  criticalErrors: readonly string[],
  passPercent: number,
): ScoreResult {
  const keys = rubric.dimensions.flatMap((d) => d.criteria.map((c) => scoreKey(d.id, c.id)));
  const unknown = Object.keys(scores).filter((k) => !keys.includes(k));
  if (unknown.length) return { ok: false, message: '评分项与评分表不一致，请刷新页面后重新打分。' };
  const dimensions: DimensionResult[] = [];
  let points = 0;
  for (const d of rubric.dimensions) {
    let sum = 0;
    for (const c of d.criteria) {
      const s = scores[scoreKey(d.id, c.id)];
      if (s === undefined || !Number.isInteger(s) || s < 0 || s > rubricMaxLevel)
        return { ok: false, message: `请为「${c.title}」打分（0–${rubricMaxLevel} 分）。` };
      sum += s;
    }
    const maxPoints = d.criteria.length * rubricMaxLevel;
    const percent = oneDecimal(sum / maxPoints);
    dimensions.push({
      id: d.id,
      title: d.title,
      points: sum,
      maxPoints,
      percent,
      minPercent: d.minPercent,
      met: percent >= d.minPercent,
    });
    points += sum;
  }
  const known = new Map(rubric.criticalErrors.map((e) => [e.id, e]));
  if (criticalErrors.some((e) => !known.has(e)) || new Set(criticalErrors).size !== criticalErrors.length) {
    return { ok: false, message: '严重错误选项与评分表不一致，请刷新页面后重试。' };
  }
  const percent = oneDecimal(points / (keys.length * rubricMaxLevel));
  const reasons = [
    ...criticalErrors.map((e) => `出现严重错误：${known.get(e)!.title}`),
    ...dimensions
      .filter((d) => !d.met)
      .map((d) => `「${d.title}」得分率 ${d.percent}%，低于该维度最低要求 ${d.minPercent}%`),
    ...(percent < passPercent ? [`总分 ${percent}%，低于合格线 ${passPercent}%`] : []),
  ];
  return {
    ok: true,
    outcome: {
      percent,
      passPercent,
      dimensions,
      criticalErrors: [...criticalErrors],
      passed: reasons.length === 0,
      reasons,
    },
  };
}
