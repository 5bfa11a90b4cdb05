// Simulated calls, the trainer's use cases: a trainee's runs (path, scores per dimension, ending, pass, recorded
// replies), the recorded-reply audio for the trainee's trainer or HR, and per-node statistics of a call over the
// viewer's own cohorts (HR: everyone). Visibility is the training area's one rule (visibleTraineeIds): a trainer sees
// only members of their cohorts; anyone else's recording or run is reported like a missing one.
import type PocketBase from 'pocketbase';
import { AppError, CallNotFound, CallRunNotFound } from '../../platform/errors/index.ts';
import type { StaffUser } from '../identity/schema.ts';
import { requireVisibleTrainee, visibleTraineeIds } from '../training/service.ts';
import { callById, callCatalog } from './catalog.ts';
import * as repo from './repo.ts';
import { buildDebrief, callStatistics, typedOutcomeIndex, type Debrief } from './rules.ts';
import { dimensionLabels, type CallScenario, type ReplyQuality } from './schema.ts';

/** Below this many runs (ended or abandoned) a call's statistics say 「样本不足」. */
export const minRunsForStatistics = 5;

export interface TraineeRun {
  id: string;
  call: { id: string; title: string; difficulty: CallScenario['difficulty'] };
  status: 'in_progress' | 'ended';
  startedAt: string;
  endedAt: string;
  turns: number;
  /** The debrief of an ended run (path, feedback, ending, dimension scores, recordings). */
  debrief: Debrief | null;
  passed: boolean;
  recordings: { id: string; turnIndex: number; node: string; durationSec: number }[];
}

/** A trainee's runs, newest first, for their trainer (or HR). */
export async function traineeRuns(admin: PocketBase, viewer: StaffUser, traineeId: string): Promise<TraineeRun[]> {
  await requireVisibleTrainee(admin, viewer, traineeId);
  const runs = await repo.listRuns(admin, { user: traineeId });
  const out: TraineeRun[] = [];
  for (const run of runs) {
    const call = callById(run.call);
    if (!call) continue;
    const recordings = run.turns.some((t) => t.submitted.kind === 'recorded')
      ? await repo.recordingsOfRun(admin, run.id)
      : [];
    out.push({
      id: run.id,
      call: { id: call.id, title: call.title, difficulty: call.difficulty },
      status: run.status,
      startedAt: run.startedAt,
      endedAt: run.endedAt,
      turns: run.turns.length,
      debrief: run.status === 'ended' ? buildDebrief(call, run.turns, run.state) : null,
      passed: run.passed,
      recordings: recordings.map((r) => ({
        id: r.id,
        turnIndex: r.turnIndex,
        node: r.node,
        durationSec: r.durationSec,
      })),
    });
  }
  return out;
}

type Viewer = Pick<StaffUser, 'id' | 'role'>;

/**
 * Where the app server can fetch a recorded reply's audio for `viewer`: the trainee who recorded it, the trainer of a
 * cohort they belong to, or HR. Anyone else gets CallRunNotFound, exactly as for a missing recording.
 */
export async function recordingAudioUrlFor(admin: PocketBase, viewer: Viewer, recordingId: string): Promise<string> {
  const rec = await repo.getRecording(admin, recordingId);
  const refuse = () => new AppError(CallRunNotFound, { log: [`recording ${recordingId}`, viewer.id] });
  if (!rec) throw refuse();
  if (rec.user !== viewer.id) {
    if (viewer.role !== 'trainer' && viewer.role !== 'hr') throw refuse();
    const visible = await visibleTraineeIds(admin, viewer as StaffUser);
    if (visible && !visible.has(rec.user)) throw refuse();
  }
  return repo.recordingFileUrl(admin, rec);
}

