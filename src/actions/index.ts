import { defineAction } from 'astro:actions';
import { signedIn } from './guard.ts';
import { cohortActions, practicalActions, trainingActions, voiceTargetActions } from './training.ts';
import { hrActions } from './hr.ts';
import { z } from 'zod';
import { toActionError } from '../platform/errors/action-error.ts';
import { AppError, TooManyRequests } from '../platform/errors/index.ts';
import { practiceRequestSchema } from '../domain/progress/practice-schema.ts';
import { progressBatchSchema } from '../domain/progress/schema.ts';
import { responsesSchema } from '../domain/assessment/response-schema.ts';
import { appAdmin } from '../platform/pocketbase/app-admin.ts';
import { gradePracticeAnswer, lessonStatus } from '../domain/progress/service.ts';
import { answerPractice, reportStudy } from '../domain/progress/study-clock.ts';
import { actionCalls, hitLimit } from '../platform/http/rate-limits.ts';
import { appAttemptContextForAttempt } from '../domain/assessment/attempt-context.ts';
import { startQuizPage } from '../domain/assessment/quiz-page.ts';
import { saveResponses, submitAttemptBrief } from '../domain/assessment/service.ts';
import { signIn } from '../domain/identity/sign-in.ts';
import { clearAuthCookie, endSessions, writeAuthCookie } from '../domain/identity/session.ts';
import { homeFor, safeNext } from '../domain/identity/access.ts';
import { callsApp } from '../domain/calls/app.ts';
import type { RunView } from '../domain/calls/service.ts';
import { fitsDraft, itemWarnings, validateDraft } from '../domain/question-bank/rules.ts';
import {
  assertManager,
  discardDraft,
  editPublished,
  importDrafts,
  previewImport,
  publishDraft,
  readUpload,
  retirePublished,
  saveDraft,
} from '../domain/question-bank/service.ts';
import { appBankDeps } from '../domain/assessment/question-bank.ts';
import { setFlash } from '../platform/http/flash.ts';
import { courseOutline } from '../domain/course/outline.ts';
import { markNotificationsRead, saveEmailSettings } from '../domain/notifications/service.ts';

// Input validation messages reach users through the islands: in Chinese.
z.config(z.locales.zhCN());

const attemptId = z.string().regex(/^[a-z0-9]{15}$/);
const recordId = z.string().regex(/^[a-z0-9]{15}$/);
const callId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/);
const turnIndex = z.coerce.number().int().min(0).max(200);
/** A reply as the call page sends it: a display key of the shuffled options, or the typed text. */
const callReply = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('choice'), key: z.string().max(4) }),
  z.strictObject({ kind: z.literal('typed'), text: z.string().max(500) }),
]);

/** What the call page gets after a turn: the next turn only, or that the run ended (the page then shows the debrief). */
function turnAnswer(view: RunView) {
  return view.status === 'ended'
    ? { status: 'ended' as const, runId: view.run.id }
    : { status: 'in_progress' as const, view: view.view };
}
const moduleSlug = z.string().regex(/^[a-z-]{0,40}$/);
/** A draft question as the editor sends it: any shape (it may be incomplete), within the draft's JSON size limit. */
const draftQuestion = z.record(z.string(), z.unknown()).refine((q) => fitsDraft(q), '题目内容过长，请精简后再保存');

