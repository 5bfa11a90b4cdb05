import { z } from 'zod';
import {
  accept,
  asRecord,
  baseFields,
  giftBlock,
  giftEscape,
  invalid,
  only,
  refuse,
  type QuestionTypeModule,
} from './base.ts';

export const trueFalseSchema = z.strictObject({
  ...baseFields,
  type: z.literal('true-false'),
  answer: z.boolean(),
});
export type TrueFalseQuestion = z.infer<typeof trueFalseSchema>;
export type ValueResponse = { value: boolean };
export type PublicTrueFalse = { id: string; type: 'true-false'; prompt: string };

const said = (v: boolean) => (v ? '正确' : '错误');

export const trueFalse: QuestionTypeModule<TrueFalseQuestion, ValueResponse, PublicTrueFalse> = {
  schema: trueFalseSchema,
  layout: () => ({}),
  publicView: (q) => ({ id: q.id, type: 'true-false', prompt: q.prompt }),
  canonical: (_q, r) => {
    const value = only(r, 'value');
    if (!value.ok || typeof value.value !== 'boolean') return refuse('true/false answers are { value: boolean }');
    return accept({ value: value.value });
  },
  grade: (q, _layout, r) => ('value' in r ? { score: r.value === q.answer ? 1 : 0 } : invalid),
  review: (q, _layout, response) => {
    const value = asRecord(response).value;
    return { yours: typeof value === 'boolean' ? [said(value)] : [], correct: [said(q.answer)] };
  },
  checks: () => [],
  gift: (q) => giftEscape(q.prompt) + giftBlock(q, [q.answer ? 'TRUE' : 'FALSE']),
  cues: (q) => ({ trueFalseKey: q.answer, texts: [q.explanation] }),
  correctResponse: (q) => ({ value: q.answer }),
};
