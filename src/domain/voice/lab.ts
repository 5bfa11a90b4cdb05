import type PocketBase from 'pocketbase';
import { z } from 'zod';
import { containerMime, sniffAudio } from '../../platform/audio/sniff.ts';
import { parseOrExplain } from '../../platform/errors/validation-message.ts';
import { voiceExerciseFileSchema, type VoiceExercise } from './schema.ts';
import {
  AppError,
  RecordingMetricsInvalid,
  RecordingMetricsMissing,
  RecordingMissing,
  RecordingNoSpeech,
  RecordingNotAudio,
  RecordingTooLarge,
  UnknownVoiceExercise,
} from '../../platform/errors/index.ts';
import { verifyAudioUpload } from '../../platform/audio/verify-upload.ts';
import { prepareRecording } from './recording-audio.ts';
import { createRecording } from './repo.ts';

export { recordingsOf } from './repo.ts';
/**
 * A saved take's audio, for the trainee and the trainers/HR who may view it: `readableRecordingFile` with the
 * viewer's own client (PocketBase's rules decide), then `recordingFileUrl` with the admin client's file token.
 */
export { readableRecordingFile, recordingFileUrl, type RecordingFile } from './repo.ts';

const exerciseFile = import.meta.glob<unknown>('../../../content/voice/exercises.json', {
  eager: true,
  import: 'default',
});
let cached: VoiceExercise[] | undefined;

/** The voice-lab exercises (content/voice/exercises.json). */
export function voiceExercises(): VoiceExercise[] {
  cached ??= parseOrExplain(
    voiceExerciseFileSchema,
    Object.values(exerciseFile)[0],
    'content/voice/exercises.json',
  ).exercises;
  return cached;
}

/** Largest recording accepted: two minutes of Opus is far smaller. */
export const maxRecordingBytes = 10 * 1024 * 1024;

/** The metrics the browser measured: numbers we show and chart, checked for shape and range. */
export const savedMetricsSchema = z
  .object({
    durationSec: z.number().min(0).max(130),
    speakingTimeSec: z.number().min(0).max(130),
    rate: z.object({
      charsPerMinute: z.number().min(0).max(2000).nullable(),
      syllables: z.number().min(0).max(10000),
      method: z.enum(['script', 'syllable-nuclei']),
    }),
    pitch: z
      .object({ medianHz: z.number().min(0).max(2000).nullable(), variabilitySt: z.number().min(0).max(48).nullable() })
      .loose(),
    loudness: z.object({ integratedLufs: z.number().min(-200).max(10).nullable() }).loose(),
    pauses: z
      .object({ count: z.number().int().min(0).max(10000), maxSec: z.number().min(0).max(130).nullable() })
      .loose(),
    clipping: z.object({ share: z.number().min(0).max(1) }).loose(),
  })
  .loose();

/** Store a recording after checking the exercise, the size, the real audio type (by content) and the metrics. */
export async function saveRecording(admin: PocketBase, userId: string, form: FormData) {
  const exercise = voiceExercises().find((e) => e.id === form.get('exercise'));
  if (!exercise) throw new AppError(UnknownVoiceExercise, { log: [String(form.get('exercise'))] });
  const file = form.get('audio');
  if (!(file instanceof File) || file.size === 0) throw new AppError(RecordingMissing);
  if (file.size > maxRecordingBytes) throw new AppError(RecordingTooLarge, { log: [file.size] });
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (!sniffAudio(bytes.subarray(0, 16))) throw new AppError(RecordingNotAudio, { log: [file.type] });
  let metrics: unknown;
  try {
    metrics = JSON.parse(String(form.get('metrics') ?? ''));
  } catch {
    throw new AppError(RecordingMetricsMissing);
  }
  const parsed = savedMetricsSchema.safeParse(metrics);
  if (!parsed.success) throw new AppError(RecordingMetricsInvalid, { log: [parsed.error.message] });
  // The audio must decode as the kind it claims and last as long as the browser measured.
  const { container } = await verifyAudioUpload(bytes, {
    statedSec: parsed.data.durationSec,
    declaredType: file.type,
    fileName: file.name,
  });
  // The server judges the speech itself (the metrics are the browser's claims): no take without enough speech.
  // A WebM take is stored remuxed, so that it has a duration and can be sought.
  const prepared = await prepareRecording(bytes, container);
  if (prepared.evidence !== 'ok') {
    throw new AppError(RecordingNoSpeech, { log: [prepared.evidence, prepared.speakingTimeSec, prepared.voicedSec] });
  }
  const upload = new FormData();
  upload.set('user', userId);
  upload.set('exercise', exercise.id);
  upload.set('metrics', JSON.stringify(parsed.data));
  upload.set('durationSec', String(parsed.data.durationSec));
  upload.set(
    'audio',
    new File([new Uint8Array(prepared.bytes)], `${exercise.id}.${container === 'mp4' ? 'm4a' : container}`, {
      type: containerMime[container],
    }),
  );
  return createRecording(admin, upload);
}
