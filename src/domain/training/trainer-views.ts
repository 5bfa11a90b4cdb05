import type PocketBase from 'pocketbase';
import { moduleStatus, type StudyStatus } from '../progress/rules.ts';
import type { StaffUser } from '../identity/schema.ts';
import { moduleRowsOf, type ModuleRow } from '../progress/learner-dashboard.ts';
import { programCatalog } from '../certification/catalog.ts';
import { cohortsFor } from './service.ts';
import { assignmentRepo } from './repo.ts';
import { usersByIds } from '../identity/repo.ts';
import { lessonProgressDetailOf } from '../progress/repo.ts';
import { submittedAttemptsOf } from '../assessment/repo.ts';
import { certificatesOf, practicalRecordsOf } from '../certification/repo.ts';
import { pbDate } from '../../platform/pocketbase/dates.ts';

export interface MatrixRow {
  id: string;
  name: string;
  employeeNo: string;
  cohort: string;
  modules: (ModuleRow & { dueAt: Date | null; status: StudyStatus })[];
}

/**
 * Trainees × modules for a trainer's cohorts (all cohorts for HR). A module is 已逾期 when an assignment that
 * covers it (the module itself, or a program requiring it) is past due and the module is not complete.
 */
export async function progressMatrix(
  admin: PocketBase,
  viewer: StaffUser,
  now: Date,
): Promise<{ cohorts: { id: string; name: string }[]; rows: MatrixRow[] }> {
  const cohorts = await cohortsFor(admin, viewer);
  const members = cohorts.flatMap((c) => c.members.map((m) => ({ ...m, cohort: c.name, cohortId: c.id })));
  const unique = [...new Map(members.map((m) => [m.id, m])).values()];
  const [rows, assignments] = await Promise.all([
    moduleRowsOf(
      admin,
      unique.map((m) => m.id),
      now,
    ),
    assignmentRepo(admin).of({ cohorts: cohorts.map((c) => c.id), trainees: unique.map((m) => m.id) }),
  ]);
  const programs = programCatalog().programs;
  const dueFor = (traineeId: string, cohortIds: string[], module: string): Date | null => {
    const dates = assignments
      .filter((a) => a.trainee === traineeId || cohortIds.includes(a.cohort))
      .filter((a) =>
        a.kind === 'module' ? a.ref === module : programs.get(a.ref)?.requiredModules.includes(module as never),
      )
      .map((a) => pbDate(a.dueAt)!.getTime());
    return dates.length ? new Date(Math.min(...dates)) : null;
  };
  return {
    cohorts: cohorts.map((c) => ({ id: c.id, name: c.name })),
    rows: unique.map((m) => {
      const cohortIds = members.filter((x) => x.id === m.id).map((x) => x.cohortId);
      return {
        id: m.id,
        name: m.name,
        employeeNo: m.employeeNo,
        cohort: members
          .filter((x) => x.id === m.id)
          .map((x) => x.cohort)
          .join('、'),
        modules: rows.get(m.id)!.map((r) => {
          const dueAt = dueFor(m.id, cohortIds, r.module);
          return { ...r, dueAt, status: moduleStatus(r, dueAt, now) };
        }),
      };
    }),
  };
}

/** A trainee's detail for their trainer: lessons, attempts, certificates, practical assessments. */
export async function traineeDetail(admin: PocketBase, traineeId: string) {
  const [lessons, attempts, certificates, stored] = await Promise.all([
    lessonProgressDetailOf(admin, traineeId),
    submittedAttemptsOf(admin, traineeId),
    certificatesOf(admin, traineeId),
    practicalRecordsOf(admin, traineeId),
  ]);
  // `assessor` is a plain id (no relation a filter could follow to the assessor's account): look the names up.
  const assessors = await usersByIds<{ name: string }>(
    admin,
    stored.map((p) => p.assessor),
    'name',
  );
  const practicals = stored.map((p) => ({ ...p, expand: { assessor: assessors.get(p.assessor) } }));
  return { lessons, attempts, certificates, practicals };
}
