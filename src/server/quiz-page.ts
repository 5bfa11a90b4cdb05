import type { StaffUser } from '../schemas/user.ts';
import type { Quiz } from '../schemas/quiz.ts';
import { appAttemptContextForQuiz } from './attempt-context.ts';
import { attemptErrorMessage } from './attempt-errors.ts';
import { AttemptError, quizPageState, startAttempt, type AttemptHistory, type AttemptInProgress } from './attempts.ts';

export interface QuizPageData {
  quiz: Quiz;
  problem: ReturnType<typeof attemptErrorMessage> | null;
  open: AttemptInProgress | null;
  history: AttemptHistory;
  /** Why no new attempt can start now (other than one being open). */
  blocked: ReturnType<typeof attemptErrorMessage> | null;
}

/**
 * Everything the quiz/exam page shows; on POST it first starts (or resumes) an attempt.
 * Returns 'not-found' for an unknown quiz and 'started' when the page should redirect to itself (POST/redirect/GET).
 */
export async function loadQuizPage(user: StaffUser, quizId: string, method: string): Promise<QuizPageData | 'not-found' | 'started'> {
  const ctx = await appAttemptContextForQuiz(user, quizId);
  const quiz = ctx?.catalog.quizzes.get(quizId);
  if (!ctx || !quiz) return 'not-found';
  let problem: QuizPageData['problem'] = null;
  if (method === 'POST') {
    try {
      await startAttempt(ctx, user.id, quiz.id);
      return 'started';
    } catch (error) {
      if (!(error instanceof AttemptError)) throw error;
      problem = attemptErrorMessage(error);
    }
  }
  const { open, history } = await quizPageState(ctx, user.id, quiz.id);
  const blocked = !history.next.ok && history.next.reason !== 'in-progress' ? attemptErrorMessage(new AttemptError(history.next.reason, '', history.next.until)) : null;
  return { quiz, problem, open, history, blocked };
}
