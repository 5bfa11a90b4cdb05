import type PocketBase from 'pocketbase';
import { scorePractical } from '../certification/rubric-scoring.ts';
import type { StaffUser } from '../identity/schema.ts';
import { cohortNameSchema, practicalInputSchema } from './schema.ts';
import { followUpsNow } from '../progress/follow-ups.ts';
import { achievementFollowUp } from '../progress/repo.ts';
import { audit } from '../audit/repo.ts';
import { changeMembers } from './cohort-members.ts';
import { cohortRepo } from './repo.ts';
import { traineesMatching, userByEmployeeNo, userById, usersByIds, type UserRecord } from '../identity/repo.ts';
import { createPractical } from '../certification/repo.ts';
import {
  AppError,
  CallRunNotFound,
  CohortNotFound,
  EmployeeNoMalformed,
  EmployeeNoMissing,
  InvalidPracticalScores,
  invalidInput,
  NotACohortMember,
  PracticalRubricMismatch,
  ProgramWithoutPractical,
  RolePlayCaseRequired,
  TraineeNotFound,
  TraineeNotPlaceable,
  TraineeNotVisible,
  UnknownRolePlayCase,
  UnknownRubric,
} from '../../platform/errors/index.ts';
import { programCatalog } from '../certification/catalog.ts';
import { getRun } from '../calls/repo.ts';

export interface CohortView {
  id: string;
  name: string;
  trainer: string;
  members: { id: string; name: string; employeeNo: string; team: string }[];
}

/** Cohorts a trainer leads (all cohorts for HR), with members. */
export async function cohortsFor(admin: PocketBase, viewer: StaffUser): Promise<CohortView[]> {
  const list = await cohortRepo(admin).list(viewer.role === 'hr' ? null : viewer.id);
  const people = await usersByIds<{ name: string; employeeNo: string; team: string }>(
    admin,
    list.flatMap((c) => c.members),
    'name,employeeNo,team',
  );
  return list.map((c) => ({
    id: c.id,
    name: c.name,
    trainer: c.trainer,
    members: c.members
      .flatMap((id) => (people.has(id) ? [people.get(id)!] : []))
      .map((m) => ({ id: m.id, name: m.name, employeeNo: m.employeeNo, team: m.team }))
      .sort((a, b) => a.employeeNo.localeCompare(b.employeeNo)),
  }));
}

/** A cohort the viewer leads (any cohort for HR); anything else is refused as not found. */
export async function ownCohort(admin: PocketBase, viewer: StaffUser, cohortId: string) {
  const cohort = await cohortRepo(admin).get(cohortId);
  if (!cohort || (viewer.role !== 'hr' && cohort.trainer !== viewer.id))
    throw new AppError(CohortNotFound, { log: [cohortId, viewer.id] });
  return cohort;
}

export async function createCohort(admin: PocketBase, viewer: StaffUser, name: unknown) {
  const parsed = cohortNameSchema.safeParse(name);
  if (!parsed.success) throw invalidInput('cohort name', parsed.error);
  return cohortRepo(admin).create({
    name: parsed.data,
    trainer: viewer.id,
    department: viewer.department,
    members: [],
  });
}

export async function renameCohort(admin: PocketBase, viewer: StaffUser, cohortId: string, name: unknown) {
  const cohort = await ownCohort(admin, viewer, cohortId);
  const parsed = cohortNameSchema.safeParse(name);
  if (!parsed.success) throw invalidInput('cohort name', parsed.error);
  const updated = await cohortRepo(admin).rename(cohortId, parsed.data);
  if (cohort.name !== parsed.data)
    await audit(admin, viewer.id, 'cohort.rename', cohortId, {
      cohortName: parsed.data,
      before: { cohortName: cohort.name },
      after: { cohortName: parsed.data },
    });
  return updated;
}

/**
 * Whether `viewer` may place `trainee` in a cohort: HR anyone; a trainer only trainees of their own department
 * (trainees of other departments reach a trainer's cohort only when HR places them there).
 */
