// The simulated call's rules (pure; no I/O, no clock): the run state, what a reply does to it, where the call goes
// next, when it ends, how a run is scored against the model path, the debrief, and the public view of the current
// turn (the only part of the scenario the browser ever receives). Shared by the graph checker (graph.ts), the
// service (service.ts) and the trainer side.
import { checkReply, replyFeedback } from '../assessment/reply-check.ts';
import { seededShuffle } from '../../platform/util/seeded-random.ts';
import {
  dimensionLabels,
  dimensions,
  endingKindLabels,
  moodLabels,
  moods,
  type CallNode,
  type CallScenario,
  type Condition,
  type Dimension,
  type Effects,
  type EndingKind,
  type Mood,
  type Next,
} from './schema.ts';

export type Points = Record<Dimension, number>;

/** Where a run is: the node (or ending) id, the mood, the flags set (sorted), points so far, turns answered. */
export interface CallState {
  node: string;
  mood: Mood;
  flags: string[];
  points: Points;
  turn: number;
}

export const zeroPoints = (): Points => Object.fromEntries(dimensions.map((d) => [d, 0])) as Points;

export function initialState(call: CallScenario): CallState {
  return { node: call.start, mood: call.initialMood, flags: [], points: zeroPoints(), turn: 0 };
}

const moodIndex = (m: Mood) => moods.indexOf(m);

/** The state after a reply's effects (mood clamped to the scale; the turn index is not moved here). */
export function applyEffects(state: CallState, effects: Effects): CallState {
  const mood = moods[Math.max(0, Math.min(moods.length - 1, moodIndex(state.mood) + (effects.mood ?? 0)))]!;
  const flags = new Set(state.flags);
  for (const f of effects.set ?? []) flags.add(f);
  for (const f of effects.clear ?? []) flags.delete(f);
  const points = { ...state.points };
  for (const [d, p] of Object.entries(effects.points ?? {}) as [Dimension, number][]) points[d] += p;
  return { ...state, mood, flags: [...flags].sort(), points };
}

export function conditionHolds(c: Condition, state: CallState): boolean {
  if (c.flags && !c.flags.every((f) => state.flags.includes(f))) return false;
  if (c.notFlags && c.notFlags.some((f) => state.flags.includes(f))) return false;
  if (c.moodAtLeast && moodIndex(state.mood) < moodIndex(c.moodAtLeast)) return false;
  if (c.moodAtMost && moodIndex(state.mood) > moodIndex(c.moodAtMost)) return false;
  for (const [d, min] of Object.entries(c.pointsAtLeast ?? {}) as [Dimension, number][]) {
    if (state.points[d] < min) return false;
  }
  return true;
}

/** Which target a `next` leads to in this state, and which branch chose it (−1: `otherwise` or a plain id). */
export function resolveNext(next: Next, state: CallState): { to: string; branch: number } {
  if (typeof next === 'string') return { to: next, branch: -1 };
  const branch = next.branches.findIndex((b) => conditionHolds(b.when, state));
  return branch >= 0 ? { to: next.branches[branch]!.to, branch } : { to: next.otherwise, branch: -1 };
}

/** A reply as the rules see it, once the server has checked it: which option, outcome, or a recording. */
export type ResolvedReply =
  { kind: 'choice'; optionId: string } | { kind: 'typed'; score: number } | { kind: 'recorded' };

/** The branch of a turn a reply takes: its effects, next, feedback and lesson, and a key for statistics. */
export interface ReplyOutcome {
  /** `option:<id>`, `outcome:<index>` or `recorded`. */
  key: string;
  effects: Effects;
  next: Next;
  feedback: string;
  lesson?: string;
  /** Choice turns: the option's quality; typed: best for the first outcome. */
  quality?: 'best' | 'acceptable' | 'poor';
}

