import type PocketBase from 'pocketbase';
import { settleFollowUpsOf } from '../assessment/follow-ups.ts';
import {
  certificateStatus,
  daysUntilExpiry,
  isCertifiedStatus,
  type CertificateStatus,
} from '../certification/rules.ts';
import { modulePercent, moduleStatus, studyStatus, type ModuleProgressInput, type StudyStatus } from './rules.ts';
import { moduleSlugs } from '../course/module-schema.ts';
import { certificatesOf } from '../certification/service.ts';
import { anyOf, cohortIdsOf } from '../training/cohort-members.ts';
import { lessonIndex, lessonsOf } from './lesson-index.ts';
import { programCatalog } from '../certification/catalog.ts';
import { quizCatalog } from '../assessment/catalog.ts';
import { listRuns } from '../calls/repo.ts';
import { callById } from '../calls/catalog.ts';
import { pbDate } from '../../platform/pocketbase/dates.ts';

const opts = { requestKey: null };

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
  const records = await admin
    .collection('module_progress')
    .getFullList({ filter: userIds.map((id) => admin.filter('user = {:id}', { id })).join(' || '), ...opts });
  for (const userId of userIds) {
    rows.set(
      userId,
      moduleSlugs.map((module) => {
        const r = records.find((x) => x.user === userId && x.module === module);
        const input: ModuleProgressInput = {
          lessonsTotal: lessonsOf(module).length,
          lessonsStarted: (r?.lessonsStarted as number) ?? 0,
          lessonsCompleted: (r?.lessonsCompleted as number) ?? 0,
          quizPassed: !!r?.quizPassed,
          quizAttempted: !!r?.quizAttempted,
        };
        return {
          module,
          ...input,
          seconds: (r?.seconds as number) ?? 0,
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
  const filter = [admin.filter('trainee = {:u}', { u: userId }), anyOf(admin, 'cohort', cohortIds)]
    .filter(Boolean)
    .join(' || ');
  const list = await admin.collection('assignments').getFullList({ filter, sort: 'dueAt', ...opts });
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
    return { id: a.id, kind: a.kind, ref: a.ref, title, href, dueAt, status, note: String(a.note ?? '') };
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
  const [moduleRows, certificates, recentAttempts, lastLessons] = await Promise.all([
    moduleRowsOf(admin, [userId], now),
    certificatesOf(admin, userId),
    admin.collection('attempts').getList(1, 5, {
      filter: admin.filter('user = {:u} && status = "submitted"', { u: userId }),
      sort: '-submittedAt',
      ...opts,
    }),
    admin.collection('lesson_progress').getList(1, 1, {
      filter: admin.filter('user = {:u} && completedAt = ""', { u: userId }),
      sort: '-lastEventAt',
      ...opts,
    }),
  ]);
  const modules = moduleRows.get(userId)!;
  const certs = certificateRows(certificates, now);
  const assignments = await assignmentsOf(admin, userId, modules, certs, now);
  const continueLesson = lastLessons.items[0] ? lessonIndex().get(lastLessons.items[0].lesson as string) : undefined;
  return {
    modules,
    assignments,
    certificates: certs,
    continueLesson: continueLesson ? { title: continueLesson.title, href: `/modules/${continueLesson.id}` } : null,
    recentAttempts: recentAttempts.items.map((a) => ({
      id: a.id,
      title: quizCatalog().quizzes.get(a.quiz as string)?.title ?? (a.quiz as string),
      percent: a.score as number,
      passed: a.passed as boolean,
      submittedAt: pbDate(a.submittedAt)!,
    })),
  };
}
