import { z } from 'zod';

/**
 * content/role-play-cases/<id>.json — a standardised role-play: the trainer plays the customer from the brief,
 * the trainee takes the call, and the trainer scores it with `rubric`.
 */
export const rolePlayCaseSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  title: z.string().min(4),
  /** The rubric this case is scored with (content/rubrics/<rubric>.json). */
  rubric: z.string().regex(/^[a-z0-9-]+$/),
  /** For the trainer playing the customer. */
  customer: z.strictObject({
    /** Who calls and why, including facts the trainee can find only by asking. */
    brief: z.string().min(20),
    /** The customer's first line. */
    opening: z.string().min(4),
    /** How the customer reacts as the call goes (what raises or calms them). */
    behaviour: z.array(z.string().min(6)).min(1).max(6),
  }),
  /** What the trainee must achieve in the call. */
  mustAchieve: z.array(z.string().min(6)).min(2).max(8),
  /** What the trainer listens for, each tied to a criterion id of the rubric. */
  listenFor: z
    .array(z.strictObject({ criterion: z.string().regex(/^[a-z0-9-]+$/), cue: z.string().min(6) }))
    .min(2)
    .max(10),
  /** Critical errors this case tempts (ids of the rubric's critical errors), with the trap. */
  traps: z
    .array(z.strictObject({ criticalError: z.string().regex(/^[a-z0-9-]+$/), cue: z.string().min(6) }))
    .default([]),
  /** Course lessons the case draws on (`<module>/<file>`). */
  lessons: z.array(z.string().regex(/^[a-z-]+\/\d\d-[a-z0-9-]+$/)).min(1),
});
export type RolePlayCase = z.infer<typeof rolePlayCaseSchema>;
