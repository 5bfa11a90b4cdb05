import type PocketBase from 'pocketbase';
import {
  callEvidence,
  certificateStatus,
  currentCycle,
  isCertifiedStatus,
  missingRequirements,
  type Requirement,
  decideIssue,
  maskEmployeeNo,
  practicalEvidence,
  practicalsFor,
  type CertificateStatus,
  type CertificationEvidence,
} from './rules.ts';
import { isModuleComplete } from '../progress/rules.ts';
import type { CertificateRecord, CertificationProgram } from './schema.ts';
import {
  certificateByCode,
  certificateById,
  certificatesOf,
  certificatesPage,
  certificatesRead,
  createCertificate,
  markRevoked,
  practicalsRead,
  readableCertificate,
  type PracticalRow,
  type CertificateAccount,
} from './repo.ts';
import { lessonProgressRead, type LessonProgressRow } from '../progress/repo.ts';
import { endedRunsRead, type RunEvidence } from '../calls/repo.ts';
import { pbDate } from '../../platform/pocketbase/dates.ts';
import { passedAttemptsRead, type PassedAttempt } from '../assessment/repo.ts';
import { identityRead } from '../identity/repo.ts';
import { readLists } from '../../platform/pocketbase/reads.ts';
import { audit } from '../audit/repo.ts';
import { AppError, CertificateNotFound } from '../../platform/errors/index.ts';
import { newVerificationCode } from './verification-code.ts';
import { lessonsOf } from '../progress/lesson-index.ts';
import { programCatalog } from './catalog.ts';
import { learningEventWritten } from '../xapi/learning-events.ts';
import { moduleQuizId, quizCatalog } from '../assessment/catalog.ts';
import { callById } from '../calls/catalog.ts';

export { certificatesOf };

/** What certification evidence is built from: a learner's rows, read once for any number of programs. */
interface EvidenceRows {
  progress: LessonProgressRow[];
  attempts: PassedAttempt[];
  practicals: PracticalRow[];
  /** Ended simulated-call runs; read only when a program requires calls. */
  runs?: RunEvidence[];
}

/** The reads of `EvidenceRows` for `programs` (runs only when one of them requires calls). */
function evidenceReads(userId: string, programs: readonly CertificationProgram[]) {
  return {
    progress: lessonProgressRead(userId),
    attempts: passedAttemptsRead(userId),
    practicals: practicalsRead(userId),
    ...(programs.some((p) => p.requiredCalls?.length) ? { runs: endedRunsRead(userId) } : {}),
  };
}

/** Gather what a trainee has achieved towards `program` (dates say when each requirement was met): one round trip. */
export async function gatherEvidence(
  admin: PocketBase,
  userId: string,
  program: CertificationProgram,
): Promise<CertificationEvidence> {
  return evidenceOf(program, await readLists(admin, evidenceReads(userId, [program])));
}

/** The evidence towards `program` in a learner's rows. */
function evidenceOf(program: CertificationProgram, rows: EvidenceRows): CertificationEvidence {
  const { progress, attempts } = rows;
  const modules = program.requiredModules.map((module) => {
    const lessons = lessonsOf(module);
    const studied = progress.filter((p) => p.module === module && lessons.some((l) => l.id === p.lesson));
    const done = studied.filter((p) => p.completedAt);
    const studySeconds = studied.reduce((sum, p) => sum + p.seconds, 0);
    const quizPass = attempts.find((a) => a.quiz === moduleQuizId(module));
    const complete = isModuleComplete({
      lessonsTotal: lessons.length,
      lessonsCompleted: new Set(done.map((d) => d.lesson)).size,
      lessonsStarted: studied.length,
      quizPassed: !!quizPass,
      quizAttempted: !!quizPass,
    });
    // Completed when the last of its requirements was met.
    const dates = [...done.map((d) => d.completedAt!.getTime()), quizPass ? quizPass.submittedAt.getTime() : 0];
    return {
      module,
      completedAt: complete ? new Date(Math.max(...dates)) : null,
      quizPercent: quizPass ? quizPass.score : null,
      studySeconds,
    };
  });
  const examPass = attempts.filter((a) => a.quiz === program.exam).at(-1);
  // Only assessments scored with the program's practical rubric count (one recorded for no program counts too).
  const practical = practicalEvidence(practicalsFor(rows.practicals, program), program.practical?.minPercent ?? 0);
  return {
    modules,
    exam: examPass ? { percent: examPass.score, passedAt: examPass.submittedAt } : null,
    practical,
    ...(program.requiredCalls?.length
      ? {
          // Runs count by the pass the server stored when the run ended.
          calls: callEvidence(
            (rows.runs ?? []).map((r) => ({
              id: r.id,
              call: r.call,
              passed: r.passed,
              endedAt: pbDate(r.endedAt),
              ratio: r.scores?.ratio ?? 0,
            })),
            program.requiredCalls,
          ),
        }
      : {}),
  };
}

