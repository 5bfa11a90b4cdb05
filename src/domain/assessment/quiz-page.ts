import type { StaffUser } from '../identity/schema.ts';
import type { Quiz } from './schema.ts';
import { appAttemptContextForQuiz } from './attempt-context.ts';
import { isInputError, type ActionError } from 'astro:actions';
import { AppError, ExamNotConfirmed, MalformedRequest, QuizNotFound } from '../../platform/errors/index.ts';
import { startRefused } from './attempt-errors.ts';
import { quizPageState, startForPage, type AttemptHistory, type AttemptInProgress } from './service.ts';

/** A refusal the page shows above the quiz (from the start action, or why no attempt can start). */
export interface PageProblem {
  status: number;
  title: string;
  message: string;
}

export interface QuizPageData {
  quiz: Quiz;
  problem: PageProblem | null;
  open: AttemptInProgress | null;
  history: AttemptHistory;
  /** Why no new attempt can start now (other than one being open). */
  blocked: AppError | null;
}

/**
 * Everything the quiz/exam page shows (attempts are started by the `startQuiz` action, whose refusal the page
 * passes in as `problem`). Returns 'not-found' for an unknown quiz or one the user may not take.
 */
export async function loadQuizPage(
  user: StaffUser,
  quizId: string,
  problem: PageProblem | null = null,
): Promise<QuizPageData | 'not-found'> {
  const ctx = await appAttemptContextForQuiz(user, quizId);
  const quiz = ctx?.catalog.quizzes.get(quizId);
  if (!ctx || !quiz) return 'not-found';
  const { open, history } = await quizPageState(ctx, user.id, quiz.id);
  const blocked =
    !history.next.ok && history.next.reason !== 'in-progress' ? startRefused(history.next, user.id, quiz.id) : null;
  return { quiz, problem, open, history, blocked };
}

/**
 * Start (or resume) an attempt for the 开始 form of a quiz, exam or listening page, with everything the page then
 * shows. An exam starts only from its confirmation (`confirmed`): its clock starts then. Throws the catalogue's
 * refusal (unknown quiz, exam not confirmed, no attempt may start now).
 */
export async function startQuizPage(
  user: StaffUser,
  quizId: string,
  confirmed: boolean,
): Promise<QuizPageData & { open: AttemptInProgress }> {
  const ctx = await appAttemptContextForQuiz(user, quizId);
  const quiz = ctx?.catalog.quizzes.get(quizId);
  if (!ctx || !quiz) throw new AppError(QuizNotFound, { log: [quizId] });
  if (quiz.kind === 'exam' && !confirmed) throw new AppError(ExamNotConfirmed, { log: [user.id, quizId] });
  const { open, history } = await startForPage(ctx, user.id, quiz.id);
  return { quiz, problem: null, open, history, blocked: null };
}

/**
 * What a quiz page shows after its form posted to the start action: the attempt the action just started, as the
 * action left it in `locals` (no second read), or else the page read afresh with the action's refusal, if any.
 */
export async function quizPageAfterStart(
  locals: App.Locals,
  quizId: string,
  started: { error?: ActionError } | undefined,
): Promise<QuizPageData | 'not-found'> {
  if (started && !started.error && locals.startedQuiz?.quiz.id === quizId) return locals.startedQuiz;
  return loadQuizPage(locals.user!, quizId, startProblem(started?.error));
}

/**
 * The start action's refusal as the page shows it: the catalogue's message and status (an `AppError` thrown by the
 * action), or the catalogue's MalformedRequest for a form that does not validate (zod's text is not for users).
 */
function startProblem(error: ActionError | undefined): PageProblem | null {
  if (!error) return null;
  if (isInputError(error)) return { status: 400, title: MalformedRequest.title, message: MalformedRequest.message };
  return { status: error.status, title: '未能开始', message: error.message };
}
