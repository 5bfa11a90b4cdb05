import { describe, expect, it } from 'vitest';
import {
  addMonths,
  certificateStatus,
  certifiedStatuses,
  isCertifiedStatus,
  currentCycle,
  daysUntilExpiry,
  decideIssue,
  callEvidence,
  maskEmployeeNo,
  missingRequirements,
  type CertificationEvidence,
} from '../../src/domain/certification/rules.ts';
import { certificationProgramSchema } from '../../src/domain/certification/schema.ts';

const program = certificationProgramSchema.parse({
  id: 'p',
  title: '测试认证',
  description: '用于测试的认证项目。',
  requiredModules: ['complaint-psychology', 'complaint-handling'],
  exam: 'exam-x',
  practical: { rubric: 'affinity', minPercent: 80, description: '模拟演练' },
  validityMonths: 12,
  recertificationWindowDays: 60,
});
const d = (s: string) => new Date(`${s}T08:00:00Z`);
const evidence = (over: Partial<CertificationEvidence> = {}): CertificationEvidence => ({
  modules: [
    { module: 'complaint-psychology', completedAt: d('2026-01-05'), quizPercent: 90, studySeconds: 600 },
    { module: 'complaint-handling', completedAt: d('2026-01-06'), quizPercent: 85, studySeconds: 600 },
  ],
  exam: { percent: 88, passedAt: d('2026-01-07') },
  practical: { percent: 82, assessedAt: d('2026-01-08'), assessmentId: 'x' },
  ...over,
});

describe('issuing certificates', () => {
  it('issues when every requirement is met, valid for the program’s months', () => {
    expect(decideIssue(program, evidence(), [], 0.85, d('2026-01-08'))).toEqual({
      issue: true,
      validFrom: d('2026-01-08'),
      expiresAt: d('2027-01-08'),
    });
  });
  it('lists what is missing and does not issue before the last requirement', () => {
    const r = decideIssue(
      program,
      evidence({ practical: { percent: 79, assessedAt: d('2026-01-08'), assessmentId: 'x' }, exam: null }),
      [],
      0.85,
      d('2026-01-08'),
    );
    expect(r).toEqual({
      issue: false,
      reason: 'requirements',
      missing: [{ kind: 'exam' }, { kind: 'practical', minPercent: 80 }],
    });
    const noModule = evidence({
      modules: [{ module: 'complaint-psychology', completedAt: null, quizPercent: null, studySeconds: 0 }],
    });
    expect(decideIssue(program, noModule, [], 0.85, d('2026-01-08'))).toMatchObject({
      issue: false,
      missing: [
        { kind: 'module', module: 'complaint-psychology' },
        { kind: 'module', module: 'complaint-handling' },
      ],
    });
  });
  it('never issues twice in a period; recertification opens 60 days before expiry with fresh evidence', () => {
    const first = { validFrom: d('2026-01-08'), expiresAt: d('2027-01-08'), revokedAt: null };
    expect(decideIssue(program, evidence(), [first], 0.85, d('2026-06-01'))).toMatchObject({
      issue: false,
      reason: 'certified',
    });
    // In the window, but the exam and practical are from the old cycle.
    expect(decideIssue(program, evidence(), [first], 0.85, d('2026-11-20'))).toMatchObject({
      issue: false,
      reason: 'requirements',
    });
    const fresh = evidence({
      exam: { percent: 90, passedAt: d('2026-11-15') },
      practical: { percent: 90, assessedAt: d('2026-11-18'), assessmentId: 'y' },
    });
    expect(decideIssue(program, fresh, [first], 0.85, d('2026-11-20'))).toEqual({
      issue: true,
      validFrom: d('2027-01-08'),
      expiresAt: d('2028-01-08'),
    });
  });
  it('starts a new cycle after expiry or revocation', () => {
    expect(
      currentCycle(
        program,
        [{ validFrom: d('2025-01-01'), expiresAt: d('2026-01-01'), revokedAt: null }],
        d('2026-02-01'),
      ),
    ).toEqual({ open: true, evidenceSince: new Date(0), validFrom: d('2026-02-01') });
    expect(
      currentCycle(
        program,
        [{ validFrom: d('2026-01-01'), expiresAt: d('2027-01-01'), revokedAt: d('2026-02-01') }],
        d('2026-03-01'),
      ).open,
    ).toBe(true);
  });
});

