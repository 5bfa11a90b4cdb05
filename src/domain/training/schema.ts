import { z } from 'zod';

const recordId = z.string().regex(/^[a-z0-9]{15}$/, '记录编号无效');

export const cohortNameSchema = z.string().trim().min(1, '请填写班组名称').max(60, '班组名称不超过 60 个字');

/** A trainer assigns a module or a certification program, to a cohort or to one trainee, with a due date. */
export const assignmentInputSchema = z
  .object({
    target: z.string().regex(/^(module|program|call):[a-z0-9-]+$/, '请选择要分配的单元、认证项目或模拟来电'),
    cohort: recordId.optional(),
    trainee: recordId.optional(),
    dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '请选择截止日期'),
    note: z.string().trim().max(200, '备注不超过 200 个字').optional(),
  })
  .refine((a) => !!a.cohort !== !!a.trainee, { message: '请选择一个班组或一位学员', path: ['cohort'] });
export type AssignmentInput = z.infer<typeof assignmentInputSchema>;

const contentId = z
  .string()
  .regex(/^[a-z0-9-]*$/)
  .max(80);

/** A practical assessment (observed role-play, call review or voice recording) scored with a rubric. */
export const practicalInputSchema = z.object({
  trainee: recordId,
  program: contentId,
  kind: z.enum(['role-play', 'call-review', 'voice-recording']),
  rubric: z.string().regex(/^[a-z0-9-]+$/),
  /** The standardised role-play case played ('' for a call review or voice recording). */
  rolePlayCase: contentId.default(''),
  /** "<dimension>.<criterion>" → level 0–4 */
  scores: z.record(z.string().regex(/^[a-z0-9-]+\.[a-z0-9-]+$/), z.number().int().min(0).max(10)),
  /** Ids of the rubric's critical errors the trainer observed; any one fails the practical. */
  criticalErrors: z
    .array(z.string().regex(/^[a-z0-9-]+$/))
    .max(20)
    .default([]),
  comments: z.string().trim().max(2000, '评语不超过 2000 个字').default(''),
  /** A simulated-call run of the trainee whose recorded replies are the evidence ('' for none; a call review). */
  callRun: z
    .string()
    .regex(/^([a-z0-9]{15})?$/)
    .default(''),
});
export type PracticalInput = z.infer<typeof practicalInputSchema>;

/** `cohorts.members` as stored: a JSON array of user ids (null or anything else counts as empty). */
export const memberIdsSchema = z
  .unknown()
  .optional()
  .transform((v) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []));

/** A cohort as stored (`cohorts`; trainer and members are plain user ids, not relations). */
export const cohortRecordSchema = z.object({
  id: z.string(),
  name: z.string(),
  department: z.string().default(''),
  trainer: z.string().default(''),
  members: memberIdsSchema,
  /** Bumped by every member change (compare-and-set); 0 on rows older than the field. */
  version: z
    .number()
    .nullish()
    .transform((v) => v ?? 0),
});
export type CohortRecord = z.infer<typeof cohortRecordSchema>;

/** What a new cohort is created with. */
export type NewCohort = Pick<CohortRecord, 'name' | 'department' | 'trainer' | 'members'>;
