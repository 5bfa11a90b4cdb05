import { z } from 'zod';
import { uniqueIdList } from '../../platform/util/unique-ids.ts';
import { moduleSlugSchema } from '../course/module-schema.ts';
import { modelFaults } from './model-clip.ts';
import {
  canonicalJson,
  renderSettings,
  scriptLineSchema,
  speakerVoiceSchema,
  spokenText,
  type ListeningScript,
} from '../listening/schema.ts';

/**
 * Model audio for the voice-affinity drills (content/voice/models.json): a good example of a voice-lab exercise or
 * a scripted lesson drill (warm, clear, right pace) and, where the drill contrasts, a bad example (flat, too fast,
 * impatient). `npm run audio` renders them with the listening pipeline into public/audio/voice/<id>.ogg and
 * content/voice/rendered/<id>.json. The voice is a synthetic placeholder, and the UI says so.
 */

export { modelFaults, type ModelClip, type ModelFault } from './model-clip.ts';

/** One spoken segment; segments are rendered one by one with the pauses between them. */
export const modelLineSchema = scriptLineSchema.omit({ speaker: true, marks: true, note: true }).extend({
  /**
   * Starts a new transcript line with this label, e.g. 「第一遍」 (for a clip that reads the same words twice).
   * Segments without a label continue the current transcript line.
   */
  label: z.string().min(1).optional(),
  /** In a `contrast` clip: what this segment gets wrong (segments without faults must sound good). */
  faults: z.array(z.enum(modelFaults)).min(1).optional(),
});
export type ModelLine = z.infer<typeof modelLineSchema>;

const lessonId = z
  .string()
  .regex(/^[a-z-]+\/\d\d-[a-z0-9-]+$/, 'lesson looks like voice-affinity/05-voice-practice-drills');

/** Where the clip is played. */
export const modelUseSchema = z.discriminatedUnion('kind', [
  /** The 「听示范」 player of a voice-lab exercise (content/voice/exercises.json); the words are the exercise text. */
  z.strictObject({ kind: z.literal('exercise'), exercise: z.string().regex(/^[a-z0-9-]+$/) }),
  /** A drill of a lesson, shown with <ModelAudio id="…" />; the words appear verbatim in the lesson. */
  z.strictObject({ kind: z.literal('lesson'), lesson: lessonId }),
  /** Only a listening item of a question bank plays it (a new situation, so no lesson labels it). */
  z.strictObject({ kind: z.literal('bank'), module: moduleSlugSchema }),
]);
export type ModelUse = z.infer<typeof modelUseSchema>;

export const voiceModelSchema = z.strictObject({
  /** Names the audio file; lowercase words joined by dashes. */
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'model ids are lowercase words joined by dashes'),
  /** Short title shown above the player, e.g. 「开场问候」. */
  title: z.string().min(2),
  use: modelUseSchema,
  /** good: the model to imitate; bad: what not to do; contrast: good and faulty segments in one clip (bank items). */
  quality: z.enum(['good', 'bad', 'contrast']),
  /** What the bad example gets wrong (none for a good one; per segment in a contrast clip). */
  faults: z.array(z.enum(modelFaults)).default([]),
  /** One sentence for the learner: what to listen for (shown with lesson and voice-lab clips, never in a quiz). */
  listenFor: z.string().min(6),
  voice: speakerVoiceSchema,
  lines: z.array(modelLineSchema).min(1).max(12),
});
export type VoiceModel = z.infer<typeof voiceModelSchema>;

/** content/voice/models.json */
export const voiceModelFileSchema = z.strictObject({
  version: z.literal(1),
  models: uniqueIdList(voiceModelSchema, 'Model'),
});
export type VoiceModelFile = z.infer<typeof voiceModelFileSchema>;

/** The written words of a model clip (segments joined), e.g. the exercise text it reads. */
export const modelText = (model: Pick<VoiceModel, 'lines'>): string => model.lines.map((l) => l.text).join('');

/** The transcript shown with the clip: one line per labelled take (「第一遍：……」), else the words. */
export function modelTranscript(model: Pick<VoiceModel, 'lines'>): string {
  const out: string[] = [];
  for (const line of model.lines) {
    if (line.label || !out.length) out.push(line.label ? `${line.label}：${line.text}` : line.text);
    else out[out.length - 1] += line.text;
  }
  return out.join('\n');
}

