import type { CertificationProgram } from './schema.ts';

/** What the server has gathered about a trainee for one program. Dates say when each requirement was met. */
export interface CertificationEvidence {
  /** Per module: when it was completed, the best module-quiz pass and the study time credited on the server's clock (s). */
  modules: { module: string; completedAt: Date | null; quizPercent: number | null; studySeconds: number }[];
  exam: { percent: number; passedAt: Date } | null;
  /** `passed` is what the server decided on save (critical errors, per-dimension minimums); absent on legacy rows. */
  practical: { percent: number; assessedAt: Date; assessmentId: string; passed?: boolean } | null;
  /** Per required simulated call: the latest run the server marked passed (absent on evidence from before calls). */
  calls?: CallEvidence[];
}

/** A passed run of a required call, as the certificate's evidence records it. */
export interface CallEvidence {
  call: string;
  runId: string;
  passedAt: Date;
  ratio: number;
}

/** An ended run of a simulated call, as far as certification needs it. */
export interface CallRunRecord {
  id: string;
  call: string;
  passed: boolean;
  endedAt: Date | null;
  ratio: number;
}

/**
 * The runs that stand as evidence for `requiredCalls`: per call, the latest run the server marked passed (only ended
 * runs have a pass). Calls without a passed run are left out.
 */
export function callEvidence(runs: readonly CallRunRecord[], requiredCalls: readonly string[]): CallEvidence[] {
  const evidence: CallEvidence[] = [];
  for (const call of requiredCalls) {
    const passed = runs
      .filter((r) => r.call === call && r.passed && r.endedAt)
      .sort((a, b) => b.endedAt!.getTime() - a.endedAt!.getTime())[0];
    if (passed) evidence.push({ call, runId: passed.id, passedAt: passed.endedAt!, ratio: passed.ratio });
  }
  return evidence;
}

/** A stored practical assessment, as far as certification needs it. */
export interface PracticalRecord {
  id: string;
  percent: number;
  assessedAt: Date;
  /** 0 for rows scored on the old sheet before pass/fail was stored. */
  rubricVersion: number;
  passed: boolean;
}

/** The practical assessments that count for `program`: scored with its rubric, for it or for no program. */
export function practicalsFor<P extends { program: string; rubric: string }>(
  rows: readonly P[],
  program: Pick<CertificationProgram, 'id' | 'practical'>,
): P[] {
  const rubric = program.practical?.rubric;
  return rubric ? rows.filter((r) => r.rubric === rubric && (r.program === program.id || r.program === '')) : [];
}

/**
 * The practical that stands as evidence: the latest one that passed (on the server's decision, and at least
 * `minPercent`), else the latest one. Rows from before pass/fail was stored (rubricVersion 0) count by percent.
 */
export function practicalEvidence(
  records: readonly PracticalRecord[],
  minPercent: number,
): CertificationEvidence['practical'] {
  const byDate = [...records].sort((a, b) => b.assessedAt.getTime() - a.assessedAt.getTime());
  const counts = (r: PracticalRecord) => r.percent >= minPercent && (r.rubricVersion < 2 || r.passed);
  const chosen = byDate.find(counts) ?? byDate[0];
  if (!chosen) return null;
  return {
    percent: chosen.percent,
    assessedAt: chosen.assessedAt,
    assessmentId: chosen.id,
    ...(chosen.rubricVersion >= 2 ? { passed: chosen.passed } : {}),
  };
}

