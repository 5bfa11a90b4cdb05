import { questionModule, type QuestionLayout } from './question-types/index.ts';
import type { Question } from './question-schema.ts';
import type { GradeStatus, QuestionGrade } from './grading.ts';

/** One question after grading, as shown on the result page when the review policy reveals answers. */
export interface QuestionReview {
  id: string;
  module: string;
  prompt: string;
  status: GradeStatus;
  score: number;
  yourAnswer: string[];
  correctAnswer: string[];
  explanation: string;
  /** Feedback on the response: the chosen option's (scenario), what was found and missing (typed-reply). */
  feedback?: string;
  /** Listening questions: the clip, and for timestamp questions the moments that mattered, to replay. */
  audio?: { src: string; transcript: string; duration: number };
  moments?: { start: number; end: number; label: string }[];
}

/** Your answer, the right answer, the explanation and feedback for one graded question (each type's `review`). */
export function reviewQuestion(
  q: Question,
  module: string,
  layout: QuestionLayout,
  response: unknown,
  grade: QuestionGrade,
): QuestionReview {
  const described = questionModule(q).review(q, layout, response);
  return {
    id: q.id,
    module,
    prompt: q.prompt,
    status: grade.status,
    score: grade.score,
    yourAnswer: described.yours,
    correctAnswer: described.correct,
    explanation: q.explanation,
    ...(described.feedback ? { feedback: described.feedback } : {}),
    ...(described.audio ? { audio: described.audio } : {}),
    ...(described.moments ? { moments: described.moments } : {}),
  };
}
