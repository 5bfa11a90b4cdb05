import { randomBytes } from 'node:crypto';
import {
  deadlineFor,
  decideStart,
  isPastGrace,
  needsFollowUp,
  revealsItem,
  reviewVisibility,
  scoreAttempt,
} from './rules.ts';
import { canonicalResponses } from './canonical-response.ts';
import { gradeQuestion } from './grading.ts';
import { drawQuestions, type DrawnQuestion } from './draw.ts';
import { publicQuestion, type PublicQuestion } from './public-view.ts';
import { reviewQuestion, type QuestionReview } from './review.ts';
import type { Quiz } from './schema.ts';
import { responsesSchema, type Responses } from './response-schema.ts';
import { toSummary, type AttemptKeys, type AttemptRecord, type AttemptStore } from './repo.ts';
import { startRefused } from './attempt-errors.ts';
import {
  AppError,
  AttemptClosed,
  AttemptNotFound,
  InvalidResponses,
  QuizNotFound,
} from '../../platform/errors/index.ts';
import { conflict, untilWritten } from '../../platform/pocketbase/versioned.ts';
import type { QuizCatalog } from './catalog.ts';

export interface AttemptContext {
  store: AttemptStore;
  catalog: QuizCatalog;
  now: () => Date;
  /**
   * Runs after an attempt is graded with a follow-up (module progress, certificates; recorded in the same write as
   * the grade when `needsFollowUp`, src/domain/progress/follow-ups.ts): it is done, or started without waiting. Its failure never undoes
   * the grade, and a follow-up not done here is done by a sweep.
   */
  afterSubmit?: (attempt: AttemptRecord) => Promise<void>;
  /** Records an attempt's start and its grade as learning events (xAPI); it never throws. */
  attemptWritten?: (attempt: AttemptRecord) => Promise<void>;
}

/** An in-progress attempt as the browser may see it. */
export interface AttemptInProgress {
  attemptId: string;
  quizId: string;
  attemptNo: number;
  deadline: string | null;
  questions: PublicQuestion[];
  responses: Responses;
}

/** A submitted attempt's result, limited by the quiz's review policy. */
export interface AttemptResult {
  attemptId: string;
  quizId: string;
  attemptNo: number;
  submittedAt: string;
  late: boolean;
  percent: number;
  passed: boolean;
  breakdown: AttemptRecord['breakdown'] | null;
  /** Present only when the review policy reveals answers. */
  questions: QuestionReview[] | null;
}

function quizOf(ctx: AttemptContext, quizId: string): Quiz {
  const quiz = ctx.catalog.quizzes.get(quizId);
  if (!quiz) throw new AppError(QuizNotFound, { log: [quizId] });
  return quiz;
}

/** The attempt, if it exists and belongs to `userId`; another user's attempt is reported as not found. */
async function ownAttempt(ctx: AttemptContext, userId: string, attemptId: string): Promise<AttemptRecord> {
  const attempt = /^[a-z0-9]{15}$/.test(attemptId) ? await ctx.store.get(attemptId) : null;
  if (!attempt || attempt.user !== userId) throw new AppError(AttemptNotFound, { log: [attemptId, userId] });
  return attempt;
}

/** Like `ownAttempt`, with the attempt's keys read in the same round trip. */
async function ownAttemptWithKeys(
  ctx: AttemptContext,
  userId: string,
  attemptId: string,
): Promise<{ attempt: AttemptRecord; keys: AttemptKeys | null }> {
  const found = /^[a-z0-9]{15}$/.test(attemptId) ? await ctx.store.bundle(attemptId) : null;
  if (!found || found.attempt.user !== userId) throw new AppError(AttemptNotFound, { log: [attemptId, userId] });
  return found;
}

function inProgressView(
  ctx: AttemptContext,
  attempt: AttemptRecord,
  drawn: readonly DrawnQuestion[],
): AttemptInProgress {
  return {
    attemptId: attempt.id,
    quizId: attempt.quiz,
    attemptNo: attempt.attemptNo,
    deadline: attempt.deadline?.toISOString() ?? null,
    questions: drawn.map((d) => publicQuestion(ctx.catalog.questions.get(d.id)!, d.layout)),
    responses: attempt.responses,
  };
}

