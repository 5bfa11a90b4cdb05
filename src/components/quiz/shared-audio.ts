import { createContext } from 'react';
import type { PublicQuestion } from '../../domain/assessment/public-view.ts';

/**
 * The one call player of a listening exercise: when every question with a clip plays the same clip, the runner shows
 * a single player above the questions, and the questions read its position (「我听到了问题」) instead of each having
 * their own player — so two copies of the call can never play over each other.
 */
export interface SharedAudio {
  src: string;
  /** The shared player's position in seconds (0.1 s steps). */
  currentTime: () => number;
}
export const SharedAudioContext = createContext<SharedAudio | null>(null);

type Clip = { src: string; transcript: string; duration: number };

/** The clip every audio question of the attempt plays, when there are at least two and they all play the same one. */
export function sharedClip(questions: readonly PublicQuestion[]): Clip | null {
  const clips = questions.flatMap((q) => ('audio' in q && q.audio ? [q.audio as Clip] : []));
  if (clips.length < 2 || clips.some((c) => c.src !== clips[0]!.src)) return null;
  return clips[0]!;
}
