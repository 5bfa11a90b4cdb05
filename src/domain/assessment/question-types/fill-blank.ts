import { z } from 'zod';
import { normalizeAnswer } from '../normalize-answer.ts';
import {
  accept,
  asRecord,
  baseFields,
  blankMarker,
  giftBlock,
  giftEscape,
  invalid,
  only,
  refuse,
  unanswered,
  type QuestionTypeModule,
} from './base.ts';

export const maxBlankLength = 200;

/** prompt contains one ＿＿ (or ___) per blank; each blank lists every accepted answer. */
export const fillBlankSchema = z.strictObject({
  ...baseFields,
  type: z.literal('fill-blank'),
  blanks: z
    .array(z.strictObject({ accepted: z.array(z.string().min(1)).min(1) }))
    .min(1)
    .max(4),
});
export type FillBlankQuestion = z.infer<typeof fillBlankSchema>;
export type BlanksResponse = { blanks: string[] };
export type PublicFillBlank = { id: string; type: 'fill-blank'; prompt: string; parts: string[] };

export const fillBlank: QuestionTypeModule<FillBlankQuestion, BlanksResponse, PublicFillBlank> = {
  schema: fillBlankSchema,
  layout: () => ({}),
  publicView: (q) => ({ id: q.id, type: 'fill-blank', prompt: q.prompt, parts: q.prompt.split(blankMarker) }),
  // `{ blanks }`: at most one string per blank, each at most maxBlankLength characters.
  canonical: (q, r) => {
    const blanks = only(r, 'blanks');
    if (!blanks.ok || !Array.isArray(blanks.value)) return refuse('fill-blank answers are { blanks: [...] }');
    const list = blanks.value as unknown[];
    if (list.length > q.blanks.length) return refuse(`${list.length} blanks given for ${q.blanks.length}`);
    if (list.some((b) => typeof b !== 'string' || b.length > maxBlankLength))
      return refuse(`blanks must be strings of at most ${maxBlankLength} characters`);
    return accept({ blanks: [...(list as string[])] });
  },
  grade: (q, _layout, r) => {
    if (!('blanks' in r)) return invalid;
    const blanks = r.blanks;
    if (blanks.every((b) => !b.trim())) return unanswered;
    const right = q.blanks.filter((blank, i) => {
      const given = normalizeAnswer(blanks[i] ?? '');
      return given !== '' && blank.accepted.some((a) => normalizeAnswer(a) === given);
    }).length;
    return { score: right / q.blanks.length };
  },
  review: (q, _layout, response) => {
    const blanks = asRecord(response).blanks;
    return {
      yours: Array.isArray(blanks) ? blanks.map((b) => String(b)) : [],
      correct: q.blanks.map((b) => b.accepted.join(' / ')),
    };
  },
  checks: (q) => {
    const markers = q.prompt.match(blankMarker)?.length ?? 0;
    return markers === q.blanks.length ? [] : [`prompt has ${markers} blank(s) but ${q.blanks.length} answer list(s)`];
  },
  gift: (q) => {
    const parts = q.prompt.split(blankMarker);
    if (parts.length !== 2) return { reason: `${parts.length - 1} blanks: a GIFT short answer has exactly one` };
    if (q.blanks[0]!.accepted.some((t) => t.includes('->'))) return { reason: 'an accepted answer contains "->"' };
    return (
      giftEscape(parts[0]!) +
      giftBlock(
        q,
        q.blanks[0]!.accepted.map((a) => `=${giftEscape(a)}`),
      ) +
      giftEscape(parts[1]!)
    );
  },
  cues: (q) => ({ texts: [q.explanation] }),
  correctResponse: (q) => ({ blanks: q.blanks.map((b) => b.accepted[0]!) }),
};
