/**
 * Loudness per ITU-R BS.1770-4 (mono: channel weight 1) and plain RMS level.
 *
 * K-weighting is derived for the actual sample rate from the analog prototype of the two BS.1770 stages
 * (the same derivation as libebur128); at 48 kHz it reproduces the coefficients tabulated in the standard.
 */
import { type Biquad, filterSeries } from './biquad.ts';
import { powerToDb } from './stats.ts';

/** Gating block of the integrated and momentary loudness. */
export const BLOCK_SEC = 0.4;
/** 75 % overlap between gating blocks. */
export const BLOCK_STEP_SEC = 0.1;
/** Absolute gate, LUFS. */
export const ABSOLUTE_GATE_LUFS = -70;
/** Relative gate below the absolute-gated loudness, LU. */
export const RELATIVE_GATE_LU = -10;

/** The two K-weighting stages (high shelf, then RLB high-pass) for `sampleRate`. */
export function kWeightingFilters(sampleRate: number): [Biquad, Biquad] {
  // Stage 1: high-shelf (head effects).
  const f0 = 1681.974450955533;
  const gainDb = 3.999843853973347;
  const q = 0.7071752369554196;
  const k = Math.tan((Math.PI * f0) / sampleRate);
  const vh = 10 ** (gainDb / 20);
  const vb = vh ** 0.4996667741545416;
  const a0 = 1 + k / q + k * k;
  const shelf: Biquad = {
    b0: (vh + (vb * k) / q + k * k) / a0,
    b1: (2 * (k * k - vh)) / a0,
    b2: (vh - (vb * k) / q + k * k) / a0,
    a1: (2 * (k * k - 1)) / a0,
    a2: (1 - k / q + k * k) / a0,
  };
  // Stage 2: RLB high-pass.
  const f1 = 38.13547087602444;
  const q1 = 0.5003270373238773;
  const k1 = Math.tan((Math.PI * f1) / sampleRate);
  const d = 1 + k1 / q1 + k1 * k1;
  const highPass: Biquad = { b0: 1, b1: -2, b2: 1, a1: (2 * (k1 * k1 - 1)) / d, a2: (1 - k1 / q1 + k1 * k1) / d };
  return [shelf, highPass];
}

/** Loudness of a mean-square value of the K-weighted signal, in LUFS (-0.691 dB offset of BS.1770). */
export function meanSquareToLufs(meanSquare: number): number {
  return -0.691 + powerToDb(meanSquare);
}

/**
 * Mean squares of the K-weighted signal in 400 ms blocks every 100 ms (block j starts at j × 100 ms).
 * Empty when the recording is shorter than one block.
 */
export function loudnessBlocks(samples: ArrayLike<number>, sampleRate: number): Float64Array {
  const weighted = filterSeries(samples, kWeightingFilters(sampleRate));
  const blockLen = Math.round(BLOCK_SEC * sampleRate);
  const step = Math.round(BLOCK_STEP_SEC * sampleRate);
  if (weighted.length < blockLen) return new Float64Array(0);
  // Prefix sums of squares make every block O(1).
  const cumulative = new Float64Array(weighted.length + 1);
  for (let i = 0; i < weighted.length; i++)
    cumulative[i + 1] = (cumulative[i] as number) + (weighted[i] as number) ** 2;
  const count = Math.floor((weighted.length - blockLen) / step) + 1;
  const blocks = new Float64Array(count);
  for (let j = 0; j < count; j++) {
    const start = j * step;
    blocks[j] = ((cumulative[start + blockLen] as number) - (cumulative[start] as number)) / blockLen;
  }
  return blocks;
}

/**
 * Integrated loudness (LUFS) of gating blocks from {@link loudnessBlocks}: absolute gate -70 LUFS, then a
 * relative gate 10 LU below the loudness of the blocks that passed it. Null when no block passes.
 */
export function gatedLoudness(blocks: Float64Array): number | null {
  const absolute = [...blocks].filter((z) => meanSquareToLufs(z) > ABSOLUTE_GATE_LUFS);
  if (absolute.length === 0) return null;
  const relativeGate = meanSquareToLufs(absolute.reduce((a, b) => a + b, 0) / absolute.length) + RELATIVE_GATE_LU;
  const gated = absolute.filter((z) => meanSquareToLufs(z) > relativeGate);
  if (gated.length === 0) return null;
  return meanSquareToLufs(gated.reduce((a, b) => a + b, 0) / gated.length);
}

/** Integrated loudness per ITU-R BS.1770-4 of a mono signal, LUFS; null when shorter than 400 ms or silent. */
export function integratedLoudness(samples: ArrayLike<number>, sampleRate: number): number | null {
  return gatedLoudness(loudnessBlocks(samples, sampleRate));
}

/** RMS level in dBFS (full-scale sine peak 1.0 reads -3.01 dBFS); -120 for silence. */
export function rmsDbfs(samples: ArrayLike<number>): number {
  if (samples.length === 0) return -120;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += (samples[i] as number) ** 2;
  return powerToDb(sum / samples.length);
}

/** Sample peak in dBFS; -120 for silence. */
export function peakDbfs(samples: ArrayLike<number>): number {
  let peak = 0;
  for (let i = 0; i < samples.length; i++) peak = Math.max(peak, Math.abs(samples[i] as number));
  return powerToDb(peak * peak);
}
