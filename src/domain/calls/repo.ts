// The only file naming the simulated calls' PocketBase collections: call_runs (one record per run, versioned) and
// call_run_recordings (recorded replies). Typed records in, typed records out; the admin client does every read and
// write (both collections are admin only). Reusable by the trainer side (runs of a trainee or of a call).
import { pbDateText } from '../../platform/pocketbase/dates.ts';
import type { ListRead } from '../../platform/pocketbase/reads.ts';
import type PocketBase from 'pocketbase';
import { z } from 'zod';
import { firstOrNull, getOneOrNull } from '../../platform/pocketbase/records.ts';
import { createVersioned, updateIfVersion } from '../../platform/pocketbase/versioned.ts';
import { followUpCompanion, type FollowUpRecord } from '../progress/repo.ts';
import { dimensions, moods } from './schema.ts';
import type { CallState, RunScore, TurnRecord } from './rules.ts';

const runs = 'call_runs';
const recordings = 'call_run_recordings';

const points = z.object(
  Object.fromEntries(dimensions.map((d) => [d, z.number()])) as Record<(typeof dimensions)[number], z.ZodNumber>,
);
export const callStateSchema = z.object({
  node: z.string(),
  mood: z.enum(moods),
  flags: z.array(z.string()),
  points,
  turn: z.number().int().min(0),
});

export const callRunSchema = z.object({
  id: z.string(),
  user: z.string(),
  call: z.string(),
  status: z.enum(['in_progress', 'ended']),
  state: callStateSchema,
  turns: z
    .array(z.custom<TurnRecord>((t) => typeof t === 'object' && t !== null))
    .nullable()
    .transform((t) => t ?? []),
  ending: z.string(),
  scores: z
    .custom<RunScore | null>()
    .nullable()
    .optional()
    .transform((s) => s ?? null),
  passed: z.boolean(),
  startedAt: z.string(),
  endedAt: z.string(),
  version: z.number(),
  created: z.string(),
});
export type CallRun = z.infer<typeof callRunSchema>;

export async function getRun(admin: PocketBase, id: string): Promise<CallRun | null> {
  if (!/^[a-z0-9]{15}$/.test(id)) return null;
  return getOneOrNull(admin.collection(runs), id, { requestKey: null }, callRunSchema);
}

/** The open run of a user for a call, if any (at most one: a partial unique index). */
export function openRun(admin: PocketBase, user: string, call: string): Promise<CallRun | null> {
  const filter = admin.filter('user = {:user} && call = {:call} && status = "in_progress"', { user, call });
  return firstOrNull(admin.collection(runs), filter, { requestKey: null }, callRunSchema);
}

/** Create a run at version 1; null when another request opened one first (the unique index). */
export async function createRun(
  admin: PocketBase,
  user: string,
  call: string,
  state: CallState,
  now: Date,
): Promise<CallRun | null> {
  const record = await createVersioned(admin, runs, {
    user,
    call,
    status: 'in_progress',
    state,
    turns: [],
    startedAt: pbDateText(now),
  });
  return record ? callRunSchema.parse(record) : null;
}

export interface RunChange {
  state: CallState;
  turns: TurnRecord[];
  ended?: { ending: string; scores: RunScore; passed: boolean; at: Date };
}

/** Write a run's change if its version is still `version`; null when another writer was first. */
export async function updateRun(
  admin: PocketBase,
  run: CallRun,
  change: RunChange,
  followUp: FollowUpRecord | null = null,
): Promise<CallRun | null> {
  const data: Record<string, unknown> = { state: change.state, turns: change.turns };
  if (change.ended) {
    Object.assign(data, {
      status: 'ended',
      ending: change.ended.ending,
      scores: change.ended.scores,
      passed: change.ended.passed,
      endedAt: pbDateText(change.ended.at),
    });
  }
  const companions = followUp ? [followUpCompanion(followUp)] : [];
  const record = await updateIfVersion(admin, runs, run.id, run.version, data, companions);
  return record ? callRunSchema.parse(record) : null;
}

const runEvidenceSchema = callRunSchema.pick({ id: true, call: true, passed: true, endedAt: true, scores: true });
export type RunEvidence = z.infer<typeof runEvidenceSchema>;

