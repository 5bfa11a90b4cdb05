/**
 * Model audio as the browser shows it (no zod here: the voice lab imports this and its bundle stays lean).
 * The clips are defined in content/voice/models.json (schema src/domain/voice/model-schema.ts) and rendered by npm run audio.
 */

/** What a bad example gets wrong; each fault is rendered the way its check in src/domain/voice/model-schema.ts says. */
export const modelFaults = [
  /** Flat, read-from-the-script pitch: a pitch range of at most 10 Hz. */
  'monotone',
  /** Rushed: at least 240 eSpeak words per minute. */
  'too-fast',
  /** Impatient: fast (≥ 220), louder (volume ≥ 120) and higher (pitch ≥ 200 Hz) than a good example. */
  'impatient',
] as const;
export type ModelFault = (typeof modelFaults)[number];

/** How a fault is named to the learner. */
export const faultLabels: Record<ModelFault, string> = {
  monotone: '语调平板',
  'too-fast': '语速过快',
  impatient: '语气不耐烦',
};

/** A rendered model clip as pages show it (src/domain/voice/models.ts). */
export interface ModelClip {
  id: string;
  title: string;
  quality: 'good' | 'bad' | 'contrast';
  faults: ModelFault[];
  /** One sentence: what to listen for. */
  listenFor: string;
  use: { kind: 'exercise'; exercise: string } | { kind: 'lesson'; lesson: string } | { kind: 'bank'; module: string };
  /** URL under public/, e.g. /audio/voice/greeting-good.ogg. */
  src: string;
  /** Seconds, as rendered. */
  duration: number;
  transcript: string;
}

/** The heading of a clip: 「示范」 or 「反例：语调平板、语速过快」. */
export const clipLabel = (clip: Pick<ModelClip, 'quality' | 'faults'>): string =>
  clip.quality === 'good'
    ? '示范'
    : clip.quality === 'bad'
      ? `反例：${clip.faults.map((f) => faultLabels[f]).join('、')}`
      : '对比';

/** Said wherever model audio plays: the voice is a synthetic placeholder. */
export const syntheticModelNote =
  '示范录音为合成语音（占位），只用来示范语速、停顿和语调起伏；音色和字音请以培训师的真人示范为准。';

/** Clips rendered by npm run audio (listening calls and voice models) are synthetic; uploaded recordings are not. */
export const isSyntheticClip = (src: string): boolean =>
  src.startsWith('/audio/listening/') || src.startsWith('/audio/voice/');
