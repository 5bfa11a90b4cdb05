import { z } from 'zod';
import {
  accept,
  asRecord,
  baseFields,
  invalid,
  only,
  refuse,
  unanswered,
  type Outcome,
  type PublicAudio,
  type QuestionTypeModule,
} from './base.ts';
import { audioClipSchema } from './listening.ts';

export const maxClicks = 50;
/** Seconds a click may lie past the measured clip end (the player rounds to 0.1 s; decoders differ slightly). */
export const clickEndSlackSeconds = 0.5;

/** 「听到服务失误时点击」: target intervals in seconds, a tolerance, and a penalty per extra click. */
export const audioTimestampSchema = z.strictObject({
  ...baseFields,
  type: z.literal('audio-timestamp'),
  audio: audioClipSchema,
  targets: z
    .array(z.strictObject({ start: z.number().min(0), end: z.number().min(0), label: z.string().min(1) }))
    .min(1),
  /** Seconds a click may fall before or after a target and still count. */
  tolerance: z.number().min(0).max(5).default(1),
  /** Fraction of the question's score lost per click that matches no target. */
  extraClickPenalty: z.number().min(0).max(1).default(0.25),
});
export type AudioTimestampQuestion = z.infer<typeof audioTimestampSchema>;
export type ClicksResponse = { clicks: number[] };
export type PublicAudioTimestamp = { id: string; type: 'audio-timestamp'; prompt: string; audio: PublicAudio };

/**
 * Audio-timestamp: each target counts once when some click falls within it (± tolerance); every click that
 * hits no target costs `extraClickPenalty`. Score = hits / targets − penalties, never below zero.
 */
export function gradeTimestamps(q: AudioTimestampQuestion, clicks: readonly number[]): Outcome {
  if (!clicks.length) return unanswered;
  const hit = new Set<number>();
  let extra = 0;
  for (const t of [...clicks].sort((a, b) => a - b)) {
    const target = q.targets.findIndex((g, i) => !hit.has(i) && t >= g.start - q.tolerance && t <= g.end + q.tolerance);
    if (target >= 0) hit.add(target);
    else if (!q.targets.some((g) => t >= g.start - q.tolerance && t <= g.end + q.tolerance)) extra++;
    // A second click inside an already-found target is neither credited nor penalised.
  }
  return { score: Math.max(0, hit.size / q.targets.length - extra * q.extraClickPenalty) };
}

const seconds = (t: number) => `${t.toFixed(1)} 秒`;

export const audioTimestamp: QuestionTypeModule<AudioTimestampQuestion, ClicksResponse, PublicAudioTimestamp> = {
  schema: audioTimestampSchema,
  layout: () => ({}),
  publicView: (q) => ({ id: q.id, type: 'audio-timestamp', prompt: q.prompt, audio: q.audio }),
  // `{ clicks }`: at most maxClicks finite seconds within the clip, ascending.
  canonical: (q, r) => {
    const clicks = only(r, 'clicks');
    if (!clicks.ok || !Array.isArray(clicks.value)) return refuse('timestamp answers are { clicks: [...] }');
    const list = clicks.value as unknown[];
    if (list.length > maxClicks) return refuse(`${list.length} clicks, at most ${maxClicks}`);
    const end = q.audio.duration + clickEndSlackSeconds;
    if (list.some((c) => typeof c !== 'number' || !Number.isFinite(c) || c < 0 || c > end))
      return refuse(`clicks must be seconds within the clip (0–${q.audio.duration})`);
    return accept({ clicks: [...(list as number[])].sort((a, b) => a - b) });
  },
  grade: (q, _layout, r) => ('clicks' in r ? gradeTimestamps(q, r.clicks) : invalid),
  review: (q, _layout, response) => {
    const clicks = asRecord(response).clicks;
    return {
      yours: Array.isArray(clicks) ? clicks.filter((c): c is number => typeof c === 'number').map(seconds) : [],
      correct: q.targets.map((t) => `${seconds(t.start)}–${seconds(t.end)}：${t.label}`),
      audio: q.audio,
      moments: q.targets,
    };
  },
  checks: (q) =>
    q.targets.flatMap((t) => [
      ...(t.end < t.start ? [`target "${t.label}" ends before it starts`] : []),
      ...(t.end > q.audio.duration ? [`target "${t.label}" ends after the clip (${q.audio.duration} s)`] : []),
    ]),
  gift: () => ({ reason: 'audio-timestamp questions need their audio clip, which GIFT cannot carry' }),
  cues: (q) => ({ texts: [q.explanation] }),
  correctResponse: (q) => ({ clicks: q.targets.map((t) => (t.start + t.end) / 2) }),
};
