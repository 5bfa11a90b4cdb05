import { questionModule, type QuestionLayout } from './question-types/index.ts';
import type { Question } from './question-schema.ts';

export type { QuestionLayout };

/** The layout of `question` for the attempt seeded with `seed`; reproducible (each type's `layout`). */
export function layoutFor(question: Question, seed: string): QuestionLayout {
  return questionModule(question).layout(question, seed);
}
