import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { modelPath } from '../../src/domain/calls/graph.ts';
import {
  answerTurn,
  buildDebrief,
  callStatistics,
  initialState,
  isEnded,
  modelPoints,
  optionForKey,
  passRatio,
  publicView,
  scoreRun,
  typedSubmission,
  zeroPoints,
  type CallState,
  type Submitted,
  type TurnRecord,
} from '../../src/domain/calls/rules.ts';
import { callScenarioSchema } from '../../src/domain/calls/schema.ts';

const call = callScenarioSchema.parse(
  JSON.parse(readFileSync('tests/fixtures/calls/sample-slow-broadband.json', 'utf8')),
);
const at = new Date('2026-11-27T10:00:00Z');
const seed = 'run123';

/** Play a run: for choice turns pick the option by id, typed turns type the text, recorded turns record. */
function play(replies: string[]) {
  let state: CallState = initialState(call);
  const turns: TurnRecord[] = [];
  for (const r of replies) {
    const node = call.nodes[state.node]!;
    let s: Submitted;
    if (node.turn.kind === 'choice')
      s = { kind: 'choice', optionId: r, text: node.turn.options.find((o) => o.id === r)!.text };
    else if (node.turn.kind === 'typed') s = typedSubmission(node, r);
    else s = { kind: 'recorded', recordingId: 'rec', durationSec: 4, metrics: {} };
    const out = answerTurn(call, state, s, at);
    turns.push(out.record);
    state = out.state;
  }
  return { state, turns };
}
const model = modelPath(call).steps;
const modelAnswer = (call.nodes.diagnose!.turn as { modelAnswer: string }).modelAnswer;

describe('call rules', () => {
  it('the model run ends resolved with full marks and passes', () => {
    const { state, turns } = play(['apologize-ask', 'verify-identity', modelAnswer, '', 'thank-close']);
    expect(isEnded(call, state)).toBe(true);
    expect(state.node).toBe('resolved');
    expect(turns.map((t) => t.outcome)).toEqual(model.map((s) => s.key));
    const d = buildDebrief(call, turns, state);
    expect(d.score).toMatchObject({ ratio: 1, passed: true });
    expect(d.turns.every((t) => !t.modelReply)).toBe(true);
    expect(d.modelPath).toHaveLength(5);
    expect(d.ending.title).toBe('问题解决');
  });

  it('branches on state: a bad typed reply with an angry customer hangs up early', () => {
    const { state, turns } = play(['blame-peak', 'skip-verify', '我保证明天一定修好']);
    expect(state.node).toBe('hung-up');
    expect(turns[2]!.outcome).toBe('outcome:2');
    const d = buildDebrief(call, turns, state);
    expect(d.score.passed).toBe(false);
    expect(d.turns[2]!.feedback).toContainEqual(expect.stringContaining('出现无条件承诺：“保证”'));
    expect(d.turns[0]!.modelReply).toBe(model[0]!.text);
  });

  it('a passing ending with too few points does not pass (70 % rule)', () => {
    const { state, turns } = play(['ask-account', 'check-line', '抱歉，线路故障，明天上门处理', '', 'anything-else']);
    expect(state.node).toBe('escalated');
    const d = buildDebrief(call, turns, state);
    expect(call.endings.escalated!.pass).toBe(true);
    expect(d.score.ratio).toBeLessThan(passRatio);
    expect(d.score.passed).toBe(false);
  });

  it('scoreRun: penalties count, ratio capped, pass needs both', () => {
    const m = { ...zeroPoints(), courtesy: 5, empathy: 5 };
    expect(scoreRun({ ...zeroPoints(), courtesy: 7 }, m, true)).toMatchObject({ ratio: 0.7, passed: true });
    expect(scoreRun({ ...zeroPoints(), courtesy: 9, compliance: -3 }, m, true)).toMatchObject({
      ratio: 0.6,
      passed: false,
    });
    expect(scoreRun({ ...zeroPoints(), courtesy: 20 }, m, false)).toMatchObject({ ratio: 1, passed: false });
    expect(scoreRun({ ...zeroPoints(), courtesy: -4 }, m, true).ratio).toBe(0);
    expect(modelPoints(call)).toEqual(modelPath(call).points);
  });

  it('the public view holds the current turn only', () => {
    const view = publicView(call, seed, initialState(call));
    const text = JSON.stringify(view);
    expect(view.turn.kind).toBe('choice');
    // No option ids, qualities, effects, feedback, next nodes, other nodes' lines, endings, lessons.
    for (const secret of [
      'apologize-ask',
      'blame-peak',
      'best',
      'poor',
      'quality',
      'feedback',
      'effects',
      'verify',
      'resolved',
      'hung-up',
      'lesson',
      'points',
    ]) {
      expect(text).not.toContain(secret);
    }
    for (const node of Object.values(call.nodes).slice(1)) expect(text).not.toContain(node.customer.text);
    for (const e of Object.values(call.endings)) expect(text).not.toContain(e.title);
    if (view.turn.kind === 'choice') {
      expect(view.turn.options.map((o) => o.key)).toEqual(['0', '1', '2']);
      expect(view.turn.options.map((o) => o.text).sort()).toEqual(
        (call.nodes.opening!.turn as { options: { text: string }[] }).options.map((o) => o.text).sort(),
      );
    }
    const typedState = play(['apologize-ask', 'verify-identity']).state;
    const typedView = JSON.stringify(publicView(call, seed, typedState));
    for (const secret of ['modelAnswer', modelAnswer, 'required', 'forbidden', 'atLeast', '保证'])
      expect(typedView).not.toContain(secret);
  });

  it('option keys are shuffled per run and map back; crafted keys are refused', () => {
    const orders = new Set(
      ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((s) => JSON.stringify(publicView(call, s, initialState(call)).turn)),
    );
    expect(orders.size).toBeGreaterThan(1);
    const view = publicView(call, seed, initialState(call));
    if (view.turn.kind !== 'choice') throw new Error('choice expected');
    for (const o of view.turn.options) {
      const id = optionForKey(call, seed, 'opening', o.key)!;
      expect(
        (call.nodes.opening!.turn as { options: { id: string; text: string }[] }).options.find((x) => x.id === id)!
          .text,
      ).toBe(o.text);
    }
    for (const bad of ['3', '-1', '00', '1.0', 'apologize-ask', ''])
      expect(optionForKey(call, seed, 'opening', bad)).toBeNull();
    expect(optionForKey(call, seed, 'diagnose', '0')).toBeNull();
  });
});

describe('call statistics', () => {
  it('counts each reply per node and each ending', () => {
    const a = play(['apologize-ask', 'verify-identity', modelAnswer, '', 'thank-close']);
    const b = play(['blame-peak', 'skip-verify', '我保证明天一定修好']);
    const c = play(['blame-peak']);
    const stats = callStatistics(call, [
      { turns: a.turns, ending: a.state.node },
      { turns: b.turns, ending: b.state.node },
      { turns: c.turns, ending: null },
    ]);
    const opening = stats.nodes.find((n) => n.node === 'opening')!;
    expect(opening).toEqual({
      node: 'opening',
      answered: 3,
      outcomes: { 'option:blame-peak': 2, 'option:apologize-ask': 1, 'option:ask-account': 0 },
    });
    expect(stats.nodes.find((n) => n.node === 'diagnose')!.outcomes).toEqual({
      'outcome:0': 1,
      'outcome:1': 0,
      'outcome:2': 1,
    });
    expect(stats.endings).toEqual({ resolved: 1, escalated: 0, 'hung-up': 1, upgraded: 0 });
  });
});