/** The outcome of a reply at a node, or null when the reply does not fit the turn (forged option, wrong kind). */
export function replyOutcome(node: CallNode, reply: ResolvedReply): ReplyOutcome | null {
  const turn = node.turn;
  if (turn.kind !== reply.kind) return null;
  if (turn.kind === 'choice' && reply.kind === 'choice') {
    const o = turn.options.find((x) => x.id === reply.optionId);
    if (!o) return null;
    return {
      key: `option:${o.id}`,
      effects: o.effects,
      next: o.next,
      feedback: o.feedback,
      lesson: o.lesson,
      quality: o.quality,
    };
  }
  if (turn.kind === 'typed' && reply.kind === 'typed') {
    const i = typedOutcomeIndex(turn.outcomes, reply.score);
    const o = turn.outcomes[i]!;
    return {
      key: `outcome:${i}`,
      effects: o.effects,
      next: o.next,
      feedback: o.feedback,
      lesson: o.lesson,
      quality: i === 0 ? 'best' : undefined,
    };
  }
  if (turn.kind === 'recorded') {
    return { key: 'recorded', effects: turn.effects, next: turn.next, feedback: turn.feedback, lesson: turn.lesson };
  }
  return null;
}

/** The first outcome whose `atLeast` the score reaches (outcomes are ordered highest first; the last is 0). */
export function typedOutcomeIndex(outcomes: readonly { atLeast: number }[], score: number): number {
  const i = outcomes.findIndex((o) => score >= o.atLeast - 1e-9);
  return i >= 0 ? i : outcomes.length - 1;
}

/** Every outcome a turn can have (for the graph checker and statistics): each option, each typed outcome. */
export function allOutcomes(node: CallNode): ReplyOutcome[] {
  const turn = node.turn;
  if (turn.kind === 'choice') return turn.options.map((o) => replyOutcome(node, { kind: 'choice', optionId: o.id })!);
  if (turn.kind === 'typed') {
    return turn.outcomes.map((o, i) => ({
      key: `outcome:${i}`,
      effects: o.effects,
      next: o.next,
      feedback: o.feedback,
      lesson: o.lesson,
      quality: i === 0 ? ('best' as const) : undefined,
    }));
  }
  return [replyOutcome(node, { kind: 'recorded' })!];
}

/** The model reply of a turn: the `best` option, the first typed outcome, the recording. */
export function modelOutcome(node: CallNode): ReplyOutcome {
  const turn = node.turn;
  if (turn.kind === 'choice') {
    const best = turn.options.find((o) => o.quality === 'best') ?? turn.options[0]!;
    return replyOutcome(node, { kind: 'choice', optionId: best.id })!;
  }
  return allOutcomes(node)[0]!;
}

/** The state after answering the current node with `outcome`: effects applied, next resolved, turn index moved on. */
export function advance(_call: CallScenario, state: CallState, outcome: ReplyOutcome): CallState & { branch: number } {
  const after = applyEffects(state, outcome.effects);
  const { to, branch } = resolveNext(outcome.next, after);
  return { ...after, node: to, turn: state.turn + 1, branch };
}

export const isEnded = (call: CallScenario, state: CallState) => state.node in call.endings;

// ---------------------------------------------------------------------------------------------------------------
// Runs: what a submitted turn records, scoring against the model path, the debrief, the public view of a turn.

/** What the trainee sent for a turn, as the server checked it (stored with the run). */
export type Submitted =
  | { kind: 'choice'; optionId: string; text: string }
  | {
      kind: 'typed';
      text: string;
      present: { label: string; quote?: string }[];
      missing: string[];
      forbidden: { label: string; quote: string }[];
      score: number;
    }
  | { kind: 'recorded'; recordingId: string; durationSec: number; metrics: unknown };

/** One answered turn of a run, as stored: the node, what was submitted, the server's outcome and the state after. */
export interface TurnRecord {
  index: number;
  node: string;
  submitted: Submitted;
  /** The outcome key (`option:<id>`, `outcome:<i>`, `recorded`). */
  outcome: string;
  /** Mood and flags after the reply. */
  mood: Mood;
  flags: string[];
  /** Points this reply earned, per dimension. */
  points: Partial<Points>;
  at: string;
}

