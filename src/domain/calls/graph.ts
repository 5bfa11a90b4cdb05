// The call graph checker: everything about a scenario that zod cannot see — ids that resolve, declared flags, one
// best reply per choice, typed turns that work, an acyclic graph whose every node, branch and ending is reachable
// with the state the call carries — and the model path (best reply at every turn). Pure; used by the content check
// (src/domain/course/content-check.ts), by authors on their files, and by the simulator's scoring.
import { typedReply } from '../assessment/question-types/typed-reply.ts';
import type { CallScenario, Next } from './schema.ts';
import {
  advance,
  allOutcomes,
  applyEffects,
  initialState,
  modelOutcome,
  resolveNext,
  type CallState,
  type Points,
  type ReplyOutcome,
} from './rules.ts';

export interface CheckOptions {
  /** Whether a lesson ref `module/NN-slug` names an existing lesson. */
  lessonExists: (ref: string) => boolean;
  /** Most (node, state) pairs explored before giving up (the exhaustive walk is capped). Default 200000. */
  maxStates?: number;
}

/** Minimum turns on the model path, and on any path to a passing ending. */
export const minModelTurns = 5;
export const minPassTurns = 4;
export const minEndings = 3;

function targets(next: Next): string[] {
  return typeof next === 'string' ? [next] : [...next.branches.map((b) => b.to), next.otherwise];
}

function where(nodeId: string, o: ReplyOutcome) {
  return `node "${nodeId}" ${o.key}`;
}

/**
 * The part of a state that can change where the call goes: node, mood, flags, and the points of the dimensions some
 * condition asks about (points no condition reads only add up, so two states differing there behave alike).
 */
function stateKeyFor(call: CallScenario): (s: CallState) => string {
  const asked = new Set<string>();
  for (const node of Object.values(call.nodes)) {
    for (const o of allOutcomes(node)) {
      if (typeof o.next === 'string') continue;
      for (const b of o.next.branches) for (const d of Object.keys(b.when.pointsAtLeast ?? {})) asked.add(d);
    }
  }
  const dims = [...asked].sort() as (keyof Points)[];
  return (s) => `${s.node}|${s.mood}|${s.flags.join(',')}|${dims.map((d) => s.points[d]).join(',')}`;
}

