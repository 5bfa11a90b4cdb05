import { z } from 'zod';
import {
  accept,
  at,
  baseFields,
  giftBlock,
  giftEscape,
  invalid,
  keyIndex,
  keyOf,
  only,
  option,
  optionId,
  asRecord,
  refuse,
  type PublicChoice,
  type QuestionTypeModule,
} from './base.ts';
import { optionLayout, publicChoiceView, optionText, chosenTexts, repeatedIds } from './choice-options.ts';

export const singleChoiceSchema = z.strictObject({
  ...baseFields,
  type: z.literal('single'),
  options: z.array(option).min(2).max(6),
  answer: optionId,
});
export type SingleChoiceQuestion = z.infer<typeof singleChoiceSchema>;
export type ChoiceResponse = { choice: string };
export type PublicSingle = { id: string; type: 'single'; prompt: string; options: PublicChoice[] };

/** single and scenario: `{ choice }`, one exact option key. */
export function canonicalChoice(type: string, count: number, r: Record<string, unknown>) {
  const choice = only(r, 'choice');
  if (!choice.ok) return refuse(`${type} answers are { choice }`);
  if (keyIndex(choice.value, count) === undefined)
    return refuse(`choice ${JSON.stringify(choice.value)} is not an option key`);
  return accept({ choice: choice.value as string });
}

export const singleChoice: QuestionTypeModule<SingleChoiceQuestion, ChoiceResponse, PublicSingle> = {
  schema: singleChoiceSchema,
  layout: optionLayout,
  publicView: publicChoiceView,
  canonical: (q, r) => canonicalChoice(q.type, q.options.length, r),
  grade: (q, layout, r) => ('choice' in r ? { score: at(layout.options, r.choice) === q.answer ? 1 : 0 } : invalid),
  review: (q, layout, response) => ({
    yours: chosenTexts(q.options, layout.options, [asRecord(response).choice]),
    correct: [optionText(q.options, q.answer)!],
  }),
  checks: (q) => {
    const ids = q.options.map((o) => o.id);
    const problems = repeatedIds(ids);
    if (!ids.includes(q.answer)) problems.push(`answer "${q.answer}" is not among the options`);
    return problems;
  },
  gift: (q) =>
    giftEscape(q.prompt) +
    giftBlock(
      q,
      q.options.map((o) => `${o.id === q.answer ? '=' : '~'}${giftEscape(o.text)}`),
    ),
  cues: (q) => ({ choice: { options: q.options, key: q.answer }, texts: [q.explanation] }),
  correctResponse: (q, layout) => ({ choice: keyOf(layout.options, q.answer) }),
};