export function mayPlaceTrainee(viewer: StaffUser, trainee: Pick<UserRecord, 'role' | 'department'>): boolean {
  if (trainee.role !== 'trainee') return false;
  if (viewer.role === 'hr') return true;
  return viewer.role === 'trainer' && viewer.department !== '' && trainee.department === viewer.department;
}

/** Who to add: a record id (from the search results) or a 工号 typed in. */
export interface MemberRef {
  trainee?: string;
  employeeNo?: string;
}

async function findTrainee(admin: PocketBase, ref: MemberRef): Promise<UserRecord | null> {
  const id = ref.trainee?.trim() ?? '';
  const employeeNo = ref.employeeNo?.trim() ?? '';
  if (id) return userById(admin, id);
  if (!employeeNo) throw new AppError(EmployeeNoMissing);
  if (!/^[0-9A-Za-z-]{3,20}$/.test(employeeNo)) throw new AppError(EmployeeNoMalformed, { log: [employeeNo] });
  return userByEmployeeNo(admin, employeeNo);
}

/**
 * Add a trainee to a cohort the viewer leads (any cohort for HR), found by id or 工号. A trainer may add only
 * trainees of their own department; anyone else is refused exactly like an unknown 工号. Audited.
 */
export async function addMember(admin: PocketBase, viewer: StaffUser, cohortId: string, ref: MemberRef) {
  const cohort = await ownCohort(admin, viewer, cohortId);
  const trainee = await findTrainee(admin, ref);
  if (!trainee || !mayPlaceTrainee(viewer, trainee)) {
    if (trainee)
      console.warn(
        `[training] ${viewer.id} (${viewer.role}, ${viewer.department || 'no department'}) may not add ${trainee.id} (${trainee.department || 'no department'}) to cohort ${cohortId}`,
      );
    throw new AppError(TraineeNotPlaceable, { log: [trainee?.id ?? JSON.stringify(ref), cohortId, viewer.id] });
  }
  if (cohort.members.includes(trainee.id)) return cohort;
  const updated = await changeMembers(admin, cohortId, (ids) => [...ids, trainee.id]);
  await audit(admin, viewer.id, 'cohort.member.add', cohortId, {
    cohortName: cohort.name,
    trainee: trainee.id,
    employeeNo: trainee.employeeNo,
  });
  return updated;
}

/** Remove a member from a cohort the viewer leads (any cohort for HR). Audited. */
export async function removeMember(admin: PocketBase, viewer: StaffUser, cohortId: string, traineeId: string) {
  const cohort = await ownCohort(admin, viewer, cohortId);
  if (!cohort.members.includes(traineeId)) throw new AppError(NotACohortMember, { log: [traineeId, cohortId] });
  const updated = await changeMembers(admin, cohortId, (ids) => ids.filter((id) => id !== traineeId));
  await audit(admin, viewer.id, 'cohort.member.remove', cohortId, { cohortName: cohort.name, trainee: traineeId });
  return updated;
}

/**
 * Trainees whose name or 工号 contains `query` (at most 20) that `viewer` may place in a cohort: everyone for HR,
 * the trainer's own department for a trainer (nobody when the trainer has no department).
 */
export async function searchTrainees(admin: PocketBase, viewer: StaffUser, query: string) {
  const q = query.trim().slice(0, 40);
  if (!q) return [];
  if (viewer.role !== 'hr' && (viewer.role !== 'trainer' || !viewer.department)) return [];
  return traineesMatching(admin, q, viewer.role === 'hr' ? null : viewer.department);
}

/** Names of the cohorts a trainee belongs to, as trainers see them (current names, sorted). */
export async function cohortNamesOf(admin: PocketBase, traineeId: string): Promise<string[]> {
  return (await cohortRepo(admin).withMember(traineeId)).map((c) => c.name);
}

