import type { StaffUser } from '../identity/schema.ts';
import type { Quiz } from './schema.ts';
import { appAttemptContextForQuiz } from './attempt-context.ts';
import { AppError } from '../../platform/errors/index.ts';
import { startRefused } from './attempt-errors.ts';
import { appAdmin } from '../../platform/pocketbase/app-admin.ts';
import { programCatalog } from '../certification/catalog.ts';
import { certificationProgress, type ProgramProgress } from '../certification/service.ts';
import { quizPageState, startAttempt, type AttemptHistory, type AttemptInProgress } from './service.ts';

export interface QuizPageData {
  quiz: Quiz;
  problem: AppError | null;
  open: AttemptInProgress | null;
  history: AttemptHistory;
  /** Why no new attempt can start now (other than one being open). */
  blocked: AppError | null;
  /** An exam's programs and what else each still needs besides the exam (the exam confirmation says so). */
  programs: ProgramProgress[];
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
  const examOf = [...programCatalog().programs.values()].filter((p) => p.exam === quiz.id);
  const programs = examOf.length
    ? (await certificationProgress(await appAdmin(), user.id, new Date(), examOf)).map((p) => ({
        ...p,
        missing: p.missing.filter((m) => m.requirement.kind !== 'exam'),
      }))
    : [];
  return { quiz, problem, open, history, blocked, programs };
}
