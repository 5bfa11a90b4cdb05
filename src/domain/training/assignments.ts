import type PocketBase from 'pocketbase';
import {
  AppError,
  AssignmentNotFound,
  DueDateInPast,
  InvalidDueDate,
  invalidInput,
  UnknownAssignmentTarget,
} from '../../platform/errors/index.ts';
import { moduleSlugs } from '../course/module-schema.ts';
import { assignmentInputSchema } from './schema.ts';
import type { StaffUser } from '../identity/schema.ts';
import { audit } from '../audit/repo.ts';
import { programCatalog } from '../certification/catalog.ts';
import { callById } from '../calls/catalog.ts';
import { quizCatalog } from '../assessment/catalog.ts';
import { ownCohort, requireVisibleTrainee } from './service.ts';
import { assignmentRepo } from './repo.ts';
import { dueAtOf, isPastDue } from './rules.ts';
import { assignmentDeleteSchema, assignmentUpdateSchema, type AssignmentRecord } from './assignment-schema.ts';

/** 「单元：服务心态」 / 「认证：热线客服代表上岗认证」 */
export function assignmentTitle(kind: string, ref: string): string {
  if (kind === 'module')
    return `单元：${
      quizCatalog()
        .quizzes.get(`quiz-${ref}`)
        ?.title.replace(/ · 单元测验$/, '') ?? ref
    }`;
  if (kind === 'call') return `模拟来电：${callById(ref)?.title ?? ref}`;
  return `认证：${programCatalog().programs.get(ref)?.title ?? ref}`;
}

function dueAtFor(dueDate: string, now: Date): Date {
  const dueAt = dueAtOf(dueDate);
  if (!dueAt) throw new AppError(InvalidDueDate, { log: [dueDate] });
  if (isPastDue(dueAt, now)) throw new AppError(DueDateInPast, { log: [dueDate, now.toISOString()] });
  return dueAt;
}

/** The assignment, if the viewer manages it: one of their cohorts' (any for HR) or one of their trainees'. */
async function managedAssignment(
  admin: PocketBase,
  viewer: StaffUser,
  id: string,
): Promise<{ a: AssignmentRecord; cohortName: string }> {
  const a = await assignmentRepo(admin).get(id);
  if (!a) throw new AppError(AssignmentNotFound, { log: [id, viewer.id] });
  try {
    if (a.cohort) return { a, cohortName: String((await ownCohort(admin, viewer, a.cohort)).name) };
    await requireVisibleTrainee(admin, viewer, a.trainee);
    return { a, cohortName: '' };
  } catch (error) {
    if (error instanceof AppError) throw new AppError(AssignmentNotFound, { log: [id, viewer.id] });
    throw error;
  }
}

export type AssignOutcome =
  | { status: 'created'; assignment: AssignmentRecord }
  /** The same module/program is already assigned to the same cohort or trainee: the page offers to update it. */
  | {
      status: 'duplicate';
      existing: AssignmentRecord;
      title: string;
      owner: string;
      proposed: { dueDate: string; note: string };
    };

/**
 * Assign a module or a program to a cohort or a trainee the viewer manages, due at the end of a day (China time)
 * that has not passed. A second assignment of the same item to the same cohort or trainee is not created: the
 * existing one is returned for the page to offer an update. Audited.
 */
export async function assign(admin: PocketBase, viewer: StaffUser, input: unknown, now: Date): Promise<AssignOutcome> {
  const parsed = assignmentInputSchema.safeParse(input);
  if (!parsed.success) throw invalidInput('assignment', parsed.error);
  const a = parsed.data;
  const [kind, ref] = a.target.split(':') as ['module' | 'program' | 'call', string];
  const known =
    kind === 'module'
      ? (moduleSlugs as readonly string[]).includes(ref)
      : kind === 'call'
        ? !!callById(ref)
        : programCatalog().programs.has(ref);
  if (!known) throw new AppError(UnknownAssignmentTarget, { log: [a.target] });
  const cohortName = a.cohort ? String((await ownCohort(admin, viewer, a.cohort)).name) : '';
  const traineeName = a.trainee ? String((await requireVisibleTrainee(admin, viewer, a.trainee)).name) : '';
  const dueAt = dueAtFor(a.dueDate, now);
  const note = a.note ?? '';
  const repo = assignmentRepo(admin);
  const existing = await repo.same(kind, ref, { cohort: a.cohort, trainee: a.trainee });
  if (existing) {
    const owner = a.cohort ? `班组「${cohortName}」` : `学员${traineeName}`;
    return {
      status: 'duplicate',
      existing,
      title: assignmentTitle(kind, ref),
      owner,
      proposed: { dueDate: a.dueDate, note },
    };
  }
  const assignment = await repo.create({
    kind,
    ref,
    cohort: a.cohort ?? '',
    trainee: a.trainee ?? '',
    dueAt: dueAt.toISOString(),
    assignedBy: viewer.id,
    note,
  });
  await audit(admin, viewer.id, 'assignment.create', assignment.id, {
    target: assignmentTitle(kind, ref),
    ...(a.cohort ? { cohortName } : { trainee: a.trainee }),
    dueAt: assignment.dueAt,
    note,
  });
  return { status: 'created', assignment };
}

/** Change an assignment's due date (not in the past) and 备注. Audited with the values before and after. */
export async function updateAssignment(
  admin: PocketBase,
  viewer: StaffUser,
  input: unknown,
  now: Date,
): Promise<AssignmentRecord> {
  const parsed = assignmentUpdateSchema.safeParse(input);
  if (!parsed.success) throw invalidInput('assignment update', parsed.error);
  const { a, cohortName } = await managedAssignment(admin, viewer, parsed.data.assignment);
  const dueAt = dueAtFor(parsed.data.dueDate, now).toISOString();
  const updated = await assignmentRepo(admin).update(a.id, { dueAt, note: parsed.data.note });
  await audit(admin, viewer.id, 'assignment.update', a.id, {
    target: assignmentTitle(a.kind, a.ref),
    ...(a.cohort ? { cohortName } : { trainee: a.trainee }),
    before: { dueAt: a.dueAt, note: a.note },
    after: { dueAt: updated.dueAt, note: updated.note },
  });
  return updated;
}

/** Delete an assignment. Audited with what it was. */
export async function deleteAssignment(admin: PocketBase, viewer: StaffUser, input: unknown): Promise<void> {
  const parsed = assignmentDeleteSchema.safeParse(input);
  if (!parsed.success) throw invalidInput('assignment delete', parsed.error);
  const { a, cohortName } = await managedAssignment(admin, viewer, parsed.data.assignment);
  await assignmentRepo(admin).delete(a.id);
  await audit(admin, viewer.id, 'assignment.delete', a.id, {
    target: assignmentTitle(a.kind, a.ref),
    ...(a.cohort ? { cohortName } : { trainee: a.trainee }),
    dueAt: a.dueAt,
    note: a.note,
  });
}

/** Assignments given to these cohorts or trainees, each with its title (trainer pages list them). */
export async function assignmentsFor(admin: PocketBase, to: { cohorts?: string[]; trainees?: string[] }) {
  return (await assignmentRepo(admin).of(to)).map((a) => ({ ...a, title: assignmentTitle(a.kind, a.ref) }));
}
