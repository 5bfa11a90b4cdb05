/**
 * Classical item analysis of quiz attempts, as Moodle's quiz statistics report does it.
 *
 * Formulas: Moodle Docs, "Quiz statistics calculations" (docs.moodle.org/dev/Quiz_statistics_calculations),
 * checked against Moodle's implementation (question/classes/statistics/questions/calculator.php and
 * mod/quiz/report/statistics/classes/calculator.php). Notation as there: x_i is the score of attempt i on the
 * question, T_i the attempt's total, X_i = T_i − x_i the rest-of-test score, V() the sample variance (n − 1)
 * and C() the sample covariance (n − 1).
 *
 * Every statistic is a percentage like Moodle shows it, returned unrounded (round for display only); a
 * statistic that is undefined for the data (too few attempts, zero variance) is `null`, never NaN.
 *
 * Pure, no dependencies.
 */

/** One question of one attempt. `score` is in [0, max]; `null` (or any non-finite number) means shown but not answered, scored 0. */
export interface QuestionScore {
  score: number | null;
  max: number;
}

/**
 * The graded questions of one submitted attempt. List every question the attempt was given, answered or not:
 * a question missing from `questions` is taken as not drawn in this attempt (random draws), and the attempt is
 * left out of that question's statistics.
 */
export interface AttemptScores {
  attemptId: string;
  /** question id → score in [0, max] */
  questions: Record<string, QuestionScore>;
}

/** Why a trainer should look at a question; thresholds in {@link itemWarningThresholds}. */
export type ItemWarning = 'too-easy' | 'too-hard' | 'negative-discrimination' | 'weak-discrimination';

/**
 * When a question gets a warning. Facility bands from Moodle's "Quiz report statistics" guidance
 * (90–94 very easy, 95–100 extremely easy; 6–10 very difficult, ≤ 5 extremely difficult); discrimination bands
 * from the same page (< 0 "question probably invalid", 0–19 "very weak discrimination").
 */
export const itemWarningThresholds = {
  /** 'too-easy' when facility ≥ this. */
  tooEasyFacilityMin: 90,
  /** 'too-hard' when facility ≤ this. */
  tooHardFacilityMax: 10,
  /** 'negative-discrimination' when discrimination index < this. */
  negativeDiscriminationBelow: 0,
  /** 'weak-discrimination' when 0 ≤ discrimination index < this. */
  weakDiscriminationBelow: 20,
  /** No warnings for a question seen in fewer attempts than this (one attempt says nothing about a question). */
  minAttempts: 2,
} as const;

/** Item statistics of one question; all numbers are percentages, unrounded. */
export interface QuestionStatistics {
  questionId: string;
  /** Attempts that contained the question; its statistics are computed over these only. */
  attempts: number;
  /** Maximum mark of the question (the largest `max` seen for it). */
  maxMark: number;
  /** F = 100 · mean(x) / max mark. Null when the question has no attempts or its max mark is not positive. */
  facility: number | null;
  /** SD = 100 · √V(x) / max mark. Null with fewer than 2 attempts or a non-positive max mark. */
  sd: number | null;
  /** D = 100 · r(x, X), X the rest-of-test score. Null with fewer than 2 attempts or when V(x) or V(X) is 0. */
  discrimination: number | null;
  /** DE = 100 · C(x, X) / C_max(x, X). Null with fewer than 2 attempts or when C_max is 0. */
  discriminativeEfficiency: number | null;
  /** Empty when nothing looks wrong, or when there are too few attempts to tell. */
  warnings: ItemWarning[];
}

