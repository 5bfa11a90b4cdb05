import { questionModule } from '../../src/domain/assessment/question-types/index.ts';
import type { QuestionLayout } from '../../src/domain/assessment/layout.ts';
import type { Question } from '../../src/domain/assessment/question-schema.ts';
import type { QuestionResponse } from '../../src/domain/assessment/response-schema.ts';

const keyOf = (list: string[] | undefined, id: string) => String(list!.indexOf(id));

/** The full-marks response to a drawn question (tests and benchmarks only: it reads the answer key). */
export function correctResponse(q: Question, layout: QuestionLayout): QuestionResponse {
  return questionModule(q).correctResponse(q, layout);
}

/** A response that scores zero (a wrong choice, or nothing where no wrong choice exists). */
export function wrongResponse(q: Question, layout: QuestionLayout): QuestionResponse | undefined {
  if (q.type === 'single') return { choice: keyOf(layout.options, q.options.find((o) => o.id !== q.answer)!.id) };
  if (q.type === 'true-false') return { value: !q.answer };
  return undefined;
}
