import { z } from 'zod';
import {
  accept,
  at,
  asRecord,
  baseFields,
  byIndex,
  duplicated,
  giftBlock,
  giftEscape,
  giftNumber,
  invalid,
  keyOf,
  option,
  optionId,
  unanswered,
  type PublicChoice,
  type QuestionTypeModule,
} from './base.ts';
import {
  optionLayout,
  publicChoiceView,
  optionText,
  chosenTexts,
  repeatedIds,
  distinctKeys,
} from './choice-options.ts';

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
  layout: optionLayout,
  publicView: publicChoiceView,
  // `{ choices }`: distinct exact option keys in ascending order (`[]` = unanswered).
  canonical: (q, r) => {
    const keys = distinctKeys(q.type, r, 'choices', q.options.length, 'option');
    return keys.ok ? accept({ choices: keys.response.sort(byIndex) }) : keys;
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
  review: (q, layout, response) => ({
    yours: chosenTexts(q.options, layout.options, asRecord(response).choices),
    correct: q.answer.map((id) => optionText(q.options, id)!),
  }),
  checks: (q) => {
    const ids = q.options.map((o) => o.id);
    const problems = repeatedIds(ids);
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
