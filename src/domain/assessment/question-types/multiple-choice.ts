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
  giftNumber,
  invalid,
  keyIndex,
  keyOf,
  keyed,
  only,
  option,
  optionId,
  pick,
  questionSeed,
  refuse,
  seededShuffle,
  unanswered,
  type PublicChoice,
  type QuestionTypeModule,
} from './base.ts';

export const multipleChoiceSchema = z.strictObject({
  ...baseFields,
  type: z.literal('multiple'),
  options: z.array(option).min(3).max(8),
  answer: z.array(optionId).min(1),
  /** all-or-nothing: full marks only for the exact set; partial: right picks minus wrong picks. */
  scoring: z.enum(['all-or-nothing', 'partial']).default('all-or-nothing'),
});
export type MultipleChoiceQuestion = z.infer<typeof multipleChoiceSchema>;
export type ChoicesResponse = { choices: string[] };
export type PublicMultiple = { id: string; type: 'multiple'; prompt: string; options: PublicChoice[] };

export const multipleChoice: QuestionTypeModule<MultipleChoiceQuestion, ChoicesResponse, PublicMultiple> = {
  schema: multipleChoiceSchema,
  layout: (q, seed) => ({
    options: seededShuffle(
      q.options.map((o) => o.id),
      questionSeed(seed, q.id),
    ),
  }),
  publicView: (q, layout) => ({
    id: q.id,
    type: 'multiple',
    prompt: q.prompt,
    options: keyed(layout.options, (id) => byId(q.options)(id).text),
  }),
  // `{ choices }`: distinct exact option keys in ascending order (`[]` = unanswered).
  canonical: (q, r) => {
    const choices = only(r, 'choices');
    if (!choices.ok || !Array.isArray(choices.value)) return refuse('multiple answers are { choices: [...] }');
    const list = choices.value as unknown[];
    if (list.some((k) => keyIndex(k, q.options.length) === undefined))
      return refuse(`choices ${JSON.stringify(list)} name an unknown option key`);
    if (new Set(list).size !== list.length) return refuse(`choices ${JSON.stringify(list)} repeat an option`);
    return accept({ choices: [...(list as string[])].sort(byIndex) });
  },
  grade: (q, layout, r) => {
    if (!('choices' in r)) return invalid;
    if (!r.choices.length) return unanswered;
    const ids = r.choices.map((k) => at(layout.options, k));
    const right = ids.filter((id) => q.answer.includes(id)).length;
    const wrong = ids.length - right;
    if (q.scoring === 'all-or-nothing') return { score: right === q.answer.length && wrong === 0 ? 1 : 0 };
    // Partial credit: each right pick earns 1/n, each wrong pick costs as much; never below zero.
    return { score: Math.max(0, (right - wrong) / q.answer.length) };
  },
  review: (q, layout, response) => {
    const text = (id?: string) => q.options.find((o) => o.id === id)?.text;
    const r = asRecord(response);
    const chosen = (Array.isArray(r.choices) ? r.choices : []).map((k) => text(pick(layout.options, k)));
    return { yours: chosen.filter((t): t is string => !!t), correct: q.answer.map((id) => text(id)!) };
  },
  checks: (q) => {
    const ids = q.options.map((o) => o.id);
    const problems = duplicated(ids).map((id) => `option id "${id}" repeats`);
    for (const a of q.answer) if (!ids.includes(a)) problems.push(`answer "${a}" is not among the options`);
    for (const a of duplicated(q.answer)) problems.push(`answer "${a}" repeats`);
    return problems;
  },
  gift: (q) => {
    const right = giftNumber(100 / q.answer.length);
    const wrong = q.scoring === 'partial' ? giftNumber(-100 / q.answer.length) : '-100';
    return (
      giftEscape(q.prompt) +
      giftBlock(
        q,
        q.options.map((o) => `~%${q.answer.includes(o.id) ? right : wrong}%${giftEscape(o.text)}`),
      )
    );
  },
  cues: (q) => ({ multipleKeys: q.answer.length, texts: [q.explanation] }),
  correctResponse: (q, layout) => ({ choices: q.answer.map((id) => keyOf(layout.options, id)) }),
};
