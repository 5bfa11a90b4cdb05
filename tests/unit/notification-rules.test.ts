import { describe, expect, it } from 'vitest';
import {
  dueNotifications,
  latestOffset,
  notificationKey,
  notificationRules,
  parseQuietHours,
  periodStart,
  quietUntil,
  retryDelayMs,
  type AssignmentFact,
  type CertificateFact,
  type NotificationFacts,
} from '../../src/domain/notifications/rules.ts';
import type { CertificationProgram } from '../../src/domain/certification/schema.ts';

const day = 86_400_000;
const t0 = new Date('2026-11-27T02:00:00Z'); // 10:00 China time
const at = (days: number, base = t0) => new Date(base.getTime() + days * day);

const program: CertificationProgram = {
  id: 'hotline-agent',
  title: '热线客服代表上岗认证',
  requiredModules: ['service-mindset'],
  exam: 'exam-hotline-agent',
  practical: { rubric: 'affinity', minPercent: 80 },
  validityMonths: 12,
  recertificationWindowDays: 60,
} as unknown as CertificationProgram;

const assignment = (over: Partial<AssignmentFact> = {}): AssignmentFact => ({
  userId: 'u'.repeat(15),
  assignmentId: 'a'.repeat(15),
  title: '单元：服务心态',
  href: '/modules/service-mindset',
  assignedAt: at(-30),
  dueAt: at(10),
  status: 'in-progress',
  ...over,
});
const certificate = (over: Partial<CertificateFact> = {}): CertificateFact => ({
  userId: 'u'.repeat(15),
  certificateId: 'c'.repeat(15),
  program,
  validFrom: at(-300),
  expiresAt: at(65),
  revokedAt: null,
  revokedReason: '',
  renewed: false,
  ...over,
});
const facts = (over: Partial<NotificationFacts> = {}): NotificationFacts => ({
  assignments: [],
  certificates: [],
  trainerDigests: [],
  hrUserIds: [],
  ...over,
});
const rulesAt = (f: NotificationFacts, now: Date) =>
  dueNotifications(f, now)
    .map((c) => `${c.rule}@${c.offset}`)
    .sort();