describe('certificate status', () => {
  const c = { validFrom: d('2026-01-08'), expiresAt: d('2027-01-08'), revokedAt: null };
  it('is computed from dates', () => {
    expect(certificateStatus(c, d('2026-06-01'))).toBe('valid');
    expect(certificateStatus(c, d('2026-12-10'))).toBe('expiring');
    expect(daysUntilExpiry(c, d('2026-12-10'))).toBe(29);
    expect(certificateStatus(c, d('2027-01-08'))).toBe('expired');
    expect(certificateStatus({ ...c, revokedAt: d('2026-02-01') }, d('2026-06-01'))).toBe('revoked');
    expect(certificateStatus(c, d('2026-01-01'))).toBe('pending');
  });
  it('adds calendar months without overflowing short months', () => {
    expect(addMonths(new Date('2026-01-31T00:00:00Z'), 1)).toEqual(new Date('2026-02-28T00:00:00Z'));
    expect(addMonths(new Date('2024-02-29T00:00:00Z'), 12)).toEqual(new Date('2025-02-28T00:00:00Z'));
  });
  it('masks the employee number on the public page', () => {
    expect(maskEmployeeNo('10001')).toBe('10**1');
    expect(maskEmployeeNo('2001')).toBe('2**1');
    expect(maskEmployeeNo('A12345678')).toBe('A1******8');
  });
});

describe('certified (the one rule for 「已认证」)', () => {
  it('counts valid and expiring certificates, nothing else', () => {
    expect([...certifiedStatuses]).toEqual(['valid', 'expiring']);
    expect(['valid', 'expiring', 'expired', 'revoked', 'pending', 'none'].filter(isCertifiedStatus)).toEqual([
      'valid',
      'expiring',
    ]);
  });
});

describe('required calls', () => {
  const withCalls = certificationProgramSchema.parse({ ...program, requiredCalls: ['call-a', 'call-b'] });
  const run = (id: string, call: string, passed: boolean, ended: string | null, ratio = 0.8) => ({
    id,
    call,
    passed,
    endedAt: ended ? d(ended) : null,
    ratio,
  });

  it('takes, per required call, the latest run the server marked passed, and ignores other calls and failures', () => {
    const runs = [
      run('r1', 'call-a', true, '2026-01-02', 0.75),
      run('r2', 'call-a', true, '2026-01-04', 0.9),
      run('r3', 'call-a', false, '2026-01-05', 0.95),
      run('r4', 'call-b', false, '2026-01-05'),
      run('r5', 'call-c', true, '2026-01-05'),
      run('r6', 'call-b', true, null),
    ];
    expect(callEvidence(runs, ['call-a', 'call-b'])).toEqual([
      { call: 'call-a', runId: 'r2', passedAt: d('2026-01-04'), ratio: 0.9 },
    ]);
  });

  it('names every required call not passed, and refuses a certificate until all are', () => {
    const some = evidence({ calls: [{ call: 'call-a', runId: 'r2', passedAt: d('2026-01-04'), ratio: 0.9 }] });
    expect(missingRequirements(withCalls, some, new Date(0), 0.85)).toEqual([{ kind: 'call', call: 'call-b' }]);
    expect(decideIssue(withCalls, some, [], 0.85, d('2026-01-08'))).toMatchObject({
      issue: false,
      reason: 'requirements',
      missing: [{ kind: 'call', call: 'call-b' }],
    });
    // Evidence from before calls existed (no `calls`) lacks them all.
    expect(missingRequirements(withCalls, evidence(), new Date(0), 0.85)).toEqual([
      { kind: 'call', call: 'call-a' },
      { kind: 'call', call: 'call-b' },
    ]);
    const all = evidence({
      calls: [
        { call: 'call-a', runId: 'r2', passedAt: d('2026-01-04'), ratio: 0.9 },
        { call: 'call-b', runId: 'r7', passedAt: d('2026-01-08'), ratio: 0.7 },
      ],
    });
    expect(decideIssue(withCalls, all, [], 0.85, d('2026-01-08'))).toMatchObject({ issue: true });
    // A program without required calls never asks for them.
    expect(missingRequirements(program, evidence(), new Date(0), 0.85)).toEqual([]);
  });

  it('counts for recertification only a call passed since the window opened', () => {
    const since = d('2026-01-05');
    const old = evidence({
      modules: evidence().modules.map((m) => ({ ...m, completedAt: d('2026-01-06') })),
      calls: [
        { call: 'call-a', runId: 'r2', passedAt: d('2026-01-04'), ratio: 0.9 },
        { call: 'call-b', runId: 'r7', passedAt: since, ratio: 0.7 },
      ],
    });
    expect(missingRequirements(withCalls, old, since, 0.85)).toEqual([{ kind: 'call', call: 'call-a' }]);
  });
});