/** Answer the current node: the turn record and the state after it. The caller has checked the reply fits. */
export function answerTurn(
  call: CallScenario,
  state: CallState,
  submitted: Submitted,
  at: Date,
): { record: TurnRecord; state: CallState } {
  const node = call.nodes[state.node];
  if (!node) throw new Error(`answerTurn: "${state.node}" is not a node of ${call.id}`);
  const reply: ResolvedReply =
    submitted.kind === 'choice'
      ? { kind: 'choice', optionId: submitted.optionId }
      : submitted.kind === 'typed'
        ? { kind: 'typed', score: submitted.score }
        : { kind: 'recorded' };
  const outcome = replyOutcome(node, reply);
  if (!outcome) throw new Error(`answerTurn: the reply does not fit node "${state.node}" of ${call.id}`);
  const { branch: _b, ...next } = advance(call, state, outcome);
  const record: TurnRecord = {
    index: state.turn,
    node: state.node,
    submitted,
    outcome: outcome.key,
    mood: next.mood,
    flags: next.flags,
    points: outcome.effects.points ?? {},
    at: at.toISOString(),
  };
  return { record, state: next };
}

/**
 * Scoring rule: a run's points are summed over the five dimensions (penalties count) and compared with the model
 * path's sum (the best reply at every turn). `ratio` = max(0, run total) / model total, capped at 1. A run passes when
 * it reaches an ending marked `pass` AND its ratio is at least {@link passRatio} (70 %): a proper ending reached with
 * careless replies does not pass, nor does a fine conversation that ends in a hang-up or an upgraded complaint.
 */
export const passRatio = 0.7;

export interface RunScore {
  points: Points;
  modelPoints: Points;
  ratio: number;
  passed: boolean;
}

export function scoreRun(run: Points, model: Points, endingPasses: boolean): RunScore {
  const total = dimensions.reduce((s, d) => s + run[d], 0);
  const modelTotal = dimensions.reduce((s, d) => s + Math.max(0, model[d]), 0);
  const ratio = modelTotal > 0 ? Math.min(1, Math.max(0, total) / modelTotal) : 1;
  return { points: run, modelPoints: model, ratio, passed: endingPasses && ratio >= passRatio - 1e-9 };
}

/** The model path's points (best reply everywhere), walked here so rules.ts does not depend on graph.ts. */
export function modelPoints(call: CallScenario): Points {
  let state = initialState(call);
  for (let i = 0; state.node in call.nodes && i <= Object.keys(call.nodes).length; i++) {
    const { branch: _b, ...next } = advance(call, state, modelOutcome(call.nodes[state.node]!));
    state = next;
  }
  return state.points;
}

/** The browser's key for an option: its position in this run's shuffled order ("0", "1", …). */
export function optionOrder(runSeed: string, node: string, optionIds: readonly string[]): string[] {
  return seededShuffle(optionIds, `${runSeed}:${node}`);
}

/** The option a display key names in this run, or null (unknown, out of range, crafted). */
export function optionForKey(call: CallScenario, runSeed: string, nodeId: string, key: string): string | null {
  const turn = call.nodes[nodeId]?.turn;
  if (!turn || turn.kind !== 'choice' || !/^[0-9]$/.test(key)) return null;
  return (
    optionOrder(
      runSeed,
      nodeId,
      turn.options.map((o) => o.id),
    )[Number(key)] ?? null
  );
}

export interface PublicLine {
  text: string;
  /** URL of the line's audio (rendered, or the recorded clip that replaces it). */
  audio: string;
}

export type PublicTurn =
  | { kind: 'choice'; prompt?: string; options: { key: string; text: string }[] }
  | { kind: 'typed'; prompt: string; maxLength: number }
  | { kind: 'recorded'; prompt: string; delivery: string; modelAnswer: string };

