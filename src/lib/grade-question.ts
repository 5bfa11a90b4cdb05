import type { AudioTimestampQuestion, PlainQuestion, Question } from '../schemas/question.ts';
import type { QuestionResponse } from '../schemas/response.ts';
import { canonicalResponse } from './canonical-response.ts';
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

/** The bank id at a canonical display key's position (the key was checked by canonicalResponse). */
const at = (ids: readonly string[] | undefined, key: string): string => ids![Number(key)]!;

type PlainResponse = Exclude<QuestionResponse, { sub: unknown } | { clicks: unknown }>;

/** Grade a canonical response (see canonical-response.ts) to a plain question. */
function gradePlain(q: PlainQuestion, layout: QuestionLayout, r: PlainResponse): Outcome {
  switch (q.type) {
    case 'single':
    case 'scenario': {
      if (!('choice' in r)) return invalid;
      const id = at(layout.options, r.choice);
      if (q.type === 'single') return { score: id === q.answer ? 1 : 0 };
      return { score: q.options.find((o) => o.id === id)!.score };
    }
    case 'multiple': {
      if (!('choices' in r)) return invalid;
      if (!r.choices.length) return unanswered;
      const ids = r.choices.map((k) => at(layout.options, k));
      const right = ids.filter((id) => q.answer.includes(id)).length;
      const wrong = ids.length - right;
      if (q.scoring === 'all-or-nothing') return { score: right === q.answer.length && wrong === 0 ? 1 : 0 };
      // Partial credit: each right pick earns 1/n, each wrong pick costs as much; never below zero.
      return { score: Math.max(0, (right - wrong) / q.answer.length) };
    }
    case 'true-false':
      if (!('value' in r)) return invalid;
      return { score: r.value === q.answer ? 1 : 0 };
    case 'ordering': {
      if (!('order' in r)) return invalid;
      // Partial credit by absolute position.
      const placed = r.order.filter((k, i) => at(layout.items, k) === q.items[i]!.id).length;
      return { score: placed / q.items.length };
    }
    case 'matching': {
      if (!('matches' in r)) return invalid;
      const entries = Object.entries(r.matches);
      if (!entries.length) return unanswered;
      const right = entries.filter(([left, chosen]) => at(layout.lefts, left) === at(layout.rights, chosen)).length;
      return { score: right / q.pairs.length };
    }
    case 'fill-blank': {
      if (!('blanks' in r)) return invalid;
      const blanks = r.blanks;
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

/**
 * Grade one question from the learner's response (unknown: anything the browser could send). The grader trusts
 * only canonical input: the response is put through canonicalResponse first, and anything it refuses grades as
 * `invalid` with score 0 (saves and submissions refuse such responses before they get here; this covers answers
 * stored before the rule existed).
 */
export function gradeQuestion(question: Question, layout: QuestionLayout, response: unknown): QuestionGrade {
  const done = (o: Outcome): QuestionGrade => {
    const score = Math.round(Math.min(1, Math.max(0, o.score)) * 10000) / 10000;
    return { questionId: question.id, score, status: o.status ?? statusOf(score) };
  };
  if (response === null) return done(unanswered);
  const canonical = canonicalResponse(question, response);
  if (!canonical.ok) return done(invalid);
  const r = canonical.response;
  if (r === undefined) return done(unanswered);
  if (question.type === 'listening') return done('sub' in r ? gradePlain(question.question, layout.sub ?? {}, r.sub) : invalid);
  if (question.type === 'audio-timestamp') return done('clicks' in r ? gradeTimestamps(question, r.clicks) : invalid);
  return done(gradePlain(question, layout, r as PlainResponse));
}
