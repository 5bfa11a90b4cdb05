import type PocketBase from 'pocketbase';
import { moduleStatus, type StudyStatus } from '../progress/rules.ts';
import type { StaffUser } from '../identity/schema.ts';
import { moduleRowsOf, type ModuleRow } from '../progress/learner-dashboard.ts';
import { programCatalog } from '../certification/catalog.ts';
import { usersByIds } from './cohort-members.ts';
import { cohortsFor } from './service.ts';
import { pbDate } from '../../platform/pocketbase/dates.ts';

const opts = { requestKey: null };

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
    cohorts.length
      ? admin.collection('assignments').getFullList({
          filter: cohorts
            .map((c) => admin.filter('cohort = {:c}', { c: c.id }))
            .concat(unique.map((m) => admin.filter('trainee = {:t}', { t: m.id })))
            .join(' || '),
          ...opts,
        })
      : Promise.resolve([]),
  ]);
  const programs = programCatalog().programs;
  const dueFor = (traineeId: string, cohortIds: string[], module: string): Date | null => {
    const dates = assignments
      .filter((a) => a.trainee === traineeId || cohortIds.includes(a.cohort as string))
      .filter((a) =>
        a.kind === 'module'
          ? a.ref === module
          : programs.get(a.ref as string)?.requiredModules.includes(module as never),
      )
      .map((a) => pbDate(a.dueAt as string)!.getTime());
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
  const byUser = admin.filter('user = {:u}', { u: traineeId });
  const [lessons, attempts, certificates, practicals] = await Promise.all([
    admin
      .collection('lesson_progress')
      .getFullList({
        filter: byUser,
        sort: 'lesson',
        fields: 'lesson,module,seconds,completedAt,position,lastEventAt',
        ...opts,
      }),
    admin
      .collection('attempts')
      .getFullList({
        filter: byUser + ' && status = "submitted"',
        sort: '-submittedAt',
        fields: 'id,quiz,attemptNo,score,passed,late,submittedAt',
        ...opts,
      }),
    admin.collection('certificates').getFullList({ filter: byUser, sort: '-validFrom', ...opts }),
    admin
      .collection('practical_assessments')
      .getFullList({ filter: admin.filter('trainee = {:u}', { u: traineeId }), sort: '-assessedAt', ...opts }),
  ]);
  // `assessor` is a plain id (no relation a filter could follow to the assessor's account): look the names up.
  const assessors = await usersByIds<{ name: string }>(
    admin,
    practicals.map((p) => String(p.assessor)),
    'name',
  );
  for (const p of practicals) p.expand = { assessor: assessors.get(String(p.assessor)) };
  return { lessons, attempts, certificates, practicals };
}
