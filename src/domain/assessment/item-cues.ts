import { questionModule } from './question-types/index.ts';
import type { Question } from './question-schema.ts';

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
  /** …of which the keyed option is the strictly shortest. */
  keyShortest: number;
  /** What chance would give for either: Σ 1/options over those items. */
  keyLongestExpected: number;
  /** Binomial variance of those counts under chance: Σ p(1 − p). */
  keyRankVariance: number;
  /**
   * …of which the keyed option is strictly between the shortest and the longest (neither extreme): when authors
   * avoid making the key the longest and the shortest alike, the middle itself becomes the tell.
   */
  keyMiddle: number;
  /**
   * What chance would give for that, given each item's option lengths: Σ (options strictly between the extremes) /
   * options — ½ for four options of distinct lengths, ⅓ for three, less with ties at the extremes.
   */
  keyMiddleExpected: number;
  /** Binomial variance of the middle count under chance: Σ p(1 − p). */
  keyMiddleVariance: number;
  trueFalse: number;
  trueKeyed: number;
  /** Items whose explanation or feedback names an option by letter or position. */
  letterReferences: string[];
  /** Multiple-response items by how many options are keyed. */
  multipleKeyCounts: Record<number, number>;
}

/** Option letters or positions in Chinese explanations: 「选项B」「B项」「a 是…」「c、e」「第二个选项」「以上都对」… */
export const letterReference =
  /选项\s*[A-Ha-h](?![A-Za-z])|(?<![A-Za-z0-9])[A-Ha-h](?![A-Za-z0-9])\s*(?:项|选项|是|、|和|与|或|中|；)|第[一二三四五六七八1-8]\s*(?:个)?(?:选项|项)|以上(?:都|均|皆)/;

const length = (s: string) => [...s.replace(/\s/g, '')].length;

/** Empty figures, to be filled by {@link countKeyLength} (also for choices that are not bank items, e.g. call turns). */
export const emptyCueFigures = (): ItemCueFigures => ({
  choiceItems: 0,
  keyLongest: 0,
  keyShortest: 0,
  keyLongestExpected: 0,
  keyRankVariance: 0,
  keyMiddle: 0,
  keyMiddleExpected: 0,
  keyMiddleVariance: 0,
  trueFalse: 0,
  trueKeyed: 0,
  letterReferences: [],
  multipleKeyCounts: {},
});

/** Count where the key's length falls among its options (nothing when the key is not among them). */
export function countKeyLength(figures: ItemCueFigures, options: readonly string[], key: number) {
  if (key < 0) return;
  figures.choiceItems++;
  const p = 1 / options.length;
  figures.keyLongestExpected += p;
  figures.keyRankVariance += p * (1 - p);
  const lengths = options.map(length);
  const keyLength = lengths[key]!;
  if (lengths.every((l, i) => i === key || l < keyLength)) figures.keyLongest++;
  if (lengths.every((l, i) => i === key || l > keyLength)) figures.keyShortest++;
  const shortest = Math.min(...lengths);
  const longest = Math.max(...lengths);
  const between = (l: number) => l > shortest && l < longest;
  const middle = lengths.filter(between).length / lengths.length;
  figures.keyMiddleExpected += middle;
  figures.keyMiddleVariance += middle * (1 - middle);
  if (between(keyLength)) figures.keyMiddle++;
}

/** Key-length figures of one-right-answer checks outside the banks (a lesson's 选择更好的回应). */
export function measureChoiceCues(
  checks: readonly { options: readonly { text: string; correct?: boolean }[] }[],
): ItemCueFigures {
  const figures = emptyCueFigures();
  for (const c of checks)
    countKeyLength(
      figures,
      c.options.map((o) => o.text),
      c.options.findIndex((o) => o.correct),
    );
  return figures;
}

/** Measure the cue figures of a list of items (one bank, one pool, or any selection). */
export function measureItemCues(questions: readonly Question[]): ItemCueFigures {
  const figures = emptyCueFigures();
  for (const q of questions) {
    // Each type says what matters (question-types/<type>.ts `cues`); a listening item answers for its sub-question.
    const facts = questionModule(q).cues(q);
    const options = facts.choice?.options;
    if (options)
      countKeyLength(
        figures,
        options.map((o) => o.text),
        options.findIndex((o) => o.id === facts.choice!.key),
      );
    if (facts.trueFalseKey !== undefined) {
      figures.trueFalse++;
      if (facts.trueFalseKey) figures.trueKeyed++;
    }
    if (facts.multipleKeys !== undefined)
      figures.multipleKeyCounts[facts.multipleKeys] = (figures.multipleKeyCounts[facts.multipleKeys] ?? 0) + 1;
    if (facts.texts.some((t) => letterReference.test(t))) figures.letterReferences.push(q.id);
  }
  return figures;
}

