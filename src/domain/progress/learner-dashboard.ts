import type PocketBase from 'pocketbase';
import { settleFollowUpsOf } from './follow-ups.ts';
import {
  certificateStatus,
  daysUntilExpiry,
  isCertifiedStatus,
  type CertificateStatus,
} from '../certification/rules.ts';
import { modulePercent, moduleStatus, studyStatus, type ModuleProgressInput, type StudyStatus } from './rules.ts';
import { moduleSlugs } from '../course/module-schema.ts';
import { certificatesOf } from '../certification/service.ts';
import { cohortIdsOf } from '../training/cohort-members.ts';
import { assignmentRepo } from '../training/repo.ts';
import { lastUnfinishedLesson, moduleProgressOf } from './repo.ts';
import { recentSubmittedAttempts } from '../assessment/repo.ts';
import { lessonIndex, lessonsOf } from './lesson-index.ts';
import { programCatalog } from '../certification/catalog.ts';
import { quizCatalog } from '../assessment/catalog.ts';
import { listRuns } from '../calls/repo.ts';
import { callById } from '../calls/catalog.ts';
import { pbDate } from '../../platform/pocketbase/dates.ts';

export interface ModuleRow extends ModuleProgressInput {
  module: string;
  percent: number;
  status: StudyStatus;
  seconds: number;
}

/** Module progress of some users, for every module (modules never opened count as 未开始), with no due date applied. */
export async function moduleRowsOf(
  admin: PocketBase,
  userIds: readonly string[],
  now: Date,
): Promise<Map<string, ModuleRow[]>> {
  const rows = new Map<string, ModuleRow[]>();
  if (!userIds.length) return rows;
  const records = await moduleProgressOf(admin, userIds);
  for (const userId of userIds) {
    rows.set(
      userId,
      moduleSlugs.map((module) => {
        const r = records.find((x) => x.user === userId && x.module === module);
        const input: ModuleProgressInput = {
          lessonsTotal: lessonsOf(module).length,
          lessonsStarted: r?.lessonsStarted ?? 0,
          lessonsCompleted: r?.lessonsCompleted ?? 0,
          quizPassed: r?.quizPassed ?? false,
          quizAttempted: r?.quizAttempted ?? false,
        };
        return {
          module,
          ...input,
          seconds: r?.seconds ?? 0,
          percent: modulePercent(input),
          status: moduleStatus(input, null, now),
        };
      }),
    );
  }
  return rows;
}

export interface AssignmentRow {
  id: string;
  kind: 'module' | 'program' | 'call';
  ref: string;
  title: string;
  href: string;
  dueAt: Date;
  status: StudyStatus;
  /** The trainer's 备注 ('' when none). */
  note: string;
}

/** Assignments of a trainee (direct or through a cohort), with their status now. */
export async function assignmentsOf(
  admin: PocketBase,
  userId: string,
  modules: readonly ModuleRow[],
  certificates: { program: string; status: CertificateStatus }[],
  now: Date,
): Promise<AssignmentRow[]> {
  const cohortIds = await cohortIdsOf(admin, userId);
  const list = await assignmentRepo(admin).of({ trainees: [userId], cohorts: cohortIds });
  // Assigned calls: passed (a run the server marked passed) → 已完成, any run → 学习中; overdue by the one rule.
  const runs = list.some((a) => a.kind === 'call') ? await listRuns(admin, { user: userId }) : [];
  const programs = programCatalog().programs;
  return list.map((a) => {
    const dueAt = pbDate(a.dueAt)!;
    let status: StudyStatus;
    let title: string;
    let href: string;
    if (a.kind === 'module') {
      const row = modules.find((m) => m.module === a.ref);
      status = row ? moduleStatus(row, dueAt, now) : 'not-started';
      title = `单元：${
        quizCatalog()
          .quizzes.get(`quiz-${a.ref}`)
          ?.title.replace(/ · 单元测验$/, '') ?? a.ref
      }`;
      href = `/modules/${a.ref}`;
    } else if (a.kind === 'call') {
      const mine = runs.filter((r) => r.call === a.ref);
      status = studyStatus(
        mine.some((r) => r.passed),
        mine.length > 0,
        dueAt,
        now,
      );
      title = `模拟来电：${callById(a.ref)?.title ?? a.ref}`;
      href = `/learn/calls/${a.ref}`;
    } else {
      const program = programs.get(a.ref);
      const certified = certificates.some((c) => c.program === a.ref && isCertifiedStatus(c.status));
      const started = !!program?.requiredModules.some(
        (m) => modules.find((r) => r.module === m)?.status !== 'not-started',
      );
      status = studyStatus(certified, started, dueAt, now);
      title = `认证：${program?.title ?? a.ref}`;
      href = '/learn#certification';
    }
    return { id: a.id, kind: a.kind, ref: a.ref, title, href, dueAt, status, note: a.note };
  });
}

/** A learner's certificates as their pages list them: status from dates, revoked ones kept with when and why. */
function certificateRows(certificates: Awaited<ReturnType<typeof certificatesOf>>, now: Date) {
  return certificates.map((c) => ({
    id: c.id,
    program: c.program,
    title: programCatalog().programs.get(c.program)?.title ?? c.program,
    status: certificateStatus(c, now),
    daysLeft: daysUntilExpiry(c, now),
    validFrom: c.validFrom,
    expiresAt: c.expiresAt,
    /** Revoked certificates stay listed, with when and why. */
    revokedAt: c.revokedAt,
    revokedReason: c.revokedReason,
  }));
}

/** Every certificate of the learner, newest first (the 我的证书 page). */
export async function learnerCertificates(admin: PocketBase, userId: string, now: Date) {
  return certificateRows(await certificatesOf(admin, userId), now);
}

/** Everything /learn shows a trainee. */
export async function learnerDashboard(admin: PocketBase, userId: string, now: Date) {
  // The learner's own graded attempts' follow-ups first (usually none left): progress and certificates are current.
  await settleFollowUpsOf(admin, userId);
  const [moduleRows, certificates, recentAttempts, lastLesson] = await Promise.all([
    moduleRowsOf(admin, [userId], now),
    certificatesOf(admin, userId),
    recentSubmittedAttempts(admin, userId, 5),
    lastUnfinishedLesson(admin, userId),
  ]);
  const modules = moduleRows.get(userId)!;
  const certs = certificateRows(certificates, now);
  const assignments = await assignmentsOf(admin, userId, modules, certs, now);
  const continueLesson = lastLesson ? lessonIndex().get(lastLesson) : undefined;
  return {
    modules,
    assignments,
    certificates: certs,
    continueLesson: continueLesson ? { title: continueLesson.title, href: `/modules/${continueLesson.id}` } : null,
    recentAttempts: recentAttempts.map((a) => ({
      id: a.id,
      title: quizCatalog().quizzes.get(a.quiz)?.title ?? a.quiz,
      percent: a.score,
      passed: a.passed,
      submittedAt: a.submittedAt,
    })),
  };
}
