import type { PlainQuestion, Question } from '../schemas/question.ts';
import type { GradeStatus, QuestionGrade } from './grade-question.ts';
import { keyIndex } from './canonical-response.ts';
import type { QuestionLayout } from './quiz-layout.ts';

/** One question after grading, as shown on the result page when the review policy reveals answers. */
export interface QuestionReview {
  id: string;
  module: string;
  prompt: string;
  status: GradeStatus;
  score: number;
  yourAnswer: string[];
  correctAnswer: string[];
  explanation: string;
  /** Feedback attached to the chosen option (scenario questions). */
  feedback?: string;
  /** Listening questions: the clip, and for timestamp questions the moments that mattered, to replay. */
  audio?: { src: string; transcript: string; duration: number };
  moments?: { start: number; end: number; label: string }[];
}

const seconds = (t: number) => `${t.toFixed(1)} 秒`;
/** The bank id at an exact display key (the same rule as canonical-response.ts; aliases name nothing). */
const pick = (ids: readonly string[] | undefined, key: unknown) => {
  const index = ids ? keyIndex(key, ids.length) : undefined;
  return index === undefined ? undefined : ids![index];
};
const asRecord = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {});

function describePlain(q: PlainQuestion, layout: QuestionLayout, response: unknown): { yours: string[]; correct: string[]; feedback?: string } {
  const r = asRecord(response);
  switch (q.type) {
    case 'single':
    case 'scenario':
    case 'multiple': {
      const text = (id?: string) => q.options.find((o) => o.id === id)?.text;
      const chosen = q.type === 'multiple' ? (Array.isArray(r.choices) ? r.choices : []).map((k) => pick(layout.options, k)) : [pick(layout.options, r.choice)];
      const correct = q.type === 'single' ? [q.answer] : q.type === 'multiple' ? q.answer : q.options.filter((o) => o.score === 1).map((o) => o.id);
      const feedback = q.type === 'scenario' ? q.options.find((o) => o.id === chosen[0])?.feedback : undefined;
      return { yours: chosen.map(text).filter((t): t is string => !!t), correct: correct.map((id) => text(id)!), ...(feedback ? { feedback } : {}) };
    }
    case 'true-false':
      return { yours: typeof r.value === 'boolean' ? [r.value ? '正确' : '错误'] : [], correct: [q.answer ? '正确' : '错误'] };
    case 'ordering': {
      const text = (id?: string) => q.items.find((i) => i.id === id)?.text;
      const order = Array.isArray(r.order) ? r.order.map((k) => text(pick(layout.items, k))) : [];
      return { yours: order.filter((t): t is string => !!t), correct: q.items.map((i) => i.text) };
    }
    case 'matching': {
      const rightText = (id?: string) => (id && /^d\d+$/.test(id) ? q.distractors[Number(id.slice(1))] : q.pairs.find((p) => p.id === id)?.right);
      const yours = Object.entries(asRecord(r.matches)).map(([l, rk]) => {
        const left = q.pairs.find((p) => p.id === pick(layout.lefts, l))?.left;
        return left ? `${left} → ${rightText(pick(layout.rights, rk)) ?? '（未选择）'}` : '';
      });
      return { yours: yours.filter(Boolean), correct: q.pairs.map((p) => `${p.left} → ${p.right}`) };
    }
    case 'fill-blank':
      return {
        yours: Array.isArray(r.blanks) ? r.blanks.map((b) => String(b)) : [],
        correct: q.blanks.map((b) => b.accepted.join(' / ')),
      };
  }
}

/** Your answer, the right answer, the explanation and feedback for one graded question. */
export function reviewQuestion(q: Question, module: string, layout: QuestionLayout, response: unknown, grade: QuestionGrade): QuestionReview {
  let described: { yours: string[]; correct: string[]; feedback?: string };
  if (q.type === 'listening') described = describePlain(q.question, layout.sub ?? {}, asRecord(response).sub);
  else if (q.type === 'audio-timestamp') {
    const clicks = asRecord(response).clicks;
    described = {
      yours: Array.isArray(clicks) ? clicks.filter((c): c is number => typeof c === 'number').map(seconds) : [],
      correct: q.targets.map((t) => `${seconds(t.start)}–${seconds(t.end)}：${t.label}`),
    };
  } else described = describePlain(q, layout, response);
  return {
    id: q.id,
    module,
    prompt: q.prompt,
    status: grade.status,
    score: grade.score,
    yourAnswer: described.yours,
    correctAnswer: described.correct,
    explanation: q.explanation,
    ...(described.feedback ? { feedback: described.feedback } : {}),
    ...(q.type === 'listening' || q.type === 'audio-timestamp' ? { audio: q.audio } : {}),
    ...(q.type === 'audio-timestamp' ? { moments: q.targets } : {}),
  };
}
