/**
 * Energy-based voice-activity detection with an adaptive threshold.
 *
 * Frame energies (10 ms, after an 80 Hz high-pass against rumble and DC) are compared with a threshold placed
 * between the noise floor (2nd percentile) and the speech level (99th percentile): at least 6 dB (or a fifth of
 * the dynamic range) above the floor, and no lower than 35 dB below the speech level. Runs of active frames
 * are joined across gaps shorter than the minimum pause (250 ms: shorter gaps are stop closures and breaths
 * between syllables, part of speaking), grown outwards through weak onsets and offsets (down to 10 dB below the
 * threshold), and segments shorter than 80 ms (clicks) are dropped.
 */
import { filterSeries, highPass } from './biquad.ts';
import { powerToDb, quantileSorted } from './stats.ts';

/** One stretch of speech, in seconds from the start of the recording. */
export interface SpeechSegment {
  startSec: number;
  endSec: number;
}

/** Result of {@link detectVoiceActivity}. */
export interface VoiceActivity {
  /** Frame hop and length, seconds. */
  frameSec: number;
  /** Energy of each frame, dBFS (floored at -120). */
  frameDb: Float32Array;
  /** 1 for frames inside a speech segment. */
  speech: Uint8Array;
  /** Speech segments, separated by pauses of at least `minPauseSec`. */
  segments: SpeechSegment[];
  /** The activity threshold used, dBFS. */
  thresholdDb: number;
}

/** Tuning of {@link detectVoiceActivity}; the defaults are the documented method. */
export interface VadOptions {
  frameSec?: number;
  /** Shorter silences inside speech are not pauses. */
  minPauseSec?: number;
  /** Shorter isolated segments are discarded as clicks. */
  minSegmentSec?: number;
}

/** Default minimum pause length (seconds): silences of at least this length between speech are pauses. */
export const MIN_PAUSE_SEC = 0.25;

/** Finds the speech segments of a mono recording. */
export function detectVoiceActivity(
  samples: Float32Array,
  sampleRate: number,
  options: VadOptions = {},
): VoiceActivity {
  const frameSec = options.frameSec ?? 0.01;
  const minPauseFrames = Math.round((options.minPauseSec ?? MIN_PAUSE_SEC) / frameSec);
  const minSegmentFrames = Math.round((options.minSegmentSec ?? 0.08) / frameSec);
  const frameLen = Math.max(1, Math.round(frameSec * sampleRate));
  const filtered = filterSeries(samples, [highPass(80, sampleRate)]);
  const frameCount = Math.floor(filtered.length / frameLen);
  const frameDb = new Float32Array(frameCount);
  for (let f = 0; f < frameCount; f++) {
    let sum = 0;
    for (let i = f * frameLen; i < (f + 1) * frameLen; i++) sum += (filtered[i] as number) ** 2;
    frameDb[f] = powerToDb(sum / frameLen);
  }

  const sorted = Float32Array.from(frameDb).sort();
  const noise = quantileSorted(sorted, 0.02);
  const loud = quantileSorted(sorted, 0.99);
  const speech = new Uint8Array(frameCount);
  if (frameCount === 0 || loud < -70) return { frameSec, frameDb, speech, segments: [], thresholdDb: loud };
  if (loud - noise < 6) {
    // No dynamics at all (a steady tone or steady noise): all one thing.
    speech.fill(1);
    return {
      frameSec,
      frameDb,
      speech,
      segments: [{ startSec: 0, endSec: frameCount * frameSec }],
      thresholdDb: noise,
    };
  }
  const threshold = Math.max(loud - 35, noise + Math.max(6, 0.2 * (loud - noise)));
  const lowThreshold = Math.max(threshold - 10, noise + 3);

  // Runs of active frames as [start, end) frame indices.
  let runs: Array<[number, number]> = [];
  for (let f = 0; f < frameCount; f++) {
    if ((frameDb[f] as number) <= threshold) continue;
    const last = runs[runs.length - 1];
    if (last && f - last[1] < minPauseFrames) last[1] = f + 1;
    else runs.push([f, f + 1]);
  }
  for (const run of runs) {
    while (run[0] > 0 && (frameDb[run[0] - 1] as number) > lowThreshold) run[0]--;
    while (run[1] < frameCount && (frameDb[run[1]] as number) > lowThreshold) run[1]++;
  }
  // Growing may have closed some gaps below the pause length.
  const merged: Array<[number, number]> = [];
  for (const run of runs) {
    const last = merged[merged.length - 1];
    if (last && run[0] - last[1] < minPauseFrames) last[1] = Math.max(last[1], run[1]);
    else merged.push([run[0], run[1]]);
  }
  runs = merged.filter(([s, e]) => e - s >= minSegmentFrames);
  for (const [s, e] of runs) speech.fill(1, s, e);
  const segments = runs.map(([s, e]) => ({ startSec: s * frameSec, endSec: e * frameSec }));
  return { frameSec, frameDb, speech, segments, thresholdDb: threshold };
}

/** Total duration of the speech segments, seconds. */
export function speakingTime(segments: readonly SpeechSegment[]): number {
  return segments.reduce((sum, s) => sum + (s.endSec - s.startSec), 0);
}
