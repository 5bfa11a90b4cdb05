import { z } from 'zod';

const common = {
  /** Generated in the browser (crypto.randomUUID); the server applies each id once. */
  id: z.string().regex(/^[A-Za-z0-9-]{8,64}$/),
  /** "<module>/<lesson>" */
  lesson: z.string().regex(/^[a-z-]+\/[a-z0-9-]+$/),
};

/** What the lesson page reports about a learner's study; queued in the browser while offline. */
export const progressEventSchema = z.discriminatedUnion('type', [
  /** How far down the lesson the learner has scrolled (0–1). */
  z.strictObject({ ...common, type: z.literal('view'), position: z.number().min(0).max(1) }),
  /**
   * Sent while the page is visible and the learner is active; `seconds` since the previous heartbeat. A claim
   * only: the server credits at most the time that really passed on its clock (see `creditStudyTime`).
   */
  z.strictObject({ ...common, type: z.literal('heartbeat'), seconds: z.number().int().min(1).max(120) }),
]);
// Practice results are not progress events: the browser sends answers to the `checkPractice` action, which grades them.
export type ProgressEvent = z.infer<typeof progressEventSchema>;

export const progressBatchSchema = z.object({ events: z.array(progressEventSchema).min(1).max(100) });
export type ProgressBatch = z.infer<typeof progressBatchSchema>;

/**
 * What was just achieved, for module progress and certificates (src/domain/progress/achievements.ts): modules whose
 * lessons or quiz changed, an exam passed, a practical assessment, a simulated call passed. Stored with a pending
 * follow-up, so read back through this schema.
 */
export const achievementSchema = z.object({
  modules: z.array(z.string()).readonly().optional(),
  quiz: z.string().optional(),
  /** A practical assessment recorded for this program ('' = counts for every program). */
  practicalFor: z.string().optional(),
  /** A simulated call just passed (its run ended with the server's pass). */
  call: z.string().optional(),
});
export type Achievement = z.infer<typeof achievementSchema>;