/**
 * Grade and close an attempt with the given responses: the graded results (on its keys) and the submitted state land
 * in one compare-and-set transaction, so of two submissions racing in any processes exactly one grades; the other
 * gets `conflict` and re-reads the attempt (src/platform/pocketbase/versioned.ts).
 */
async function finalize(
  ctx: AttemptContext,
  attempt: AttemptRecord,
  responses: Responses,
  late: boolean,
  knownKeys?: AttemptKeys,
): Promise<AttemptRecord | typeof conflict> {
  const quiz = quizOf(ctx, attempt.quiz);
  const keys = knownKeys ?? (await ctx.store.keysFor(attempt.id));
  const grades = keys.questions.map((d) => gradeQuestion(ctx.catalog.questions.get(d.id)!, d.layout, responses[d.id]));
  const score = scoreAttempt(quiz, keys.questions, grades);
  const followUp = needsFollowUp(quiz, score.passed);
  const submitted = await ctx.store.updateIfUnchanged(
    attempt,
    {
      status: 'submitted',
      submittedAt: ctx.now().toISOString(),
      responses,
      late,
      score: score.percent,
      passed: score.passed,
      breakdown: score.breakdown,
    },
    { keysId: keys.id, results: grades, followUp },
  );
  if (!submitted) return conflict;
  await ctx.attemptWritten?.(submitted);
  if (!followUp) return submitted;
  try {
    await ctx.afterSubmit?.(submitted);
  } catch (error) {
    console.error(`[attempts] follow-up after submitting ${submitted.id} failed: ${(error as Error).message}`);
  }
  return submitted;
}

/**
 * An open attempt made whole, with its keys. An open attempt without keys can only be a row written before keys
 * were created first (`AttemptStore.create`): its questions were never shown, so it holds no answers and is removed
 * (null). One whose time ran out is graded with what was saved in time.
 */
async function settleOpen(
  ctx: AttemptContext,
  open: AttemptRecord,
  keys: AttemptKeys | null,
): Promise<{ attempt: AttemptRecord; keys: AttemptKeys } | null> {
  if (!keys) {
    console.warn(`[attempts] removing half-written attempt ${open.id} of ${open.user}`);
    await ctx.store.remove(open.id);
    return null;
  }
  return untilWritten(`settle ${open.id}`, async (round) => {
    const current = round === 0 ? open : await ctx.store.get(open.id);
    if (!current) return null;
    if (current.status !== 'in-progress' || !isPastGrace(current.deadline, ctx.now()))
      return { attempt: current, keys };
    const closed = await finalize(ctx, current, current.responses, true, keys);
    return closed === conflict ? conflict : { attempt: closed, keys };
  });
}

/** Close an open attempt whose time ran out, grading what was saved in time (re-reading if another writer was first). */
async function closeIfExpired(ctx: AttemptContext, attempt: AttemptRecord): Promise<AttemptRecord> {
  return untilWritten(`close ${attempt.id}`, async (round) => {
    const current = round === 0 ? attempt : await ctx.store.get(attempt.id);
    if (!current) throw new AppError(AttemptNotFound, { log: [attempt.id, attempt.user] });
    if (current.status === 'in-progress' && isPastGrace(current.deadline, ctx.now()))
      return finalize(ctx, current, current.responses, true);
    return current;
  });
}

/**
 * Start an attempt, or resume the open one. Draws questions from a fresh random seed stored with the attempt. Two
 * starts racing (in any processes) both try to create the same attempt number; the unique (user, quiz, attemptNo)
 * index lets one through, and the other starts over and resumes it.
 */
export async function startAttempt(ctx: AttemptContext, userId: string, quizId: string): Promise<AttemptInProgress> {
  return (await startForPage(ctx, userId, quizId)).open;
}

/**
 * `startAttempt`, with everything the quiz page then shows (the learner's attempts as they are after the start), so
 * the page that started it needs no second read.
 */
