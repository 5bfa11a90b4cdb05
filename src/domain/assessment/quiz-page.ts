import type { StaffUser } from '../identity/schema.ts';
import type { Quiz } from './schema.ts';
import { appAttemptContextForQuiz } from './attempt-context.ts';
import { AppError } from '../../platform/errors/index.ts';
import { startRefused } from './attempt-errors.ts';
import { quizPageState, startAttempt, type AttemptHistory, type AttemptInProgress } from './service.ts';

export interface QuizPageData {
  quiz: Quiz;
  problem: AppError | null;
  open: AttemptInProgress | null;
  history: AttemptHistory;
  /** Why no new attempt can start now (other than one being open). */
  blocked: AppError | null;
}

/**
 * Everything the quiz/exam page shows; on POST it first starts (or resumes) an attempt.
 * Returns 'not-found' for an unknown quiz and 'started' when the page should redirect to itself (POST/redirect/GET).
 */
export async function loadQuizPage(
  user: StaffUser,
  quizId: string,
  method: string,
): Promise<QuizPageData | 'not-found' | 'started'> {
  const ctx = await appAttemptContextForQuiz(user, quizId);
  const quiz = ctx?.catalog.quizzes.get(quizId);
  if (!ctx || !quiz) return 'not-found';
  let problem: QuizPageData['problem'] = null;
  if (method === 'POST') {
    try {
      await startAttempt(ctx, user.id, quiz.id);
      return 'started';
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      console.warn(`[quiz-page] ${error.name}: ${error.log}`);
      problem = error;
    }
  }
  const { open, history } = await quizPageState(ctx, user.id, quiz.id);
  const blocked =
    !history.next.ok && history.next.reason !== 'in-progress' ? startRefused(history.next, user.id, quiz.id) : null;
  return { quiz, problem, open, history, blocked };
}
