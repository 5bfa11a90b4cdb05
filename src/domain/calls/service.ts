// Simulated calls, the trainee's use cases: start (or resume) a run, submit a turn, read a run (the current turn, or
// the debrief once it ended), list one's runs. The server decides everything: which option a display key names, the
// typed reply's check, the branch taken, the ending and the score. A turn is applied by compare-and-set on the run's
// version, and the submitted turn index must be the run's current one, so replays, double submits and a second tab
// are refused with the catalogue's CallTurnNotCurrent and nothing is applied twice. Every run is kept.
import type PocketBase from 'pocketbase';
import { sniffAudio, containerMime } from '../../platform/audio/sniff.ts';
import {
  AppError,
  CallNotFound,
  CallReplyInvalid,
  CallRunNotFound,
  CallTurnNotCurrent,
  RecordingMetricsInvalid,
  RecordingMetricsMissing,
  RecordingMissing,
  RecordingNotAudio,
  RecordingTooLarge,
} from '../../platform/errors/index.ts';
import { conflict, untilWritten } from '../../platform/pocketbase/versioned.ts';
import { savedMetricsSchema, maxRecordingBytes } from '../voice/lab.ts';
import { verifyAudioUpload } from '../../platform/audio/verify-upload.ts';
import { callById } from './catalog.ts';
import { followUpsNow } from '../progress/follow-ups.ts';
import { achievementFollowUp } from '../progress/repo.ts';
import { learningEventWritten } from '../xapi/learning-events.ts';
import { pbDate } from '../../platform/pocketbase/dates.ts';
import * as repo from './repo.ts';
import {
  answerTurn,
  buildDebrief,
  initialState,
  isEnded,
  maxTypedReply,
  modelPoints,
  optionForKey,
  publicView,
  scoreRun,
  typedSubmission,
  type Debrief,
  type PublicCallView,
  type Submitted,
} from './rules.ts';
import type { CallScenario } from './schema.ts';

export interface Viewer {
  id: string;
}

/** A reply as the browser sends it: a display key for a choice, the text of a typed reply. */
export type ReplyInput = { kind: 'choice'; key: string } | { kind: 'typed'; text: string };

/** A recorded reply as received: the audio file and the metrics the device measured. */
export interface RecordingInput {
  audio: File;
  metrics: string;
}

function callOrThrow(id: string): CallScenario {
  const call = callById(id);
  if (!call) throw new AppError(CallNotFound, { log: [id] });
  return call;
}

/** The viewer's run, or CallRunNotFound (another user's run looks exactly like a missing one). */
export async function ownRun(admin: PocketBase, viewer: Viewer, runId: string): Promise<repo.CallRun> {
  const run = await repo.getRun(admin, runId);
  if (!run || run.user !== viewer.id) throw new AppError(CallRunNotFound, { log: [runId, viewer.id] });
  return run;
}

/** Start a run of a call, or return the open one (reload and a second tab resume it). Runs are unlimited. */
export async function startRun(admin: PocketBase, viewer: Viewer, callId: string, now: Date): Promise<repo.CallRun> {
  const call = callOrThrow(callId);
  return untilWritten(`start ${callId} for ${viewer.id}`, async () => {
    const open = await repo.openRun(admin, viewer.id, call.id);
    if (open) return open;
    return (await repo.createRun(admin, viewer.id, call.id, initialState(call), now)) ?? conflict;
  });
}

/** Start a new run after an ended one (practice is unlimited); an open run is returned as it is. */
export const startOrResume = startRun;

function turnNotCurrent(run: repo.CallRun, turnIndex: number): AppError {
  return new AppError(CallTurnNotCurrent, { log: [run.id, turnIndex, run.state.turn, run.status] });
}

/** What the server makes of a reply to the run's current node, or CallReplyInvalid. */
function resolveReply(call: CallScenario, run: repo.CallRun, reply: ReplyInput): Submitted {
  const node = call.nodes[run.state.node]!;
  const refuse = (detail: string) => new AppError(CallReplyInvalid, { log: [run.id, detail] });
  if (reply.kind !== node.turn.kind) throw refuse(`${reply.kind} reply to a ${node.turn.kind} turn`);
  if (reply.kind === 'choice' && node.turn.kind === 'choice') {
    const optionId = optionForKey(call, run.id, run.state.node, reply.key);
    if (!optionId) throw refuse(`unknown option key ${JSON.stringify(reply.key).slice(0, 40)}`);
    return { kind: 'choice', optionId, text: node.turn.options.find((o) => o.id === optionId)!.text };
  }
  if (reply.kind === 'typed') {
    const text = reply.text.trim();
    if (!text || text.length > maxTypedReply) throw refuse(`typed reply of ${reply.text.length} characters`);
    return typedSubmission(node, text);
  }
  throw refuse('recorded turns are submitted with their audio');
}

