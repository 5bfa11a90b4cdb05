/** Small numeric helpers shared by the voice measures. */

/** The p-quantile (0..1) of already sorted values, linearly interpolated; NaN when empty. */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const pos = Math.min(Math.max(p, 0), 1) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  const a = sorted[lo] ?? Number.NaN;
  const b = sorted[hi] ?? Number.NaN;
  return a + (b - a) * (pos - lo);
}

/** The p-quantile (0..1) of values in any order. */
export function quantile(values: readonly number[], p: number): number {
  return quantileSorted(
    [...values].sort((a, b) => a - b),
    p,
  );
}

/** Median of values in any order; NaN when empty. */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** Arithmetic mean; NaN when empty. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Population standard deviation; NaN when empty. */
export function standardDeviation(values: readonly number[]): number {
  const m = mean(values);
  if (Number.isNaN(m)) return m;
  let sum = 0;
  for (const v of values) sum += (v - m) ** 2;
  return Math.sqrt(sum / values.length);
}

/** Power ratio (mean square) in decibels, floored at -120 dB so that digital silence stays finite. */
export function powerToDb(meanSquare: number): number {
  return meanSquare > 1e-12 ? 10 * Math.log10(meanSquare) : -120;
}

/** Rounds to `digits` decimals for reporting (keeps the JSON readable). */
export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
