// Shared pieces of the question types: common schema fields, the module contract, and small helpers for keys,
// layouts and canonical responses. Type-specific behaviour lives in one file per type (./<type>.ts).
import { z } from 'zod';
import { seededShuffle } from '../../../platform/util/seeded-random.ts';

export const optionId = z.string().regex(/^[a-z0-9-]+$/, 'option ids are lowercase letters, digits or dashes');
export const option = z.strictObject({ id: optionId, text: z.string().min(1) });

/** Fields every bank question has, whatever its type. */
export const baseFields = {
  /** Stable id, never reused: <module prefix>-<number>, e.g. sm-001; items published in the app use 1001 and up. */
  id: z.string().regex(/^[a-z]{2}-\d{3,4}$/, 'question ids look like sm-001 (4 digits: items published in the app)'),
  /** The question as the learner reads it. */
  prompt: z.string().min(4),
  /** Why the answer is right, in Chinese; shown after grading when the review policy allows. */
  explanation: z.string().min(8),
  /** Lesson it tests: "<module>/<lesson file name without .mdx>". */
  lesson: z.string().regex(/^[a-z-]+\/[a-z0-9-]+$/, 'lesson looks like service-mindset/why-service-matters'),
  tags: z.array(z.string().min(1)).default([]),
  difficulty: z.enum(['easy', 'medium', 'hard']),
  /**
   * Which pool the item belongs to. `practice` items are drawn by module quizzes and listening practice, whose
   * reviews show answers; `exam` items are drawn only by certification exams and their answer, explanation and
   * feedback are shown only under that exam's review policy. Never move an item from practice to exam: once
   * practice reviews have shown its key, it is no secret. Default `practice`.
   */
  pool: z.enum(['practice', 'exam']).default('practice'),
};

/** Blank markers accepted in fill-blank prompts. */
export const blankMarker = /＿{2,}|_{3,}/g;

/**
 * How one drawn question is shown in one attempt: bank ids in display order. The browser sees only positions
 * ("0", "1", …) into these lists; the server maps them back. Stored server-side with the attempt's seed.
 */
export interface QuestionLayout {
  /** single, multiple, scenario: option ids. */
  options?: string[];
  /** ordering: item ids as first shown. */
  items?: string[];
  /** matching: pair ids for the left column, and right-hand choices (pair ids or d0, d1… for distractors). */
  lefts?: string[];
  rights?: string[];
  /** listening: the layout of the sub-question. */
  sub?: QuestionLayout;
}

/** A choice as the browser sees it: a display key and text, nothing else. */
export interface PublicChoice {
  key: string;
  text: string;
}

export interface PublicAudio {
  src: string;
  transcript: string;
  duration: number;
}

export type GradeStatus = 'correct' | 'partial' | 'incorrect' | 'unanswered' | 'invalid';
/** A type's grade of a canonical response: a score (clamped to [0, 1] by the caller) and, if not by score, a status. */
export type Outcome = { score: number; status?: GradeStatus };
export const invalid: Outcome = { score: 0, status: 'invalid' };
export const unanswered: Outcome = { score: 0, status: 'unanswered' };

export type CanonicalResult<R> = { ok: true; response: R } | { ok: false; reason: string };
export const refuse = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });
export const accept = <R>(response: R): { ok: true; response: R } => ({ ok: true, response });

/** What a type says about a graded question on the result page. */
export interface Described {
  yours: string[];
  /** Whether each entry of `yours` is right (matching: each pair), where a type can say so item by item. */
  yoursRight?: boolean[];
  correct: string[];
  /** Timestamp questions: each click and whether it fell on a target (± tolerance), for the timeline. */
  clicks?: { at: number; hit: boolean }[];
  /** Feedback on this response (scenario: the chosen option's; typed-reply: what was found). */
  feedback?: string;
  /** Listening questions: the clip, and for timestamp questions the moments that mattered, to replay. */
  audio?: PublicAudio;
  moments?: { start: number; end: number; label: string }[];
}

/**
 * What the surface-cue measures (src/domain/assessment/item-cues.ts) need to know about an item: its options and keyed option
 * when it is a one-key choice item, its key when true/false, how many options are keyed when multiple-response, and
 * the texts written for it (explanation, feedback) that must not point at options by letter.
 */
export interface ItemCueFacts {
  choice?: { options: readonly { id: string; text: string }[]; key: string };
  trueFalseKey?: boolean;
  multipleKeys?: number;
  texts: string[];
}