/** Apply a submitted turn by compare-and-set; the turn index must be the run's current one. */
async function applyTurn(
  admin: PocketBase,
  viewer: Viewer,
  runId: string,
  turnIndex: number,
  now: Date,
  submit: (call: CallScenario, run: repo.CallRun) => Submitted,
): Promise<repo.CallRun> {
  const { written, followUp } = await untilWritten(`turn ${turnIndex} of call run ${runId}`, async () => {
    const run = await ownRun(admin, viewer, runId);
    if (run.status !== 'in_progress' || run.state.turn !== turnIndex) throw turnNotCurrent(run, turnIndex);
    const call = callOrThrow(run.call);
    const { record, state } = answerTurn(call, run.state, submit(call, run), now);
    const turns = [...run.turns, record];
    let ended: repo.RunChange['ended'];
    if (isEnded(call, state)) {
      const scores = scoreRun(state.points, modelPoints(call), call.endings[state.node]!.pass);
      ended = { ending: state.node, scores, passed: scores.passed, at: now };
    }
    // A passed run may complete a program that requires this call: its follow-up is written with the last turn.
    const followUp = ended?.passed ? achievementFollowUp(run.user, { call: run.call }) : null;
    const updated = await repo.updateRun(admin, run, { state, turns, ended }, followUp);
    return updated ? { written: updated, followUp } : conflict;
  });
  if (written.status === 'ended') {
    const call = callOrThrow(written.call);
    // The learning record that leaves the building (xAPI outbox; nothing when xAPI is off, never throws).
    await learningEventWritten(admin, {
      kind: 'call-completed',
      runId: written.id,
      userId: written.user,
      callId: call.id,
      callTitle: call.title,
      module: call.module,
      startedAt: pbDate(written.startedAt) ?? now,
      completedAt: now,
      endingKind: call.endings[written.ending]!.kind,
      passed: written.passed,
      points: written.scores?.points ?? {},
    });
  }
  // The certificate a passed run completes is issued in this request (or by the sweep, should this process die).
  if (followUp) await followUpsNow(admin, [followUp], now);
  return written;
}

/** Submit a choice or typed reply for turn `turnIndex` of the viewer's run. */
export function submitTurn(
  admin: PocketBase,
  viewer: Viewer,
  input: { runId: string; turnIndex: number; reply: ReplyInput },
  now: Date,
) {
  return applyTurn(admin, viewer, input.runId, input.turnIndex, now, (call, run) =>
    resolveReply(call, run, input.reply),
  );
}

/**
 * Submit a recorded reply: the audio is checked (size, sniffed type, decodes as it claims, lasts as long as the device
 * measured) and stored with the device's metrics (claims), one per run and turn; then the turn is applied. If another
 * submit of the same turn wins, the recording is removed and the turn refused.
 */
export async function submitRecordedTurn(
  admin: PocketBase,
  viewer: Viewer,
  input: { runId: string; turnIndex: number } & RecordingInput,
  now: Date,
): Promise<repo.CallRun> {
  const run = await ownRun(admin, viewer, input.runId);
  if (run.status !== 'in_progress' || run.state.turn !== input.turnIndex) throw turnNotCurrent(run, input.turnIndex);
  const call = callOrThrow(run.call);
  const node = call.nodes[run.state.node]!;
  if (node.turn.kind !== 'recorded')
    throw new AppError(CallReplyInvalid, { log: [run.id, `recording for a ${node.turn.kind} turn`] });
  const file = input.audio;
  if (!(file instanceof File) || file.size === 0) throw new AppError(RecordingMissing);
  if (file.size > maxRecordingBytes) throw new AppError(RecordingTooLarge, { log: [file.size] });
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (!sniffAudio(bytes.subarray(0, 16))) throw new AppError(RecordingNotAudio, { log: [file.type] });
  let metrics: unknown;
  try {
    metrics = JSON.parse(input.metrics);
  } catch {
    throw new AppError(RecordingMetricsMissing);
  }
  const parsed = savedMetricsSchema.safeParse(metrics);
  if (!parsed.success) throw new AppError(RecordingMetricsInvalid, { log: [parsed.error.message] });
  const { container } = await verifyAudioUpload(bytes, {
    statedSec: parsed.data.durationSec,
    declaredType: file.type,
    fileName: file.name,
  });
  const recording = await repo.createRecording(admin, {
    user: viewer.id,
    run: run.id,
    call: call.id,
    node: run.state.node,
    turnIndex: input.turnIndex,
    deviceMetrics: parsed.data,
    durationSec: parsed.data.durationSec,
    audio: new File([bytes], `${call.id}-${input.turnIndex}.${container === 'mp4' ? 'm4a' : container}`, {
      type: containerMime[container],
    }),
  });
  if (!recording) throw turnNotCurrent(run, input.turnIndex);
  try {
    return await applyTurn(admin, viewer, run.id, input.turnIndex, now, () => ({
      kind: 'recorded',
      recordingId: recording.id,
      durationSec: parsed.data.durationSec,
      metrics: parsed.data,
    }));
  } catch (error) {
    await repo.deleteRecording(admin, recording.id);
    throw error;
  }
}

