import type { Question } from '../schemas/question.ts';
import { blankMarker } from '../schemas/question.ts';
import type { QuestionLayout } from './quiz-layout.ts';

/** A choice as the browser sees it: a display key and text, nothing else. */
export interface PublicChoice {
  key: string;
  text: string;
}

/** What the browser receives for a question before grading: no answers, explanations, scores or feedback. */
export type PublicQuestion =
  | { id: string; type: 'single' | 'scenario'; prompt: string; options: PublicChoice[] }
  | { id: string; type: 'multiple'; prompt: string; options: PublicChoice[] }
  | { id: string; type: 'true-false'; prompt: string }
  | { id: string; type: 'ordering'; prompt: string; items: PublicChoice[] }
  | { id: string; type: 'matching'; prompt: string; lefts: PublicChoice[]; rights: PublicChoice[] }
  | { id: string; type: 'fill-blank'; prompt: string; parts: string[] }
  | { id: string; type: 'listening'; prompt: string; audio: PublicAudio; question: PublicQuestion }
  | { id: string; type: 'audio-timestamp'; prompt: string; audio: PublicAudio };

export interface PublicAudio {
  src: string;
  transcript: string;
  duration: number;
}

const keyed = (ids: readonly string[] | undefined, text: (id: string) => string): PublicChoice[] =>
  (ids ?? []).map((id, i) => ({ key: String(i), text: text(id) }));

/** The public view of a drawn question. */
export function publicQuestion(q: Question, layout: QuestionLayout): PublicQuestion {
  const byId = <T extends { id: string }>(list: readonly T[]) => (id: string) => list.find((x) => x.id === id)!;
  switch (q.type) {
    case 'single':
    case 'scenario':
    case 'multiple':
      return { id: q.id, type: q.type, prompt: q.prompt, options: keyed(layout.options, (id) => byId(q.options)(id).text) } as PublicQuestion;
    case 'true-false':
      return { id: q.id, type: q.type, prompt: q.prompt };
    case 'ordering':
      return { id: q.id, type: q.type, prompt: q.prompt, items: keyed(layout.items, (id) => byId(q.items)(id).text) };
    case 'matching': {
      const right = (id: string) => (/^d\d+$/.test(id) ? q.distractors[Number(id.slice(1))]! : byId(q.pairs)(id).right);
      return { id: q.id, type: q.type, prompt: q.prompt, lefts: keyed(layout.lefts, (id) => byId(q.pairs)(id).left), rights: keyed(layout.rights, right) };
    }
    case 'fill-blank':
      return { id: q.id, type: q.type, prompt: q.prompt, parts: q.prompt.split(blankMarker) };
    case 'listening':
      return { id: q.id, type: q.type, prompt: q.prompt, audio: q.audio, question: publicQuestion({ ...q.question, id: q.id } as Question, layout.sub ?? {}) };
    case 'audio-timestamp':
      return { id: q.id, type: q.type, prompt: q.prompt, audio: q.audio };
  }
}
