/** Clipping: samples at or beyond (almost) full scale. */

/** Share and runs of clipped samples. */
export interface ClippingSummary {
  /** Samples with |x| ≥ the clipping level. */
  clippedSamples: number;
  /** clippedSamples ÷ all samples (0..1). */
  share: number;
  /** Runs of consecutive clipped samples (a run of one sample counts). */
  runs: number;
  /** Longest run, samples. */
  longestRun: number;
}

/** Default clipping level: |x| ≥ 0.999 of full scale. */
export const CLIPPING_LEVEL = 0.999;

/** Counts clipped samples and runs of them. */
export function measureClipping(samples: ArrayLike<number>, level = CLIPPING_LEVEL): ClippingSummary {
  let clippedSamples = 0;
  let runs = 0;
  let run = 0;
  let longestRun = 0;
  for (let i = 0; i < samples.length; i++) {
    if (Math.abs(samples[i] as number) >= level) {
      clippedSamples++;
      if (run === 0) runs++;
      run++;
      longestRun = Math.max(longestRun, run);
    } else run = 0;
  }
  return { clippedSamples, share: samples.length ? clippedSamples / samples.length : 0, runs, longestRun };
}
