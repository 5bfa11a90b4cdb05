// The plain question types: the ones that can also stand inside a listening question.
import { z } from 'zod';
import type { QuestionTypeModule } from './base.ts';
import { fillBlank, fillBlankSchema } from './fill-blank.ts';
import { matching, matchingSchema } from './matching.ts';
import { multipleChoice, multipleChoiceSchema } from './multiple-choice.ts';
import { ordering, orderingSchema } from './ordering.ts';
import { scenario, scenarioSchema } from './scenario.ts';
import { singleChoice, singleChoiceSchema } from './single-choice.ts';
import { trueFalse, trueFalseSchema } from './true-false.ts';

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
export type PlainQuestion = z.infer<typeof plainQuestionSchema>;
export type PlainQuestionType = PlainQuestion['type'];

/** The plain types' modules, by type. */
export const plainQuestionTypes = {
  single: singleChoice,
  multiple: multipleChoice,
  'true-false': trueFalse,
  ordering,
  matching,
  'fill-blank': fillBlank,
  scenario,
} satisfies {
  [K in PlainQuestionType]: QuestionTypeModule<Extract<PlainQuestion, { type: K }>, unknown, { id: string; type: K }>;
};

type PlainModules = typeof plainQuestionTypes;
/** A canonical response to a plain question. */
export type PlainResponse = {
  [K in PlainQuestionType]: ReturnType<PlainModules[K]['correctResponse']>;
}[PlainQuestionType];
/** What the browser sees of a plain question. */
export type PublicPlainQuestion = {
  [K in PlainQuestionType]: ReturnType<PlainModules[K]['publicView']>;
}[PlainQuestionType];

/**
 * The module of a question's type, typed for that question. TypeScript cannot correlate a union's members with the
 * registry's entries, so this is the one place that casts; the `satisfies` above is what guarantees the pairing.
 */
export function plainModule<Q extends PlainQuestion>(q: Q): QuestionTypeModule<Q, PlainResponse, PublicPlainQuestion> {
  return plainQuestionTypes[q.type] as unknown as QuestionTypeModule<Q, PlainResponse, PublicPlainQuestion>;
}
