import type { QuestionLayout } from '../../src/lib/quiz-layout.ts';
import type { PlainQuestion, Question } from '../../src/schemas/question.ts';
import type { QuestionResponse } from '../../src/schemas/response.ts';
import type { z } from 'zod';
import type { plainResponseSchema } from '../../src/schemas/response.ts';

type PlainResponse = z.infer<typeof plainResponseSchema>;

const keyOf = (list: string[] | undefined, id: string) => String(list!.indexOf(id));

function plain(q: PlainQuestion, l: QuestionLayout): PlainResponse {
  switch (q.type) {
    case 'single':
      return { choice: keyOf(l.options, q.answer) };
    case 'scenario':
      return { choice: keyOf(l.options, q.options.find((o) => o.score === 1)!.id) };
    case 'multiple':
      return { choices: q.answer.map((id) => keyOf(l.options, id)) };
    case 'true-false':
      return { value: q.answer };
    case 'ordering':
      return { order: q.items.map((i) => keyOf(l.items, i.id)) };
    case 'matching':
      return { matches: Object.fromEntries(q.pairs.map((p) => [keyOf(l.lefts, p.id), keyOf(l.rights, p.id)])) };
    case 'fill-blank':
      return { blanks: q.blanks.map((b) => b.accepted[0]!) };
  }
}

/** The full-marks response to a drawn question (tests and benchmarks only: it reads the answer key). */
export function correctResponse(q: Question, layout: QuestionLayout): QuestionResponse {
  if (q.type === 'listening') return { sub: plain(q.question, layout.sub ?? {}) };
  if (q.type === 'audio-timestamp') return { clicks: q.targets.map((t) => (t.start + t.end) / 2) };
  return plain(q, layout);
}

/** A response that scores zero (a wrong choice, or nothing where no wrong choice exists). */
export function wrongResponse(q: Question, layout: QuestionLayout): QuestionResponse | undefined {
  if (q.type === 'single') return { choice: keyOf(layout.options, q.options.find((o) => o.id !== q.answer)!.id) };
  if (q.type === 'true-false') return { value: !q.answer };
  return undefined;
}
