/**
 * Voice metrics of one mono recording, shared by the browser Web Worker and the Node CLI (pure: no DOM, no
 * Node APIs). See each measure's module for its method.
 */
import { measureClipping, type ClippingSummary } from './clipping.ts';
import {
  BLOCK_SEC,
  BLOCK_STEP_SEC,
  gatedLoudness,
  loudnessBlocks,
  meanSquareToLufs,
  peakDbfs,
  rmsDbfs,
} from './loudness.ts';
import { findPauses, type Pause } from './pauses.ts';
import { PITCH_DEFAULTS, summarizePitch, trackPitch, type PitchFrame } from './pitch.ts';
import { median, powerToDb, round, standardDeviation } from './stats.ts';
import { countSyllables } from './syllable-count.ts';
import { countSyllableNuclei } from './syllable-nuclei.ts';
import { detectVoiceActivity, MIN_PAUSE_SEC, speakingTime } from './vad.ts';

/** Options of {@link analyzeVoice}. */
export interface AnalyzeOptions {
  /** The script that was read; its syllables give the speaking rate. Without it, syllable nuclei are counted. */
  text?: string;
  /** Include the pitch and loudness contours (10 points per second) for plotting. */
  contours?: boolean;
}

/** One point of the pitch contour. */
export interface PitchPoint {
  t: number;
  hz: number | null;
}

/** One point of the loudness contour (momentary loudness, 400 ms window). */
export interface LoudnessPoint {
  t: number;
  lufs: number | null;
}

/** Everything {@link analyzeVoice} measures. Times in seconds, levels in dB. */
export interface VoiceMetrics {
  durationSec: number;
  sampleRate: number;
  /** Total length of the detected speech segments (pauses of ≥ 250 ms and leading/trailing silence excluded). */
  speakingTimeSec: number;
  speechStartSec: number | null;
  speechEndSec: number | null;
  rate: {
    /** Syllables (字) per minute of speaking time; null without speech. */
    charsPerMinute: number | null;
    syllables: number;
    /** `script`: syllables counted in the given text; `syllable-nuclei`: estimated from the audio. */
    method: 'script' | 'syllable-nuclei';
  };
  pitch: {
    medianHz: number | null;
    /** SD of F0 in semitones around the median: low = monotone. */
    variabilitySt: number | null;
    /** 5th–95th percentile F0 range, semitones. */
    rangeSt: number | null;
    voicedSec: number;
  };
  loudness: {
    /** ITU-R BS.1770-4 integrated loudness; null when shorter than 400 ms or silent. */
    integratedLufs: number | null;
    /** RMS of the whole recording. */
    rmsDbfs: number;
    /** RMS of the speech segments only. */
    speechRmsDbfs: number | null;
    peakDbfs: number;
    /** SD of the momentary loudness (400 ms blocks, 10 per second) over blocks ≥ 90 % speech, LU: low = steady. */
    stabilityLu: number | null;
  };
  pauses: { count: number; totalSec: number; meanSec: number | null; maxSec: number | null; list: Pause[] };
  clipping: ClippingSummary;
  contours?: { pitch: PitchPoint[]; loudness: LoudnessPoint[] };
}

const CONTOUR_STEP_SEC = 0.1;