/**
 * Issue every certificate (of `programs`) the trainee has just become eligible for. Called right after anything
 * that can complete a requirement (a lesson, a quiz or exam, a practical assessment), possibly in several app
 * processes at once. Each new certificate names the newest one it follows (`follows`), and the unique
 * (user, program, follows) index lets only one of two concurrent issues for the same cycle land; the other is
 * refused with a 400 and issues nothing (as does the unique (user, program, validFrom) index).
 */
export async function issueEligibleCertificates(
  admin: PocketBase,
  userId: string,
  now: Date,
  programs: readonly CertificationProgram[] = [...programCatalog().programs.values()],
): Promise<CertificateRecord[]> {
  const issued: CertificateRecord[] = [];
  // Everything the decisions need, for every program, in one round trip.
  const {
    certificates: existing,
    holder: [holder],
    ...rows
  } = await readLists(admin, {
    certificates: certificatesRead(userId),
    holder: identityRead(userId),
    ...evidenceReads(userId, programs),
  });
  if (!holder) throw new Error(`no account ${userId} to certify`);
  for (const program of programs) {
    const exam = quizCatalog().quizzes.get(program.exam);
    const passMark = Math.max(program.examPassMark ?? 0, exam?.passMark ?? 1);
    const evidence = evidenceOf(program, rows);
    const mine = existing.filter((c) => c.program === program.id);
    const decision = decideIssue(program, evidence, mine, passMark, now);
    if (!decision.issue) continue;
    const newest = newestCertificate(mine);
    let certificate: CertificateRecord;
    try {
      certificate = await createCertificate(admin, {
        user: userId,
        program: program.id,
        code: newVerificationCode(),
        issuedAt: now,
        validFrom: decision.validFrom,
        expiresAt: decision.expiresAt,
        evidence,
        holderName: holder.name,
        holderEmployeeNo: holder.employeeNo,
        follows: newest?.id ?? 'first',
      });
    } catch (error) {
      if ((error as { status?: number }).status !== 400) throw error;
      // A unique index refused it: another request issued this cycle's certificate first.
      console.warn(
        `[certification] ${program.id} for ${userId} refused by PocketBase (issued by a concurrent request?): ${(error as Error).message}`,
      );
      continue;
    }
    issued.push(certificate);
    await learningEventWritten(
      admin,
      {
        kind: 'certificate-issued',
        certificateId: certificate.id,
        userId,
        program: program.id,
        issuedAt: certificate.issuedAt,
        validFrom: certificate.validFrom,
        expiresAt: certificate.expiresAt,
      },
      { holderEmployeeNo: certificate.holderEmployeeNo },
    );
  }
  return issued;
}

/** A requirement in words, for the trainee, their trainer and HR (e.g. 「通过模拟来电：断网六小时，开口要赔五千」). */
export function describeRequirement(r: Requirement, program: CertificationProgram): string {
  switch (r.kind) {
    case 'module':
      return `完成单元「${
        quizCatalog()
          .quizzes.get(moduleQuizId(r.module))
          ?.title.replace(/ · 单元测验$/, '') ?? r.module
      }」（含单元测验）`;
    case 'exam':
      return `通过「${quizCatalog().quizzes.get(program.exam)?.title ?? program.exam}」`;
    case 'practical':
      return `按「${programCatalog().rubrics.get(program.practical!.rubric)?.title ?? ''}」实操考核达到 ${r.minPercent}%`;
    case 'call':
      return `通过模拟来电：${callById(r.call)?.title ?? r.call}`;
  }
}

export interface ProgramProgress {
  program: { id: string; title: string };
  certified: boolean;
  /** What is still missing in the current cycle, in words (empty when certified or about to be issued). */
  missing: { requirement: Requirement; label: string }[];
}

/** Per program: certified now, or what the trainee still lacks (the same rules that issue certificates). */
export async function certificationProgress(
  admin: PocketBase,
  userId: string,
  now: Date,
  programs: readonly CertificationProgram[] = [...programCatalog().programs.values()],
): Promise<ProgramProgress[]> {
  const existing = await certificatesOf(admin, userId);
  const out: ProgramProgress[] = [];
  for (const program of programs) {
    const mine = existing.filter((c) => c.program === program.id);
    const certified = mine.some((c) => isCertifiedStatus(certificateStatus(c, now)));
    const exam = quizCatalog().quizzes.get(program.exam);
    const passMark = Math.max(program.examPassMark ?? 0, exam?.passMark ?? 1);
    const cycle = currentCycle(program, mine, now);
    const missing =
      certified && !cycle.open
        ? []
        : missingRequirements(program, await gatherEvidence(admin, userId, program), cycle.evidenceSince, passMark);
    out.push({
      program: { id: program.id, title: program.title },
      certified,
      missing: missing.map((requirement) => ({ requirement, label: describeRequirement(requirement, program) })),
    });
  }
  return out;
}

