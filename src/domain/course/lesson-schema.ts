import { z } from 'zod';
import { moduleSlugSchema } from './module-schema.ts';
import { practiceCheckSchema } from '../progress/practice-schema.ts';

/** Seed files live in ../shared/seeds and are named like 000_29be02e14300dd47.txt. */
export const seedFileSchema = z
  .string()
  .regex(/^\d{3}_[0-9a-f]{16}\.txt$/, 'seed sources are file names from shared/seeds, e.g. 000_29be02e14300dd47.txt');

/** Frontmatter of a lesson MDX file under content/modules/<module>/. */
export const lessonSchema = z.strictObject({
  /** Lesson title in Simplified Chinese. */
  title: z.string().min(2),
  /** Slug of the module the lesson belongs to; must equal its folder name. */
  module: moduleSlugSchema,
  /** Position within the module, 1-based. */
  order: z.number().int().min(1),
  /** What the learner can do afterwards: 2–4 items. */
  objectives: z.array(z.string().min(4)).min(2).max(4),
  /** Estimated study time in minutes. */
  minutes: z.number().int().min(1).max(60),
  /** Seed files the lesson draws its facts from. */
  sources: z.array(seedFileSchema).min(1),
  /** Key terms introduced by the lesson. */
  keyTerms: z.array(z.string().min(1)).min(1),
  /** Where seeds disagree or are garbled: which reading the lesson follows and why. */
  sourceNotes: z.string().optional(),
  /**
   * Least active study time (minutes, on the server's clock) before the lesson can count as completed.
   * Optional: 40 % of `minutes` when not given.
   */
  minStudyMinutes: z.number().min(0).max(60).optional(),
  /**
   * The lesson's practice checks (answers included). They stay on the server: the body places each one with
   * `<ChooseReply id="…" />`, `<ReorderSteps id="…" />` or `<FlipCards id="…" />`. See content/AUTHORING.md.
   */
  practice: z.array(practiceCheckSchema).min(1).max(8),
});
export type Lesson = z.infer<typeof lessonSchema>;
export type LessonInput = z.input<typeof lessonSchema>;

/** Share of the estimated minutes a learner must really study when a lesson sets no `minStudyMinutes`. */
export const defaultStudyShare = 0.4;

/** Least active study time of a lesson in seconds (see `minStudyMinutes`). */
export function minStudySeconds(lesson: Pick<Lesson, 'minutes' | 'minStudyMinutes'>): number {
  return Math.round((lesson.minStudyMinutes ?? lesson.minutes * defaultStudyShare) * 60);
}