describe('notification rules (injected clock)', () => {
  it('are data: every rule has a stable id, a Chinese label and channels', () => {
    const ids = notificationRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of notificationRules) expect(r.label).toMatch(/[\u4e00-\u9fff]/);
  });

  it('assignment given: once, while not done, and not after a week', () => {
    const a = assignment({ assignedAt: at(-1), dueAt: at(20) });
    expect(rulesAt(facts({ assignments: [a] }), t0)).toEqual(['assignment-given@0']);
    expect(rulesAt(facts({ assignments: [{ ...a, status: 'completed' }] }), t0)).toEqual([]);
    expect(rulesAt(facts({ assignments: [{ ...a, assignedAt: at(-8) }] }), t0)).toEqual([]);
  });

  it('due in 7 and 1 days: the latest offset reached, never one before the assignment', () => {
    const a = assignment();
    expect(rulesAt(facts({ assignments: [{ ...a, dueAt: at(7.5) }] }), t0)).toEqual([]);
    expect(rulesAt(facts({ assignments: [{ ...a, dueAt: at(7) }] }), t0)).toEqual(['assignment-due@-7']);
    expect(rulesAt(facts({ assignments: [{ ...a, dueAt: at(3) }] }), t0)).toEqual(['assignment-due@-7']);
    // After downtime across both moments: only the 1-day reminder, not the missed 7-day one.
    expect(rulesAt(facts({ assignments: [{ ...a, dueAt: at(0.5) }] }), t0)).toEqual(['assignment-due@-1']);
    // Assigned 3 days before it is due: the 7-day moment came before it existed.
    const late = { ...a, assignedAt: at(-1), dueAt: at(2) };
    expect(rulesAt(facts({ assignments: [late] }), t0)).toEqual(['assignment-given@0']);
    // Assigned the day before it is due: the last reminder is sent all the same.
    const lastMinute = { ...a, assignedAt: at(-0.1), dueAt: at(0.5) };
    expect(rulesAt(facts({ assignments: [lastMinute] }), t0)).toEqual(['assignment-due@-1', 'assignment-given@0']);
  });

  it('overdue on day 1, then weekly (only the latest week after downtime)', () => {
    const overdue = (days: number) => assignment({ dueAt: at(-days), status: 'overdue' });
    expect(rulesAt(facts({ assignments: [overdue(0.1)] }), t0)).toEqual(['assignment-overdue@0']);
    expect(rulesAt(facts({ assignments: [overdue(6.9)] }), t0)).toEqual(['assignment-overdue@0']);
    expect(rulesAt(facts({ assignments: [overdue(7)] }), t0)).toEqual(['assignment-overdue@7']);
    expect(rulesAt(facts({ assignments: [overdue(30)] }), t0)).toEqual(['assignment-overdue@28']);
    // Completed work is never overdue.
    expect(rulesAt(facts({ assignments: [{ ...overdue(3), status: 'completed' }] }), t0)).toEqual([]);
  });

  it('certificate expiring in 60, 30 and 7 days; recertification window; renewed or revoked certificates', () => {
    expect(rulesAt(facts({ certificates: [certificate({ expiresAt: at(61) })] }), t0)).toEqual([]);
    expect(rulesAt(facts({ certificates: [certificate({ expiresAt: at(60) })] }), t0)).toEqual([
      'certificate-expiring@-60',
      'recertification-open@0',
    ]);
    expect(rulesAt(facts({ certificates: [certificate({ expiresAt: at(29) })] }), t0)).toEqual([
      'certificate-expiring@-30',
      'recertification-open@0',
    ]);
    expect(rulesAt(facts({ certificates: [certificate({ expiresAt: at(2) })] }), t0)).toEqual([
      'certificate-expiring@-7',
      'recertification-open@0',
    ]);
    expect(rulesAt(facts({ certificates: [certificate({ expiresAt: at(2), renewed: true })] }), t0)).toEqual([]);
    expect(rulesAt(facts({ certificates: [certificate({ expiresAt: at(-1) })] }), t0)).toEqual([]);
    const revoked = certificate({ revokedAt: at(-2), revokedReason: '发证有误' });
    expect(rulesAt(facts({ certificates: [revoked] }), t0)).toEqual(['certificate-revoked@0']);
    expect(dueNotifications(facts({ certificates: [revoked] }), t0)[0]!.body).toContain('发证有误');
    expect(rulesAt(facts({ certificates: [{ ...revoked, revokedAt: at(-40) }] }), t0)).toEqual([]);
  });

  it('trainer digest daily from 08:00 China time, only with overdue trainees; HR summary monthly', () => {
    const digest = {
      trainerId: 't'.repeat(15),
      overdue: [{ traineeName: '李晓雨', employeeNo: '10001', title: '单元：服务心态', dueAt: at(-3) }],
    };
    const f = facts({
      trainerDigests: [digest, { trainerId: 's'.repeat(15), overdue: [] }],
      hrUserIds: ['h'.repeat(15)],
    });
    const list = dueNotifications(f, t0);
    const d = list.find((c) => c.rule === 'trainer-digest')!;
    expect(d.item).toBe('digest:2026-11-27');
    expect(d.body).toContain('李晓雨（10001）');
    expect(list.filter((c) => c.rule === 'trainer-digest')).toHaveLength(1);
    // 07:30 China time: still yesterday's digest.
    expect(dueNotifications(f, new Date('2026-11-26T23:30:00Z')).find((c) => c.rule === 'trainer-digest')!.item).toBe(
      'digest:2026-11-26',
    );
    // Stale after a week: on the 27th the month's summary is no longer sent (catch-up without flooding).
    expect(list.some((c) => c.rule === 'hr-monthly')).toBe(false);
    const hr = dueNotifications(f, new Date('2026-12-02T03:00:00Z')).find((c) => c.rule === 'hr-monthly')!;
    expect(hr.item).toBe('summary:2026-12');
    expect(hr.title).toBe('认证月报（2026年12月）');
    expect(periodStart('month', 8, new Date('2026-12-01T00:30:00Z'))).toEqual({
      moment: new Date('2026-12-01T00:00:00Z'),
      label: '2026-12',
    });
  });

  it('keys are one per (user, item, rule, offset)', () => {
    const [c] = dueNotifications(facts({ assignments: [assignment({ dueAt: at(0.5) })] }), t0);
    expect(notificationKey(c!)).toBe(`${'u'.repeat(15)}|assignment:${'a'.repeat(15)}|assignment-due|-1`);
  });

  it('latestOffset repeats the last offset and drops stale ones', () => {
    const r = { offsetsDays: [0], repeatEveryDays: 7 };
    expect(latestOffset(r, at(-15), t0)?.offset).toBe(14);
    expect(latestOffset({ offsetsDays: [0], staleAfterDays: 1 }, at(-2), t0)).toBeNull();
    expect(latestOffset({ offsetsDays: [-7, -1] }, at(10), t0)).toBeNull();
  });
});

describe('quiet hours (China time)', () => {
  const quiet = parseQuietHours('21:00-08:00');
  it('defers from 21:00 to 08:00 the next morning', () => {
    expect(quietUntil(new Date('2026-11-27T12:59:00Z'), quiet)).toBeNull(); // 20:59
    expect(quietUntil(new Date('2026-11-27T13:00:00Z'), quiet)).toEqual(new Date('2026-11-28T00:00:00Z'));
    expect(quietUntil(new Date('2026-11-27T18:00:00Z'), quiet)).toEqual(new Date('2026-11-28T00:00:00Z')); // 02:00
    expect(quietUntil(new Date('2026-11-28T00:00:00Z'), quiet)).toBeNull(); // 08:00
  });
  it('daytime windows and off', () => {
    expect(quietUntil(new Date('2026-11-27T05:00:00Z'), parseQuietHours('12:00-14:00'))).toEqual(
      new Date('2026-11-27T06:00:00Z'),
    );
    expect(quietUntil(new Date('2026-11-27T15:00:00Z'), parseQuietHours('off'))).toBeNull();
    expect(() => parseQuietHours('9pm-8am')).toThrow(/21:00-08:00/);
  });
  it('retries back off exponentially, capped at 6 hours', () => {
    expect([1, 2, 3].map(retryDelayMs)).toEqual([60_000, 120_000, 240_000]);
    expect(retryDelayMs(20)).toBe(6 * 3_600_000);
  });
});
