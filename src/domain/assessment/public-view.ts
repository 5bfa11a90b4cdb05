import {
  questionModule,
  type PublicAudio,
  type PublicChoice,
  type PublicQuestion,
  type QuestionLayout,
} from './question-types/index.ts';
import type { Question } from './question-schema.ts';

export type { PublicAudio, PublicChoice, PublicQuestion };

/** The public view of a drawn question (each type's `publicView`). */
export function publicQuestion(q: Question, layout: QuestionLayout): PublicQuestion {
  return questionModule(q).publicView(q, layout);
}