/** Result of {@link computeItemStatistics}. */
export interface ItemStatisticsReport {
  /** Number of attempts analysed. */
  attempts: number;
  /** One entry per question, in order of first appearance in the attempts. */
  questions: QuestionStatistics[];
  /**
   * Coefficient of internal consistency (Cronbach's α × 100) over the `cicAttempts` attempts that share the most
   * common question set. Null when fewer than 2 attempts share a set, the set has fewer than 2 questions, or the
   * totals do not vary. With random draws every attempt usually has its own set, so this is usually null.
   */
  cic: number | null;
  /** Attempts the CIC is (or would be) computed over: the largest group with an identical question set. */
  cicAttempts: number;
}

/** Variances and covariances this close to 0 are 0 (sums of fractional scores leave rounding dust). */
const EPSILON = 1e-12;

const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

/** Sample covariance, divisor n − 1 (Moodle's V and C); requires n ≥ 2. */
function covariance(xs: readonly number[], ys: readonly number[]): number {
  const mx = mean(xs);
  const my = mean(ys);
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += (xs[i]! - mx) * (ys[i]! - my);
  return sum / (xs.length - 1);
}

const variance = (xs: readonly number[]): number => covariance(xs, xs);
const ascending = (xs: readonly number[]): number[] => [...xs].sort((a, b) => a - b);
const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
const scoreOf = (q: QuestionScore): number => (typeof q.score === 'number' && Number.isFinite(q.score) ? q.score : 0);

function warningsFor(s: Omit<QuestionStatistics, 'warnings'>): ItemWarning[] {
  const t = itemWarningThresholds;
  if (s.attempts < t.minAttempts) return [];
  const warnings: ItemWarning[] = [];
  if (s.facility !== null && s.facility >= t.tooEasyFacilityMin) warnings.push('too-easy');
  if (s.facility !== null && s.facility <= t.tooHardFacilityMax) warnings.push('too-hard');
  if (s.discrimination !== null && s.discrimination < t.negativeDiscriminationBelow)
    warnings.push('negative-discrimination');
  else if (s.discrimination !== null && s.discrimination < t.weakDiscriminationBelow)
    warnings.push('weak-discrimination');
  return warnings;
}

/** Statistics of one question from its scores x and the matching rest-of-test scores X = T − x. */
function questionStatistics(
  questionId: string,
  maxMark: number,
  x: readonly number[],
  rest: readonly number[],
): QuestionStatistics {
  const n = x.length;
  const positiveMax = maxMark > 0;
  // F = 100 (x̄ − x_min) / (x_max − x_min), with x_min = 0 (grades here are never negative).
  const facility = n > 0 && positiveMax ? (100 * mean(x)) / maxMark : null;
  let sd: number | null = null;
  let discrimination: number | null = null;
  let discriminativeEfficiency: number | null = null;
  if (n >= 2) {
    const vx = Math.max(0, variance(x));
    const vX = Math.max(0, variance(rest));
    const c = covariance(x, rest);
    // SD = 100 √V(x) / (x_max − x_min).
    if (positiveMax) sd = (100 * Math.sqrt(vx > EPSILON ? vx : 0)) / maxMark;
    // D = 100 r(x, X) = 100 C(x, X) / √(V(x) V(X)).
    if (vx > EPSILON && vX > EPSILON) discrimination = clamp((100 * c) / Math.sqrt(vx * vX), -100, 100);
    // DE = 100 C(x, X) / C_max(x, X), C_max the covariance with both lists sorted in the same order.
    const cMax = covariance(ascending(x), ascending(rest));
    if (cMax > EPSILON) discriminativeEfficiency = Math.min(100, (100 * c) / cMax);
  }
  const stats = { questionId, attempts: n, maxMark, facility, sd, discrimination, discriminativeEfficiency };
  return { ...stats, warnings: warningsFor(stats) };
}

/**
 * CIC = 100 · P/(P − 1) · (1 − Σ_p V(x_p) / V(T)), P questions, T the attempt total (Cronbach's α × 100),
 * over the largest group of attempts with an identical question set (first such group on a tie).
 * Moodle computes it per quiz slot; without slots, only attempts given the same questions are comparable.
 */
