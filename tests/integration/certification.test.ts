import { beforeAll, describe, expect, it } from 'vitest';
import { attemptContextFor } from '../../src/domain/assessment/attempt-context.ts';
import { startAttempt, submitAttempt } from '../../src/domain/assessment/service.ts';
import {
  certificatesOf,
  gatherEvidence,
  revokeCertificate,
  verifyCertificate,
} from '../../src/domain/certification/service.ts';
import { lessonsOf } from '../../src/domain/progress/lesson-index.ts';
import { reportStudy } from '../../src/domain/progress/study-clock.ts';
import { newVerificationCode } from '../../src/domain/certification/verification-code.ts';
import { recordProgress } from '../../src/domain/progress/service.ts';
import { recordPractical } from '../../src/domain/training/service.ts';
import { programCatalog } from '../../src/domain/certification/catalog.ts';
import type { ProgressEvent } from '../../src/domain/progress/schema.ts';
import { addMonths, decideIssue } from '../../src/domain/certification/rules.ts';
import { eventId, studyModuleHonestly, TestClock } from '../support/honest-study.ts';
import { correctResponse } from '../support/answer-key.ts';
import { asAdmin, makeUser, viewerOf } from './pocketbase-fixtures.ts';
import { playModelPath } from '../support/honest-call.ts';

type Made = Awaited<ReturnType<typeof makeUser>>;
const clock = new TestClock(Date.parse('2026-11-24T08:00:00Z'));
const now = clock.now;

describe('progress events', () => {
  it('are idempotent: a retried batch changes nothing, and heartbeats are capped and credited on the server clock', async () => {
    const admin = await asAdmin();
    const trainee = await makeUser('trainee');
    const lesson = lessonsOf('stress-management')[0]!;
    const t = new TestClock(Date.parse('2026-11-24T08:00:00Z'));
    // The first event starts the learner's study clock.
    await recordProgress(
      admin,
      trainee.id,
      [{ id: eventId(), lesson: lesson.id, type: 'view', position: 0.1 }],
      t.now(),
    );
    t.advance(200);
    const batch: ProgressEvent[] = [
      { id: eventId(), lesson: lesson.id, type: 'heartbeat', seconds: 15 },
      { id: eventId(), lesson: lesson.id, type: 'heartbeat', seconds: 90 },
      { id: eventId(), lesson: lesson.id, type: 'view', position: 0.5 },
    ];
    expect(await recordProgress(admin, trainee.id, batch, t.now())).toMatchObject({
      applied: 3,
      duplicates: 0,
      credited: 15 + 30,
    });
    expect(await recordProgress(admin, trainee.id, batch, t.now())).toMatchObject({
      applied: 0,
      duplicates: 3,
      credited: 0,
    });
    // Concurrent retries of the same new batch are applied once too.
    const more: ProgressEvent[] = [{ id: eventId(), lesson: lesson.id, type: 'heartbeat', seconds: 10 }];
    await Promise.all([
      recordProgress(admin, trainee.id, more, t.now()),
      recordProgress(admin, trainee.id, more, t.now()),
    ]);
    const record = await trainee.client.collection('lesson_progress').getFirstListItem(`lesson = "${lesson.id}"`);
    expect(record).toMatchObject({ seconds: 15 + 30 + 10, position: 0.5, reachedEnd: false, completedAt: '' });
    await expect(
      recordProgress(
        admin,
        trainee.id,
        [{ id: eventId(), lesson: 'stress-management/99-nope', type: 'view', position: 1 }],
        t.now(),
      ),
    ).rejects.toMatchObject({ name: 'UnknownLesson', log: 'unknown lesson stress-management/99-nope' });
  });
});

