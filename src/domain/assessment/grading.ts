import { questionModule, type GradeStatus, type Outcome, type QuestionLayout } from './question-types/index.ts';
import type { Question } from './question-schema.ts';
import { canonicalResponse } from './canonical-response.ts';

export type { GradeStatus };
export { gradeTimestamps } from './question-types/audio-timestamp.ts';

/** The grade of one question: a score in [0, 1] and why. `invalid` means the response did not fit the question. */
export interface QuestionGrade {
  questionId: string;
  score: number;
  status: GradeStatus;
}

function statusOf(score: number): GradeStatus {
  return score >= 1 ? 'correct' : score > 0 ? 'partial' : 'incorrect';
}

/**
 * Grade one question from the learner's response (unknown: anything the browser could send). The grader trusts
 * only canonical input: the response is put through canonicalResponse first, and anything it refuses grades as
 * `invalid` with score 0 (saves and submissions refuse such responses before they get here; this covers answers
 * stored before the rule existed). Each type's `grade` scores the canonical response.
 */
export function gradeQuestion(question: Question, layout: QuestionLayout, response: unknown): QuestionGrade {
  const done = (o: Outcome): QuestionGrade => {
    const score = Math.round(Math.min(1, Math.max(0, o.score)) * 10000) / 10000;
    return { questionId: question.id, score, status: o.status ?? statusOf(score) };
  };
  if (response === null) return done({ score: 0, status: 'unanswered' });
  const canonical = canonicalResponse(question, response);
  if (!canonical.ok) return done({ score: 0, status: 'invalid' });
  if (canonical.response === undefined) return done({ score: 0, status: 'unanswered' });
  return done(questionModule(question).grade(question, layout, canonical.response));
}