/** Trainee ids a viewer may see and act on: members of their cohorts (everyone for HR: null). */
export async function visibleTraineeIds(admin: PocketBase, viewer: StaffUser): Promise<Set<string> | null> {
  if (viewer.role === 'hr') return null;
  return new Set((await cohortsFor(admin, viewer)).flatMap((c) => c.members.map((m) => m.id)));
}

export async function requireVisibleTrainee(admin: PocketBase, viewer: StaffUser, traineeId: string) {
  const visible = await visibleTraineeIds(admin, viewer);
  if (visible && !visible.has(traineeId)) throw new AppError(TraineeNotVisible, { log: [traineeId, viewer.id] });
  const trainee = await userById(admin, traineeId);
  if (!trainee || trainee.role !== 'trainee') throw new AppError(TraineeNotFound, { log: [traineeId] });
  return trainee;
}

/**
 * Record a practical assessment; it may complete a certification, which is then issued at once. The server scores
 * it: the total against the program's pass mark (the rubric's own when it counts for no program), each dimension
 * against its minimum, and any critical error fails it whatever the total. Pass or fail is stored with it.
 */
export async function recordPractical(admin: PocketBase, viewer: StaffUser, input: unknown, now: Date) {
  const parsed = practicalInputSchema.safeParse(input);
  if (!parsed.success) throw invalidInput('practical assessment', parsed.error);
  const p = parsed.data;
  await requireVisibleTrainee(admin, viewer, p.trainee);
  const { rubrics, programs, cases } = programCatalog();
  const rubric = rubrics.get(p.rubric);
  if (!rubric) throw new AppError(UnknownRubric, { log: [p.rubric] });
  const program = p.program ? programs.get(p.program) : undefined;
  if (p.program && !program?.practical) throw new AppError(ProgramWithoutPractical, { log: [p.program] });
  if (program?.practical && program.practical.rubric !== rubric.id) {
    const expected = rubrics.get(program.practical.rubric)?.title ?? program.practical.rubric;
    throw new AppError(PracticalRubricMismatch, { message: [program.title, expected], log: [program.id, rubric.id] });
  }
  const playedCase = p.rolePlayCase ? cases.get(p.rolePlayCase) : undefined;
  if (p.rolePlayCase && playedCase?.rubric !== rubric.id)
    throw new AppError(UnknownRolePlayCase, { log: [p.rolePlayCase, rubric.id] });
  if (p.kind === 'role-play' && !playedCase) throw new AppError(RolePlayCaseRequired, { log: [p.trainee] });
  if (p.callRun) {
    // The run's recorded replies are the evidence: an ended run of this trainee with at least one recording.
    const run = await getRun(admin, p.callRun);
    if (
      !run ||
      run.user !== p.trainee ||
      run.status !== 'ended' ||
      !run.turns.some((t) => t.submitted.kind === 'recorded')
    )
      throw new AppError(CallRunNotFound, { log: [p.callRun, p.trainee] });
  }
  const scored = scorePractical(
    rubric,
    p.scores,
    p.criticalErrors,
    program?.practical?.minPercent ?? rubric.passPercent,
  );
  if (!scored.ok)
    throw new AppError(InvalidPracticalScores, { message: [scored.message], log: [rubric.id, p.trainee] });
  const { outcome } = scored;
  // Its follow-up (a certificate the assessment completes) is written with it and done before answering.
  const followUp = achievementFollowUp(p.trainee, { practicalFor: p.program });
  const record = await createPractical(
    admin,
    {
      trainee: p.trainee,
      assessor: viewer.id,
      program: p.program,
      kind: p.kind,
      rubric: rubric.id,
      rubricVersion: rubric.version,
      rolePlayCase: playedCase?.id ?? '',
      scores: p.scores,
      percent: outcome.percent,
      passed: outcome.passed,
      outcome,
      comments: p.comments,
      callRun: p.callRun,
      assessedAt: now.toISOString(),
    },
    followUp,
  );
  await followUpsNow(admin, [followUp], now);
  return { ...record, outcome };
}
