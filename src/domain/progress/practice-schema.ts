import { z } from 'zod';

/** Practice check ids: lowercase words joined by hyphens, unique across the whole course. */
export const practiceIdSchema = z
  .string()
  .regex(/^[a-z0-9-]{1,60}$/, 'practice check ids are lowercase letters, digits and hyphens, e.g. choose-opening');

const text = z.string().min(1);

/** 选择更好的回应: one option is right; each option's feedback is shown after the server grades a choice. */
export const chooseReplySchema = z.strictObject({
  id: practiceIdSchema,
  kind: z.literal('choose-reply'),
  /** The caller's situation and the question. */
  prompt: text,
  /** 2–6 options; exactly one has `correct: true`. */
  options: z
    .array(z.strictObject({ text, correct: z.boolean().optional(), feedback: text }))
    .min(2)
    .max(6)
    .refine((o) => o.filter((x) => x.correct).length === 1, 'exactly one option needs `correct: true`'),
});

/** 排列顺序: steps written in the correct order; the page shows them in an order unrelated to it. */
export const reorderStepsSchema = z.strictObject({
  id: practiceIdSchema,
  kind: z.literal('reorder-steps'),
  prompt: text,
  /** 3–8 steps, in the correct order, no two alike. */
  steps: z
    .array(text)
    .min(3)
    .max(8)
    .refine((s) => new Set(s).size === s.length, 'two steps have the same text'),
});

/** 翻卡记忆: the learner recalls the back of each card; the server hands out each back when the card is turned. */
export const flipCardsSchema = z.strictObject({
  id: practiceIdSchema,
  kind: z.literal('flip-cards'),
  title: text.optional(),
  cards: z
    .array(z.strictObject({ front: text, back: text }))
    .min(2)
    .max(10),
});

/** One practice check, as written in a lesson's frontmatter under `practice:`. */
export const practiceCheckSchema = z.discriminatedUnion('kind', [
  chooseReplySchema,
  reorderStepsSchema,
  flipCardsSchema,
]);
export type PracticeCheck = z.infer<typeof practiceCheckSchema>;
export type PracticeKind = PracticeCheck['kind'];

/** What a learner sends to have a practice check graded (positions refer to the public view). */
export const practiceAnswerSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('choose-reply'), option: z.number().int().min(0).max(9) }),
  z.strictObject({ kind: z.literal('reorder-steps'), order: z.array(z.number().int().min(0).max(9)).min(1).max(10) }),
  z.strictObject({ kind: z.literal('flip-cards'), card: z.number().int().min(0).max(19) }),
]);
export type PracticeAnswer = z.infer<typeof practiceAnswerSchema>;

export const practiceRequestSchema = z.object({
  /** "<module>/<lesson>" */
  lesson: z.string().regex(/^[a-z-]+\/[a-z0-9-]+$/),
  checkId: practiceIdSchema,
  answer: practiceAnswerSchema,
});
export type PracticeRequest = z.infer<typeof practiceRequestSchema>;
