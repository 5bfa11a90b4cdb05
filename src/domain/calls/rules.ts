// The simulated call's rules (pure; no I/O, no clock): the run state, what a reply does to it, where the call goes
// next, when it ends, how a run is scored against the model path, the debrief, and the public view of the current
// turn (the only part of the scenario the browser ever receives). Shared by the graph checker (graph.ts), the
// service (service.ts) and the trainer side.
import {
  dimensions,
  moods,
  type CallNode,
  type CallScenario,
  type Condition,
  type Dimension,
  type Effects,
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
  | { kind: 'choice'; optionId: string }
  | { kind: 'typed'; score: number }
  | { kind: 'recorded' };

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
    return { key: `option:${o.id}`, effects: o.effects, next: o.next, feedback: o.feedback, lesson: o.lesson, quality: o.quality };
  }
  if (turn.kind === 'typed' && reply.kind === 'typed') {
    const i = typedOutcomeIndex(turn.outcomes, reply.score);
    const o = turn.outcomes[i]!;
    return { key: `outcome:${i}`, effects: o.effects, next: o.next, feedback: o.feedback, lesson: o.lesson, quality: i === 0 ? 'best' : undefined };
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
    return turn.outcomes.map((o, i) => ({ key: `outcome:${i}`, effects: o.effects, next: o.next, feedback: o.feedback, lesson: o.lesson, quality: i === 0 ? ('best' as const) : undefined }));
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
export function advance(call: CallScenario, state: CallState, outcome: ReplyOutcome): CallState & { branch: number } {
  const after = applyEffects(state, outcome.effects);
  const { to, branch } = resolveNext(outcome.next, after);
  return { ...after, node: to, turn: state.turn + 1, branch };
}

export const isEnded = (call: CallScenario, state: CallState) => state.node in call.endings;
