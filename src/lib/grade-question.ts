import type { AudioTimestampQuestion, PlainQuestion, Question } from '../schemas/question.ts';
import { normalizeAnswer } from './normalize-answer.ts';
import type { QuestionLayout } from './quiz-layout.ts';

export type GradeStatus = 'correct' | 'partial' | 'incorrect' | 'unanswered' | 'invalid';

/** The grade of one question: a score in [0, 1] and why. `invalid` means the response did not fit the question. */
export interface QuestionGrade {
  questionId: string;
  score: number;
  status: GradeStatus;
}

type Outcome = { score: number; status?: GradeStatus };
const invalid: Outcome = { score: 0, status: 'invalid' };
const unanswered: Outcome = { score: 0, status: 'unanswered' };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
const hasDuplicates = (list: readonly unknown[]) => new Set(list).size !== list.length;

/** Map a display key ("0", "1", …) to the id at that position; undefined when out of range or malformed. */
function fromKey(key: unknown, ids: readonly string[] | undefined): string | undefined {
  if (typeof key !== 'string' || !/^\d{1,3}$/.test(key) || !ids) return undefined;
  return ids[Number(key)];
}

function gradePlain(q: PlainQuestion, layout: QuestionLayout, r: Record<string, unknown>): Outcome {
  switch (q.type) {
    case 'single':
    case 'scenario': {
      if (!('choice' in r)) return invalid;
      const id = fromKey(r.choice, layout.options);
      if (!id) return invalid;
      if (q.type === 'single') return { score: id === q.answer ? 1 : 0 };
      return { score: q.options.find((o) => o.id === id)!.score };
    }
    case 'multiple': {
      if (!isStringArray(r.choices) || hasDuplicates(r.choices)) return invalid;
      const ids = r.choices.map((k) => fromKey(k, layout.options));
      if (ids.some((id) => !id)) return invalid;
      if (!ids.length) return unanswered;
      const right = ids.filter((id) => q.answer.includes(id!)).length;
      const wrong = ids.length - right;
      if (q.scoring === 'all-or-nothing') return { score: right === q.answer.length && wrong === 0 ? 1 : 0 };
      // Partial credit: each right pick earns 1/n, each wrong pick costs as much; never below zero.
      return { score: Math.max(0, (right - wrong) / q.answer.length) };
    }
    case 'true-false':
      if (typeof r.value !== 'boolean') return invalid;
      return { score: r.value === q.answer ? 1 : 0 };
    case 'ordering': {
      if (!isStringArray(r.order) || hasDuplicates(r.order)) return invalid;
      const ids = r.order.map((k) => fromKey(k, layout.items));
      if (ids.some((id) => !id) || ids.length !== q.items.length) return invalid;
      // Partial credit by absolute position.
      const placed = ids.filter((id, i) => id === q.items[i]!.id).length;
      return { score: placed / q.items.length };
    }
    case 'matching': {
      if (!isObject(r.matches)) return invalid;
      const entries = Object.entries(r.matches);
      if (!entries.length) return unanswered;
      let right = 0;
      const seenLefts = new Set<string>();
      for (const [leftKey, rightKey] of entries) {
        const left = fromKey(leftKey, layout.lefts);
        const chosen = fromKey(rightKey, layout.rights);
        if (!left || !chosen || seenLefts.has(left)) return invalid;
        seenLefts.add(left);
        if (left === chosen) right++;
      }
      return { score: right / q.pairs.length };
    }
    case 'fill-blank': {
      const blanks = r.blanks;
      if (!isStringArray(blanks) || blanks.length > q.blanks.length) return invalid;
      if (blanks.every((b) => !b.trim())) return unanswered;
      const right = q.blanks.filter((blank, i) => {
        const given = normalizeAnswer(blanks[i] ?? '');
        return given !== '' && blank.accepted.some((a) => normalizeAnswer(a) === given);
      }).length;
      return { score: right / q.blanks.length };
    }
  }
}

/**
 * Audio-timestamp: each target counts once when some click falls within it (± tolerance); every click that
 * hits no target costs `extraClickPenalty`. Score = hits / targets − penalties, never below zero.
 */
export function gradeTimestamps(q: AudioTimestampQuestion, clicks: readonly number[]): Outcome {
  if (!clicks.length) return unanswered;
  const hit = new Set<number>();
  let extra = 0;
  for (const t of [...clicks].sort((a, b) => a - b)) {
    const target = q.targets.findIndex((g, i) => !hit.has(i) && t >= g.start - q.tolerance && t <= g.end + q.tolerance);
    if (target >= 0) hit.add(target);
    else if (!q.targets.some((g) => t >= g.start - q.tolerance && t <= g.end + q.tolerance)) extra++;
    // A second click inside an already-found target is neither credited nor penalised.
  }
  return { score: Math.max(0, hit.size / q.targets.length - extra * q.extraClickPenalty) };
}

function statusOf(score: number): GradeStatus {
  return score >= 1 ? 'correct' : score > 0 ? 'partial' : 'incorrect';
}

/** Grade one question from the learner's response (unknown: anything the browser could send). */
export function gradeQuestion(question: Question, layout: QuestionLayout, response: unknown): QuestionGrade {
  const done = (o: Outcome): QuestionGrade => {
    const score = Math.round(Math.min(1, Math.max(0, o.score)) * 10000) / 10000;
    return { questionId: question.id, score, status: o.status ?? statusOf(score) };
  };
  if (response === undefined || response === null) return done(unanswered);
  if (!isObject(response)) return done(invalid);
  if (question.type === 'listening') {
    if (!isObject(response.sub)) return done(invalid);
    return done(gradePlain(question.question, layout.sub ?? {}, response.sub));
  }
  if (question.type === 'audio-timestamp') {
    const clicks = response.clicks;
    if (!Array.isArray(clicks) || !clicks.every((c) => typeof c === 'number' && Number.isFinite(c) && c >= 0)) return done(invalid);
    return done(gradeTimestamps(question, clicks));
  }
  return done(gradePlain(question, layout, response));
}