/**
 * The model as a one-speaker script for the listening renderer (src/cli/render-audio.ts): the same voice, line
 * overrides and pause rules; its renderInput hash decides staleness.
 */
export function modelRenderJob(model: VoiceModel): Pick<ListeningScript, 'id' | 'title' | 'voices' | 'lines'> {
  return {
    id: `voice/${model.id}`,
    title: model.title,
    // The renderer needs both voices; a model has one speaker.
    voices: { agent: model.voice, customer: model.voice },
    lines: model.lines.map(({ label: _label, faults: _faults, ...line }) => ({
      ...line,
      speaker: 'agent' as const,
      marks: [],
    })),
  };
}

/** Everything the audio depends on, as canonical JSON (its sha256 is the rendering's scriptHash). */
export const modelRenderInput = (model: VoiceModel): string =>
  canonicalJson({ settings: renderSettings, id: `voice/${model.id}`, voice: model.voice, lines: model.lines });

/** Strip what a reader does not hear, so 「您好，」 in the lesson matches 「您好，」 in a model. */
const words = (s: string) => s.replace(/[\s「」“”*…—]/g, '');

export interface ModelContext {
  /** Voice-lab exercise texts by id. */
  exercises: Map<string, string>;
  /** Lesson bodies by lesson id (`<module>/<file>`). */
  lessons: Map<string, string>;
}

/**
 * Rules the schema cannot express, one readable problem each (empty when sound): the words are those of the exercise
 * or appear in the lesson, a good example is unhurried and varied, a bad one is rendered the way its faults say.
 */
export function modelProblems(model: VoiceModel, context: ModelContext): string[] {
  const problems: string[] = [];
  const text = modelText(model);
  if (model.use.kind === 'exercise') {
    const exercise = context.exercises.get(model.use.exercise);
    if (exercise === undefined)
      problems.push(`use: exercise "${model.use.exercise}" is not in content/voice/exercises.json`);
    else if (words(exercise) !== words(text))
      problems.push(
        `lines: the words differ from the exercise text 「${exercise}」; update the model and run npm run audio`,
      );
  }
  if (model.use.kind === 'lesson') {
    const body = context.lessons.get(model.use.lesson);
    if (body === undefined) problems.push(`use: lesson "${model.use.lesson}" does not exist`);
    else {
      for (const take of modelTranscript(model).split('\n')) {
        const said = take.slice(take.indexOf('：') + 1);
        if (!words(body).includes(words(said)))
          problems.push(
            `lines: 「${said}」 does not appear in ${model.use.lesson}; keep the drill and its model in step`,
          );
      }
    }
  }
  if (model.quality !== 'bad' && model.faults.length)
    problems.push('faults: only a bad example has clip-wide faults (a contrast clip names them per segment)');
  if (model.quality === 'bad' && !model.faults.length) problems.push('faults: name what the bad example gets wrong');
  if (model.quality !== 'contrast' && model.lines.some((l) => l.faults))
    problems.push('lines: only a contrast clip names faults per segment');
  if (model.quality === 'contrast' && (model.lines.every((l) => l.faults) || !model.lines.some((l) => l.faults))) {
    problems.push('lines: a contrast clip needs both good segments and segments with faults');
  }
  model.lines.forEach((line, i) => {
    const at = `lines.${i}`;
    if (/[A-Za-z0-9０-９]/.test(spokenText(line)))
      problems.push(`${at}: spoken text has Latin letters or digits; add "say" with Chinese numerals`);
    const faults = line.faults ?? model.faults;
    const rate = line.rate ?? model.voice.rate;
    const range = line.range ?? model.voice.range;
    const pitch = line.pitch ?? model.voice.pitch;
    const volume = line.volume ?? 100;
    if (!faults.length && (rate > 200 || range < 40))
      problems.push(`${at}: a good segment needs rate ≤ 200 and a pitch range ≥ 40 Hz (has ${rate}, ${range})`);
    if (faults.includes('monotone') && range > 10)
      problems.push(`${at}: monotone but rendered with a ${range} Hz pitch range (use ≤ 10)`);
    if (faults.includes('too-fast') && rate < 240) problems.push(`${at}: too-fast but rate ${rate} (use ≥ 240)`);
    if (faults.includes('impatient') && (rate < 220 || volume < 120 || pitch < 200))
      problems.push(
        `${at}: impatient needs rate ≥ 220, volume ≥ 120 and pitch ≥ 200 Hz (has ${rate}, ${volume}, ${pitch})`,
      );
  });
  return problems;
}