/** Every problem with a scenario, in English (empty when it is fine). */
export function checkCallScenario(call: CallScenario, options: CheckOptions): string[] {
  const problems: string[] = [];
  const nodeIds = Object.keys(call.nodes);
  const endingIds = Object.keys(call.endings);
  const known = new Set([...nodeIds, ...endingIds]);
  const flags = new Set(Object.keys(call.flags));

  for (const id of nodeIds) if (id in call.endings) problems.push(`"${id}" is both a node and an ending`);
  if (!(call.start in call.nodes)) problems.push(`start "${call.start}" is not a node`);

  // Lessons
  const lessonRefs: [string, string][] = call.lessons.map((l) => ['lessons', l]);
  // Ids, flags, turns
  const setFlags = new Set<string>();
  const checkFlag = (f: string, at: string) => {
    if (!flags.has(f)) problems.push(`${at} uses the undeclared flag "${f}"`);
  };
  for (const [nodeId, node] of Object.entries(call.nodes)) {
    const turn = node.turn;
    if (turn.kind === 'choice') {
      const best = turn.options.filter((o) => o.quality === 'best').length;
      if (best !== 1) problems.push(`node "${nodeId}" has ${best} best options (exactly one is needed)`);
      const ids = turn.options.map((o) => o.id);
      for (const dup of ids.filter((x, i) => ids.indexOf(x) !== i))
        problems.push(`node "${nodeId}" repeats option id "${dup}"`);
    }
    if (turn.kind === 'typed') {
      const at = turn.outcomes.map((o) => o.atLeast);
      if (at.some((v, i) => i > 0 && v >= at[i - 1]!)) {
        problems.push(`node "${nodeId}" typed outcomes are not ordered by atLeast, highest first (${at.join(', ')})`);
      }
      if (at[at.length - 1] !== 0) problems.push(`node "${nodeId}" last typed outcome must have atLeast 0`);
      const typedChecks = typedReply.checks!({
        id: 'xx-000',
        type: 'typed-reply',
        prompt: turn.prompt,
        explanation: 'call turn',
        lesson: 'x/x',
        tags: [],
        difficulty: 'medium',
        pool: 'practice',
        required: turn.required,
        forbidden: turn.forbidden,
        modelAnswer: turn.modelAnswer,
      });
      for (const p of typedChecks) problems.push(`node "${nodeId}" typed turn: ${p}`);
    }
    for (const o of allOutcomes(node)) {
      const at = where(nodeId, o);
      for (const t of targets(o.next)) if (!known.has(t)) problems.push(`${at} leads to unknown "${t}"`);
      for (const f of o.effects.set ?? []) {
        checkFlag(f, at);
        setFlags.add(f);
      }
      for (const f of o.effects.clear ?? []) checkFlag(f, at);
      if (typeof o.next !== 'string') {
        for (const b of o.next.branches)
          for (const f of [...(b.when.flags ?? []), ...(b.when.notFlags ?? [])]) checkFlag(f, at);
      }
      if (o.lesson) lessonRefs.push([at, o.lesson]);
    }
  }
  for (const f of flags) if (!setFlags.has(f)) problems.push(`flag "${f}" is declared but no reply sets it`);
  for (const [at, ref] of lessonRefs)
    if (!options.lessonExists(ref)) problems.push(`${at}: lesson "${ref}" does not exist`);

  // Endings
  const endings = Object.values(call.endings);
  if (endings.length < minEndings) problems.push(`${endings.length} endings (at least ${minEndings} are needed)`);
  if (!endings.some((e) => e.pass)) problems.push('no ending passes (pass: true)');
  if (!endings.some((e) => !e.pass)) problems.push('no ending fails (pass: false)');
  if (!nodeIds.some((id) => call.nodes[id]!.turn.kind === 'typed')) problems.push('the call has no typed turn');

  // Structure: static reachability and cycles (on every possible edge, whatever the state).
  if (problems.some((p) => p.includes('unknown') || p.startsWith('start'))) return problems;
  const edges = (id: string) => (id in call.nodes ? allOutcomes(call.nodes[id]!).flatMap((o) => targets(o.next)) : []);
  const colour = new Map<string, 1 | 2>();
  const cycle: string[] = [];
  const visit = (id: string, stack: string[]): void => {
    if (cycle.length) return;
    colour.set(id, 1);
    for (const t of edges(id)) {
      if (colour.get(t) === 1) {
        cycle.push(...stack.slice(stack.indexOf(t)), id, t);
        return;
      }
      if (!colour.has(t)) visit(t, [...stack, id]);
    }
    colour.set(id, 2);
  };
  visit(call.start, []);
  if (cycle.length) {
    problems.push(`the graph has a cycle: ${[...new Set(cycle)].join(' → ')} → …`);
    return problems;
  }
  for (const id of [...nodeIds, ...endingIds])
    if (!colour.has(id)) problems.push(`"${id}" cannot be reached from the start`);

  // Exhaustive walk with state: breadth first over (node, state), so the first visit of a pair is on a shortest path.
  const maxStates = options.maxStates ?? 200_000;
  const seen = new Set<string>();
  const reachedNodes = new Set<string>();
  const endingTurns = new Map<string, number>();
  const takenBranches = new Set<string>();
  const stateKey = stateKeyFor(call);
  let queue: CallState[] = [initialState(call)];
  seen.add(stateKey(queue[0]!));
  let capped = false;
  while (queue.length && !capped) {
    const nextQueue: CallState[] = [];
    for (const state of queue) {
      if (state.node in call.endings) {
        if (!endingTurns.has(state.node)) endingTurns.set(state.node, state.turn);
        continue;
      }
      reachedNodes.add(state.node);
      for (const o of allOutcomes(call.nodes[state.node]!)) {
        const after = advance(call, state, o);
        if (after.branch >= 0) takenBranches.add(`${state.node}/${o.key}/${after.branch}`);
        const { branch: _b, ...s } = after;
        const key = stateKey(s);
        if (seen.has(key)) continue;
        seen.add(key);
        if (seen.size > maxStates) {
          capped = true;
          break;
        }
        nextQueue.push(s);
      }
    }
    queue = nextQueue;
  }
  if (capped) {
    problems.push(`more than ${maxStates} reachable states: the walk was capped, reachability is not proven`);
    return problems;
  }
  for (const id of nodeIds) {
    if (colour.has(id) && !reachedNodes.has(id))
      problems.push(`node "${id}" is never reached with the state the call carries`);
  }
  for (const id of endingIds) {
    if (colour.has(id) && !endingTurns.has(id))
      problems.push(`ending "${id}" is never reached with the state the call carries`);
  }
  for (const [nodeId, node] of Object.entries(call.nodes)) {
    for (const o of allOutcomes(node)) {
      if (typeof o.next === 'string' || !reachedNodes.has(nodeId)) continue;
      o.next.branches.forEach((b, i) => {
        if (!takenBranches.has(`${nodeId}/${o.key}/${i}`)) {
          const what = `${where(nodeId, o)} branch ${i + 1} (to "${b.to}")`;
          problems.push(`${what} never holds on any path (or an earlier branch always wins)`);
        }
      });
    }
  }
  for (const [id, turns] of endingTurns) {
    if (call.endings[id]!.pass && turns < minPassTurns) {
      problems.push(`passing ending "${id}" can be reached after ${turns} turns (at least ${minPassTurns} are needed)`);
    }
  }
  const model = modelPath(call);
  if (!model.ending) problems.push('the model path does not reach an ending');
  else {
    if (model.steps.length < minModelTurns)
      problems.push(`the model path has ${model.steps.length} turns (at least ${minModelTurns})`);
    if (!call.endings[model.ending]!.pass)
      problems.push(`the model path ends in "${model.ending}", which does not pass`);
  }
  return problems;
}

export interface ModelStep {
  node: string;
  /** `option:<id>`, `outcome:0` or `recorded`. */
  key: string;
  /** The reply's text: the best option, the typed or recorded model answer. */
  text: string;
}

export interface ModelPath {
  steps: ModelStep[];
  /** The ending reached, or null when the walk did not end (a broken graph). */
  ending: string | null;
  points: Points;
}

/** The model path: the best option / first typed outcome / the recording at every turn, from the start. */
export function modelPath(call: CallScenario): ModelPath {
  let state = initialState(call);
  const steps: ModelStep[] = [];
  const limit = Object.keys(call.nodes).length + 1;
  while (state.node in call.nodes && steps.length < limit) {
    const node = call.nodes[state.node]!;
    const o = modelOutcome(node);
    const turn = node.turn;
    const text = turn.kind === 'choice' ? turn.options.find((x) => `option:${x.id}` === o.key)!.text : turn.modelAnswer;
    steps.push({ node: state.node, key: o.key, text });
    const after = applyEffects(state, o.effects);
    state = { ...after, node: resolveNext(o.next, after).to, turn: state.turn + 1 };
  }
  return { steps, ending: state.node in call.endings ? state.node : null, points: state.points };
}
