import { z } from 'zod';
import {
  accept,
  asRecord,
  baseFields,
  invalid,
  isPlainObject,
  only,
  refuse,
  type PublicAudio,
  type QuestionTypeModule,
} from './base.ts';
import { plainModule, plainQuestionSchema, type PlainResponse, type PublicPlainQuestion } from './plain.ts';

/** An audio clip every listening question plays; the transcript is always available to the learner. */
export const audioClipSchema = z.strictObject({
  /** Path under public/ (e.g. /audio/listening/angry-customer.ogg) or a protected recording id. */
  src: z.string().min(1),
  /** Full transcript, shown on request for accessibility. */
  transcript: z.string().min(1),
  /** Clip length in seconds, as measured when the audio was rendered. */
  duration: z.number().positive(),
});

/** A clip plus a sub-question of any plain type about it (the sub-question has the same id scheme). */
export const listeningSchema = z.strictObject({
  ...baseFields,
  type: z.literal('listening'),
  audio: audioClipSchema,
  question: plainQuestionSchema,
});
export type ListeningQuestion = z.infer<typeof listeningSchema>;
export type SubResponse = { sub: PlainResponse };
export type PublicListening = {
  id: string;
  type: 'listening';
  prompt: string;
  audio: PublicAudio;
  question: PublicPlainQuestion;
};

/** The sub-question as the engine handles it: it carries the wrapper's id (layout seeds and grades use it). */
const inner = (q: ListeningQuestion) => ({ ...q.question, id: q.id });
const sub = (q: ListeningQuestion) => plainModule(inner(q));

export const listening: QuestionTypeModule<ListeningQuestion, SubResponse, PublicListening> = {
  schema: listeningSchema,
  layout: (q, seed) => ({ sub: sub(q).layout(inner(q), `${seed}:sub`) }),
  publicView: (q, layout) => ({
    id: q.id,
    type: 'listening',
    prompt: q.prompt,
    audio: q.audio,
    question: sub(q).publicView(inner(q), layout.sub ?? {}),
  }),
  // `{ sub }`: the canonical response to the sub-question.
  canonical: (q, r) => {
    const value = only(r, 'sub');
    if (!value.ok || !isPlainObject(value.value)) return refuse('listening answers are { sub: {...} }');
    const canonical = sub(q).canonical(inner(q), value.value);
    return canonical.ok ? accept({ sub: canonical.response }) : canonical;
  },
  grade: (q, layout, r) => ('sub' in r ? sub(q).grade(inner(q), layout.sub ?? {}, r.sub) : invalid),
  review: (q, layout, response) => ({
    ...sub(q).review(inner(q), layout.sub ?? {}, asRecord(response).sub),
    audio: q.audio,
  }),
  // The sub-question's own checks (its lesson is the wrapper's, checked by the caller).
  checks: (q) => sub(q).checks(inner(q)),
  gift: () => ({ reason: 'listening questions need their audio clip, which GIFT cannot carry' }),
  // The sub-question's cues; its texts and the wrapper's explanation are checked for letter references.
  cues: (q) => {
    const inner = sub(q).cues(q.question);
    return { ...inner, texts: [q.explanation, ...inner.texts] };
  },
  correctResponse: (q, layout) => ({ sub: sub(q).correctResponse(inner(q), layout.sub ?? {}) }),
};
