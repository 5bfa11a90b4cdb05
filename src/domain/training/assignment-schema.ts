import { z } from 'zod';

const recordId = z.string().regex(/^[a-z0-9]{15}$/, '记录编号无效');
const dueDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '请选择截止日期');
const note = z.string().trim().max(200, '备注不超过 200 个字').default('');

/** Changing an assignment's due date and 备注 (form of /trainer/cohorts and a trainee's page). */
export const assignmentUpdateSchema = z.object({ assignment: recordId, dueDate, note });
export type AssignmentUpdate = z.infer<typeof assignmentUpdateSchema>;

/** Deleting an assignment. */
export const assignmentDeleteSchema = z.object({ assignment: recordId });

/** An assignment as stored (`assignments`: plain ids for cohort and trainee, one of them set). */
export const assignmentRecordSchema = z.object({
  id: z.string(),
  kind: z.enum(['module', 'program', 'call']),
  ref: z.string(),
  cohort: z.string().default(''),
  trainee: z.string().default(''),
  dueAt: z.string(),
  note: z.string().default(''),
  assignedBy: z.string().default(''),
});
export type AssignmentRecord = z.infer<typeof assignmentRecordSchema>;