function internalConsistency(attempts: readonly AttemptScores[]): { cic: number | null; cicAttempts: number } {
  const groups = new Map<string, AttemptScores[]>();
  for (const a of attempts) {
    const key = JSON.stringify(Object.keys(a.questions).sort());
    const group = groups.get(key);
    if (group) group.push(a);
    else groups.set(key, [a]);
  }
  let best: AttemptScores[] = [];
  for (const group of groups.values()) if (group.length > best.length) best = group;
  const first = best[0];
  if (!first || best.length < 2) return { cic: null, cicAttempts: best.length };
  const ids = Object.keys(first.questions);
  const p = ids.length;
  if (p < 2) return { cic: null, cicAttempts: best.length };
  const columns = ids.map((id) => best.map((a) => scoreOf(a.questions[id]!)));
  const totals = best.map((_, i) => columns.reduce((s, col) => s + col[i]!, 0));
  const vT = variance(totals);
  if (vT <= EPSILON) return { cic: null, cicAttempts: best.length };
  const sumItemVariance = columns.reduce((s, col) => s + variance(col), 0);
  return { cic: 100 * (p / (p - 1)) * (1 - sumItemVariance / vT), cicAttempts: best.length };
}

/**
 * Moodle-style item statistics for each question of a quiz, from its submitted attempts (pass first attempts
 * only for textbook item analysis; each attempt is treated as an independent candidate).
 *
 * With random draws a question's statistics use only the attempts that contained it, and its rest-of-test
 * score is the total of the other questions of the same attempt. (Moodle's code correlates randomly drawn
 * questions with the whole total instead; we use the documented rest-of-test score everywhere, which does not
 * inflate D with the question's own score.)
 */
export function computeItemStatistics(attempts: readonly AttemptScores[]): ItemStatisticsReport {
  const totals = attempts.map((a) => Object.values(a.questions).reduce((s, q) => s + scoreOf(q), 0));
  const columns = new Map<string, { maxMark: number; x: number[]; rest: number[] }>();
  attempts.forEach((a, i) => {
    for (const [id, q] of Object.entries(a.questions)) {
      const score = scoreOf(q);
      const max = Number.isFinite(q.max) ? q.max : 0;
      const column = columns.get(id);
      if (column) {
        column.maxMark = Math.max(column.maxMark, max);
        column.x.push(score);
        column.rest.push(totals[i]! - score);
      } else {
        columns.set(id, { maxMark: max, x: [score], rest: [totals[i]! - score] });
      }
    }
  });
  return {
    attempts: attempts.length,
    questions: [...columns].map(([id, c]) => questionStatistics(id, c.maxMark, c.x, c.rest)),
    ...internalConsistency(attempts),
  };
}

/** How often items were shown: per item, the number of sittings (attempts, submitted or not) whose draw held it. */
export interface ItemExposureReport {
  /** Sittings counted. */
  sittings: number;
  /** One entry per item: the candidates first (in the order given, 0 when never drawn), then any other item seen. */
  items: {
    questionId: string;
    sittings: number;
    /** sittings / all sittings, 0–1; 0 when there are none. */ share: number;
  }[];
}

/**
 * Item exposure: in how many sittings each item appeared. A sitting saw every item of its draw, answered or not,
 * so an exam item's exposure is how many people (or retakes) have read it — what wears an item out.
 */
export function computeItemExposure(
  sittings: readonly (readonly string[])[],
  candidates: readonly string[] = [],
): ItemExposureReport {
  const counts = new Map<string, number>(candidates.map((id) => [id, 0]));
  for (const sitting of sittings) for (const id of new Set(sitting)) counts.set(id, (counts.get(id) ?? 0) + 1);
  return {
    sittings: sittings.length,
    items: [...counts].map(([questionId, n]) => ({
      questionId,
      sittings: n,
      share: sittings.length ? n / sittings.length : 0,
    })),
  };
}
