import type PocketBase from 'pocketbase';
import { describe, expect, it } from 'vitest';
import { isModuleComplete } from '../../src/domain/progress/rules.ts';
import { newVerificationCode } from '../../src/domain/certification/verification-code.ts';
import { moduleSlugs } from '../../src/domain/course/module-schema.ts';
import { certificatesOf } from '../../src/domain/certification/service.ts';
import { currentRows, liveStaffView, staffView } from '../../src/domain/reporting/hr-dashboard.ts';
import { assignmentsOf, moduleRowsOf } from '../../src/domain/progress/learner-dashboard.ts';
import { lessonsOf } from '../../src/domain/progress/lesson-index.ts';
import { programCatalog } from '../../src/domain/certification/catalog.ts';
import { syncPrograms } from '../../src/domain/certification/program-sync.ts';
import { progressMatrix } from '../../src/domain/training/trainer-views.ts';
import { certificateStatus } from '../../src/domain/certification/rules.ts';
import { asAdmin, makeUser } from './pocketbase-fixtures.ts';

// The three places that show 「已逾期」 — the learner's assignments, the trainer's matrix and the HR view (SQL) — on one
// trainee in a real PocketBase, on the real clock. The exact boundaries are pinned in hr-dashboard.test.ts.

const day = 86_400_000;
const opts = { requestKey: null };

async function ensurePrograms(admin: PocketBase) {
  try {
    await syncPrograms(admin);
  } catch {
    await syncPrograms(admin); // another test file synced at the same moment
  }
}

/** A module_progress row as refreshModuleProgress() writes it (completedAt exactly when isModuleComplete()). */
async function moduleProgress(
  admin: PocketBase,
  user: string,
  module: string,
  lessonsCompleted: number,
  quizPassed: boolean,
) {
  const counts = {
    lessonsTotal: lessonsOf(module).length,
    lessonsStarted: lessonsCompleted,
    lessonsCompleted,
    quizPassed,
    quizAttempted: quizPassed,
  };
  await admin.collection('module_progress').create(
    {
      user,
      module,
      ...counts,
      completedAt: isModuleComplete(counts) ? new Date(Date.now() - 3 * day).toISOString() : '',
    },
    opts,
  );
}

describe('overdue in the learner dashboard, the trainer matrix and the HR view', () => {
  it('agree on the same trainee: done modules and certified programs are never overdue, the rest is once past due', async () => {
    const admin = await asAdmin();
    await ensurePrograms(admin);
    const trainer = await makeUser('trainer');
    const trainee = await makeUser('trainee');
    const [done, short, untouched, later] = moduleSlugs;
    const [certifiedProgram, uncertifiedProgram] = [...programCatalog().programs.keys()];
    expect([done, short, untouched, later, certifiedProgram, uncertifiedProgram].every(Boolean)).toBe(true);

    await moduleProgress(admin, trainee.id, done!, lessonsOf(done!).length, true);
    await moduleProgress(admin, trainee.id, short!, lessonsOf(short!).length - 1, true);
    await admin.collection('certificates').create(
      {
        user: trainee.id,
        program: certifiedProgram,
        code: newVerificationCode(),
        issuedAt: new Date(Date.now() - 10 * day).toISOString(),
        validFrom: new Date(Date.now() - 10 * day).toISOString(),
        expiresAt: new Date(Date.now() + 300 * day).toISOString(),
        evidence: { note: '测试数据' },
      },
      opts,
    );
    const cohort = await admin
      .collection('cohorts')
      .create({ name: `逾期对照${trainee.id}`, trainer: trainer.id, members: [trainee.id] }, opts);
    const past = new Date(Date.now() - day).toISOString();
    const future = new Date(Date.now() + day).toISOString();
    const assignments: [kind: 'module' | 'program', ref: string, dueAt: string, to: 'trainee' | 'cohort'][] = [
      ['module', done!, past, 'trainee'], // done: not overdue
      ['module', short!, past, 'cohort'], // one lesson short: overdue
      ['module', untouched!, past, 'trainee'], // never opened: overdue
      ['module', later!, future, 'cohort'], // not yet due
      ['program', certifiedProgram!, past, 'cohort'], // live certificate: not overdue
      ['program', uncertifiedProgram!, past, 'trainee'], // no certificate: overdue
    ];
    for (const [kind, ref, dueAt, to] of assignments)
      await admin.collection('assignments').create(
        {
          kind,
          ref,
          dueAt,
          assignedBy: trainer.id,
          ...(to === 'cohort' ? { cohort: cohort.id } : { trainee: trainee.id }),
        },
        opts,
      );

    const now = new Date();
    // Learner dashboard.
    const modules = (await moduleRowsOf(admin, [trainee.id], now)).get(trainee.id)!;
    const certificates = (await certificatesOf(admin, trainee.id)).map((c) => ({
      program: c.program,
      status: certificateStatus(c, now),
    }));
    const learner = await assignmentsOf(admin, trainee.id, modules, certificates, now);
    const overdueRefs = learner
      .filter((a) => a.status === 'overdue')
      .map((a) => a.ref)
      .sort();
    expect(overdueRefs).toEqual([short!, untouched!, uncertifiedProgram!].sort());

    // HR view (SQL): the same number on each of the trainee's program rows.
    // Other test files add throwaway programs to the shared PocketBase; the catalogue's programs are the ones that count.
    const catalogue = programCatalog().programs;
    // Both the live view and the summary the dashboard reads (its rows of now).
    for (const [view, filter] of [
      [liveStaffView, admin.filter('user = {:u}', { u: trainee.id })],
      [staffView, `${admin.filter('user = {:u}', { u: trainee.id })} && ${currentRows(admin, new Date())}`],
    ] as const) {
      const rows = (await admin.collection(view).getFullList({ filter, ...opts })).filter((r) =>
        catalogue.has(r.program),
      );
      expect(rows.length, view).toBe(catalogue.size);
      expect(rows.map((r) => r.overdue)).toEqual(rows.map(() => overdueRefs.length));
    }

    // Trainer matrix: a module is overdue when an assignment covering it (itself or a program requiring it) is past
    // due and it is not complete; the done module never is, the one due tomorrow only if a past-due program covers it.
    const viewer = {
      id: trainer.id,
      email: trainer.email,
      name: '测试trainer',
      employeeNo: '',
      role: 'trainer' as const,
      department: '测试部',
      team: '',
    };
    const matrix = await progressMatrix(admin, viewer, now);
    const cells = new Map(matrix.rows.find((r) => r.id === trainee.id)!.modules.map((m) => [m.module, m.status]));
    expect(cells.get(done!)).toBe('completed');
    expect(cells.get(short!)).toBe('overdue');
    expect(cells.get(untouched!)).toBe('overdue');
  });
});
