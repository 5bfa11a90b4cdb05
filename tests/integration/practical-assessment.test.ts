import { beforeAll, describe, expect, it } from 'vitest';
import { describePractical } from '../../src/domain/certification/practical-view.ts';
import { gatherEvidence } from '../../src/domain/certification/service.ts';
import { programCatalog } from '../../src/domain/certification/catalog.ts';
import { traineeDetail } from '../../src/domain/training/trainer-views.ts';
import { recordPractical } from '../../src/domain/training/service.ts';
import type { StaffUser } from '../../src/domain/identity/schema.ts';
import { asAdmin, makeUser } from './pocketbase-fixtures.ts';

type Made = Awaited<ReturnType<typeof makeUser>>;
const now = () => new Date('2026-11-27T08:00:00Z');
const staff = (m: Made): StaffUser => ({
  id: m.id,
  role: 'trainer',
  email: m.email,
  name: '考核老师',
  employeeNo: 'x',
  department: '',
  team: '',
});
const levels = (rubricId: string, level: number) =>
  Object.fromEntries(
    programCatalog()
      .rubrics.get(rubricId)!
      .dimensions.flatMap((d) => d.criteria.map((c) => [`${d.id}.${c.id}`, level])),
  );

describe('practical assessments scored by the server', () => {
  let trainee: Made, trainer: Made;
  beforeAll(async () => {
    [trainee, trainer] = await Promise.all([makeUser('trainee'), makeUser('trainer')]);
    await (
      await asAdmin()
    )
      .collection('cohorts')
      .create({ name: '实操考核班', trainer: trainer.id, members: [trainee.id] });
  });
  const base = () => ({
    trainee: trainee.id,
    program: 'hotline-agent',
    kind: 'role-play',
    rubric: 'affinity',
    rolePlayCase: 'affinity-abusive-caller',
    comments: '',
  });

  it('stores pass/fail decided on save: a critical error fails full marks, whatever the browser claims', async () => {
    const admin = await asAdmin();
    const forged = {
      ...base(),
      scores: levels('affinity', 4),
      criticalErrors: ['hang-up'],
      passed: true,
      percent: 100,
      outcome: { reasons: [] },
    };
    const saved = await recordPractical(admin, staff(trainer), forged, now());
    const stored = await admin.collection('practical_assessments').getOne(saved.id);
    expect(stored).toMatchObject({
      percent: 100,
      passed: false,
      rubricVersion: 2,
      rubric: 'affinity',
      rolePlayCase: 'affinity-abusive-caller',
    });
    expect(stored.outcome).toMatchObject({ criticalErrors: ['hang-up'], reasons: ['出现严重错误：挂断客户电话'] });
  });

  it('fails a dimension below its minimum and passes a clean sheet; certification evidence takes the passed one', async () => {
    const admin = await asAdmin();
    const weakCourtesy = {
      ...levels('affinity', 4),
      'courtesy.process-wording': 0,
      'courtesy.voice-tone': 1,
      'courtesy.pace-clarity': 4,
    };
    const low = await recordPractical(
      admin,
      staff(trainer),
      { ...base(), scores: weakCourtesy },
      new Date('2026-11-27T08:01:00Z'),
    );
    expect(low).toMatchObject({ passed: false, percent: 78.1 });
    expect(low.outcome.dimensions.find((d: { id: string }) => d.id === 'courtesy')).toMatchObject({
      percent: 41.7,
      met: false,
    });
    const good = await recordPractical(
      admin,
      staff(trainer),
      { ...base(), scores: { ...levels('affinity', 4), 'patience.ownership': 2 } },
      new Date('2026-11-27T08:02:00Z'),
    );
    expect(good).toMatchObject({ passed: true, percent: 93.8 });
    const later = await recordPractical(
      admin,
      staff(trainer),
      { ...base(), scores: levels('affinity', 4), criticalErrors: ['data-leak'] },
      new Date('2026-11-27T08:03:00Z'),
    );
    expect(later.passed).toBe(false);
    const evidence = await gatherEvidence(admin, trainee.id, programCatalog().programs.get('hotline-agent')!);
    expect(evidence.practical).toMatchObject({ assessmentId: good.id, passed: true, percent: 93.8 });
    // An affinity assessment does not count for the complaint specialist (its practical uses the complaint-process sheet).
    expect(
      (await gatherEvidence(admin, trainee.id, programCatalog().programs.get('complaint-specialist')!)).practical,
    ).toBeNull();
  });

  it('refuses, in Chinese, what the rubric and the program do not allow', async () => {
    const admin = await asAdmin();
    const refused = (input: object) =>
      recordPractical(admin, staff(trainer), input, now()).then(
        () => 'saved',
        (e: Error) => e.message,
      );
    expect(await refused({ ...base(), rolePlayCase: '', scores: levels('affinity', 4) })).toBe(
      '模拟演练请选择所用的标准演练案例。',
    );
    expect(
      await refused({ ...base(), rolePlayCase: 'complaint-unknown-service-charge', scores: levels('affinity', 4) }),
    ).toBe('所选演练案例不存在，或不属于这张评分表。');
    expect(await refused({ ...base(), program: 'complaint-specialist', scores: levels('affinity', 4) })).toContain(
      '「投诉处理专员认证」的实操考核要用「投诉处理流程评分表（模拟通话版）」评分',
    );
    expect(await refused({ ...base(), scores: { ...levels('affinity', 4), 'courtesy.voice-tone': 5 } })).toBe(
      '请为「语音亲切、语气诚恳」打分（0–4 分）。',
    );
    expect(await refused({ ...base(), scores: levels('affinity', 4), criticalErrors: ['swearing'] })).toBe(
      '严重错误选项与评分表不一致，请刷新页面后重试。',
    );
    // A call review needs no case and may count for no program (the rubric's own pass mark).
    const review = await recordPractical(
      admin,
      staff(trainer),
      { ...base(), kind: 'call-review', program: '', rolePlayCase: '', scores: levels('affinity', 3) },
      now(),
    );
    expect(review).toMatchObject({ passed: false, percent: 75, rolePlayCase: '' });
  });

  it('keeps an assessment scored on the old sheet readable on the trainee page', async () => {
    const admin = await asAdmin();
    const old = await admin.collection('practical_assessments').create({
      trainee: trainee.id,
      assessor: trainer.id,
      program: 'hotline-agent',
      kind: 'call-review',
      rubric: 'affinity',
      scores: { 'courtesy.process': 5, 'patience.confidence': 4 },
      percent: 86.7,
      comments: '旧版评分',
      assessedAt: '2026-10-01T08:00:00Z',
    });
    const row = (await traineeDetail(admin, trainee.id)).practicals.find((p) => p.id === old.id)!;
    expect(row.rubricVersion).toBe(0);
    expect(describePractical(row, programCatalog())).toMatchObject({
      legacy: true,
      passed: null,
      percent: 86.7,
      comments: '旧版评分',
      program: '热线客服代表上岗认证',
    });
  });
});
