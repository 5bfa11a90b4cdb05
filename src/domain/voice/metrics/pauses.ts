/** Silent pauses between speech segments (leading and trailing silence are not pauses). */
import type { SpeechSegment } from './vad.ts';

/** One pause, seconds. */
export interface Pause {
  startSec: number;
  durationSec: number;
}

/** Count and lengths of the pauses. */
export interface PauseSummary {
  count: number;
  totalSec: number;
  meanSec: number | null;
  maxSec: number | null;
  pauses: Pause[];
}

/**
 * The gaps between consecutive speech segments that last at least `minPauseSec` (default 250 ms, the usual
 * lower bound of silent pauses in speech-rate research; shorter gaps are articulatory, e.g. stop closures).
 */
export function findPauses(segments: readonly SpeechSegment[], minPauseSec = 0.25): PauseSummary {
  const pauses: Pause[] = [];
  for (let i = 1; i < segments.length; i++) {
    const prev = segments[i - 1] as SpeechSegment;
    const next = segments[i] as SpeechSegment;
    const durationSec = next.startSec - prev.endSec;
    // Half a frame of tolerance against floating-point frame arithmetic.
    if (durationSec >= minPauseSec - 0.005) pauses.push({ startSec: prev.endSec, durationSec });
  }
  const totalSec = pauses.reduce((sum, p) => sum + p.durationSec, 0);
  return {
    count: pauses.length,
    totalSec,
    meanSec: pauses.length ? totalSec / pauses.length : null,
    maxSec: pauses.length ? Math.max(...pauses.map((p) => p.durationSec)) : null,
    pauses,
  };
}
