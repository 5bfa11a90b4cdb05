import type { PlainQuestion, Question } from '../schemas/question.ts';
import type { QuestionResponse } from '../schemas/response.ts';

/**
 * The one gate every answer passes before it is saved or graded. A response is turned into its canonical form or
 * refused; nothing else reaches the store or the grader.
 *
 * Canonical form, per question type (keys are display positions "0", "1", … of that attempt's layout, written
 * exactly as the public view writes them — no "00", "+0", " 0", "0.0"):
 * - single, scenario: `{ choice }`, one exact option key;
 * - multiple: `{ choices }`, distinct exact option keys in ascending order (`[]` = unanswered);
 * - true-false: `{ value }`, a boolean;
 * - ordering: `{ order }`, every item key exactly once (the learner's order);
 * - matching: `{ matches }`, exact left keys → exact right keys, in ascending left order (`{}` = unanswered);
 * - fill-blank: `{ blanks }`, at most one string per blank, each at most {@link maxBlankLength} characters;
 * - listening: `{ sub }`, the canonical response to the sub-question;
 * - audio-timestamp: `{ clicks }`, at most {@link maxClicks} finite seconds within the clip, ascending.
 * No other property is allowed anywhere. `undefined` (no answer) stays `undefined`.
 *
 * Only counts of the question are needed (a layout is a permutation), so autosave needs no extra read.
 */
export type CanonicalResult = { ok: true; response: QuestionResponse | undefined } | { ok: false; reason: string };

export const maxBlankLength = 200;
export const maxClicks = 50;
/** Seconds a click may lie past the measured clip end (the player rounds to 0.1 s; decoders differ slightly). */
export const clickEndSlackSeconds = 0.5;

const refuse = (reason: string): CanonicalResult => ({ ok: false, reason });
const accept = (response: QuestionResponse): CanonicalResult => ({ ok: true, response });

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

/** The index of an exact display key among `count` positions: "0" … String(count − 1), nothing else. */
export function keyIndex(key: unknown, count: number): number | undefined {
  if (typeof key !== 'string' || !/^(0|[1-9]\d*)$/.test(key)) return undefined;
  const index = Number(key);
  return index < count ? index : undefined;
}

/** The only property of `r`, when `r` has exactly that one property. */
function only(r: Record<string, unknown>, name: string): { ok: true; value: unknown } | { ok: false } {
  const keys = Object.keys(r);
  return keys.length === 1 && keys[0] === name ? { ok: true, value: r[name] } : { ok: false };
}

const byIndex = (a: string, b: string) => Number(a) - Number(b);

function canonicalPlain(q: PlainQuestion, r: Record<string, unknown>): CanonicalResult {
  switch (q.type) {
    case 'single':
    case 'scenario': {
      const choice = only(r, 'choice');
      if (!choice.ok) return refuse(`${q.type} answers are { choice }`);
      if (keyIndex(choice.value, q.options.length) === undefined) return refuse(`choice ${JSON.stringify(choice.value)} is not an option key`);
      return accept({ choice: choice.value as string });
    }
    case 'multiple': {
      const choices = only(r, 'choices');
      if (!choices.ok || !Array.isArray(choices.value)) return refuse('multiple answers are { choices: [...] }');
      const list = choices.value as unknown[];
      if (list.some((k) => keyIndex(k, q.options.length) === undefined)) return refuse(`choices ${JSON.stringify(list)} name an unknown option key`);
      if (new Set(list).size !== list.length) return refuse(`choices ${JSON.stringify(list)} repeat an option`);
      return accept({ choices: [...(list as string[])].sort(byIndex) });
    }
    case 'true-false': {
      const value = only(r, 'value');
      if (!value.ok || typeof value.value !== 'boolean') return refuse('true/false answers are { value: boolean }');
      return accept({ value: value.value });
    }
    case 'ordering': {
      const order = only(r, 'order');
      if (!order.ok || !Array.isArray(order.value)) return refuse('ordering answers are { order: [...] }');
      const list = order.value as unknown[];
      if (list.length !== q.items.length) return refuse(`order has ${list.length} keys for ${q.items.length} items`);
      if (list.some((k) => keyIndex(k, q.items.length) === undefined)) return refuse(`order ${JSON.stringify(list)} names an unknown item key`);
      if (new Set(list).size !== list.length) return refuse(`order ${JSON.stringify(list)} repeats an item`);
      return accept({ order: [...(list as string[])] });
    }
    case 'matching': {
      const matches = only(r, 'matches');
      if (!matches.ok || !isPlainObject(matches.value)) return refuse('matching answers are { matches: { left: right } }');
      const rights = q.pairs.length + q.distractors.length;
      const entries = Object.entries(matches.value);
      for (const [left, right] of entries) {
        if (keyIndex(left, q.pairs.length) === undefined) return refuse(`matches name an unknown left key ${JSON.stringify(left)}`);
        if (keyIndex(right, rights) === undefined) return refuse(`matches name an unknown right key ${JSON.stringify(right)}`);
      }
      return accept({ matches: Object.fromEntries(entries.sort(([a], [b]) => byIndex(a, b))) as Record<string, string> });
    }
    case 'fill-blank': {
      const blanks = only(r, 'blanks');
      if (!blanks.ok || !Array.isArray(blanks.value)) return refuse('fill-blank answers are { blanks: [...] }');
      const list = blanks.value as unknown[];
      if (list.length > q.blanks.length) return refuse(`${list.length} blanks given for ${q.blanks.length}`);
      if (list.some((b) => typeof b !== 'string' || b.length > maxBlankLength)) return refuse(`blanks must be strings of at most ${maxBlankLength} characters`);
      return accept({ blanks: [...(list as string[])] });
    }
  }
}

/** The canonical form of one response to `question`, or why it is refused (English, for the log). */
export function canonicalResponse(question: Question, response: unknown): CanonicalResult {
  if (response === undefined) return { ok: true, response: undefined };
  if (!isPlainObject(response)) return refuse('an answer is an object');
  if (question.type === 'listening') {
    const sub = only(response, 'sub');
    if (!sub.ok || !isPlainObject(sub.value)) return refuse('listening answers are { sub: {...} }');
    const inner = canonicalPlain(question.question, sub.value);
    return inner.ok ? accept({ sub: inner.response as Exclude<QuestionResponse, { sub: unknown } | { clicks: unknown }> }) : inner;
  }
  if (question.type === 'audio-timestamp') {
    const clicks = only(response, 'clicks');
    if (!clicks.ok || !Array.isArray(clicks.value)) return refuse('timestamp answers are { clicks: [...] }');
    const list = clicks.value as unknown[];
    if (list.length > maxClicks) return refuse(`${list.length} clicks, at most ${maxClicks}`);
    const end = question.audio.duration + clickEndSlackSeconds;
    if (list.some((c) => typeof c !== 'number' || !Number.isFinite(c) || c < 0 || c > end)) return refuse(`clicks must be seconds within the clip (0–${question.audio.duration})`);
    return accept({ clicks: [...(list as number[])].sort((a, b) => a - b) });
  }
  return canonicalPlain(question, response);
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
    if (!canonical.ok) return { ok: false, refusal: { questionId: id, questionNo: entry.no, reason: canonical.reason } };
    if (canonical.response !== undefined) out[id] = canonical.response;
  }
  return { ok: true, responses: out };
}
