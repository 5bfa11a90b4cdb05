import type PocketBase from 'pocketbase';
import { z } from 'zod';
import { getOneOrNull } from '../../platform/pocketbase/records.ts';

// The voice area's collections: `voice_recordings` and its entry in `app_settings` (the speaking-rate window).
const opts = { requestKey: null };

/** The `app_settings` key of the rate window (also the audit log's target). */
export const rateWindowKey = 'voice.rateWindow';

/** The speaking-rate window trainers set (字/分钟), who set it and when. */
export const rateWindowSettingSchema = z.object({
  min: z.number(),
  max: z.number(),
  by: z.string().optional(),
  at: z.string().optional(),
});
export type RateWindowSetting = z.infer<typeof rateWindowSettingSchema>;

const settingSchema = z.object({ id: z.string(), value: rateWindowSettingSchema });

async function rateWindowRecord(admin: PocketBase): Promise<z.output<typeof settingSchema> | null> {
  const found = await admin
    .collection('app_settings')
    .getList(1, 1, { filter: admin.filter('key = {:k}', { k: rateWindowKey }), ...opts });
  return found.items[0] ? settingSchema.parse(found.items[0]) : null;
}

/** The rate window trainers have set, if any. */
export async function readRateWindow(admin: PocketBase): Promise<RateWindowSetting | null> {
  return (await rateWindowRecord(admin))?.value ?? null;
}

/** Store the rate window, replacing the one set before. */
export async function writeRateWindow(admin: PocketBase, value: RateWindowSetting): Promise<void> {
  const existing = await rateWindowRecord(admin);
  if (existing) await admin.collection('app_settings').update(existing.id, { value }, opts);
  else await admin.collection('app_settings').create({ key: rateWindowKey, value }, opts);
}

/** The stored metrics as the history tables show them (the full shape is checked on upload: `savedMetricsSchema`). */
const storedMetricsSchema = z
  .object({
    rate: z.object({ charsPerMinute: z.number().nullish() }).loose().nullish(),
    pitch: z.object({ variabilitySt: z.number().nullish() }).loose().nullish(),
    loudness: z.object({ integratedLufs: z.number().nullish() }).loose().nullish(),
  })
  .loose();

/** A saved take without its audio. */
const recordingSchema = z.object({
  id: z.string(),
  exercise: z.string(),
  metrics: storedMetricsSchema,
  durationSec: z.number(),
  /** As PocketBase stores it ("2026-11-24 08:00:00.000Z"). */
  created: z.string(),
});
export type VoiceRecording = z.infer<typeof recordingSchema>;

/** Store a checked take (`user`, `exercise`, `metrics`, `durationSec` and the `audio` file). */
export async function createRecording(admin: PocketBase, upload: FormData): Promise<{ id: string }> {
  const record = await admin.collection('voice_recordings').create(upload, opts);
  return { id: record.id };
}

/** A trainee's recordings (at most 50), newest first, without the audio. */
export async function recordingsOf(admin: PocketBase, userId: string): Promise<VoiceRecording[]> {
  const list = await admin.collection('voice_recordings').getList(1, 50, {
    filter: admin.filter('user = {:u}', { u: userId }),
    sort: '-created',
    fields: 'id,exercise,metrics,durationSec,created',
    ...opts,
  });
  return list.items.map((r) => recordingSchema.parse(r));
}

const recordingFileSchema = z.object({ id: z.string(), collectionId: z.string(), audio: z.string() });
export type RecordingFile = z.infer<typeof recordingFileSchema>;

/**
 * A recording's audio file as `pb` may see it. Pass the viewer's own client: PocketBase's rules decide (the trainee,
 * their cohort's trainer, HR), and anyone else gets null, like an unknown id. Other failures are rethrown.
 */
export async function readableRecordingFile(pb: PocketBase, id: string): Promise<RecordingFile | null> {
  return getOneOrNull(
    pb.collection('voice_recordings'),
    id,
    { fields: 'id,audio,collectionId', ...opts },
    recordingFileSchema,
  );
}

/** A short-lived URL of the protected audio file (an admin file token), for the server to fetch; never sent out. */
export async function recordingFileUrl(admin: PocketBase, file: RecordingFile): Promise<string> {
  const token = await admin.files.getToken(opts);
  return admin.files.getUrl(file, file.audio, { token });
}