/** Everything the browser gets about a run in progress: the current turn only. */
export interface PublicCallView {
  status: 'in_progress';
  turnIndex: number;
  customer: PublicLine;
  context?: string;
  mood: Mood;
  moodLabel: string;
  /** Labels of the flags set so far (e.g. 已道歉). */
  flags: string[];
  turn: PublicTurn;
}

/** Longest typed reply accepted (as the typed-reply question type). */
export const maxTypedReply = 500;

/** Where a line's audio is served: its recorded clip, else the rendering (src/cli/render-audio.ts). */
export function lineAudioUrl(callId: string, lineId: string, audio?: string): string {
  return audio ? `/audio/calls/${audio}` : `/audio/calls/${callId}/${lineId}.ogg`;
}

export function publicView(call: CallScenario, runSeed: string, state: CallState): PublicCallView {
  const node = call.nodes[state.node];
  if (!node) throw new Error(`publicView: run of ${call.id} is not at a node`);
  const t = node.turn;
  let turn: PublicTurn;
  if (t.kind === 'choice') {
    const order = optionOrder(
      runSeed,
      state.node,
      t.options.map((o) => o.id),
    );
    turn = {
      kind: 'choice',
      ...(t.prompt ? { prompt: t.prompt } : {}),
      options: order.map((id, i) => ({ key: String(i), text: t.options.find((o) => o.id === id)!.text })),
    };
  } else if (t.kind === 'typed') turn = { kind: 'typed', prompt: t.prompt, maxLength: maxTypedReply };
  else turn = { kind: 'recorded', prompt: t.prompt, delivery: t.delivery, modelAnswer: t.modelAnswer };
  return {
    status: 'in_progress',
    turnIndex: state.turn,
    customer: { text: node.customer.text, audio: lineAudioUrl(call.id, state.node, node.customer.audio) },
    ...(node.context ? { context: node.context } : {}),
    mood: state.mood,
    moodLabel: moodLabels[state.mood],
    flags: state.flags.map((f) => call.flags[f] ?? f),
    turn,
  };
}

export interface DebriefTurn {
  index: number;
  customer: string;
  kind: 'choice' | 'typed' | 'recorded';
  /** What the trainee replied: the option text, the typed text, or 「（录音）」 with its duration. */
  reply: string;
  quality?: 'best' | 'acceptable' | 'poor';
  feedback: string[];
  lesson?: string;
  moodLabel: string;
  recordingId?: string;
  metrics?: unknown;
  /** The model reply at this node, when the trainee's differed. */
  modelReply?: string;
}

export interface Debrief {
  turns: DebriefTurn[];
  ending: {
    id: string;
    kind: EndingKind;
    kindLabel: string;
    title: string;
    pass: boolean;
    debrief: string;
    customer?: string;
  };
  score: RunScore;
  dimensions: { dimension: Dimension; label: string; points: number; model: number }[];
  modelPath: { customer: string; reply: string }[];
  modelEnding: string | null;
}

function modelReplyAt(node: CallNode): string {
  const t = node.turn;
  return t.kind === 'choice' ? (t.options.find((o) => o.quality === 'best') ?? t.options[0]!).text : t.modelAnswer;
}

