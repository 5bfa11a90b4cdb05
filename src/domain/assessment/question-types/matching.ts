import { z } from 'zod';
import {
  accept,
  at,
  asRecord,
  baseFields,
  byId,
  byIndex,
  duplicated,
  giftBlock,
  giftEscape,
  invalid,
  isPlainObject,
  keyIndex,
  keyOf,
  keyed,
  only,
  optionId,
  pick,
  questionSeed,
  refuse,
  seededShuffle,
  unanswered,
  type PublicChoice,
  type QuestionTypeModule,
} from './base.ts';
import { repeatedIds } from './choice-options.ts';

/** Each prompt has exactly one right choice; choices may include distractors. */
export const matchingSchema = z.strictObject({
  ...baseFields,
  type: z.literal('matching'),
  pairs: z
    .array(z.strictObject({ id: optionId, left: z.string().min(1), right: z.string().min(1) }))
    .min(3)
    .max(8),
  /** Extra right-hand choices that match nothing. */
  distractors: z.array(z.string().min(1)).default([]),
});
export type MatchingQuestion = z.infer<typeof matchingSchema>;
export type MatchesResponse = { matches: Record<string, string> };
export type PublicMatching = {
  id: string;
  type: 'matching';
  prompt: string;
  lefts: PublicChoice[];
  rights: PublicChoice[];
};

const isDistractor = (id: string) => /^d\d+$/.test(id);

export const matching: QuestionTypeModule<MatchingQuestion, MatchesResponse, PublicMatching> = {
  schema: matchingSchema,
  layout: (q, seed) => {
    const s = questionSeed(seed, q.id);
    return {
      lefts: seededShuffle(
        q.pairs.map((p) => p.id),
        `${s}:l`,
      ),
      rights: seededShuffle([...q.pairs.map((p) => p.id), ...q.distractors.map((_, i) => `d${i}`)], `${s}:r`),
    };
  },
  publicView: (q, layout) => {
    const right = (id: string) => (isDistractor(id) ? q.distractors[Number(id.slice(1))]! : byId(q.pairs)(id).right);
    return {
      id: q.id,
      type: 'matching',
      prompt: q.prompt,
      lefts: keyed(layout.lefts, (id) => byId(q.pairs)(id).left),
      rights: keyed(layout.rights, right),
    };
  },
  // `{ matches }`: exact left keys → exact right keys, in ascending left order (`{}` = unanswered).
  canonical: (q, r) => {
    const matches = only(r, 'matches');
    if (!matches.ok || !isPlainObject(matches.value))
      return refuse('matching answers are { matches: { left: right } }');
    const rights = q.pairs.length + q.distractors.length;
    const entries = Object.entries(matches.value);
    for (const [left, right] of entries) {
      if (keyIndex(left, q.pairs.length) === undefined)
        return refuse(`matches name an unknown left key ${JSON.stringify(left)}`);
      if (keyIndex(right, rights) === undefined)
        return refuse(`matches name an unknown right key ${JSON.stringify(right)}`);
    }
    return accept({ matches: Object.fromEntries(entries.sort(([a], [b]) => byIndex(a, b))) as Record<string, string> });
  },
  grade: (q, layout, r) => {
    if (!('matches' in r)) return invalid;
    const entries = Object.entries(r.matches);
    if (!entries.length) return unanswered;
    const right = entries.filter(([left, chosen]) => at(layout.lefts, left) === at(layout.rights, chosen)).length;
    return { score: right / q.pairs.length };
  },
  review: (q, layout, response) => {
    const rightText = (id?: string) =>
      id && isDistractor(id) ? q.distractors[Number(id.slice(1))] : q.pairs.find((p) => p.id === id)?.right;
    const yours = Object.entries(asRecord(asRecord(response).matches)).flatMap(([l, rk]) => {
      const pair = q.pairs.find((p) => p.id === pick(layout.lefts, l));
      if (!pair) return [];
      const chosen = pick(layout.rights, rk);
      return [{ text: `${pair.left} → ${rightText(chosen) ?? '（未选择）'}`, right: chosen === pair.id }];
    });
    return {
      yours: yours.map((y) => y.text),
      yoursRight: yours.map((y) => y.right),
      correct: q.pairs.map((p) => `${p.left} → ${p.right}`),
    };
  },
  checks: (q) => [
    ...repeatedIds(
      q.pairs.map((p) => p.id),
      'pair',
    ),
    ...duplicated(q.pairs.map((p) => p.right)).map((r) => `right-hand text "${r}" repeats, so the match is ambiguous`),
  ],
  gift: (q) => {
    if ([...q.pairs.flatMap((p) => [p.left, p.right]), ...q.distractors].some((t) => t.includes('->')))
      return { reason: 'a matching text contains "->"' };
    return (
      giftEscape(q.prompt) +
      giftBlock(q, [
        ...q.pairs.map((p) => `=${giftEscape(p.left)} -> ${giftEscape(p.right)}`),
        ...q.distractors.map((d) => `= -> ${giftEscape(d)}`),
      ])
    );
  },
  cues: (q) => ({ texts: [q.explanation] }),
  correctResponse: (q, layout) => ({
    matches: Object.fromEntries(q.pairs.map((p) => [keyOf(layout.lefts, p.id), keyOf(layout.rights, p.id)])),
  }),
};