/** A user's ended runs, newest first, with what certification evidence needs of them. */
export const endedRunsRead = (userId: string): ListRead<RunEvidence> => ({
  collection: runs,
  where: { user: userId, status: 'ended' },
  sort: '-startedAt',
  fields: 'id,call,passed,endedAt,scores',
  row: runEvidenceSchema,
});

/**
 * Runs, newest first, of a user (all calls, or one) or of a call (all users): for lists, the trainer side and
 * statistics.
 */
export async function listRuns(
  admin: PocketBase,
  by: { user?: string; call?: string; status?: 'in_progress' | 'ended' },
): Promise<CallRun[]> {
  const parts: string[] = [];
  const params: Record<string, string> = {};
  for (const key of ['user', 'call', 'status'] as const) {
    if (by[key]) {
      parts.push(`${key} = {:${key}}`);
      params[key] = by[key]!;
    }
  }
  const items = await admin.collection(runs).getFullList({
    filter: admin.filter(parts.join(' && ') || 'id != ""', params),
    sort: '-startedAt',
    requestKey: null,
  });
  // A row written behind the app's back (not a run the service wrote) is logged and left out, so one bad row
  // cannot take a trainer's statistics page down.
  return items.flatMap((r) => {
    const run = callRunSchema.safeParse(r);
    if (run.success) return [run.data];
    console.warn(
      `[calls] call run ${r.id} skipped: ${run.error.issues[0]?.path.join('.')} ${run.error.issues[0]?.message}`,
    );
    return [];
  });
}

const runOutcomeSchema = callRunSchema.pick({ user: true, call: true, status: true, passed: true });
export type RunOutcome = z.infer<typeof runOutcomeSchema>;

/** Who ran which call and whether it passed, for every run (overview counts; no states or turns are read). */
export async function runOutcomes(admin: PocketBase): Promise<RunOutcome[]> {
  const items = await admin
    .collection(runs)
    .getFullList({ fields: 'user,call,status,passed', requestKey: null, batch: 1000 });
  return items.map((r) => runOutcomeSchema.parse(r));
}

export const callRecordingSchema = z.object({
  id: z.string(),
  user: z.string(),
  run: z.string(),
  call: z.string(),
  node: z.string(),
  turnIndex: z.number(),
  audio: z.string(),
  deviceMetrics: z.unknown(),
  durationSec: z.number(),
  created: z.string(),
});
export type CallRecording = z.infer<typeof callRecordingSchema>;

/**
 * Store a recorded reply for a run's turn; null when the turn already has one (unique run + turn index: a replayed
 * or doubled submit).
 */
export async function createRecording(
  admin: PocketBase,
  data: {
    user: string;
    run: string;
    call: string;
    node: string;
    turnIndex: number;
    deviceMetrics: unknown;
    durationSec: number;
    audio: File;
  },
): Promise<CallRecording | null> {
  const form = new FormData();
  for (const [k, v] of Object.entries(data)) {
    if (k === 'audio') form.set('audio', v as File);
    else form.set(k, typeof v === 'object' ? JSON.stringify(v) : String(v));
  }
  try {
    return callRecordingSchema.parse(await admin.collection(recordings).create(form, { requestKey: null }));
  } catch (error) {
    if ((error as { status?: number }).status === 400) return null;
    throw error;
  }
}

export async function deleteRecording(admin: PocketBase, id: string): Promise<void> {
  await admin.collection(recordings).delete(id, { requestKey: null });
}

export function getRecording(admin: PocketBase, id: string): Promise<CallRecording | null> {
  if (!/^[a-z0-9]{15}$/.test(id)) return Promise.resolve(null);
  return getOneOrNull(admin.collection(recordings), id, { requestKey: null }, callRecordingSchema);
}

/** The recorded replies of a run (for the trainer's review). */
export async function recordingsOfRun(admin: PocketBase, run: string): Promise<CallRecording[]> {
  const items = await admin
    .collection(recordings)
    .getFullList({ filter: admin.filter('run = {:run}', { run }), sort: 'turnIndex', requestKey: null });
  return items.map((r) => callRecordingSchema.parse(r));
}

/** A URL the app server can fetch a recording's protected audio from (admin file token). */
export async function recordingFileUrl(admin: PocketBase, rec: CallRecording): Promise<string> {
  const token = await admin.files.getToken({ requestKey: null });
  return admin.files.getUrl({ collectionId: recordings, collectionName: recordings, id: rec.id } as never, rec.audio, {
    token,
  });
}
