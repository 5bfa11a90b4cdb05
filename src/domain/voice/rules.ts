// What the voice lab's browser code needs from each exercise, computed on the server: the pinyin shown over
// 咬字 drills and the script's syllable count (the speaking rate's numerator). pinyin-pro's dictionary (about
// 100 KiB compressed) thus stays on the server; the browser gets a few characters of pinyin per exercise.
import { pinyin } from 'pinyin-pro';
import { countSyllables } from './metrics/syllable-count.ts';
import type { MinimalPair, VoiceExercise } from './schema.ts';

/** One character of a script with its pinyin ('' for punctuation, digits and letters). */
export interface ReadingChar {
  ch: string;
  py: string;
}

/** A minimal pair with the pinyin of both sides. */
export interface AnnotatedPair extends MinimalPair {
  aPinyin: string;
  bPinyin: string;
}

/** An exercise as the voice lab's island gets it. */
export interface VoiceLabExercise extends VoiceExercise {
  /** Syllables of `text` (src/domain/voice/metrics/syllable-count.ts), so the browser need not count them. */
  syllables: number;
  /** Per-character pinyin, read in context (银行 → yín háng); only for 咬字 drills, which show it. */
  reading?: ReadingChar[];
  pairs?: AnnotatedPair[];
}

/** Pinyin of every character of `text`, with tone marks, polyphones read in context. */
export function readingOf(text: string): ReadingChar[] {
  return pinyin(text, { type: 'all' }).map((c) => ({ ch: c.origin, py: c.isZh ? c.pinyin : '' }));
}

const cache = new Map<string, Omit<VoiceLabExercise, keyof VoiceExercise>>();

/** The exercises with their syllable counts and, for 咬字 drills, their pinyin (computed once per script). */
export function forVoiceLab(exercises: readonly VoiceExercise[]): VoiceLabExercise[] {
  return exercises.map((exercise) => {
    const key = `${exercise.kind}\u0000${exercise.text}\u0000${JSON.stringify(exercise.minimalPairs ?? [])}`;
    let extra = cache.get(key);
    if (!extra) {
      extra = { syllables: countSyllables(exercise.text) };
      if (exercise.kind === 'articulation') extra.reading = readingOf(exercise.text);
      if (exercise.minimalPairs)
        extra.pairs = exercise.minimalPairs.map((p) => ({ ...p, aPinyin: pinyin(p.a), bPinyin: pinyin(p.b) }));
      cache.set(key, extra);
    }
    return { ...exercise, ...extra };
  });
}
