/**
 * Fundamental frequency (F0) by the McLeod pitch method (MPM) on pitchy's autocorrelation, and its median and
 * variability in semitones.
 *
 * pitchy's `PitchDetector.findPitch` searches every lag up to the window length; near the end of the window the
 * normalised square difference (NSDF) rests on a handful of samples and throws spurious peaks close to 1. On
 * eSpeak's Mandarin /i/ vowels those peaks (15–25 Hz) won the "highest key maximum" and turned clearly voiced
 * frames unvoiced. So the MPM steps of pitchy (NSDF from `Autocorrelator`, key maxima between zero crossings,
 * first key maximum ≥ 0.9 × the highest, parabolic refinement, clarity = refined NSDF peak) run here with lags
 * only up to the period of 70 Hz. Short lags stay in the search, so an 800 Hz tone is found as 800 Hz (and
 * rejected as out of range) rather than as its 400 Hz subharmonic.
 *
 * Frames of 40 ms every 10 ms, after a 50 Hz high-pass. A frame is voiced when it lies in detected speech, its
 * clarity reaches 0.7 (eSpeak vowels reach 0.7–1, noise stays below about 0.4) and F0 is within 70–500 Hz.
 * Voiced runs shorter than 30 ms and estimates more than an octave from the recording's median (octave errors)
 * are dropped.
 */
import { Autocorrelator } from 'pitchy';
import { filterSeries, highPass } from './biquad.ts';
import { median, quantile, standardDeviation } from './stats.ts';
import type { VoiceActivity } from './vad.ts';

/** One analysis frame of the pitch track. */
export interface PitchFrame {
  /** Centre of the analysis window, seconds. */
  timeSec: number;
  /** F0 in Hz, or null when unvoiced. */
  hz: number | null;
  /** MPM clarity of the frame, 0..1 (0 when not analysed). */
  clarity: number;
}

/** Tuning of {@link trackPitch}; the defaults are the documented method. */
export interface PitchOptions {
  minHz?: number;
  maxHz?: number;
  hopSec?: number;
  /** Analysis window, seconds (default 40 ms: 2.8 periods at 70 Hz; longer windows blur Mandarin tone movement and lose clarity). */
  windowSec?: number;
  minClarity?: number;
}

/** Median and spread of the voiced frames. */
export interface PitchSummary {
  medianHz: number | null;
  /** Standard deviation of the voiced frames' F0 in semitones relative to the median. */
  variabilitySt: number | null;
  /** 5th–95th percentile range, semitones. */
  rangeSt: number | null;
  /** Number of voiced frames × hop, seconds. */
  voicedSec: number;
}

/** Default pitch search range and voicing threshold. */
export const PITCH_DEFAULTS = { minHz: 70, maxHz: 500, hopSec: 0.01, windowSec: 0.04, minClarity: 0.7 } as const;

/** Semitones of `hz` relative to `referenceHz`. */
export function semitones(hz: number, referenceHz: number): number {
  return 12 * Math.log2(hz / referenceHz);
}

/**
 * Pitch track every `hopSec`. With `activity`, only frames inside speech segments are analysed (the others are
 * unvoiced), which both saves time and keeps noise out of the track.
 */
export function trackPitch(
  samples: Float32Array,
  sampleRate: number,
  activity: VoiceActivity | null = null,
  options: PitchOptions = {},
): PitchFrame[] {
  const { minHz, maxHz, hopSec, windowSec, minClarity } = { ...PITCH_DEFAULTS, ...options };
  const windowLen = Math.round(windowSec * sampleRate);
  const hop = hopSec * sampleRate;
  // DC and hum below the search range would hide the NSDF's zero crossings.
  const input = Float32Array.from(filterSeries(samples, [highPass(Math.min(50, minHz * 0.7), sampleRate)]));
  const estimator = new McLeodEstimator(windowLen, sampleRate, minHz);
  const frameCount = Math.max(0, Math.floor((samples.length - 1) / hop) + 1);
  const frames: PitchFrame[] = [];
  for (let f = 0; f < frameCount; f++) {
    const timeSec = f * hopSec;
    if ((activity && !inSpeech(activity, timeSec)) || samples.length < windowLen) {
      frames.push({ timeSec, hz: null, clarity: 0 });
      continue;
    }
    const start = Math.min(Math.max(0, Math.round(f * hop - windowLen / 2)), samples.length - windowLen);
    const [hz, clarity] = estimator.estimate(input.subarray(start, start + windowLen));
    frames.push({ timeSec, hz: clarity >= minClarity && hz >= minHz && hz <= maxHz ? hz : null, clarity });
  }
  return cleanTrack(frames, Math.round(0.03 / hopSec));
}

