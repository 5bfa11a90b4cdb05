/**
 * Syllable count without a script, after de Jong & Wempe (2009), "Praat script to detect syllable nuclei and
 * measure speech rate automatically", Behavior Research Methods 41(2): an intensity contour (Hann window of
 * 100 ms, close to Praat's Kaiser window for a 50 Hz minimum pitch, every 10 ms); candidate nuclei are its
 * peaks above a threshold 25 dB below the 99th-percentile intensity; a peak counts only if the intensity dips
 * at least 2 dB between it and the next peak, and only if it is voiced (F0 found) and inside detected speech.
 * Only a fallback for free speech: on eSpeak renderings it is off by about 20 % on average (slow, drawn-out
 * syllables give extra peaks); counting the script's characters is far more accurate.
 */
import type { PitchFrame } from './pitch.ts';
import { powerToDb, quantileSorted } from './stats.ts';
import type { VoiceActivity } from './vad.ts';

/** Tuning of {@link countSyllableNuclei}, defaults as in de Jong & Wempe. */
export interface NucleiOptions {
  silenceDb?: number;
  minDipDb?: number;
  windowSec?: number;
  hopSec?: number;
  /** Of two nuclei closer than this, the weaker is dropped. */
  minGapSec?: number;
}

/** Number of syllable nuclei and their times (seconds). */
export interface NucleiResult {
  count: number;
  timesSec: number[];
}

/** Intensity contour (dB) with a Hann window every `hopSec`. */
export function intensityContour(
  samples: Float32Array,
  sampleRate: number,
  windowSec = 0.1,
  hopSec = 0.01,
): Float32Array {
  const len = Math.max(2, Math.round(windowSec * sampleRate));
  const hop = hopSec * sampleRate;
  const window = new Float64Array(len);
  let windowSum = 0;
  for (let i = 0; i < len; i++) {
    window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (len - 1));
    windowSum += window[i] as number;
  }
  const count = Math.max(0, Math.floor((samples.length - 1) / hop) + 1);
  const out = new Float32Array(count);
  for (let f = 0; f < count; f++) {
    const start = Math.round(f * hop - len / 2);
    let sum = 0;
    for (let i = 0; i < len; i++) {
      const v = samples[start + i] ?? 0;
      sum += (window[i] as number) * v * v;
    }
    out[f] = powerToDb(sum / windowSum);
  }
  return out;
}

/** Counts syllable nuclei; `pitch` and `activity` must come from the same recording. */
export function countSyllableNuclei(
  samples: Float32Array,
  sampleRate: number,
  pitch: readonly PitchFrame[],
  activity: VoiceActivity,
  options: NucleiOptions = {},
): NucleiResult {
  const { silenceDb = -25, minDipDb = 2, windowSec = 0.1, hopSec = 0.01, minGapSec = 0 } = options;
  const intensity = intensityContour(samples, sampleRate, windowSec, hopSec);
  if (intensity.length < 3) return { count: 0, timesSec: [] };
  const sorted = Float32Array.from(intensity).sort();
  const threshold = quantileSorted(sorted, 0.99) + silenceDb;

  const peaks: number[] = [];
  for (let i = 1; i < intensity.length - 1; i++) {
    const v = intensity[i] as number;
    if (v > threshold && v > (intensity[i - 1] as number) && v >= (intensity[i + 1] as number)) peaks.push(i);
  }
  const valid: number[] = [];
  for (let p = 0; p < peaks.length; p++) {
    const here = peaks[p] as number;
    const next = peaks[p + 1];
    let dip = Number.POSITIVE_INFINITY;
    for (let i = here; i <= (next ?? intensity.length - 1); i++) dip = Math.min(dip, intensity[i] as number);
    if ((intensity[here] as number) - dip >= minDipDb) valid.push(here);
  }
  const voiced = valid.filter((i) => {
    const t = i * hopSec;
    const speechFrame = activity.speech[Math.min(Math.floor(t / activity.frameSec), activity.speech.length - 1)];
    return pitch[Math.round(t / hopSec)]?.hz != null && speechFrame === 1;
  });
  const kept: number[] = [];
  for (const i of voiced) {
    const last = kept[kept.length - 1];
    if (last === undefined || (i - last) * hopSec >= minGapSec) kept.push(i);
    else if ((intensity[i] as number) > (intensity[last] as number)) kept[kept.length - 1] = i;
  }
  const timesSec = kept.map((i) => i * hopSec);
  return { count: timesSec.length, timesSec };
}
