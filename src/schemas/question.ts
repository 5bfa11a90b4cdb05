// The bank question schema: the union of every question type's schema. Each type's schema lives with the rest of
// its behaviour in src/domain/assessment/question-types/<type>.ts; this file combines them and keeps the names other
// modules import.
import { z } from 'zod';
import { moduleSlugSchema } from './module.ts';
import { audioTimestampSchema } from '../domain/assessment/question-types/audio-timestamp.ts';
import { listeningSchema } from '../domain/assessment/question-types/listening.ts';
import { plainQuestionSchema } from '../domain/assessment/question-types/plain.ts';
import { typedReplySchema } from '../domain/assessment/question-types/typed-reply.ts';

export { blankMarker } from '../domain/assessment/question-types/base.ts';
export { singleChoiceSchema } from '../domain/assessment/question-types/single-choice.ts';
export { multipleChoiceSchema } from '../domain/assessment/question-types/multiple-choice.ts';
export { trueFalseSchema } from '../domain/assessment/question-types/true-false.ts';
export { orderingSchema } from '../domain/assessment/question-types/ordering.ts';
export { matchingSchema } from '../domain/assessment/question-types/matching.ts';
export { fillBlankSchema } from '../domain/assessment/question-types/fill-blank.ts';
export { scenarioSchema, scenarioOtherOptionMax, scenarioScoreProblems } from '../domain/assessment/question-types/scenario.ts';
export { audioClipSchema, listeningSchema } from '../domain/assessment/question-types/listening.ts';
export { audioTimestampSchema } from '../domain/assessment/question-types/audio-timestamp.ts';
export { typedReplySchema } from '../domain/assessment/question-types/typed-reply.ts';
export { plainQuestionSchema };

/** The pools a bank item can belong to (see `pool` in question-types/base.ts). */
export const questionPools = ['practice', 'exam'] as const;
export type QuestionPool = (typeof questionPools)[number];

export const questionSchema = z.discriminatedUnion('type', [...plainQuestionSchema.options, listeningSchema, audioTimestampSchema, typedReplySchema]);
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
