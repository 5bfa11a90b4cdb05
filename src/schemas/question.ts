import { z } from 'zod';
import { moduleSlugSchema } from './module.ts';

const optionId = z.string().regex(/^[a-z0-9-]+$/, 'option ids are lowercase letters, digits or dashes');
const option = z.strictObject({ id: optionId, text: z.string().min(1) });

const base = {
  /** Stable id, never reused: <module prefix>-<number>, e.g. sm-001. */
  id: z.string().regex(/^[a-z]{2}-\d{3}$/, 'question ids look like sm-001'),
  /** The question as the learner reads it. */
  prompt: z.string().min(4),
  /** Why the answer is right, in Chinese; shown after grading when the review policy allows. */
  explanation: z.string().min(8),
  /** Lesson it tests: "<module>/<lesson file name without .mdx>". */
  lesson: z.string().regex(/^[a-z-]+\/[a-z0-9-]+$/, 'lesson looks like service-mindset/why-service-matters'),
  tags: z.array(z.string().min(1)).default([]),
  difficulty: z.enum(['easy', 'medium', 'hard']),
  /**
   * Which pool the item belongs to. `practice` items are drawn by module quizzes and listening practice, whose
   * reviews show answers; `exam` items are drawn only by certification exams and their answer, explanation and
   * feedback are shown only under that exam's review policy. Never move an item from practice to exam: once
   * practice reviews have shown its key, it is no secret. Default `practice`.
   */
  pool: z.enum(['practice', 'exam']).default('practice'),
};

/** The pools a bank item can belong to (see `pool` above). */
export const questionPools = ['practice', 'exam'] as const;
export type QuestionPool = (typeof questionPools)[number];

export const singleChoiceSchema = z.strictObject({
  ...base,
  type: z.literal('single'),
  options: z.array(option).min(2).max(6),
  answer: optionId,
});

export const multipleChoiceSchema = z.strictObject({
  ...base,
  type: z.literal('multiple'),
  options: z.array(option).min(3).max(8),
  answer: z.array(optionId).min(1),
  /** all-or-nothing: full marks only for the exact set; partial: right picks minus wrong picks. */
  scoring: z.enum(['all-or-nothing', 'partial']).default('all-or-nothing'),
});

export const trueFalseSchema = z.strictObject({
  ...base,
  type: z.literal('true-false'),
  answer: z.boolean(),
});

/** Items are listed in the correct order; the engine shuffles them for the learner. */
export const orderingSchema = z.strictObject({
  ...base,
  type: z.literal('ordering'),
  items: z.array(option).min(3).max(8),
});

/** Each prompt has exactly one right choice; choices may include distractors. */
export const matchingSchema = z.strictObject({
  ...base,
  type: z.literal('matching'),
  pairs: z
    .array(z.strictObject({ id: optionId, left: z.string().min(1), right: z.string().min(1) }))
    .min(3)
    .max(8),
  /** Extra right-hand choices that match nothing. */
  distractors: z.array(z.string().min(1)).default([]),
});

/** prompt contains one ＿＿ (or ___) per blank; each blank lists every accepted answer. */
export const fillBlankSchema = z.strictObject({
  ...base,
  type: z.literal('fill-blank'),
  blanks: z.array(z.strictObject({ accepted: z.array(z.string().min(1)).min(1) })).min(1).max(4),
});

/** A scenario's best response scores 1; every other option scores at most this (so the best is clearly best). */
export const scenarioOtherOptionMax = 0.7;

/**
 * The one definition of a sound scenario (best-response) item: exactly one option scores 1 and every other
 * option scores at most {@link scenarioOtherOptionMax}. Returns the problems in English; empty when sound.
 * Used by the bank content check and by listening scripts.
 */
export function scenarioScoreProblems(options: readonly { score: number }[]): string[] {
  const best = options.filter((o) => o.score === 1).length;
  const problems = best === 1 ? [] : [`${best} options score 1; exactly one must (the best response)`];
  if (options.some((o) => o.score < 1 && o.score > scenarioOtherOptionMax)) problems.push(`the other options must score at most ${scenarioOtherOptionMax}`);
  return problems;
}

/** Best response to a call situation: every option carries a score (0–1) and feedback. */
export const scenarioSchema = z.strictObject({
  ...base,
  type: z.literal('scenario'),
  options: z
    .array(option.extend({ score: z.number().min(0).max(1), feedback: z.string().min(4) }))
    .min(3)
    .max(5),
});

/** An audio clip every listening question plays; the transcript is always available to the learner. */
export const audioClipSchema = z.strictObject({
  /** Path under public/ (e.g. /audio/listening/angry-customer.ogg) or a protected recording id. */
  src: z.string().min(1),
  /** Full transcript, shown on request for accessibility. */
  transcript: z.string().min(1),
  /** Clip length in seconds, as measured when the audio was rendered. */
  duration: z.number().positive(),
});

/** Questions that can stand inside a listening question. */
export const plainQuestionSchema = z.discriminatedUnion('type', [
  singleChoiceSchema,
  multipleChoiceSchema,
  trueFalseSchema,
  orderingSchema,
  matchingSchema,
  fillBlankSchema,
  scenarioSchema,
]);

/** A clip plus a sub-question of any plain type about it (the sub-question has the same id scheme). */
export const listeningSchema = z.strictObject({
  ...base,
  type: z.literal('listening'),
  audio: audioClipSchema,
  question: plainQuestionSchema,
});

/** 「听到服务失误时点击」: target intervals in seconds, a tolerance, and a penalty per extra click. */
export const audioTimestampSchema = z.strictObject({
  ...base,
  type: z.literal('audio-timestamp'),
  audio: audioClipSchema,
  targets: z.array(z.strictObject({ start: z.number().min(0), end: z.number().min(0), label: z.string().min(1) })).min(1),
  /** Seconds a click may fall before or after a target and still count. */
  tolerance: z.number().min(0).max(5).default(1),
  /** Fraction of the question's score lost per click that matches no target. */
  extraClickPenalty: z.number().min(0).max(1).default(0.25),
});

export const questionSchema = z.discriminatedUnion('type', [...plainQuestionSchema.options, listeningSchema, audioTimestampSchema]);
export type Question = z.infer<typeof questionSchema>;
export type QuestionType = Question['type'];
export type PlainQuestion = z.infer<typeof plainQuestionSchema>;
export type AudioTimestampQuestion = z.infer<typeof audioTimestampSchema>;
export type ListeningQuestion = z.infer<typeof listeningSchema>;

/** quizzes/banks/<module>.json */
export const bankSchema = z.strictObject({
  module: moduleSlugSchema,
  questions: z.array(questionSchema).min(1),
});
export type Bank = z.infer<typeof bankSchema>;

/** Blank markers accepted in fill-blank prompts. */
export const blankMarker = /＿{2,}|_{3,}/g;