/** Limits the content check applies to each bank's exam pool (and prints for the practice pool). */
export const cueLimits = {
  /**
   * How far the number of items whose key is the longest (or the shortest) option may stray from chance, in standard
   * deviations of the chance count: too often is a cue, and so is never (a test-wise candidate then strikes the longest).
   */
  keyRankSigmas: 2,
  trueShare: { min: 0.4, max: 0.6 },
};

/**
 * Whether a count strays from what chance gives by more than {@link cueLimits.keyRankSigmas} standard deviations
 * (plus ½ for counting in whole items); nothing is judged on fewer than 4 items.
 */
export function straysFromChance(count: number, expected: number, variance: number, items: number): boolean {
  return items >= 4 && Math.abs(count - expected) > cueLimits.keyRankSigmas * Math.sqrt(variance) + 0.5;
}

/** Problems (English, for the content check) when figures break the limits. */
export function cueProblems(f: ItemCueFigures, where: string, items = 'single/scenario items'): string[] {
  const problems: string[] = [];
  const strays = (count: number) => straysFromChance(count, f.keyLongestExpected, f.keyRankVariance, f.choiceItems);
  if (strays(f.keyLongest))
    problems.push(
      `${where}: the keyed option is the longest in ${f.keyLongest} of ${f.choiceItems} ${items} (chance ≈ ${f.keyLongestExpected.toFixed(1)}); ${f.keyLongest > f.keyLongestExpected ? 'make distractors as long and specific as the key' : 'let the key be the longest about as often as chance'}`,
    );
  if (strays(f.keyShortest))
    problems.push(
      `${where}: the keyed option is the shortest in ${f.keyShortest} of ${f.choiceItems} ${items} (chance ≈ ${f.keyLongestExpected.toFixed(1)}); vary where the key's length falls`,
    );
  if (straysFromChance(f.keyMiddle, f.keyMiddleExpected, f.keyMiddleVariance, f.choiceItems))
    problems.push(
      `${where}: the keyed option is neither the longest nor the shortest in ${f.keyMiddle} of ${f.choiceItems} ${items} (chance ≈ ${f.keyMiddleExpected.toFixed(1)}); ${f.keyMiddle > f.keyMiddleExpected ? 'let the key be the longest or the shortest about as often as chance' : "vary where the key's length falls"}`,
    );
  if (f.trueFalse >= 4) {
    const share = f.trueKeyed / f.trueFalse;
    if (share < cueLimits.trueShare.min || share > cueLimits.trueShare.max)
      problems.push(
        `${where}: ${f.trueKeyed} of ${f.trueFalse} true/false items are keyed true (${Math.round(share * 100)} %); keep it within 40–60 %`,
      );
  }
  for (const id of f.letterReferences)
    problems.push(`${where}: ${id} refers to an option by letter or position, but options are shuffled`);
  const counts = Object.keys(f.multipleKeyCounts);
  const multiples = Object.values(f.multipleKeyCounts).reduce((a, b) => a + b, 0);
  if (multiples >= 3 && counts.length < 2)
    problems.push(`${where}: every multiple-response item has ${counts[0]} keyed options; vary how many are right`);
  return problems;
}

/** One line of figures for the content check's report. */
export function describeCues(f: ItemCueFigures): string {
  const tf = f.trueFalse ? `${f.trueKeyed}/${f.trueFalse} true` : 'no true/false';
  const multi =
    Object.entries(f.multipleKeyCounts)
      .map(([n, c]) => `${c}×${n} keys`)
      .join(', ') || 'no multiple';
  return `key longest ${f.keyLongest}/${f.choiceItems}, shortest ${f.keyShortest}/${f.choiceItems} (chance ${f.keyLongestExpected.toFixed(1)} each), middle ${f.keyMiddle}/${f.choiceItems} (chance ${f.keyMiddleExpected.toFixed(1)}), ${tf}, ${multi}, letter references ${f.letterReferences.length}`;
}