/** MPM (McLeod & Wyvill 2005) over a limited lag range, on pitchy's FFT autocorrelation. */
class McLeodEstimator {
  readonly #autocorrelator: Autocorrelator<Float64Array>;
  readonly #acf: Float64Array;
  readonly #nsdf: Float64Array;
  readonly #sampleRate: number;
  readonly #maxLag: number;

  constructor(windowLen: number, sampleRate: number, minHz: number) {
    this.#autocorrelator = Autocorrelator.forFloat64Array(windowLen);
    this.#acf = new Float64Array(windowLen);
    this.#sampleRate = sampleRate;
    this.#maxLag = Math.min(windowLen - 2, Math.ceil(sampleRate / minHz) + 1);
    this.#nsdf = new Float64Array(this.#maxLag + 2);
  }

  /** [F0 in Hz, clarity 0..1]; [0, 0] when the NSDF has no key maximum. */
  estimate(frame: Float32Array): [number, number] {
    const r = this.#autocorrelator.autocorrelate(frame, this.#acf);
    const nsdf = this.#nsdf;
    const n = frame.length;
    let m = 2 * (r[0] as number);
    if (!(m > 0)) return [0, 0];
    for (let tau = 0; tau < nsdf.length; tau++) {
      nsdf[tau] = m > 0 ? (2 * (r[tau] as number)) / m : 0;
      m -= (frame[tau] as number) ** 2 + (frame[n - 1 - tau] as number) ** 2;
    }
    // Key maxima: the highest point between each upward and the next downward zero crossing.
    const keys: number[] = [];
    let best = -1;
    for (let tau = 1; tau <= this.#maxLag; tau++) {
      const prev = nsdf[tau - 1] as number;
      const v = nsdf[tau] as number;
      if (prev <= 0 && v > 0) best = tau;
      else if (prev > 0 && v <= 0) {
        if (best > 0) keys.push(best);
        best = -1;
      } else if (best >= 0 && v > (nsdf[best] as number)) best = tau;
    }
    if (best > 0 && best < this.#maxLag) keys.push(best);
    if (keys.length === 0) return [0, 0];
    let nMax = 0;
    for (const k of keys) nMax = Math.max(nMax, nsdf[k] as number);
    const chosen = keys.find((k) => (nsdf[k] as number) >= 0.9 * nMax) ?? (keys[0] as number);
    const y0 = nsdf[chosen - 1] as number;
    const y1 = nsdf[chosen] as number;
    const y2 = nsdf[chosen + 1] as number;
    const a = (y0 + y2) / 2 - y1;
    const b = (y2 - y0) / 2;
    const shift = a < 0 ? Math.max(-0.5, Math.min(0.5, -b / (2 * a))) : 0;
    const peak = y1 + b * shift + a * shift * shift;
    return [this.#sampleRate / (chosen + shift), Math.min(peak, 1)];
  }
}

function inSpeech(activity: VoiceActivity, timeSec: number): boolean {
  const f = Math.floor(timeSec / activity.frameSec);
  return activity.speech[Math.min(f, activity.speech.length - 1)] === 1;
}

/** Drops voiced runs shorter than `minRun` frames and octave outliers, in place. */
function cleanTrack(frames: PitchFrame[], minRun: number): PitchFrame[] {
  let runStart = -1;
  for (let i = 0; i <= frames.length; i++) {
    const voiced = i < frames.length && frames[i]?.hz != null;
    if (voiced && runStart < 0) runStart = i;
    if (!voiced && runStart >= 0) {
      if (i - runStart < minRun) for (let j = runStart; j < i; j++) (frames[j] as PitchFrame).hz = null;
      runStart = -1;
    }
  }
  const voicedHz = frames.flatMap((f) => (f.hz == null ? [] : [f.hz]));
  if (voicedHz.length === 0) return frames;
  const med = median(voicedHz);
  for (const frame of frames) if (frame.hz != null && Math.abs(semitones(frame.hz, med)) > 12) frame.hz = null;
  return frames;
}

/** Median F0 and its variability over the voiced frames of a track. */
export function summarizePitch(frames: readonly PitchFrame[], hopSec: number = PITCH_DEFAULTS.hopSec): PitchSummary {
  const voiced = frames.flatMap((f) => (f.hz == null ? [] : [f.hz]));
  if (voiced.length === 0) return { medianHz: null, variabilitySt: null, rangeSt: null, voicedSec: 0 };
  const medianHz = median(voiced);
  const st = voiced.map((hz) => semitones(hz, medianHz));
  return {
    medianHz,
    variabilitySt: standardDeviation(st),
    rangeSt: quantile(st, 0.95) - quantile(st, 0.05),
    voicedSec: voiced.length * hopSec,
  };
}
