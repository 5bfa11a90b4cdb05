import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { callCueProblems, describeCallCues, measureCallCues, wordOverlap } from '../../src/domain/calls/cues.ts';
import { callScenarioSchema, type CallScenario } from '../../src/domain/calls/schema.ts';
import { checkCalls } from '../../src/domain/course/content-check.ts';
import { readCourseFiles } from '../../src/domain/course/files.ts';

const sample = callScenarioSchema.parse(
  JSON.parse(readFileSync('tests/fixtures/calls/sample-slow-broadband.json', 'utf8')),
);
type Rank = 'longest' | 'shortest' | 'middle';
/** Option texts (no word shared with any customer line) where the best reply has the given length rank. */
function lengths(count: number, best: number, rank: Rank): string[] {
  const others = { longest: [10, 12, 14], shortest: [20, 22, 24], middle: [10, 30, 20] }[rank];
  const bestLength = { longest: 40, shortest: 5, middle: 15 }[rank];
  let o = 0;
  return Array.from({ length: count }, (_, i) => '嗯'.repeat(i === best ? bestLength : others[o++]!));
}
/** `copies` copies of the sample whose choice turns put the best reply at the ranks given, in turn. */
function calls(copies: number, ranks: Rank[], edit: (c: CallScenario) => void = () => {}): CallScenario[] {
  let n = 0;
  return Array.from({ length: copies }, (_, i) => {
    const call = structuredClone(sample);
    call.id = `sample-${i}`;
    for (const node of Object.values(call.nodes)) {
      const turn = node.turn;
      if (turn.kind !== 'choice') continue;
      const best = turn.options.findIndex((o) => o.quality === 'best');
      const texts = lengths(turn.options.length, best, ranks[n++ % ranks.length]!);
      turn.options.forEach((o, j) => (o.text = texts[j]!));
    }
    edit(call);
    return call;
  });
}
const about = (what: string) => (problems: string[]) => problems.filter((p) => p.includes(what));