/** The certificate a new one of the same program follows: the latest by validFrom (then by issue). */
function newestCertificate(certificates: readonly CertificateRecord[]): CertificateRecord | undefined {
  return [...certificates]
    .sort((a, b) => a.validFrom.getTime() - b.validFrom.getTime() || a.issuedAt.getTime() - b.issuedAt.getTime())
    .at(-1);
}

/** Revoke a certificate with a reason (HR only; the caller checks the role). Logged in the audit log. */
export async function revokeCertificate(
  admin: PocketBase,
  hrUserId: string,
  certificateId: string,
  reason: string,
  now: Date,
): Promise<CertificateRecord> {
  const current = await certificateById(admin, certificateId);
  if (!current) throw new AppError(CertificateNotFound, { log: [certificateId] });
  if (current.revokedAt) return current;
  const updated = await markRevoked(admin, certificateId, { at: now, reason, by: hrUserId });
  await learningEventWritten(
    admin,
    {
      kind: 'certificate-revoked',
      certificateId,
      userId: current.user,
      program: current.program,
      revokedAt: updated.revokedAt ?? now,
      reason,
    },
    { holderEmployeeNo: current.holderEmployeeNo },
  );
  await audit(admin, hrUserId, 'certificate.revoke', certificateId, {
    reason,
    user: current.user,
    program: current.program,
    code: current.code,
  });
  return updated;
}

/**
 * Who a certificate was issued to: the name and 工号 snapshotted at issue. The account as it is now (`current`,
 * e.g. an expanded `user`) is used only for a row that has no snapshot.
 */
export function certificateHolder(
  cert: Pick<CertificateRecord, 'holderName' | 'holderEmployeeNo'>,
  account?: object | null,
): { name: string; employeeNo: string } {
  const current = account as { name?: unknown; employeeNo?: unknown } | null | undefined;
  return {
    name: cert.holderName || (typeof current?.name === 'string' ? current.name : ''),
    employeeNo: cert.holderEmployeeNo || (typeof current?.employeeNo === 'string' ? current.employeeNo : ''),
  };
}

/**
 * A certificate for its own page, read with the viewer's client `pb` (PocketBase's rules decide who may see it: the
 * holder, their cohort's trainer, HR); null when it does not exist or the viewer may not see it. Other failures throw.
 */
export async function certificateForViewer(
  pb: PocketBase,
  id: string,
): Promise<{ certificate: CertificateRecord; holder: { name: string; employeeNo: string } } | null> {
  const found = await readableCertificate(pb, id);
  return found ? { certificate: found.certificate, holder: certificateHolder(found.certificate, found.account) } : null;
}

/** A row of HR's certificate list: `issuedTo` as on the certificate (at issue), `holder` the account as it is now. */
export interface CertificateListRow {
  cert: CertificateRecord;
  holder: CertificateAccount | null;
  issuedTo: { name: string; employeeNo: string };
}

/** A page of the certificates the viewer's client `pb` may list, newest issue first; `q` matches name or 工号. */
export async function certificateList(
  pb: PocketBase,
  query: { page: number; perPage: number; q: string },
): Promise<{ rows: CertificateListRow[]; totalItems: number; totalPages: number }> {
  const { items, totalItems, totalPages } = await certificatesPage(pb, query);
  return {
    rows: items.map(({ certificate, account }) => ({
      cert: certificate,
      holder: account,
      issuedTo: certificateHolder(certificate, account),
    })),
    totalItems,
    totalPages,
  };
}

/** What the public verification page shows: nothing personal beyond the name and a masked 工号. */
export interface PublicVerification {
  holder: string;
  employeeNo: string;
  program: string;
  issuedAt: Date;
  validFrom: Date;
  expiresAt: Date;
  status: CertificateStatus;
}

export async function verifyCertificate(
  admin: PocketBase,
  code: string,
  now: Date,
): Promise<PublicVerification | null> {
  if (!/^[A-Z2-7]{20,40}$/.test(code)) return null;
  const found = await certificateByCode(admin, code);
  if (!found) return null;
  const cert = found.certificate;
  const holder = certificateHolder(cert, found.account);
  const program = programCatalog().programs.get(cert.program);
  return {
    holder: holder.name,
    employeeNo: maskEmployeeNo(holder.employeeNo),
    program: program?.title ?? cert.program,
    issuedAt: cert.issuedAt,
    validFrom: cert.validFrom,
    expiresAt: cert.expiresAt,
    status: certificateStatus(cert, now),
  };
}
