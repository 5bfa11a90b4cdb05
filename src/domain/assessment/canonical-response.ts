import { questionModule } from './question-types/index.ts';
import { isPlainObject, refuse } from './question-types/base.ts';
import type { Question } from './question-schema.ts';
import type { QuestionResponse } from './response-schema.ts';

/**
 * The one gate every answer passes before it is saved or graded. A response is turned into its canonical form or
 * refused; nothing else reaches the store or the grader.
 *
 * Canonical form, per question type (keys are display positions "0", "1", … of that attempt's layout, written
 * exactly as the public view writes them — no "00", "+0", " 0", "0.0"); each type's `canonical` in
 * src/domain/assessment/question-types/<type>.ts defines its own:
 * - single, scenario: `{ choice }`, one exact option key;
 * - multiple: `{ choices }`, distinct exact option keys in ascending order (`[]` = unanswered);
 * - true-false: `{ value }`, a boolean;
 * - ordering: `{ order }`, every item key exactly once (the learner's order);
 * - matching: `{ matches }`, exact left keys → exact right keys, in ascending left order (`{}` = unanswered);
 * - fill-blank: `{ blanks }`, at most one string per blank, each at most {@link maxBlankLength} characters;
 * - listening: `{ sub }`, the canonical response to the sub-question;
 * - audio-timestamp: `{ clicks }`, at most {@link maxClicks} finite seconds within the clip, ascending;
 * - typed-reply: `{ text }`, at most {@link maxReplyLength} characters.
 * No other property is allowed anywhere. `undefined` (no answer) stays `undefined`.
 *
 * Only counts of the question are needed (a layout is a permutation), so autosave needs no extra read.
 */
export type CanonicalResult = { ok: true; response: QuestionResponse | undefined } | { ok: false; reason: string };

export { keyIndex } from './question-types/base.ts';
export { maxBlankLength } from './question-types/fill-blank.ts';
export { maxClicks, clickEndSlackSeconds } from './question-types/audio-timestamp.ts';
export { maxReplyLength } from './question-types/typed-reply.ts';

/** The canonical form of one response to `question`, or why it is refused (English, for the log). */
export function canonicalResponse(question: Question, response: unknown): CanonicalResult {
  if (response === undefined) return { ok: true, response: undefined };
  if (!isPlainObject(response)) return refuse('an answer is an object');
  return questionModule(question).canonical(question, response);
}

/** Why a set of responses was refused: the question (id and 1-based number in the attempt) and the reason. */
export interface ResponsesRefusal {
  questionId: string;
  /** Position of the question in the attempt, from 1; absent when the id is not in the attempt. */
  questionNo?: number;
  reason: string;
}

/**
 * Canonicalise all responses of an attempt. `questions` are the attempt's questions in display order (undefined
 * for one no longer in the bank: answers to it are refused). Refuses
 * responses to questions outside the attempt and the first response that is not canonicalisable.
 */
export function canonicalResponses(
  questions: readonly (Question | undefined)[],
  responses: Record<string, unknown>,
): { ok: true; responses: Record<string, QuestionResponse> } | { ok: false; refusal: ResponsesRefusal } {
  const byId = new Map(questions.flatMap((q, i) => (q ? [[q.id, { q, no: i + 1 }] as const] : [])));
  const out: Record<string, QuestionResponse> = {};
  for (const [id, response] of Object.entries(responses)) {
    const entry = byId.get(id);
    if (!entry) return { ok: false, refusal: { questionId: id, reason: 'question not in this attempt' } };
    const canonical = canonicalResponse(entry.q, response);
    if (!canonical.ok)
      return { ok: false, refusal: { questionId: id, questionNo: entry.no, reason: canonical.reason } };
    if (canonical.response !== undefined) out[id] = canonical.response;
  }
  return { ok: true, responses: out };
}
