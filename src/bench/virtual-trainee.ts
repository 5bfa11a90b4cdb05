// A trainee sitting an exam as their browser would: start (the confirmation form's POST, answered with the exam),
// autosave the answers given so far, answer the rest and submit. Answers are valid in shape; a trainee given an
// answer sheet (src/bench/answer-sheet.ts) answers every question right and passes, the others mostly fail.
import { setTimeout as sleep } from 'node:timers/promises';
import type { PublicQuestion } from '../domain/assessment/public-view.ts';
import type { QuestionResponse, Responses } from '../domain/assessment/response-schema.ts';
import type { ExamStep } from './open-model.ts';
import { decodeRunnerPayload } from '../components/quiz/runner-payload.ts';
import { browserRequest } from './browser-request.ts';

/** Decode the props Astro serializes into an island's `props` attribute ([type, value] pairs). */
export function decodeIslandProps(encoded: Record<string, unknown>): Record<string, unknown> {
  const decode = (v: unknown): unknown => {
    if (!Array.isArray(v)) return v;
    const [type, value] = v as [number, unknown];
    if (type === 1) return (value as unknown[]).map(decode);
    if (type === 0 && value !== null && typeof value === 'object')
      return decodeIslandProps(value as Record<string, unknown>);
    return value;
  };
  return Object.fromEntries(Object.entries(encoded).map(([k, v]) => [k, decode(v)]));
}

const unescapeAttribute = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The quiz runner's props on a quiz/exam page with an open attempt, or null when the page shows none. */
export function quizRunnerProps(html: string): { attemptId: string; questions: PublicQuestion[] } | null {
  for (const match of html.matchAll(/<astro-island\b[^>]*\bprops="([^"]*)"/g)) {
    const props = decodeIslandProps(JSON.parse(unescapeAttribute(match[1]!)) as Record<string, unknown>);
    if (typeof props.attemptId === 'string' && typeof props.payload === 'string')
      return { attemptId: props.attemptId, questions: decodeRunnerPayload(props.payload).questions };
  }
  return null;
}

/** A well-formed answer to a question as the quiz runner would send it. */
export function sampleResponse(q: PublicQuestion): QuestionResponse {
  switch (q.type) {
    case 'single':
    case 'scenario':
      return { choice: q.options[0]!.key };
    case 'multiple':
      return { choices: q.options.slice(0, 2).map((o) => o.key) };
    case 'true-false':
      return { value: true };
    case 'ordering':
      return { order: q.items.map((i) => i.key) };
    case 'matching':
      return { matches: Object.fromEntries(q.lefts.map((l, i) => [l.key, q.rights[i % q.rights.length]!.key])) };
    case 'fill-blank':
      return { blanks: q.parts.slice(1).map(() => '客户') };
    case 'listening':
      return {
        sub: sampleResponse(q.question) as Exclude<
          QuestionResponse,
          { sub: unknown } | { clicks: unknown } | { text: unknown }
        >,
      };
    case 'audio-timestamp':
      return { clicks: [Math.min(5, q.audio.duration)] };
    case 'typed-reply':
      return { text: '您好，非常抱歉给您带来不便，我马上为您核实。' };
  }
}

export interface TraineeClientOptions {
  appUrl: string;
  cookie: string;
  /** The exam page, e.g. /learn/exam/hotline-agent. */
  examPath: string;
  /** How long one step may take in all, retries included. */
  timeoutMs: number;
  /** Called each time the server says it is busy (503) and the step is retried after its Retry-After. */
  onBusy?: (step: ExamStep) => void;
  /** The full-marks answers to an attempt: given, the trainee answers with them (and passes). */
  answers?: (attemptId: string) => Responses;
}

export function traineeClient({ appUrl, cookie, examPath, timeoutMs, onBusy, answers }: TraineeClientOptions) {
  const headers = { cookie, origin: appUrl };
  /** Send until the server is not busy (as the browser's quiz runner and a trainee clicking again do). */
  const send = async (
    step: ExamStep,
    url: string,
    init: { method: 'POST'; headers: Record<string, string>; body: string },
    stop: AbortSignal,
    expected = 200,
  ): Promise<string> => {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const res = await browserRequest(url, {
        ...init,
        signal: AbortSignal.any([stop, AbortSignal.timeout(Math.max(1, Math.ceil(deadline - performance.now())))]),
      });
      if (res.status === expected) return res.text;
      const wait = Number(res.header('retry-after')) * 1000;
      if (res.status !== 503 || !wait || performance.now() + wait > deadline)
        throw new Error(`${step} ${url.replace(appUrl, '')}: HTTP ${res.status} ${res.text.slice(0, 200)}`);
      onBusy?.(step);
      await sleep(wait * (1 + Math.random()), undefined, { signal: stop });
    }
  };
  const action = (step: ExamStep, name: string, body: unknown, stop: AbortSignal) =>
    send(
      step,
      `${appUrl}/_actions/${name}`,
      { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) },
      stop,
    );
  let attempt: { attemptId: string; questions: PublicQuestion[] } | null = null;
  let sheet: Responses | null = null;
  const responses: Responses = {};
  const open = () => {
    if (!attempt) throw new Error('no exam started');
    return attempt;
  };
  const answer = (q: PublicQuestion) => (responses[q.id] = sheet?.[q.id] ?? sampleResponse(q));
  return {
    async start(stop: AbortSignal): Promise<void> {
      // The confirmation form of the exam page: the startQuiz action with confirmed=yes (the clock starts here).
      const body = new URLSearchParams({ quiz: `exam-${examPath.split('/').at(-1)}`, confirmed: 'yes' });
      const form = { ...headers, 'content-type': 'application/x-www-form-urlencoded' };
      const html = await send(
        'start',
        `${appUrl}${examPath}?_action=startQuiz`,
        { method: 'POST', headers: form, body: body.toString() },
        stop,
      );
      attempt = quizRunnerProps(html);
      if (!attempt) throw new Error('exam page: no open attempt on the page');
      sheet = answers ? answers(attempt.attemptId) : null;
    },
    /** Answer the next unanswered question and autosave everything answered so far. */
    async autosave(stop: AbortSignal): Promise<void> {
      const { attemptId, questions } = open();
      const next = questions.find((q) => !(q.id in responses));
      if (next) answer(next);
      await action('autosave', 'saveAnswers', { attemptId, responses }, stop);
    },
    /** Answer every question not answered yet, and submit. */
    async submit(stop: AbortSignal): Promise<void> {
      const { attemptId, questions } = open();
      for (const q of questions) if (!(q.id in responses)) answer(q);
      await action('submit', 'submitAttempt', { attemptId, responses }, stop);
    },
  };
}
