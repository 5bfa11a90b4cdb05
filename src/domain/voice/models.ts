import { parseOrExplain } from '../../platform/errors/validation-message.ts';
import { listeningRenderingSchema } from '../listening/schema.ts';
import type { ModelClip } from './model-clip.ts';
import { voiceModelFileSchema } from './model-schema.ts';

const modelFile = import.meta.glob<unknown>('../../../content/voice/models.json', { eager: true, import: 'default' });
const renderingFiles = import.meta.glob<unknown>('../../content/voice/rendered/*.json', {
  eager: true,
  import: 'default',
});
let cached: ModelClip[] | undefined;

/**
 * Every voice model (content/voice/models.json) with its rendering (content/voice/rendered/<id>.json); a model
 * without a rendering is left out with a warning (run `npm run audio`).
 */
export function modelClips(): ModelClip[] {
  if (cached) return cached;
  const models = parseOrExplain(voiceModelFileSchema, Object.values(modelFile)[0], 'content/voice/models.json').models;
  cached = models.flatMap((m) => {
    const path = `../../content/voice/rendered/${m.id}.json`;
    const raw = renderingFiles[path];
    if (!raw) {
      console.warn(`voice model ${m.id} has no rendering; run npm run audio`);
      return [];
    }
    const r = parseOrExplain(listeningRenderingSchema, raw, `content/voice/rendered/${m.id}.json`);
    return [
      {
        id: m.id,
        title: m.title,
        quality: m.quality,
        faults: m.faults,
        listenFor: m.listenFor,
        use: m.use,
        src: r.src,
        duration: r.duration,
        transcript: r.transcript,
      },
    ];
  });
  return cached;
}

/** The clips of each voice-lab exercise, good example first. */
export function exerciseModelClips(): Record<string, ModelClip[]> {
  const out: Record<string, ModelClip[]> = {};
  for (const clip of modelClips()) {
    if (clip.use.kind !== 'exercise') continue;
    (out[clip.use.exercise] ??= []).push(clip);
  }
  for (const list of Object.values(out))
    list.sort((a, b) => Number(a.quality !== 'good') - Number(b.quality !== 'good'));
  return out;
}

/** One clip by id, for the lesson component <ModelAudio id="…" />. */
export function modelClip(id: string): ModelClip | undefined {
  return modelClips().find((c) => c.id === id);
}