export async function startForPage(
  ctx: AttemptContext,
  userId: string,
  quizId: string,
): Promise<{ open: AttemptInProgress; history: AttemptHistory }> {
  const quiz = quizOf(ctx, quizId);
  return untilWritten(`start ${userId} ${quizId}`, async () => {
    const { open, attempts: settled } = await settleOpenIn(ctx, await ctx.store.state(userId, quizId));
    if (open) return { open, history: historyOf(quiz, settled, ctx.now()) };
    const now = ctx.now();
    const decision = decideStart(quiz, settled.map(toSummary), now);
    if (!decision.ok) throw startRefused(decision, userId, quizId);
    const seed = randomBytes(12).toString('hex');
    const drawn = drawQuestions(quiz, ctx.catalog.banks, seed);
    const attempt = await ctx.store.create(
      {
        user: userId,
        quiz: quiz.id,
        kind: quiz.kind,
        attemptNo: decision.attemptNo,
        status: 'in-progress',
        startedAt: now.toISOString(),
        deadline: deadlineFor(quiz, now)?.toISOString() ?? '',
        questionIds: drawn.map((d) => d.id),
        responses: {},
        late: false,
        score: 0,
        passed: false,
      },
      seed,
      drawn,
    );
    if (!attempt) return conflict;
    await ctx.attemptWritten?.(attempt);
    return { open: inProgressView(ctx, attempt, drawn), history: historyOf(quiz, [...settled, attempt], now) };
  });
}

/**
 * Settle the open attempt among a learner's attempts at one quiz: its view if it is still open, and the list as it
 * is afterwards (the open one graded because its time ran out, or gone because it was half-written).
 */
async function settleOpenIn(
  ctx: AttemptContext,
  { attempts, openKeys }: { attempts: AttemptRecord[]; openKeys: AttemptKeys | null },
): Promise<{ open: AttemptInProgress | null; attempts: AttemptRecord[] }> {
  const open = attempts.find((a) => a.status === 'in-progress');
  if (!open) return { open: null, attempts };
  const settled = await settleOpen(ctx, open, openKeys);
  if (settled?.attempt.status === 'in-progress')
    return { open: inProgressView(ctx, settled.attempt, settled.keys.questions), attempts };
  return { open: null, attempts: attempts.flatMap((a) => (a !== open ? [a] : settled ? [settled.attempt] : [])) };
}

/** The open attempt of a learner at a quiz, if any (closing it first when its time ran out). */
export async function openAttempt(
  ctx: AttemptContext,
  userId: string,
  quizId: string,
): Promise<AttemptInProgress | null> {
  return (await settleOpenIn(ctx, await ctx.store.state(userId, quizId))).open;
}

/**
 * The canonical form of incoming responses (src/domain/assessment/canonical-response.ts), or a refusal naming the question.
 * Nothing that fails here is saved or graded.
 */
function checkResponses(ctx: AttemptContext, attempt: AttemptRecord, responses: unknown): Responses {
  const parsed = responsesSchema.safeParse(responses);
  if (!parsed.success) {
    const questionId = parsed.error.issues[0]?.path[0];
    const index = typeof questionId === 'string' ? attempt.questionIds.indexOf(questionId) : -1;
    throw new AppError(InvalidResponses, {
      message: [index >= 0 ? index + 1 : undefined],
      log: [`malformed responses for ${attempt.id}: ${parsed.error.message}`],
    });
  }
  const questions = attempt.questionIds.map((id) => ctx.catalog.questions.get(id));
  const checked = canonicalResponses(questions, parsed.data);
  if (!checked.ok) {
    const { questionId, questionNo, reason } = checked.refusal;
    throw new AppError(InvalidResponses, {
      message: [questionNo],
      log: [`response to ${questionId} in attempt ${attempt.id}: ${reason}`],
    });
  }
  return checked.responses;
}

/**
 * Autosave: replace the attempt's saved responses. Refused once submitted or out of time. The write is a
 * compare-and-set on the copy whose ownership and state were checked, so a submission that lands in between (in any
 * process) is never overwritten: the autosave re-reads and is refused as closed.
 */
export async function saveResponses(
  ctx: AttemptContext,
  userId: string,
  attemptId: string,
  responses: unknown,
): Promise<{ savedAt: string }> {
  return untilWritten(`save ${attemptId}`, async () => {
    const current = await closeIfExpired(ctx, await ownAttempt(ctx, userId, attemptId));
    if (current.status !== 'in-progress')
      throw new AppError(AttemptClosed, { log: [current.id, current.late ? 'out of time' : 'submitted'] });
    const checked = checkResponses(ctx, current, responses);
    const savedAt = ctx.now().toISOString();
    return (await ctx.store.updateIfUnchanged(current, { responses: checked, savedAt })) ? { savedAt } : conflict;
  });
}

/**
 * Submit and grade. Idempotent: a second submission returns the first result, also when both race in different
 * processes (one compare-and-set wins, the other re-reads the graded attempt). After the deadline plus grace, the
 * answers saved in time are graded and the attempt is marked late; later changes are discarded.
 */