export interface CertificateDates {
  validFrom: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

export type CertificateStatus = 'valid' | 'expiring' | 'expired' | 'revoked' | 'pending';
export const certificateStatusLabels: Record<CertificateStatus, string> = {
  valid: '有效',
  expiring: '即将到期',
  expired: '已过期',
  revoked: '已撤销',
  pending: '尚未生效',
};
/** A certificate is 「即将到期」 this many days before it expires. */
export const expiringSoonDays = 30;
const dayMs = 86_400_000;

export function addMonths(date: Date, months: number): Date {
  const d = new Date(date.getTime());
  const day = d.getUTCDate();
  d.setUTCMonth(d.getUTCMonth() + months);
  // 31 January + 1 month is the last day of February, not 3 March.
  if (d.getUTCDate() !== day) d.setUTCDate(0);
  return d;
}

/**
 * Status computed from dates (never stored, so it is always current). The HR view `hr_staff_certifications`
 * repeats this rule in SQL; tests/integration/hr-dashboard.test.ts compares the two around every boundary.
 */
export function certificateStatus(c: CertificateDates, now: Date): CertificateStatus {
  if (c.revokedAt) return 'revoked';
  if (now < c.validFrom) return 'pending';
  if (now >= c.expiresAt) return 'expired';
  return c.expiresAt.getTime() - now.getTime() <= expiringSoonDays * dayMs ? 'expiring' : 'valid';
}

/** Statuses in which a certificate is in effect: the holder counts as certified (「已认证」). */
export const certifiedStatuses = ['valid', 'expiring'] as const satisfies readonly CertificateStatus[];

/**
 * The one definition of 「已认证」 for a status computed by certificateStatus() (or read from the HR view, which
 * repeats that rule in SQL; tests/integration/hr-dashboard.test.ts pins the two together).
 */
export function isCertifiedStatus(status: string): boolean {
  return (certifiedStatuses as readonly string[]).includes(status);
}

/** Whole days until expiry (0 on the last day), negative once expired. */
export function daysUntilExpiry(c: CertificateDates, now: Date): number {
  return Math.ceil((c.expiresAt.getTime() - now.getTime()) / dayMs);
}

/**
 * The certification cycle a trainee is in: evidence counts from `evidenceSince`, and a certificate issued now
 * would be valid from `validFrom`. With an active certificate outside its recertification window, no new one
 * can be issued (`open` false).
 */
export function currentCycle(
  program: CertificationProgram,
  certificates: readonly CertificateDates[],
  now: Date,
): { open: boolean; evidenceSince: Date; validFrom: Date } {
  const live = certificates
    .filter((c) => !c.revokedAt)
    .sort((a, b) => b.expiresAt.getTime() - a.expiresAt.getTime())[0];
  if (!live || live.expiresAt <= now) return { open: true, evidenceSince: new Date(0), validFrom: now };
  const windowOpens = new Date(live.expiresAt.getTime() - program.recertificationWindowDays * dayMs);
  // Recertification: renewed evidence after the window opened; the new certificate continues the old one.
  return { open: now >= windowOpens, evidenceSince: windowOpens, validFrom: live.expiresAt };
}

export type Requirement =
  | { kind: 'module'; module: string }
  | { kind: 'exam' }
  | { kind: 'practical'; minPercent: number }
  | { kind: 'call'; call: string };

/** Requirements of `program` not yet met by `evidence` (dated on or after `since`). */
export function missingRequirements(
  program: CertificationProgram,
  evidence: CertificationEvidence,
  since: Date,
  examPassMark: number,
): Requirement[] {
  const missing: Requirement[] = [];
  for (const module of program.requiredModules) {
    const m = evidence.modules.find((x) => x.module === module);
    if (!m?.completedAt) missing.push({ kind: 'module', module });
  }
  if (!evidence.exam || evidence.exam.passedAt < since || evidence.exam.percent < examPassMark * 100 - 1e-9)
    missing.push({ kind: 'exam' });
  if (program.practical) {
    const p = evidence.practical;
    if (!p || p.assessedAt < since || p.passed === false || p.percent < program.practical.minPercent)
      missing.push({ kind: 'practical', minPercent: program.practical.minPercent });
  }
  for (const call of program.requiredCalls ?? []) {
    const passed = evidence.calls?.find((c) => c.call === call);
    if (!passed || passed.passedAt < since) missing.push({ kind: 'call', call });
  }
  return missing;
}

export type IssueDecision =
  | { issue: true; validFrom: Date; expiresAt: Date }
  | { issue: false; reason: 'certified' | 'requirements'; missing: Requirement[] };

/** Whether to issue a certificate now, and for which period. */
export function decideIssue(
  program: CertificationProgram,
  evidence: CertificationEvidence,
  certificates: readonly CertificateDates[],
  examPassMark: number,
  now: Date,
): IssueDecision {
  const cycle = currentCycle(program, certificates, now);
  if (!cycle.open) return { issue: false, reason: 'certified', missing: [] };
  const missing = missingRequirements(program, evidence, cycle.evidenceSince, examPassMark);
  if (missing.length) return { issue: false, reason: 'requirements', missing };
  return { issue: true, validFrom: cycle.validFrom, expiresAt: addMonths(cycle.validFrom, program.validityMonths) };
}

/** 工号 on the public verify page: first two and last characters, the rest masked. */
export function maskEmployeeNo(no: string): string {
  if (no.length <= 2) return '*'.repeat(no.length);
  const keepStart = no.length > 4 ? 2 : 1;
  return `${no.slice(0, keepStart)}${'*'.repeat(no.length - keepStart - 1)}${no.slice(-1)}`;
}
