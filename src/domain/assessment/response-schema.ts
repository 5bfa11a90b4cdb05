import { z } from 'zod';

/**
 * A learner's answer to one question as the browser sends it. Option, item and choice references are the
 * display keys of the public view ("0", "1", …), never the bank's ids, so nothing in the page hints at the key.
 */
const key = z.string().max(4);
export const plainResponseSchema = z.union([
  z.strictObject({ choice: key }),
  z.strictObject({ choices: z.array(key).max(12) }),
  z.strictObject({ value: z.boolean() }),
  z.strictObject({ order: z.array(key).max(12) }),
  z.strictObject({ matches: z.record(key, key) }),
  z.strictObject({ blanks: z.array(z.string().max(200)).max(8) }),
]);
export const responseSchema = z.union([
  plainResponseSchema,
  z.strictObject({ sub: plainResponseSchema }),
  z.strictObject({ clicks: z.array(z.number().min(0).max(7200)).max(50) }),
  /** typed-reply: the learner's reply as typed (its length is checked against maxReplyLength when canonicalised). */
  z.strictObject({ text: z.string().max(2000) }),
]);
export type QuestionResponse = z.infer<typeof responseSchema>;

/** All answers of an attempt, by question id. */
export const responsesSchema = z
  .record(z.string().regex(/^[a-z]{2}-\d{3,4}$/), responseSchema)
  .refine((r) => Object.keys(r).length <= 200, 'too many answers');
export type Responses = z.infer<typeof responsesSchema>;