describe('automatic certification', () => {
  let trainee: Made, trainer: Made, otherTrainer: Made, hr: Made;
  beforeAll(async () => {
    [trainee, trainer, otherTrainer, hr] = await Promise.all([
      makeUser('trainee'),
      makeUser('trainer'),
      makeUser('trainer'),
      makeUser('hr'),
    ]);
    await (
      await asAdmin()
    )
      .collection('cohorts')
      .create({ name: '认证测试班', trainer: trainer.id, members: [trainee.id] });
  });
  // The tests after the first make their own trainee (in a cohort of `trainer`) and the records they need.
  const traineeOfTrainer = async () => {
    const made = await makeUser('trainee');
    await (
      await asAdmin()
    )
      .collection('cohorts')
      .create({ name: '认证测试班', trainer: trainer.id, members: [made.id] });
    return made;
  };
  /** A complaint-specialist certificate valid from `now()`, written as the server writes one. */
  const issueDirectly = async (holder: Made) => {
    const admin = await asAdmin();
    const account = await admin.collection('users').getOne(holder.id);
    const program = programCatalog().programs.get('complaint-specialist')!;
    return admin.collection('certificates').create({
      user: holder.id,
      program: program.id,
      code: newVerificationCode(),
      issuedAt: now().toISOString(),
      validFrom: now().toISOString(),
      expiresAt: addMonths(now(), program.validityMonths).toISOString(),
      evidence: { source: 'certification test' },
      holderName: account.name,
      holderEmployeeNo: account.employeeNo,
      follows: 'first',
    });
  };

  it('issues the certificate at the moment the last requirement is met, and not before', async () => {
    const admin = await asAdmin();
    const ctx = attemptContextFor(admin, now);
    const program = programCatalog().programs.get('complaint-specialist')!;
    const passQuiz = async (quizId: string) => {
      const attempt = await startAttempt(ctx, trainee.id, quizId);
      const keys = await ctx.store.keysFor(attempt.attemptId);
      const responses = Object.fromEntries(
        keys.questions.map((d) => [d.id, correctResponse(ctx.catalog.questions.get(d.id)!, d.layout)]),
      );
      expect((await submitAttempt(ctx, trainee.id, attempt.attemptId, responses)).passed).toBe(true);
    };
    const certificates = async () => (await certificatesOf(admin, trainee.id)).filter((c) => c.program === program.id);
    const practical = (score: number, criticalErrors: string[] = []) => ({
      trainee: trainee.id,
      program: program.id,
      kind: 'role-play',
      rubric: 'complaint-process',
      rolePlayCase: 'complaint-repeat-fault-manager',
      comments: '处理得当',
      criticalErrors,
      scores: Object.fromEntries(
        programCatalog()
          .rubrics.get('complaint-process')!
          .dimensions.flatMap((d) => d.criteria.map((c) => [`${d.id}.${c.id}`, score])),
      ),
    });

    for (const module of program.requiredModules) {
      await studyModuleHonestly(admin, trainee.id, module, clock);
      await passQuiz(`quiz-${module}`);
    }
    const modules = await trainee.client.collection('module_progress').getFullList();
    expect(
      modules
        .filter((m) => m.completedAt)
        .map((m) => m.module)
        .sort(),
    ).toEqual([...program.requiredModules].sort());
    expect(await certificates()).toHaveLength(0);

    await passQuiz(program.exam);
    expect(await certificates()).toHaveLength(0);

    // 3 of 4 on every criterion is 75%: below the 80% the program requires.
    await recordPractical(admin, viewerOf(trainer, 'trainer'), practical(3), now());
    expect(await certificates()).toHaveLength(0);
    // Full marks with a critical error fail the practical: still no certificate.
    clock.advance(30);
    const failed = await recordPractical(
      admin,
      viewerOf(trainer, 'trainer'),
      practical(4, ['unauthorised-promise']),
      now(),
    );
    expect(failed).toMatchObject({
      percent: 100,
      passed: false,
      rubricVersion: 2,
      rolePlayCase: 'complaint-repeat-fault-manager',
    });
    expect(await certificates()).toHaveLength(0);

    // The program requires passing its hardest simulated calls, played through the service (the server decides
    // the pass). All but the last: a passing practical still issues nothing, and the decision names the missing call.
    const calls = program.requiredCalls!;
    expect(calls.length).toBeGreaterThanOrEqual(4);
    for (const call of calls.slice(0, -1)) {
      const run = await playModelPath(admin, trainee.id, call, now);
      expect(run, call).toMatchObject({ status: 'ended', passed: true });
    }
    clock.advance(30);
    await recordPractical(admin, viewerOf(trainer, 'trainer'), practical(4), now());
    expect(await certificates()).toHaveLength(0);
    const decision = decideIssue(program, await gatherEvidence(admin, trainee.id, program), [], 0.85, now());
    expect(decision).toMatchObject({ issue: false, missing: [{ kind: 'call', call: calls.at(-1) }] });

    clock.advance(60);
    // The last call passed and a passing assessment recorded at once (as two app processes would), a second apart: each finds the trainee
    // eligible with no certificate yet, and each would start the period at its own moment (so the unique validFrom
    // index alone would not stop the second); the certificate follows no other one, and only one may do that.
    const later = new Date(now().getTime() + 1000);
    const [lastRun] = await Promise.all([
      playModelPath(admin, trainee.id, calls.at(-1)!, now),
      recordPractical(admin, viewerOf(trainer, 'trainer'), practical(4), now()),
      recordPractical(admin, viewerOf(trainer, 'trainer'), practical(4), later),
    ]);
    expect(lastRun.passed).toBe(true);
    expect(await certificates()).toHaveLength(1);
    const [cert] = await certificates();
    expect(cert).toBeDefined();
    expect(cert!.follows).toBe('first');
    const issuedAt = cert!.issuedAt.getTime() === later.getTime() ? later : now();
    expect(cert!.issuedAt).toEqual(issuedAt);
    expect(cert!.expiresAt).toEqual(addMonths(issuedAt, program.validityMonths));
    // The evidence records the study time credited per module: at least each module's minimum.
    const evidence = cert!.evidence as { modules: { module: string; studySeconds: number }[] };
    for (const module of program.requiredModules) {
      const minimum = lessonsOf(module).reduce((s, l) => s + l.minSeconds, 0);
      expect(evidence.modules.find((m) => m.module === module)!.studySeconds).toBeGreaterThanOrEqual(minimum);
    }
    expect(cert!.code).toMatch(/^[A-Z2-7]{26}$/);
    // The holder as at issue, kept on the certificate.
    const account = await admin.collection('users').getOne(trainee.id);
    expect(cert).toMatchObject({ holderName: account.name, holderEmployeeNo: account.employeeNo });
    expect((cert!.evidence as { practical: { percent: number } }).practical.percent).toBe(100);
    // The evidence records which runs passed the required calls.
    const callRuns = (cert!.evidence as { calls: { call: string; runId: string }[] }).calls;
    expect(callRuns.map((c) => c.call)).toEqual(calls);
    expect(callRuns.at(-1)!.runId).toBe(lastRun.id);

    // Meeting the requirements again in the same period issues nothing more.
    await recordPractical(admin, viewerOf(trainer, 'trainer'), practical(4), now());
    expect(await certificates()).toHaveLength(1);
    // The other program still lacks five modules.
    expect((await certificatesOf(admin, trainee.id)).some((c) => c.program === 'hotline-agent')).toBe(false);
  });

  it('shows the public verification with a masked 工号, then expiry and revocation', async () => {
    const admin = await asAdmin();
    const holder = await traineeOfTrainer();
    const cert = await issueDirectly(holder);
    const public1 = await verifyCertificate(admin, cert.code, now());
    expect(public1).toMatchObject({ holder: '测试trainee', program: '投诉处理专员认证', status: 'valid' });
    expect(public1!.employeeNo).toMatch(/^T.\*+.$/);
    expect(Object.keys(public1!).sort()).toEqual([
      'employeeNo',
      'expiresAt',
      'holder',
      'issuedAt',
      'program',
      'status',
      'validFrom',
    ]);
    expect((await verifyCertificate(admin, cert.code, addMonths(now(), 25)))!.status).toBe('expired');
    expect(await verifyCertificate(admin, 'AAAAAAAAAAAAAAAAAAAAAAAAAA', now())).toBeNull();
    expect(await verifyCertificate(admin, 'code" || 1=1', now())).toBeNull();

    await revokeCertificate(admin, hr.id, cert.id, '发证时练习成绩录入错误', now());
    expect((await verifyCertificate(admin, cert.code, now()))!.status).toBe('revoked');
    const log = await hr.client.collection('audit_log').getFullList({ filter: `target = "${cert.id}"` });
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ action: 'certificate.revoke', actor: hr.id });
    expect(log[0]!.details.reason).toBe('发证时练习成绩录入错误');
  });

  it('lets the cohort’s trainer and HR read the trainee’s records, but not another trainer or the trainee’s peers', async () => {
    // One record in each collection: lesson and module progress, an attempt, a practical assessment, a certificate.
    const trainee = await traineeOfTrainer();
    const admin = await asAdmin();
    await reportStudy(
      admin,
      trainee.id,
      [{ id: eventId(), lesson: lessonsOf('stress-management')[0]!.id, type: 'view', position: 0.2 }],
      now(),
    );
    await startAttempt(attemptContextFor(admin, now), trainee.id, 'quiz-stress-management');
    const affinity = programCatalog().rubrics.get('affinity')!;
    const scores = Object.fromEntries(
      affinity.dimensions.flatMap((d) => d.criteria.map((c) => [`${d.id}.${c.id}`, 2])),
    );
    await recordPractical(
      admin,
      viewerOf(trainer, 'trainer'),
      {
        trainee: trainee.id,
        program: '',
        kind: 'call-review',
        rubric: 'affinity',
        scores,
        criticalErrors: [],
        comments: '录音点评',
      },
      now(),
    );
    await issueDirectly(trainee);
    for (const collection of [
      'certificates',
      'lesson_progress',
      'module_progress',
      'practical_assessments',
      'attempts',
    ]) {
      const own = await trainee.client.collection(collection).getFullList();
      expect(own.length, collection).toBeGreaterThan(0);
      expect(
        (
          await trainer.client
            .collection(collection)
            .getFullList({ filter: `${collection === 'practical_assessments' ? 'trainee' : 'user'} = "${trainee.id}"` })
        ).length,
        collection,
      ).toBe(own.length);
      expect(
        (
          await hr.client
            .collection(collection)
            .getFullList({ filter: `${collection === 'practical_assessments' ? 'trainee' : 'user'} = "${trainee.id}"` })
        ).length,
        collection,
      ).toBe(own.length);
      expect((await otherTrainer.client.collection(collection).getFullList()).length, collection).toBe(0);
    }
    const peer = await makeUser('trainee');
    expect((await peer.client.collection('certificates').getFullList()).length).toBe(0);
    expect(
      await trainee.client
        .collection('audit_log')
        .getFullList()
        .catch((e: { status: number }) => e.status),
    ).toEqual([]);
  });

  it('refuses a practical assessment by a trainer who does not lead the trainee’s cohort', async () => {
    const trainee = await traineeOfTrainer();
    const admin = await asAdmin();
    await expect(
      recordPractical(
        admin,
        viewerOf(otherTrainer, 'trainer'),
        { trainee: trainee.id, program: '', kind: 'role-play', rubric: 'affinity', scores: {}, comments: '' },
        now(),
      ),
    ).rejects.toThrow('不在您带的班组');
  });
});