export interface CallStatisticsView {
  call: { id: string; title: string; difficulty: CallScenario['difficulty'] };
  /** Runs counted: ended and abandoned (still open) runs of the viewer's trainees. */
  runs: number;
  ended: number;
  passed: number;
  enough: boolean;
  minRuns: number;
  nodes: {
    node: string;
    customer: string;
    kind: 'choice' | 'typed' | 'recorded';
    answered: number;
    /** Runs that stopped here without answering (open runs whose current turn this is). */
    stoppedHere: number;
    replies: { key: string; label: string; quality?: ReplyQuality; count: number; share: number }[];
    /** Typed turns: how many replies scored in each tenth (0–9 = 0–10 %, …, 90–100 %). */
    typedScores?: number[];
  }[];
  endings: { id: string; title: string; pass: boolean; count: number; share: number }[];
}

/** Per-node statistics of a call over the viewer's trainees (HR: everyone). */
export async function callStatisticsFor(
  admin: PocketBase,
  viewer: StaffUser,
  callId: string,
): Promise<CallStatisticsView> {
  const call = callById(callId);
  if (!call) throw new AppError(CallNotFound, { log: [callId] });
  const visible = await visibleTraineeIds(admin, viewer);
  const runs = (await repo.listRuns(admin, { call: call.id })).filter((r) => !visible || visible.has(r.user));
  const ended = runs.filter((r) => r.status === 'ended');
  const stats = callStatistics(
    call,
    runs.map((r) => ({ turns: r.turns, ending: r.status === 'ended' ? r.ending : null })),
  );
  const open = runs.filter((r) => r.status === 'in_progress');
  const share = (n: number, of: number) => (of ? n / of : 0);
  return {
    call: { id: call.id, title: call.title, difficulty: call.difficulty },
    runs: runs.length,
    ended: ended.length,
    passed: ended.filter((r) => r.passed).length,
    enough: runs.length >= minRunsForStatistics,
    minRuns: minRunsForStatistics,
    nodes: stats.nodes.map((s) => {
      const node = call.nodes[s.node]!;
      const turn = node.turn;
      const label = (key: string): { label: string; quality?: ReplyQuality } => {
        if (turn.kind === 'choice') {
          const o = turn.options.find((x) => `option:${x.id}` === key);
          return { label: o?.text ?? key, quality: o?.quality };
        }
        if (turn.kind === 'typed') {
          const i = Number(key.split(':')[1]);
          const o = turn.outcomes[i];
          return { label: `得分 ≥ ${Math.round((o?.atLeast ?? 0) * 100)}%`, quality: i === 0 ? 'best' : undefined };
        }
        return { label: '录音回复' };
      };
      const typedScores =
        turn.kind === 'typed'
          ? runs
              .flatMap((r) => r.turns)
              .filter((t) => t.node === s.node && t.submitted.kind === 'typed')
              .reduce(
                (bins, t) => {
                  const score = (t.submitted as { score: number }).score;
                  bins[Math.min(9, Math.max(0, Math.floor(score * 10)))]!++;
                  return bins;
                },
                Array.from({ length: 10 }, () => 0),
              )
          : undefined;
      return {
        node: s.node,
        customer: node.customer.text,
        kind: turn.kind,
        answered: s.answered,
        stoppedHere: open.filter((r) => r.state.node === s.node).length,
        replies: Object.entries(s.outcomes).map(([key, count]) => ({
          key,
          ...label(key),
          count,
          share: share(count, s.answered),
        })),
        ...(typedScores ? { typedScores } : {}),
      };
    }),
    endings: Object.entries(stats.endings).map(([id, count]) => ({
      id,
      title: call.endings[id]!.title,
      pass: call.endings[id]!.pass,
      count,
      share: share(count, ended.length),
    })),
  };
}

/** Every call with how many runs the viewer's trainees made (the /trainer/calls list). */
export async function callOverview(admin: PocketBase, viewer: StaffUser) {
  const visible = await visibleTraineeIds(admin, viewer);
  const runs = (await repo.runOutcomes(admin)).filter((r) => !visible || visible.has(r.user));
  return callCatalog().map((call) => {
    const mine = runs.filter((r) => r.call === call.id);
    return {
      id: call.id,
      title: call.title,
      difficulty: call.difficulty,
      runs: mine.length,
      passed: mine.filter((r) => r.passed).length,
    };
  });
}

export { dimensionLabels, typedOutcomeIndex };