/** Measures a mono recording (samples in -1..1). */
export function analyzeVoice(samples: Float32Array, sampleRate: number, options: AnalyzeOptions = {}): VoiceMetrics {
  if (!(sampleRate > 0)) throw new RangeError(`Invalid sample rate: ${sampleRate}`);
  const activity = detectVoiceActivity(samples, sampleRate, { minPauseSec: MIN_PAUSE_SEC });
  const speakingTimeSec = speakingTime(activity.segments);
  const pitchFrames = trackPitch(samples, sampleRate, activity);
  const pitch = summarizePitch(pitchFrames);

  const script = options.text?.trim();
  const syllables = script
    ? countSyllables(script)
    : countSyllableNuclei(samples, sampleRate, pitchFrames, activity).count;
  const charsPerMinute = speakingTimeSec > 0 ? syllables / (speakingTimeSec / 60) : null;

  const blocks = loudnessBlocks(samples, sampleRate);
  const momentary = [...blocks].map(meanSquareToLufs);
  const speechBlocks = momentary.filter(
    (lufs, j) => lufs > -70 && speechShare(activity.speech, activity.frameSec, j) >= 0.9,
  );
  const pauses = findPauses(activity.segments, MIN_PAUSE_SEC);
  const clipping = measureClipping(samples);
  const first = activity.segments[0];
  const last = activity.segments[activity.segments.length - 1];
  const r = (v: number | null, digits: number) => (v == null || Number.isNaN(v) ? null : round(v, digits));

  const metrics: VoiceMetrics = {
    durationSec: round(samples.length / sampleRate, 3),
    sampleRate,
    speakingTimeSec: round(speakingTimeSec, 3),
    speechStartSec: r(first?.startSec ?? null, 3),
    speechEndSec: r(last?.endSec ?? null, 3),
    rate: { charsPerMinute: r(charsPerMinute, 1), syllables, method: script ? 'script' : 'syllable-nuclei' },
    pitch: {
      medianHz: r(pitch.medianHz, 1),
      variabilitySt: r(pitch.variabilitySt, 2),
      rangeSt: r(pitch.rangeSt, 2),
      voicedSec: round(pitch.voicedSec, 2),
    },
    loudness: {
      integratedLufs: r(gatedLoudness(blocks), 2),
      rmsDbfs: round(rmsDbfs(samples), 2),
      speechRmsDbfs: r(speechRms(samples, sampleRate, activity.speech, activity.frameSec), 2),
      peakDbfs: round(peakDbfs(samples), 2),
      stabilityLu: speechBlocks.length >= 2 ? round(standardDeviation(speechBlocks), 2) : null,
    },
    pauses: {
      count: pauses.count,
      totalSec: round(pauses.totalSec, 3),
      meanSec: r(pauses.meanSec, 3),
      maxSec: r(pauses.maxSec, 3),
      list: pauses.pauses.map((p) => ({ startSec: round(p.startSec, 3), durationSec: round(p.durationSec, 3) })),
    },
    clipping: { ...clipping, share: round(clipping.share, 6) },
  };
  if (options.contours) {
    metrics.contours = {
      pitch: pitchContour(pitchFrames, samples.length / sampleRate),
      loudness: momentary.map((lufs, j) => ({
        t: round(j * BLOCK_STEP_SEC + BLOCK_SEC / 2, 2),
        lufs: lufs > -70 ? round(lufs, 1) : null,
      })),
    };
  }
  return metrics;
}

/** Share of VAD frames marked speech within gating block j. */
function speechShare(speech: Uint8Array, frameSec: number, j: number): number {
  const from = Math.round((j * BLOCK_STEP_SEC) / frameSec);
  const to = Math.min(speech.length, Math.round((j * BLOCK_STEP_SEC + BLOCK_SEC) / frameSec));
  let n = 0;
  for (let f = from; f < to; f++) n += speech[f] as number;
  return to > from ? n / (to - from) : 0;
}

function speechRms(samples: Float32Array, sampleRate: number, speech: Uint8Array, frameSec: number): number | null {
  const frameLen = Math.max(1, Math.round(frameSec * sampleRate));
  let sum = 0;
  let count = 0;
  for (let f = 0; f < speech.length; f++) {
    if (speech[f] !== 1) continue;
    for (let i = f * frameLen; i < Math.min((f + 1) * frameLen, samples.length); i++)
      sum += (samples[i] as number) ** 2;
    count += frameLen;
  }
  return count ? powerToDb(sum / count) : null;
}

/** Median F0 of every 100 ms; null where fewer than 3 frames are voiced. */
function pitchContour(frames: readonly PitchFrame[], durationSec: number): PitchPoint[] {
  const perBin = Math.round(CONTOUR_STEP_SEC / PITCH_DEFAULTS.hopSec);
  const points: PitchPoint[] = [];
  for (let k = 0; k * CONTOUR_STEP_SEC < durationSec; k++) {
    const voiced = frames.slice(k * perBin, (k + 1) * perBin).flatMap((f) => (f.hz == null ? [] : [f.hz]));
    points.push({
      t: round((k + 0.5) * CONTOUR_STEP_SEC, 2),
      hz: voiced.length >= 3 ? round(median(voiced), 1) : null,
    });
  }
  return points;
}
