import { z } from 'zod';
import { checkReply, normalizeReply, replyFeedback, replyScore } from '../reply-check.ts';
import { accept, asRecord, baseFields, only, refuse, unanswered, type QuestionTypeModule } from './base.ts';

/** Longest reply accepted, in characters (a hotline reply is a few sentences). */
export const maxReplyLength = 500;

const phrasings = z.array(z.string().min(1)).min(1);

/**
 * 「请写出你的回复」: the learner types what they would say to the caller. The reply is checked for required
 * elements (each a list of acceptable phrasings) and forbidden phrases, after normalising full/half width,
 * punctuation, spaces and homophones (src/domain/assessment/reply-check.ts). Score: the share of required
 * elements present, 0 when any forbidden phrase appears. The review quotes what was found.
 */
export const typedReplySchema = z.strictObject({
  ...baseFields,
  type: z.literal('typed-reply'),
  /** Elements a good reply contains; each counts equally. `label` is shown in feedback. */
  required: z
    .array(z.strictObject({ label: z.string().min(1), phrasings }))
    .min(1)
    .max(8),
  /** Phrases that spoil the reply: 服务禁语, unconditional promises, blame. `label` names the fault. */
  forbidden: z.array(z.strictObject({ label: z.string().min(1), phrasings })).min(1),
  /** A reference reply that passes every check; shown as the right answer in reviews. */
  modelAnswer: z.string().min(8).max(maxReplyLength),
});
export type TypedReplyQuestion = z.infer<typeof typedReplySchema>;
export type TextResponse = { text: string };
export type PublicTypedReply = { id: string; type: 'typed-reply'; prompt: string; maxLength: number };

export const typedReply: QuestionTypeModule<TypedReplyQuestion, TextResponse, PublicTypedReply> = {
  schema: typedReplySchema,
  layout: () => ({}),
  publicView: (q) => ({ id: q.id, type: 'typed-reply', prompt: q.prompt, maxLength: maxReplyLength }),
  // `{ text }`: a string of at most maxReplyLength characters, kept as typed (the check normalises it).
  canonical: (_q, r) => {
    const text = only(r, 'text');
    if (!text.ok || typeof text.value !== 'string') return refuse('typed replies are { text: string }');
    if (text.value.length > maxReplyLength) return refuse(`a typed reply has at most ${maxReplyLength} characters`);
    return accept({ text: text.value });
  },
  grade: (q, _layout, r) => {
    if (!('text' in r)) return { score: 0, status: 'invalid' };
    if (!normalizeReply(r.text)) return unanswered;
    return { score: checkReply(r.text, q).score };
  },
  review: (q, _layout, response) => {
    const text = asRecord(response).text;
    const correct = [q.modelAnswer, `必备要点：${q.required.map((e) => e.label).join('、')}`];
    if (typeof text !== 'string' || !normalizeReply(text)) return { yours: [], correct };
    return { yours: [text], correct, feedback: replyFeedback(checkReply(text, q)).join('；') };
  },
  checks: (q) => {
    const problems: string[] = [];
    for (const list of [...q.required, ...q.forbidden]) {
      for (const p of list.phrasings)
        if (!normalizeReply(p)) problems.push(`phrasing "${p}" of "${list.label}" is only spaces or punctuation`);
    }
    const model = checkReply(q.modelAnswer, q);
    for (const m of model.missing) problems.push(`modelAnswer lacks the required element "${m.label}"`);
    for (const f of model.forbidden)
      problems.push(`modelAnswer contains the forbidden phrase "${f.phrase}" (${f.label})`);
    // A required phrasing that is itself forbidden would make full marks impossible.
    for (const e of q.required) {
      for (const p of e.phrasings) {
        const hit = checkReply(p, { required: [], forbidden: q.forbidden }).forbidden[0];
        if (hit)
          problems.push(`required phrasing "${p}" of "${e.label}" contains the forbidden phrase "${hit.phrase}"`);
      }
    }
    return problems;
  },
  gift: () => ({ reason: 'typed replies are checked for required and forbidden phrases, which GIFT cannot express' }),
  cues: (q) => ({ texts: [q.explanation] }),
  correctResponse: (q) => ({ text: q.modelAnswer }),
};

/** The score rule, re-exported for documentation and tests. */
export { replyScore };
