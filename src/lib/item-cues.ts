import type { Question } from '../schemas/question.ts';

/**
 * Surface cues a test-wise candidate could use instead of the skill (../shared/ITEM-WRITING.md): the key is the
 * longest option, true/false keys lean one way, explanations point at option letters, every multiple-response
 * item has the same number of keys. Measured per bank so authors see the figures, and limited by the content check.
 */
export interface ItemCueFigures {
  /** Single-choice and scenario items measured. */
  choiceItems: number;
  /** …of which the keyed (best-scored) option is the strictly longest. */
  keyLongest: number;
  /** What chance would give: Σ 1/options over those items. */
  keyLongestExpected: number;
  trueFalse: number;
  trueKeyed: number;
  /** Items whose explanation or feedback names an option by letter or position. */
  letterReferences: string[];
  /** Multiple-response items by how many options are keyed. */
  multipleKeyCounts: Record<number, number>;
}

/** Option letters or positions in Chinese explanations: 「选项B」「B项」「第二个选项」「以上都对」… */
const letterReference = /选项\s*[A-Ha-h](?![A-Za-z])|(?<![A-Za-z])[A-H]\s*(?:项|选项)|第[一二三四五六七八1-8]\s*(?:个)?(?:选项|项)|以上(?:都|均|皆)/;

const length = (s: string) => [...s.replace(/\s/g, '')].length;

function keyedOptionId(q: Question): string | null {
  if (q.type === 'single') return q.answer;
  if (q.type === 'scenario') {
    const best = Math.max(...q.options.map((o) => o.score));
    return q.options.find((o) => o.score === best)!.id;
  }
  return null;
}

function choiceOptions(q: Question): { id: string; text: string }[] | null {
  return q.type === 'single' || q.type === 'scenario' ? q.options : null;
}

function texts(q: Question): string[] {
  const out = [q.explanation];
  if (q.type === 'scenario') out.push(...q.options.map((o) => o.feedback));
  if (q.type === 'listening') out.push(...texts(q.question));
  return out;
}

/** Measure the cue figures of a list of items (one bank, one pool, or any selection). */
export function measureItemCues(questions: readonly Question[]): ItemCueFigures {
  const figures: ItemCueFigures = { choiceItems: 0, keyLongest: 0, keyLongestExpected: 0, trueFalse: 0, trueKeyed: 0, letterReferences: [], multipleKeyCounts: {} };
  for (const outer of questions) {
    const q = outer.type === 'listening' ? outer.question : outer;
    const options = choiceOptions(q);
    const key = keyedOptionId(q);
    if (options && key) {
      figures.choiceItems++;
      figures.keyLongestExpected += 1 / options.length;
      const keyLength = length(options.find((o) => o.id === key)!.text);
      if (options.every((o) => o.id === key || length(o.text) < keyLength)) figures.keyLongest++;
    }
    if (q.type === 'true-false') {
      figures.trueFalse++;
      if (q.answer) figures.trueKeyed++;
    }
    if (q.type === 'multiple') figures.multipleKeyCounts[q.answer.length] = (figures.multipleKeyCounts[q.answer.length] ?? 0) + 1;
    if (texts(outer).some((t) => letterReference.test(t))) figures.letterReferences.push(outer.id);
  }
  return figures;
}

/** Limits the content check applies to each bank's exam pool (and prints for the practice pool). */
export const cueLimits = {
  /** The key may be the longest option at most this much more often than chance, plus one item of slack. */
  keyLongestOverChance: 1.25,
  trueShare: { min: 0.4, max: 0.6 },
};

/** Problems (English, for the content check) when figures break the limits. */
export function cueProblems(f: ItemCueFigures, where: string): string[] {
  const problems: string[] = [];
  if (f.choiceItems >= 4 && f.keyLongest > Math.ceil(f.keyLongestExpected * cueLimits.keyLongestOverChance) + 1)
    problems.push(`${where}: the keyed option is the longest in ${f.keyLongest} of ${f.choiceItems} single/scenario items (chance ≈ ${f.keyLongestExpected.toFixed(1)}); make distractors as long and specific as the key`);
  if (f.trueFalse >= 4) {
    const share = f.trueKeyed / f.trueFalse;
    if (share < cueLimits.trueShare.min || share > cueLimits.trueShare.max)
      problems.push(`${where}: ${f.trueKeyed} of ${f.trueFalse} true/false items are keyed true (${Math.round(share * 100)} %); keep it within 40–60 %`);
  }
  for (const id of f.letterReferences) problems.push(`${where}: ${id} refers to an option by letter or position, but options are shuffled`);
  const counts = Object.keys(f.multipleKeyCounts);
  const multiples = Object.values(f.multipleKeyCounts).reduce((a, b) => a + b, 0);
  if (multiples >= 3 && counts.length < 2) problems.push(`${where}: every multiple-response item has ${counts[0]} keyed options; vary how many are right`);
  return problems;
}

/** One line of figures for the content check's report. */
export function describeCues(f: ItemCueFigures): string {
  const tf = f.trueFalse ? `${f.trueKeyed}/${f.trueFalse} true` : 'no true/false';
  const multi = Object.entries(f.multipleKeyCounts).map(([n, c]) => `${c}×${n} keys`).join(', ') || 'no multiple';
  return `key longest ${f.keyLongest}/${f.choiceItems} (chance ${f.keyLongestExpected.toFixed(1)}), ${tf}, ${multi}, letter references ${f.letterReferences.length}`;
}