/**
 * Everything one question type does, in one place. `Q` is the parsed bank question, `R` its canonical response,
 * `P` what the browser sees. The registry (./index.ts) checks that every type has every piece.
 */
export interface QuestionTypeModule<Q extends { id: string; type: string }, R, P extends { id: string; type: string }> {
  /** zod schema of the bank item as authors write it. */
  schema: z.ZodType<Q, unknown>;
  /** The display order of this question in the attempt seeded with `seed` (reproducible). */
  layout(q: Q, seed: string): QuestionLayout;
  /** What the browser receives before grading: no answers, explanations, scores or feedback. */
  publicView(q: Q, layout: QuestionLayout): P;
  /** The canonical form of a response object (already known to be a plain object), or why it is refused. */
  canonical(q: Q, response: Record<string, unknown>): CanonicalResult<R>;
  /** Grade a canonical response; `unanswered` for an empty one. */
  grade(q: Q, layout: QuestionLayout, response: R): Outcome;
  /** Your answer, the right answer and feedback, from whatever response was stored (tolerant of bad shapes). */
  review(q: Q, layout: QuestionLayout, response: unknown): Described;
  /** Content-check problems the schema cannot express (English, without the file/id prefix). */
  checks(q: Q): string[];
  /** The GIFT text of the question (without metadata), or why it has none. */
  gift(q: Q): string | { reason: string };
  /** Facts for the surface-cue figures of the content check. */
  cues(q: Q): ItemCueFacts;
  /** The full-marks response (tests, benchmarks and authors' checks: it reads the key). */
  correctResponse(q: Q, layout: QuestionLayout): R;
}

/** The index of an exact display key among `count` positions: "0" … String(count − 1), nothing else. */
export function keyIndex(key: unknown, count: number): number | undefined {
  if (typeof key !== 'string' || !/^(0|[1-9]\d*)$/.test(key)) return undefined;
  const index = Number(key);
  return index < count ? index : undefined;
}

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

/** The only property of `r`, when `r` has exactly that one property. */
export function only(r: Record<string, unknown>, name: string): { ok: true; value: unknown } | { ok: false } {
  const keys = Object.keys(r);
  return keys.length === 1 && keys[0] === name ? { ok: true, value: r[name] } : { ok: false };
}

export const byIndex = (a: string, b: string) => Number(a) - Number(b);

/** The bank id at a canonical display key's position (the key was checked by the type's canonical()). */
export const at = (ids: readonly string[] | undefined, key: string): string => ids![Number(key)]!;

/** The bank id at an exact display key (the same rule as canonical(); aliases name nothing). */
export const pick = (ids: readonly string[] | undefined, key: unknown) => {
  const index = ids ? keyIndex(key, ids.length) : undefined;
  return index === undefined ? undefined : ids![index];
};

export const asRecord = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};

/** Display key of a bank id in a layout list. */
export const keyOf = (list: readonly string[] | undefined, id: string) => String(list!.indexOf(id));

export const keyed = (ids: readonly string[] | undefined, text: (id: string) => string): PublicChoice[] =>
  (ids ?? []).map((id, i) => ({ key: String(i), text: text(id) }));

export const byId =
  <T extends { id: string }>(list: readonly T[]) =>
  (id: string) =>
    list.find((x) => x.id === id)!;

export const duplicated = (ids: readonly string[]) => ids.filter((id, i) => ids.indexOf(id) !== i);

/** The per-question seed of an attempt seed (the layout of every type derives from it). */
export const questionSeed = (seed: string, id: string) => `${seed}:${id}`;

export { seededShuffle };

/** A shuffle that is never the identity (so an ordering question never starts solved). */
export function shuffleAway(ids: string[], seed: string): string[] {
  const out = seededShuffle(ids, seed);
  return ids.length > 1 && out.every((id, i) => id === ids[i]) ? [...out.slice(1), out[0]!] : out;
}

// GIFT text helpers (the mapping rules are at the top of src/domain/assessment/gift.ts).
export const giftEscape = (s: string) => s.replace(/[\\~=#{}:]/g, '\\$&').replace(/\r?\n/g, '\\n');
export const giftNumber = (n: number) => String(Number(n.toFixed(5)));
export const giftBlock = (q: { explanation: string }, lines: string[]) =>
  `{\n${lines.join('\n')}\n####${giftEscape(q.explanation)}\n}`;