export async function submitAttempt(
  ctx: AttemptContext,
  userId: string,
  attemptId: string,
  responses?: unknown,
): Promise<AttemptResult> {
  return resultView(ctx, await gradeSubmission(ctx, userId, attemptId, responses));
}

/**
 * `submitAttempt` without the review (what the quiz runner needs to move on to the result page): one read of the
 * attempt with its keys and one write (grade, results, pending follow-up) when nothing races.
 */
export async function submitAttemptBrief(
  ctx: AttemptContext,
  userId: string,
  attemptId: string,
  responses?: unknown,
): Promise<{ attemptId: string; percent: number; passed: boolean }> {
  const submitted = await gradeSubmission(ctx, userId, attemptId, responses);
  return { attemptId: submitted.id, percent: submitted.score, passed: submitted.passed };
}

async function gradeSubmission(
  ctx: AttemptContext,
  userId: string,
  attemptId: string,
  responses?: unknown,
): Promise<AttemptRecord> {
  return untilWritten(`submit ${attemptId}`, async () => {
    const { attempt: current, keys } = await ownAttemptWithKeys(ctx, userId, attemptId);
    if (current.status === 'submitted') return current;
    if (!keys) throw new Error(`Attempt ${attemptId} has no keys`);
    if (isPastGrace(current.deadline, ctx.now())) return finalize(ctx, current, current.responses, true, keys);
    const final = responses === undefined ? current.responses : checkResponses(ctx, current, responses);
    return finalize(ctx, current, final, false, keys);
  });
}

/** The result of a submitted attempt of `userId`. */
export async function attemptResult(
  ctx: AttemptContext,
  userId: string,
  attemptId: string,
): Promise<AttemptResult | null> {
  const current = await closeIfExpired(ctx, await ownAttempt(ctx, userId, attemptId));
  return current.status === 'submitted' ? resultView(ctx, current) : null;
}

async function resultView(ctx: AttemptContext, attempt: AttemptRecord): Promise<AttemptResult> {
  const quiz = quizOf(ctx, attempt.quiz);
  const all = await ctx.store.listFor(attempt.user, attempt.quiz);
  const visible = reviewVisibility(quiz, attempt, all.map(toSummary));
  let questions: QuestionReview[] | null = null;
  if (visible.answers) {
    // Only this attempt's own items, and of those only the ones its quiz may reveal.
    const keys = await ctx.store.keysFor(attempt.id);
    questions = keys.questions.flatMap((d) => {
      const question = ctx.catalog.questions.get(d.id)!;
      if (!revealsItem(quiz, question, true)) return [];
      const grade = keys.results.find((g) => g.questionId === d.id) ?? {
        questionId: d.id,
        score: 0,
        status: 'unanswered' as const,
      };
      return [reviewQuestion(question, d.module, d.layout, attempt.responses[d.id], grade)];
    });
  }
  return {
    attemptId: attempt.id,
    quizId: attempt.quiz,
    attemptNo: attempt.attemptNo,
    submittedAt: attempt.submittedAt!.toISOString(),
    late: attempt.late,
    percent: attempt.score,
    passed: attempt.passed,
    breakdown: visible.scores ? attempt.breakdown : null,
    questions,
  };
}

export type AttemptHistory = ReturnType<typeof historyOf>;

function historyOf(quiz: Quiz, attempts: readonly AttemptRecord[], now: Date) {
  return {
    attempts: attempts.map((a) => ({
      id: a.id,
      attemptNo: a.attemptNo,
      status: a.status,
      startedAt: a.startedAt,
      submittedAt: a.submittedAt,
      percent: a.score,
      passed: a.passed,
      late: a.late,
    })),
    next: decideStart(quiz, attempts.map(toSummary), now),
  };
}

/** What a quiz page shows: the open attempt (if any) and the learner's attempts, oldest first, from one listing. */
export async function quizPageState(
  ctx: AttemptContext,
  userId: string,
  quizId: string,
): Promise<{ open: AttemptInProgress | null; history: AttemptHistory }> {
  const quiz = quizOf(ctx, quizId);
  const { open, attempts } = await settleOpenIn(ctx, await ctx.store.state(userId, quizId));
  return { open, history: historyOf(quiz, attempts, ctx.now()) };
}