describe('surface cues in the calls’ choice turns', () => {
  it('measures length rank and overlap against chance given the options', () => {
    const f = measureCallCues(calls(1, ['longest', 'shortest', 'middle']));
    // Sample: opening (3 options), verify (4), closing (3).
    expect(f.length).toMatchObject({ choiceItems: 3, keyLongest: 1, keyShortest: 1, keyMiddle: 1 });
    expect(f.length.keyLongestExpected).toBeCloseTo(1 / 3 + 1 / 4 + 1 / 3);
    expect(f.length.keyMiddleExpected).toBeCloseTo(1 / 3 + 2 / 4 + 1 / 3);
    // No reply shares a word with the customer, so no reply can stand out by overlap.
    expect(f.keyMostOverlapExpected).toBe(0);
    expect(describeCallCues(f)).toBe(
      "best reply longest 1/3, shortest 1/3 (chance 0.9 each), middle 1/3 (chance 1.2), most words shared with the customer's line 0/3 (chance 0.0), only one that asks a question 0 (chance 0.0), only one that gives figures (time, date, amount) 0 (chance 0.0), letter references 0",
    );
  });

  it('passes a set whose best replies fall at each rank about as often as chance', () => {
    const balanced = calls(10, ['longest', 'middle', 'shortest', 'middle']);
    expect(callCueProblems(measureCallCues(balanced))).toEqual([]);
  });

  it('fails when the best reply is the longest too often', () => {
    const problems = callCueProblems(measureCallCues(calls(10, ['longest', 'longest', 'middle'])));
    expect(about('longest in')(problems)).toEqual([
      'content/calls (all choice turns): the keyed option is the longest in 20 of 30 choice turns (chance ≈ 9.2); make distractors as long and specific as the key',
    ]);
  });

  it('fails when the best reply is the shortest too often', () => {
    const problems = callCueProblems(measureCallCues(calls(10, ['shortest', 'shortest', 'middle'])));
    expect(about('shortest in')(problems)).toHaveLength(1);
  });

  it('fails when the best reply sits in the middle too often (neither longest nor shortest)', () => {
    const problems = callCueProblems(measureCallCues(calls(10, ['middle', 'middle', 'middle', 'longest'])));
    expect(about('neither the longest nor the shortest')(problems)).toEqual([
      'content/calls (all choice turns): the keyed option is neither the longest nor the shortest in 23 of 30 choice turns (chance ≈ 11.7); let the key be the longest or the shortest about as often as chance',
    ]);
  });

  it('fails when the best reply echoes the customer’s words more than the others', () => {
    const echoing = calls(10, ['longest', 'middle', 'shortest', 'middle'], (call) => {
      for (const node of Object.values(call.nodes)) {
        if (node.turn.kind !== 'choice') continue;
        const best = node.turn.options.find((o) => o.quality === 'best')!;
        best.text = node.customer.text + best.text.slice(node.customer.text.length);
      }
    });
    const problems = callCueProblems(measureCallCues(echoing));
    expect(about('shares the most words')(problems)).toHaveLength(1);
    expect(wordOverlap('你们这宽带怎么回事？', '宽带卡顿，我帮您查')).toBe(1);
  });

  it('fails when only the best reply asks a question or gives figures, turn after turn', () => {
    const detailed = (suffix: string) =>
      calls(10, ['longest', 'middle', 'shortest', 'middle'], (call) => {
        for (const node of Object.values(call.nodes))
          if (node.turn.kind === 'choice') node.turn.options.find((o) => o.quality === 'best')!.text += suffix;
      });
    const asking = callCueProblems(measureCallCues(detailed('好吗？')));
    expect(about('asks a question')(asking)).toEqual([
      'content/calls (all choice turns): the best reply is the only one that asks a question in 30 choice turns (chance ≈ 9.2); let a distractor do so too',
    ]);
    expect(about('gives figures')(callCueProblems(measureCallCues(detailed('两点前回电'))))).toHaveLength(1);
    // A distractor asking too takes the turn out of the count.
    const both = detailed('好吗？');
    for (const call of both)
      for (const node of Object.values(call.nodes))
        if (node.turn.kind === 'choice') node.turn.options.find((o) => o.quality !== 'best')!.text += '行吗？';
    expect(about('asks a question')(callCueProblems(measureCallCues(both)))).toEqual([]);
  });

  it('fails on feedback or debriefs that name a reply by letter or position', () => {
    const [call] = calls(1, ['middle'], (c) => {
      const turn = c.nodes.opening!.turn;
      if (turn.kind === 'choice') turn.options[0]!.feedback = '选项B才是先安抚情绪的说法。';
      Object.values(c.endings)[0]!.debrief = '第二个选项更好。';
    });
    expect(about('letter or position')(callCueProblems(measureCallCues([call!])))).toEqual([
      'content/calls: sample-0 node "opening" option "blame-peak" feedback refers to a reply by letter or position, but replies are shuffled',
      expect.stringMatching(/^content\/calls: sample-0 ending ".+" refers to a reply by letter or position/),
    ]);
  });

  it('is part of the content check of the calls, and the calls in this repository pass it', () => {
    const files = readCourseFiles(process.cwd());
    const lessonIds = new Set(files.lessons.map((l) => `${l.folder}/${l.slug}`));
    const report = checkCalls(files.calls ?? [], lessonIds, files.seedFiles);
    expect(report.cues).toMatch(/^best reply longest \d+\/\d+/);
    expect(report.problems).toEqual([]);
    const bad = calls(10, ['longest']).map((c) => ({ path: `content/calls/${c.id}.json`, name: c.id, data: c }));
    expect(checkCalls(bad, lessonIds, files.seedFiles).problems).toContainEqual(
      expect.stringContaining('the keyed option is the longest in 30 of 30 choice turns'),
    );
  });
});