export const server = {
  /**
   * Start (or resume) an attempt: the 开始 form of a quiz, exam or listening page posts here, and the page then shows
   * the attempt in the same response (src/domain/assessment/quiz-page.ts). An exam starts only from its confirmation
   * form (`confirmed=yes`): the clock starts then.
   */
  startQuiz: defineAction({
    accept: 'form',
    input: z.object({ quiz: z.string().regex(/^[a-z0-9-]{1,80}$/), confirmed: z.literal('yes').optional() }),
    handler: async ({ quiz: quizId, confirmed }, context) => {
      const user = await signedIn(context);
      try {
        const page = await startQuizPage(user, quizId, confirmed === 'yes');
        context.locals.startedQuiz = page;
        return { attemptId: page.open.attemptId };
      } catch (error) {
        throw toActionError(error, 'startQuiz');
      }
    },
  }),
  /**
   * The sign-in form (POST from /signin). Never throws: the page shows the refusal it returns (the counters and
   * lockouts are in src/domain/identity/sign-in.ts). On success the auth cookie is set and the page redirects.
   */
  signIn: defineAction({
    accept: 'form',
    handler: async (form: FormData, context) => {
      const fields = Object.fromEntries(form);
      const result = await signIn(context.locals.pb, appAdmin(), fields, context.clientAddress ?? 'unknown');
      if (result.ok) {
        writeAuthCookie(context.cookies, result.token, context.url.protocol === 'https:');
        return { ok: true as const, to: safeNext(result.next) ?? homeFor(result.user.role) };
      }
      const email = typeof fields.email === 'string' ? fields.email.slice(0, 200) : '';
      return { ok: false as const, error: result.error, retryMinutes: Math.ceil(result.retryAfterMs / 60_000), email };
    },
  }),
  ...trainingActions,
  ...cohortActions,
  ...practicalActions,
  ...hrActions,
  ...voiceTargetActions,
  /**
   * Sign out (a form post, so a link or an image cannot sign someone out): PocketBase gives the account a new token
   * key, so this cookie, its token and the sessions on the user's other devices stop working at once (PocketBase
   * 0.22 cannot end one device's session alone). `scope=all` (「退出所有设备」) does the same and says so.
   */
  signOut: defineAction({
    accept: 'form',
    input: z.object({ scope: z.enum(['all']).optional() }),
    handler: async ({ scope }, context) => {
      const user = context.locals.user;
      const secure = context.url.protocol === 'https:';
      context.locals.pb.authStore.clear();
      clearAuthCookie(context.cookies);
      if (!user) return { signedOut: false };
      try {
        await endSessions(await appAdmin(), user.id);
        console.info(
          `[signout] ended all sessions of user ${user.id}${scope === 'all' ? ' (all devices requested)' : ''}`,
        );
        setFlash(context.cookies, scope === 'all' ? 'signedOutEverywhere' : 'signedOut', secure);
      } catch (error) {
        console.error(`[signout] could not end the sessions of user ${user.id}: ${(error as Error).message}`);
        setFlash(context.cookies, 'signOutIncomplete', secure);
      }
      return { signedOut: true };
    },
  }),
  /** Autosave the answers of an open attempt (debounced by the quiz page). */
  saveAnswers: defineAction({
    input: z.object({ attemptId, responses: responsesSchema }),
    handler: async ({ attemptId, responses }, context) => {
      const user = await signedIn(context);
      try {
        return await saveResponses(await appAttemptContextForAttempt(user, attemptId), user.id, attemptId, responses);
      } catch (error) {
        throw toActionError(error, 'saveAnswers');
      }
    },
  }),
  /** Submit and grade; returns where the result can be read. Submitting twice is harmless. */
  submitAttempt: defineAction({
    input: z.object({ attemptId, responses: responsesSchema.optional() }),
    handler: async ({ attemptId, responses }, context) => {
      const user = await signedIn(context);
      try {
        const result = await submitAttemptBrief(
          await appAttemptContextForAttempt(user, attemptId, 'bundle'),
          user.id,
          attemptId,
          responses,
        );
        return {
          attemptId: result.attemptId,
          passed: result.passed,
          percent: result.percent,
          resultUrl: `/learn/attempts/${result.attemptId}`,
        };
      } catch (error) {
        throw toActionError(error, 'submitAttempt');
      }
    },
  }),
  /**
   * Lesson progress events (queued in the browser while offline); retries are harmless. Heartbeats are claims:
   * the server credits them on its own clock. Returns the status of each lesson in the batch.
   */
  recordProgress: defineAction({
    input: progressBatchSchema,
    handler: async ({ events }, context) => {
      const user = await signedIn(context);
      try {
        const result = await reportStudy(await appAdmin(), user.id, events, new Date());
        return {
          applied: result.applied,
          duplicates: result.duplicates,
          credited: result.credited,
          completedLessons: result.completedLessons,
          lessons: result.lessons,
        };
      } catch (error) {
        throw toActionError(error, 'recordProgress');
      }
    },
  }),
  /** The signed-in learner's progress in one lesson (what the lesson page shows on arrival). */
  lessonStatus: defineAction({
    input: z.object({ lesson: z.string().regex(/^[a-z-]+\/[a-z0-9-]+$/) }),
    handler: async ({ lesson }, context) => {
      const user = await signedIn(context);
      try {
        return await lessonStatus(await appAdmin(), user.id, lesson);
      } catch (error) {
        throw toActionError(error, 'lessonStatus');
      }
    },
  }),
  /**
   * Grade a practice check on the server (its answers never reach the browser). For a signed-in learner the
   * result is recorded — the only way a check becomes passed; visitors get the grade and feedback only.
   */
  checkPractice: defineAction({
    input: practiceRequestSchema,
    handler: async ({ lesson, checkId, answer }, context) => {
      const user = context.locals.user;
      if (user) await signedIn(context);
      else if (!(await hitLimit(appAdmin(), actionCalls, `address:${context.clientAddress}`)).allowed) {
        throw toActionError(
          new AppError(TooManyRequests, { log: [`address ${context.clientAddress}`] }),
          'checkPractice',
        );
      }
      try {
        if (!user) return { grade: gradePracticeAnswer(lesson, checkId, answer).grade, passed: null, status: null };
        const outcome = await answerPractice(await appAdmin(), user.id, lesson, checkId, answer, new Date());
        return { grade: outcome.grade, passed: outcome.passed, status: outcome.status };
      } catch (error) {
        throw toActionError(error, 'checkPractice');
      }
    },
  }),
  /** Start a simulated call, or resume the open run of it (the call page's form); returns the run to open. */
  startCallRun: defineAction({
    accept: 'form',
    input: z.object({ call: callId }),
    handler: async ({ call }, context) => {
      const user = await signedIn(context);
      try {
        const run = await callsApp.start(user, call);
        return { runId: run.id, url: `/learn/calls/run/${run.id}` };
      } catch (error) {
        throw toActionError(error, 'startCallRun');
      }
    },
  }),
  /**
   * Submit the reply to turn `turnIndex` of a call run (choice key or typed text). Returns the next turn, or the
   * ended state; a turn already submitted is refused (CallTurnNotCurrent).
   */
  submitCallTurn: defineAction({
    input: z.object({ runId: recordId, turnIndex, reply: callReply }),
    handler: async (input, context) => {
      const user = await signedIn(context);
      try {
        return turnAnswer(await callsApp.submit(user, input));
      } catch (error) {
        throw toActionError(error, 'submitCallTurn');
      }
    },
  }),
  /** Submit a recorded reply (audio + the metrics the device measured) to a recorded turn of a call run. */
  submitCallRecording: defineAction({
    accept: 'form',
    input: z.object({ runId: recordId, turnIndex, metrics: z.string().max(200_000), audio: z.instanceof(File) }),
    handler: async (input, context) => {
      const user = await signedIn(context);
      try {
        return turnAnswer(await callsApp.submitRecording(user, input));
      } catch (error) {
        throw toActionError(error, 'submitCallRecording');
      }
    },
  }),
  /** Question bank: read an uploaded GIFT or Moodle XML file and show the preview (nothing is saved yet). */
  previewQuestionImport: defineAction({
    accept: 'form',
    input: z.object({ file: z.instanceof(File), module: moduleSlug.optional() }),
    handler: async ({ file, module }, context) => {
      const user = await signedIn(context);
      try {
        assertManager(user, 'preview an import');
        const { text, fileName } = await readUpload(file);
        return {
          report: previewImport(user, text, fileName, await courseOutline()),
          text,
          fileName,
          module: module ?? '',
        };
      } catch (error) {
        throw toActionError(error, 'previewQuestionImport');
      }
    },
  }),
  /** Question bank: turn the previewed file into drafts, with the lessons chosen per category and per item. */
  importQuestionDrafts: defineAction({
    accept: 'form',
    input: z.object({
      text: z.string().min(1).max(1_000_000),
      fileName: z.string().max(200),
      module: moduleSlug,
      categoryKeys: z.array(z.string().max(300)).max(500).default([]),
      categoryLessons: z.array(z.string().max(80)).max(500).default([]),
      itemLessons: z.array(z.string().max(80)).max(1000).default([]),
    }),
    handler: async (input, context) => {
      const user = await signedIn(context);
      try {
        const categories = Object.fromEntries(input.categoryKeys.map((k, i) => [k, input.categoryLessons[i] ?? '']));
        const items = Object.fromEntries(input.itemLessons.map((l, i) => [String(i), l]));
        const { drafts } = await importDrafts(
          await appBankDeps(),
          user,
          input.text,
          input.fileName,
          { module: input.module, categories, items },
          await courseOutline(),
        );
        return { drafts: drafts.length };
      } catch (error) {
        throw toActionError(error, 'importQuestionDrafts');
      }
    },
  }),
  /** Question bank: the item-writing warnings and the remaining problems of a draft, as the trainer types. */
  checkQuestionDraft: defineAction({
    input: z.object({ question: draftQuestion }),
    handler: async ({ question }, context) => {
      const user = await signedIn(context);
      try {
        assertManager(user, 'check a draft');
        const checked = validateDraft(question, 'zz-1000');
        return { warnings: itemWarnings(question), problems: checked.ok ? [] : checked.problems };
      } catch (error) {
        throw toActionError(error, 'checkQuestionDraft');
      }
    },
  }),
  /** Question bank: save a draft (compare-and-set on its version). */
  saveQuestionDraft: defineAction({
    input: z.object({ id: recordId, version: z.number().int().min(1), module: moduleSlug, question: draftQuestion }),
    handler: async (input, context) => {
      const user = await signedIn(context);
      try {
        const saved = await saveDraft(await appBankDeps(), user, input);
        return { version: saved.version };
      } catch (error) {
        throw toActionError(error, 'saveQuestionDraft');
      }
    },
  }),
  /** Question bank: publish a saved draft to its module's practice or exam pool as a new question id. */
  publishQuestionDraft: defineAction({
    input: z.object({ id: recordId, version: z.number().int().min(1), pool: z.enum(['practice', 'exam']) }),
    handler: async ({ id, version, pool }, context) => {
      const user = await signedIn(context);
      try {
        const published = await publishDraft(await appBankDeps(), user, id, version, pool);
        setFlash(context.cookies, 'questionPublished', context.url.protocol === 'https:');
        return { questionId: published.questionId };
      } catch (error) {
        throw toActionError(error, 'publishQuestionDraft');
      }
    },
  }),
  /** Question bank: discard a draft. */
  discardQuestionDraft: defineAction({
    accept: 'form',
    input: z.object({ id: recordId, version: z.coerce.number().int().min(1) }),
    handler: async ({ id, version }, context) => {
      const user = await signedIn(context);
      try {
        await discardDraft(await appBankDeps(), user, id, version);
        return { ok: true };
      } catch (error) {
        throw toActionError(error, 'discardQuestionDraft');
      }
    },
  }),
  /** Question bank: retire a published item (no longer drawn; attempts that drew it keep it). */
  retirePublishedQuestion: defineAction({
    accept: 'form',
    input: z.object({ questionId: z.string().regex(/^[a-z]{2}-\d{3,4}$/) }),
    handler: async ({ questionId }, context) => {
      const user = await signedIn(context);
      try {
        await retirePublished(await appBankDeps(), user, questionId);
        return { ok: true };
      } catch (error) {
        throw toActionError(error, 'retirePublishedQuestion');
      }
    },
  }),
  /** Question bank: start a new version of a published item (a draft that replaces it once published). */
  editPublishedQuestion: defineAction({
    accept: 'form',
    input: z.object({ questionId: z.string().regex(/^[a-z]{2}-\d{3,4}$/) }),
    handler: async ({ questionId }, context) => {
      const user = await signedIn(context);
      try {
        const draft = await editPublished(await appBankDeps(), user, questionId);
        return { draftId: draft.id };
      } catch (error) {
        throw toActionError(error, 'editPublishedQuestion');
      }
    },
  }),
  /** Mark one of the signed-in user's notifications read (form field `id`), or all of them without it. */
  markNotificationsRead: defineAction({
    accept: 'form',
    input: z.object({
      id: z
        .string()
        .regex(/^[a-z0-9]{15}$/)
        .optional(),
    }),
    handler: async ({ id }, context) => {
      const user = await signedIn(context);
      try {
        return { marked: await markNotificationsRead(await appAdmin(), user, id, new Date()) };
      } catch (error) {
        throw toActionError(error, 'markNotificationsRead');
      }
    },
  }),
  /** The signed-in user's e-mail choices: the rules checked stay on, every other one is turned off. */
  saveNotificationSettings: defineAction({
    accept: 'form',
    input: z.object({ rules: z.array(z.string().max(60)).max(20).default([]) }),
    handler: async ({ rules }, context) => {
      const user = await signedIn(context);
      try {
        await saveEmailSettings(await appAdmin(), user, rules);
        return { saved: true };
      } catch (error) {
        throw toActionError(error, 'saveNotificationSettings');
      }
    },
  }),
};