/** The debrief of an ended run: path taken with feedback per turn, the ending, the scores, the model path. */
export function buildDebrief(call: CallScenario, turns: readonly TurnRecord[], state: CallState): Debrief {
  const ending = call.endings[state.node];
  if (!ending) throw new Error(`buildDebrief: run of ${call.id} has not ended`);
  const out: DebriefTurn[] = turns.map((r) => {
    const node = call.nodes[r.node]!;
    const o = allOutcomes(node).find((x) => x.key === r.outcome);
    const s = r.submitted;
    const feedback = o ? [o.feedback] : [];
    let reply: string;
    if (s.kind === 'typed') {
      reply = s.text;
      feedback.push(
        ...replyFeedback({
          present: s.present,
          missing: s.missing.map((label) => ({ label })),
          forbidden: s.forbidden.map((f) => ({ ...f, phrase: f.quote })),
          score: s.score,
        }),
      );
    } else if (s.kind === 'choice') reply = s.text;
    else reply = `（录音，${s.durationSec.toFixed(1)} 秒）`;
    const model = modelReplyAt(node);
    const isModel = o?.key === modelOutcome(node).key;
    return {
      index: r.index,
      customer: node.customer.text,
      kind: node.turn.kind,
      reply,
      ...(o?.quality ? { quality: o.quality } : {}),
      feedback,
      ...(o?.lesson ? { lesson: o.lesson } : {}),
      moodLabel: moodLabels[r.mood],
      ...(s.kind === 'recorded' ? { recordingId: s.recordingId, metrics: s.metrics } : {}),
      ...(isModel ? {} : { modelReply: model }),
    };
  });
  const modelPts = modelPoints(call);
  const score = scoreRun(state.points, modelPts, ending.pass);
  // Model path texts, walked with the model's own state.
  const modelSteps: { customer: string; reply: string }[] = [];
  let m = initialState(call);
  for (let i = 0; m.node in call.nodes && i <= Object.keys(call.nodes).length; i++) {
    const node = call.nodes[m.node]!;
    modelSteps.push({ customer: node.customer.text, reply: modelReplyAt(node) });
    const { branch: _b, ...next } = advance(call, m, modelOutcome(node));
    m = next;
  }
  return {
    turns: out,
    ending: {
      id: state.node,
      kind: ending.kind,
      kindLabel: endingKindLabels[ending.kind],
      title: ending.title,
      pass: ending.pass,
      debrief: ending.debrief,
      ...(ending.customer ? { customer: ending.customer.text } : {}),
    },
    score,
    dimensions: dimensions.map((d) => ({
      dimension: d,
      label: dimensionLabels[d],
      points: state.points[d],
      model: modelPts[d],
    })),
    modelPath: modelSteps,
    modelEnding: m.node in call.endings ? call.endings[m.node]!.title : null,
  };
}

/** Check a typed reply to a typed turn (required elements, forbidden phrases; quoted) as the run stores it. */
export function typedSubmission(node: CallNode, text: string): Submitted & { kind: 'typed' } {
  const t = node.turn;
  if (t.kind !== 'typed') throw new Error('typedSubmission: not a typed turn');
  const check = checkReply(text, t);
  return {
    kind: 'typed',
    text,
    present: check.present,
    missing: check.missing.map((m) => m.label),
    forbidden: check.forbidden.map((f) => ({ label: f.label, quote: f.quote })),
    score: check.score,
  };
}

export interface NodeStatistics {
  node: string;
  /** Runs that answered this node. */
  answered: number;
  /** How often each outcome was taken (`option:<id>`, `outcome:<i>`, `recorded`), every outcome listed. */
  outcomes: Record<string, number>;
}

/**
 * Per-node statistics over runs of one call (for the trainer side): how often each reply was chosen at each node, and
 * how many ended runs reached each ending.
 */
export function callStatistics(
  call: CallScenario,
  runs: readonly { turns: readonly TurnRecord[]; ending?: string | null }[],
): { nodes: NodeStatistics[]; endings: Record<string, number> } {
  const nodes = new Map<string, NodeStatistics>(
    Object.entries(call.nodes).map(([id, node]) => [
      id,
      { node: id, answered: 0, outcomes: Object.fromEntries(allOutcomes(node).map((o) => [o.key, 0])) },
    ]),
  );
  const endings: Record<string, number> = Object.fromEntries(Object.keys(call.endings).map((e) => [e, 0]));
  for (const run of runs) {
    for (const t of run.turns) {
      const s = nodes.get(t.node);
      if (!s || !(t.outcome in s.outcomes)) continue;
      s.answered++;
      s.outcomes[t.outcome]!++;
    }
    if (run.ending && run.ending in endings) endings[run.ending]!++;
  }
  return { nodes: [...nodes.values()], endings };
}
