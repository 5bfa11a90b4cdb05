import type { Question } from '../schemas/question.ts';
import { seededShuffle } from './seeded-random.ts';

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

/** A shuffle that is never the identity (so an ordering question never starts solved). */
function shuffleAway(ids: string[], seed: string): string[] {
  const out = seededShuffle(ids, seed);
  return ids.length > 1 && out.every((id, i) => id === ids[i]) ? [...out.slice(1), out[0]!] : out;
}

/** The layout of `question` for the attempt seeded with `seed`; reproducible. */
export function layoutFor(question: Question, seed: string): QuestionLayout {
  const s = `${seed}:${question.id}`;
  switch (question.type) {
    case 'single':
    case 'multiple':
    case 'scenario':
      return { options: seededShuffle(question.options.map((o) => o.id), s) };
    case 'ordering':
      return { items: shuffleAway(question.items.map((i) => i.id), s) };
    case 'matching':
      return {
        lefts: seededShuffle(question.pairs.map((p) => p.id), `${s}:l`),
        rights: seededShuffle([...question.pairs.map((p) => p.id), ...question.distractors.map((_, i) => `d${i}`)], `${s}:r`),
      };
    case 'listening':
      return { sub: layoutFor({ ...question.question, id: question.id } as Question, `${seed}:sub`) };
    case 'true-false':
    case 'fill-blank':
    case 'audio-timestamp':
      return {};
  }
}
