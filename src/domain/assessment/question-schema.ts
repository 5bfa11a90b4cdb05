// The bank question schema: the union of every question type's schema. Each type's schema lives with the rest of
// its behaviour in src/domain/assessment/question-types/<type>.ts; this file combines them and keeps the names other
// modules import.
import { z } from 'zod';
import { moduleSlugSchema } from '../course/module-schema.ts';
import { audioTimestampSchema } from './question-types/audio-timestamp.ts';
import { listeningSchema } from './question-types/listening.ts';
import { plainQuestionSchema } from './question-types/plain.ts';
import { typedReplySchema } from './question-types/typed-reply.ts';

export { blankMarker } from './question-types/base.ts';
export { singleChoiceSchema } from './question-types/single-choice.ts';
export { multipleChoiceSchema } from './question-types/multiple-choice.ts';
export { trueFalseSchema } from './question-types/true-false.ts';
export { orderingSchema } from './question-types/ordering.ts';
export { matchingSchema } from './question-types/matching.ts';
export { fillBlankSchema } from './question-types/fill-blank.ts';
export { scenarioSchema, scenarioOtherOptionMax, scenarioScoreProblems } from './question-types/scenario.ts';
export { audioClipSchema, listeningSchema } from './question-types/listening.ts';
export { audioTimestampSchema } from './question-types/audio-timestamp.ts';
export { typedReplySchema } from './question-types/typed-reply.ts';
export { plainQuestionSchema };

/** The pools a bank item can belong to (see `pool` in question-types/base.ts). */
export const questionPools = ['practice', 'exam'] as const;
export type QuestionPool = (typeof questionPools)[number];

export const questionSchema = z.discriminatedUnion('type', [
  ...plainQuestionSchema.options,
  listeningSchema,
  audioTimestampSchema,
  typedReplySchema,
]);
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
