// The question-type registry: every type's schema, layout, public view, canonical response, grading, review,
// content checks and GIFT mapping, by type. Adding a type is one file (./<type>.ts), one line here and one entry in
// the zod union (src/domain/assessment/question-schema.ts); `satisfies` makes a missing type or a missing piece a compile error.
import type { Question, QuestionType } from '../question-schema.ts';
import { audioTimestamp } from './audio-timestamp.ts';
import type { QuestionTypeModule } from './base.ts';
import { listening } from './listening.ts';
import { plainQuestionTypes } from './plain.ts';
import { typedReply } from './typed-reply.ts';

export const questionTypes = {
  ...plainQuestionTypes,
  listening,
  'audio-timestamp': audioTimestamp,
  'typed-reply': typedReply,
} satisfies {
  [K in QuestionType]: QuestionTypeModule<Extract<Question, { type: K }>, unknown, { id: string; type: K }>;
};

type Modules = typeof questionTypes;
/** A canonical response to any question. */
export type CanonicalResponse = { [K in QuestionType]: ReturnType<Modules[K]['correctResponse']> }[QuestionType];
/** What the browser receives for a question before grading: no answers, explanations, scores or feedback. */
export type PublicQuestion = { [K in QuestionType]: ReturnType<Modules[K]['publicView']> }[QuestionType];

/**
 * The module of a question's type, typed for that question. TypeScript cannot correlate a union's members with
 * the registry's entries, so this is the one place that casts; `satisfies` above guarantees the pairing.
 */
export function questionModule<Q extends Question>(q: Q): QuestionTypeModule<Q, CanonicalResponse, PublicQuestion> {
  return questionTypes[q.type] as unknown as QuestionTypeModule<Q, CanonicalResponse, PublicQuestion>;
}

export type {
  ItemCueFacts,
  QuestionTypeModule,
  QuestionLayout,
  Outcome,
  GradeStatus,
  Described,
  PublicChoice,
  PublicAudio,
} from './base.ts';
