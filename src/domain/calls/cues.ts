// Surface cues in the simulated calls' choice turns, measured like quiz items (src/domain/assessment/item-cues.ts,
// ../shared/ITEM-WRITING.md): a test-wise trainee should not find the best reply by its length, by which reply echoes
// the customer's words, by being the only one with a question or with figures, or by feedback naming options by letter
// or position (options are shuffled per run). Measured
// over all calls together (one call has only 3–5 choice turns) and limited by the content check.
import {
  countKeyLength,
  cueProblems,
  emptyCueFigures,
  letterReference,
  straysFromChance,
  type ItemCueFigures,
} from '../assessment/item-cues.ts';
import type { CallScenario } from './schema.ts';

export interface CallCueFigures {
  /** Key length among the options of every choice turn: strictly longest, strictly shortest, in between. */
  length: ItemCueFigures;
  /** Choice turns measured for word overlap (all of them). */
  overlapTurns: number;
  /** …of which the best reply shares strictly the most words (two-character runs) with the customer's line. */
  keyMostOverlap: number;
  /**
   * What chance would give, given each turn's overlaps: Σ 1/options over the turns where one option alone shares the
   * most (none can when the top is tied).
   */
  keyMostOverlapExpected: number;
  keyMostOverlapVariance: number;
  /** Per {@link detailCues} feature: turns where the best reply alone has it, and what chance would give. */
  details: Record<DetailCue, { keyOnly: number; expected: number; variance: number }>;
  /** Prompts, feedback and debriefs that name an option by letter or position: `<call> node "<id>" …`. */
  letterReferences: string[];
}

/**
 * Details that a test-wise trainee could learn to pick instead of the skill when only the best reply has them: a
 * closing check question, and concrete figures (times, dates, amounts). The technique often needs them; then some
 * distractors should be as specific (ITEM-WRITING.md: options alike in detail).
 */
export const detailCues = {
  question: { label: 'asks a question', pattern: /[？?]/ },
  figures: {
    label: 'gives figures (time, date, amount)',
    pattern:
      /[0-9０-９]|[一二三四五六七八九十两百千万]+(?:号|天|日|年|月|周|元|块|G|分钟|小时|次|户|条|个工作日|个月|工作日)|[二三四五六七八九十两]点/,
  },
} as const;
export type DetailCue = keyof typeof detailCues;
const detailNames = Object.keys(detailCues) as DetailCue[];

/** Distinct two-character runs of letters and digits (punctuation and spaces dropped), lower-cased. */
function words(text: string): Set<string> {
  const chars = [...text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')];
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  return out;
}

/** How many of a reply's words the customer's line also has. */
export function wordOverlap(customer: string, reply: string): number {
  const said = words(customer);
  return [...words(reply)].filter((w) => said.has(w)).length;
}

/** Measure the cue figures of a set of calls. */
export function measureCallCues(calls: readonly CallScenario[]): CallCueFigures {
  const f: CallCueFigures = {
    length: emptyCueFigures(),
    overlapTurns: 0,
    keyMostOverlap: 0,
    keyMostOverlapExpected: 0,
    keyMostOverlapVariance: 0,
    details: Object.fromEntries(
      detailNames.map((d) => [d, { keyOnly: 0, expected: 0, variance: 0 }]),
    ) as CallCueFigures['details'],
    letterReferences: [],
  };
  for (const call of calls) {
    const texts: [string, string][] = [];
    for (const [nodeId, node] of Object.entries(call.nodes)) {
      const at = `${call.id} node "${nodeId}"`;
      const turn = node.turn;
      if (turn.prompt) texts.push([`${at} prompt`, turn.prompt]);
      if (turn.kind === 'choice') {
        const options = turn.options.map((o) => o.text);
        const key = turn.options.findIndex((o) => o.quality === 'best');
        countKeyLength(f.length, options, key);
        const overlaps = options.map((o) => wordOverlap(node.customer.text, o));
        const top = Math.max(...overlaps);
        const p = overlaps.filter((o) => o === top).length === 1 ? 1 / options.length : 0;
        f.overlapTurns++;
        f.keyMostOverlapExpected += p;
        f.keyMostOverlapVariance += p * (1 - p);
        if (key >= 0 && overlaps.every((o, i) => i === key || o < overlaps[key]!)) f.keyMostOverlap++;
        for (const d of detailNames) {
          const has = options.map((o) => detailCues[d].pattern.test(o));
          if (has.filter(Boolean).length !== 1) continue; // only a lone option can stand out
          const figures = f.details[d];
          figures.expected += 1 / options.length;
          figures.variance += (1 / options.length) * (1 - 1 / options.length);
          if (has[key]) figures.keyOnly++;
        }
        for (const o of turn.options) texts.push([`${at} option "${o.id}" feedback`, o.feedback]);
      } else if (turn.kind === 'typed') {
        turn.outcomes.forEach((o, i) => texts.push([`${at} outcome ${i + 1} feedback`, o.feedback]));
      } else texts.push([`${at} feedback`, turn.feedback]);
    }
    for (const [id, ending] of Object.entries(call.endings)) texts.push([`${call.id} ending "${id}"`, ending.debrief]);
    for (const [at, text] of texts) if (letterReference.test(text)) f.letterReferences.push(at);
  }
  return f;
}

const where = 'content/calls (all choice turns)';

/** Problems (English) when the calls' figures stray from chance, with the limits of the quiz items. */
export function callCueProblems(f: CallCueFigures): string[] {
  const problems = cueProblems(f.length, where, 'choice turns');
  if (straysFromChance(f.keyMostOverlap, f.keyMostOverlapExpected, f.keyMostOverlapVariance, f.overlapTurns))
    problems.push(
      `${where}: the best reply shares the most words with the customer's line in ${f.keyMostOverlap} of ${f.overlapTurns} choice turns (chance ≈ ${f.keyMostOverlapExpected.toFixed(1)}); ${f.keyMostOverlap > f.keyMostOverlapExpected ? 'let distractors take up the customer’s words too' : 'let the best reply pick up the customer’s words about as often as the others'}`,
    );
  for (const d of detailNames) {
    const { keyOnly, expected, variance } = f.details[d];
    if (straysFromChance(keyOnly, expected, variance, f.overlapTurns))
      problems.push(
        `${where}: the best reply is the only one that ${detailCues[d].label} in ${keyOnly} choice turns (chance ≈ ${expected.toFixed(1)}); ${keyOnly > expected ? 'let a distractor do so too' : 'let the best reply do so about as often as chance'}`,
      );
  }
  for (const at of f.letterReferences)
    problems.push(`content/calls: ${at} refers to a reply by letter or position, but replies are shuffled`);
  return problems;
}

/** One line of figures for the content check's report. */
export function describeCallCues(f: CallCueFigures): string {
  const l = f.length;
  return `best reply longest ${l.keyLongest}/${l.choiceItems}, shortest ${l.keyShortest}/${l.choiceItems} (chance ${l.keyLongestExpected.toFixed(1)} each), middle ${l.keyMiddle}/${l.choiceItems} (chance ${l.keyMiddleExpected.toFixed(1)}), most words shared with the customer's line ${f.keyMostOverlap}/${f.overlapTurns} (chance ${f.keyMostOverlapExpected.toFixed(1)}), ${detailNames.map((d) => `only one that ${detailCues[d].label} ${f.details[d].keyOnly} (chance ${f.details[d].expected.toFixed(1)})`).join(', ')}, letter references ${f.letterReferences.length}`;
}