export interface CallMeta {
  id: string;
  title: string;
  brief: string;
  situation: CallScenario['situation'];
  difficulty: CallScenario['difficulty'];
  lessons: string[];
  sourceNote: string;
}

export const callMeta = (call: CallScenario): CallMeta => ({
  id: call.id,
  title: call.title,
  brief: call.brief,
  situation: call.situation,
  difficulty: call.difficulty,
  lessons: call.lessons,
  sourceNote: call.sourceNote,
});

export type RunView =
  | {
      run: { id: string; startedAt: string; endedAt: string };
      call: CallMeta;
      status: 'in_progress';
      view: PublicCallView;
    }
  | { run: { id: string; startedAt: string; endedAt: string }; call: CallMeta; status: 'ended'; debrief: Debrief };

/** What the viewer may see of their run: the current turn only while it is open, the debrief once it ended. */
export function viewOf(run: repo.CallRun): RunView {
  const call = callOrThrow(run.call);
  const base = { run: { id: run.id, startedAt: run.startedAt, endedAt: run.endedAt }, call: callMeta(call) };
  if (run.status === 'ended') return { ...base, status: 'ended', debrief: buildDebrief(call, run.turns, run.state) };
  return { ...base, status: 'in_progress', view: publicView(call, run.id, run.state) };
}

export async function runView(admin: PocketBase, viewer: Viewer, runId: string): Promise<RunView> {
  return viewOf(await ownRun(admin, viewer, runId));
}

export interface CallListEntry {
  call: CallMeta;
  /** The viewer's open run, if any. */
  openRun: { id: string; turn: number } | null;
  /** The viewer's best ended run: passed first, then the highest score ratio. */
  best: { id: string; passed: boolean; ratio: number; ending: string } | null;
  runs: number;
}

/** Every call with the viewer's open run and best result (the /learn/calls list). */
export async function callsForViewer(
  admin: PocketBase,
  viewer: Viewer,
  calls: readonly CallScenario[],
): Promise<CallListEntry[]> {
  const runs = await repo.listRuns(admin, { user: viewer.id });
  return calls.map((call) => {
    const mine = runs.filter((r) => r.call === call.id);
    const open = mine.find((r) => r.status === 'in_progress');
    const ended = mine.filter((r) => r.status === 'ended' && r.scores);
    ended.sort((a, b) => Number(b.passed) - Number(a.passed) || b.scores!.ratio - a.scores!.ratio);
    const best = ended[0];
    return {
      call: callMeta(call),
      openRun: open ? { id: open.id, turn: open.state.turn } : null,
      best: best
        ? {
            id: best.id,
            passed: best.passed,
            ratio: best.scores!.ratio,
            ending: call.endings[best.ending]?.title ?? best.ending,
          }
        : null,
      runs: mine.length,
    };
  });
}

/**
 * Where the app server can fetch a recorded reply's audio for the viewer: their own recordings only (the app's route
 * uses review.ts recordingAudioUrlFor, which also lets the trainee's trainer and HR listen). Another user's recording
 * is reported like a missing one.
 */
export async function recordingAudioUrl(admin: PocketBase, viewer: Viewer, recordingId: string): Promise<string> {
  const rec = await repo.getRecording(admin, recordingId);
  if (!rec || rec.user !== viewer.id)
    throw new AppError(CallRunNotFound, { log: [`recording ${recordingId}`, viewer.id] });
  return repo.recordingFileUrl(admin, rec);
}
