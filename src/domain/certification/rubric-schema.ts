import { z } from 'zod';

const id = z.string().regex(/^[a-z0-9-]+$/);
const example = z.string().min(2).max(120);

/** What one anchored level sounds like in a call: a description and phrases a trainer may hear. */
export const rubricAnchorSchema = z.strictObject({
  /** The behaviour the trainer hears at this level. */
  text: z.string().min(8),
  /** Typical phrases (Chinese, as said on the phone). */
  examples: z.array(example).min(1).max(4),
});
export type RubricAnchor = z.infer<typeof rubricAnchorSchema>;

/** Levels a criterion is scored on: 0–4. Levels 1 and 3 lie between the anchored 0, 2 and 4. */
export const rubricLevels = [0, 1, 2, 3, 4] as const;
export const rubricMaxLevel = 4;

/** One observable criterion, scored 0–4 against the anchors for 0, 2 and 4. */
export const rubricCriterionSchema = z.strictObject({
  id,
  title: z.string().min(2),
  /** What the trainer listens for, in one sentence. */
  focus: z.string().min(8),
  /** Where the criterion comes from (seed document, lesson). */
  source: z.string().min(4),
  anchors: z.strictObject({ '0': rubricAnchorSchema, '2': rubricAnchorSchema, '4': rubricAnchorSchema }),
});
export type RubricCriterion = z.infer<typeof rubricCriterionSchema>;

/** A group of criteria with a minimum of its own: a practical fails when any dimension is below it. */
export const rubricDimensionSchema = z.strictObject({
  id,
  title: z.string().min(2),
  /** Least share of this dimension's points (percent) needed to pass, whatever the total. */
  minPercent: z.number().min(0).max(100),
  criteria: z.array(rubricCriterionSchema).min(1),
});
export type RubricDimension = z.infer<typeof rubricDimensionSchema>;

/** A behaviour that fails the practical whatever the total (e.g. a promise beyond the agent's authority). */
export const criticalErrorSchema = z.strictObject({
  id,
  title: z.string().min(2),
  description: z.string().min(8),
  examples: z.array(example).min(1).max(4),
});
export type CriticalError = z.infer<typeof criticalErrorSchema>;

/** content/rubrics/<id>.json — a scoring sheet a trainer can fill in during a live role-play. */
export const rubricSchema = z
  .strictObject({
    id,
    title: z.string().min(2),
    /** Version of the sheet; assessments keep the version they were scored on. */
    version: z.number().int().min(2),
    source: z.string().min(8),
    /** Pass mark (percent of all points) when the assessment counts for no program; a program sets its own. */
    passPercent: z.number().min(0).max(100),
    dimensions: z.array(rubricDimensionSchema).min(1),
    criticalErrors: z.array(criticalErrorSchema).min(1),
  })
  .superRefine((r, ctx) => {
    const criteria = r.dimensions.flatMap((d) => d.criteria.map((c) => c.id));
    if (criteria.length > 8)
      ctx.addIssue({
        code: 'custom',
        path: ['dimensions'],
        message: `A live role-play sheet has at most 8 criteria (found ${criteria.length}).`,
      });
    const dupes = (ids: string[]) => ids.filter((x, i) => ids.indexOf(x) !== i);
    for (const d of dupes([...criteria, ...r.dimensions.map((d) => d.id)]))
      ctx.addIssue({ code: 'custom', path: ['dimensions'], message: `Duplicate dimension or criterion id "${d}".` });
    for (const d of dupes(r.criticalErrors.map((e) => e.id)))
      ctx.addIssue({ code: 'custom', path: ['criticalErrors'], message: `Duplicate critical error id "${d}".` });
  });
export type Rubric = z.infer<typeof rubricSchema>;
