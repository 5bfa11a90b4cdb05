import type PocketBase from 'pocketbase';
import { z } from 'zod';
import {
  certificateStatus,
  decideIssue,
  maskEmployeeNo,
  practicalEvidence,
  type CertificateStatus,
  type CertificationEvidence,
} from './rules.ts';
import { isModuleComplete } from '../progress/rules.ts';
import type { CertificationProgram } from './schema.ts';
import { newVerificationCode } from './verification-code.ts';
import { lessonsOf } from '../progress/lesson-index.ts';
import { programCatalog } from './catalog.ts';
import { moduleQuizId, quizCatalog } from '../assessment/catalog.ts';
import { pbDate, pbDateSchema, pbRequiredDateSchema } from '../../platform/pocketbase/dates.ts';

export const certificateRecordSchema = z.object({
  id: z.string(),
  user: z.string(),
  program: z.string(),
  code: z.string(),
  issuedAt: pbRequiredDateSchema,
  validFrom: pbRequiredDateSchema,
  expiresAt: pbRequiredDateSchema,
  evidence: z.unknown(),
  revokedAt: pbDateSchema,
  revokedReason: z.string(),
  /** The holder's name and 工号 as they were at issue ('' only on rows written behind the app's back). */
  holderName: z.string().default(''),
  holderEmployeeNo: z.string().default(''),
  /** The newest certificate of this user and program when this one was issued ('first' for none; '' on rows written
   * behind the app's back). Unique per (user, program): two concurrent issues for one cycle cannot both land. */
  follows: z.string().default(''),
});
export type CertificateRecord = z.infer<typeof certificateRecordSchema>;

const opts = { requestKey: null };
const byUser = (admin: PocketBase, userId: string) => admin.filter('user = {:u}', { u: userId });

/** Gather what a trainee has achieved towards `program` (dates say when each requirement was met). */
export async function gatherEvidence(
  admin: PocketBase,
  userId: string,
  program: CertificationProgram,
): Promise<CertificationEvidence> {
  const [progress, attempts, practicals] = await Promise.all([
    admin
      .collection('lesson_progress')
      .getFullList({ filter: byUser(admin, userId), fields: 'lesson,module,completedAt,seconds', ...opts }),
    admin
      .collection('attempts')
      .getFullList({
        filter: byUser(admin, userId) + ' && status = "submitted" && passed = true',
        fields: 'quiz,score,submittedAt',
        sort: 'submittedAt',
        ...opts,
      }),
    // Only assessments scored with the program's practical rubric count (one recorded for no program counts too).
    program.practical
      ? admin.collection('practical_assessments').getFullList({
          filter: admin.filter('trainee = {:u} && (program = {:p} || program = "") && rubric = {:r}', {
            u: userId,
            p: program.id,
            r: program.practical.rubric,
          }),
          fields: 'id,percent,assessedAt,rubricVersion,passed',
          sort: '-assessedAt',
          ...opts,
        })
      : Promise.resolve([]),
  ]);
  const modules = program.requiredModules.map((module) => {
    const lessons = lessonsOf(module);
    const studied = progress.filter((p) => p.module === module && lessons.some((l) => l.id === p.lesson));
    const done = studied.filter((p) => p.completedAt);
    const studySeconds = studied.reduce((sum, p) => sum + ((p.seconds as number) || 0), 0);
    const quizPass = attempts.find((a) => a.quiz === moduleQuizId(module));
    const complete = isModuleComplete({
      lessonsTotal: lessons.length,
      lessonsCompleted: new Set(done.map((d) => d.lesson)).size,
      lessonsStarted: studied.length,
      quizPassed: !!quizPass,
      quizAttempted: !!quizPass,
    });
    // Completed when the last of its requirements was met.
    const dates = [
      ...done.map((d) => pbDate(d.completedAt)!.getTime()),
      quizPass ? pbDate(quizPass.submittedAt)!.getTime() : 0,
    ];
    return {
      module,
      completedAt: complete ? new Date(Math.max(...dates)) : null,
      quizPercent: quizPass ? (quizPass.score as number) : null,
      studySeconds,
    };
  });
  const examPass = attempts.filter((a) => a.quiz === program.exam).at(-1);
  const practical = practicalEvidence(
    practicals.map((r) => ({
      id: r.id,
      percent: r.percent as number,
      assessedAt: pbDate(r.assessedAt)!,
      rubricVersion: (r.rubricVersion as number) || 0,
      passed: r.passed === true,
    })),
    program.practical?.minPercent ?? 0,
  );
  return {
    modules,
    exam: examPass ? { percent: examPass.score as number, passedAt: pbDate(examPass.submittedAt)! } : null,
    practical,
  };
}

export async function certificatesOf(admin: PocketBase, userId: string): Promise<CertificateRecord[]> {
  const list = await admin
    .collection('certificates')
    .getFullList({ filter: byUser(admin, userId), sort: '-validFrom', ...opts });
  return list.map((r) => certificateRecordSchema.parse(r));
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
  const existing = await certificatesOf(admin, userId);
  const holder = await admin.collection('users').getOne(userId, { fields: 'name,employeeNo', ...opts });
  for (const program of programs) {
    const exam = quizCatalog().quizzes.get(program.exam);
    const passMark = Math.max(program.examPassMark ?? 0, exam?.passMark ?? 1);
    const evidence = await gatherEvidence(admin, userId, program);
    const mine = existing.filter((c) => c.program === program.id);
    const decision = decideIssue(program, evidence, mine, passMark, now);
    if (!decision.issue) continue;
    const newest = newestCertificate(mine);
    try {
      const record = await admin.collection('certificates').create(
        {
          user: userId,
          program: program.id,
          code: newVerificationCode(),
          issuedAt: now.toISOString(),
          validFrom: decision.validFrom.toISOString(),
          expiresAt: decision.expiresAt.toISOString(),
          evidence,
          holderName: holder.name,
          holderEmployeeNo: holder.employeeNo,
          follows: newest?.id ?? 'first',
        },
        opts,
      );
      issued.push(certificateRecordSchema.parse(record));
    } catch (error) {
      if ((error as { status?: number }).status !== 400) throw error;
      // A unique index refused it: another request issued this cycle's certificate first.
      console.warn(
        `[certification] ${program.id} for ${userId} refused by PocketBase (issued by a concurrent request?): ${(error as Error).message}`,
      );
    }
  }
  return issued;
}

/** The certificate a new one of the same program follows: the latest by validFrom (then by issue). */
function newestCertificate(certificates: readonly CertificateRecord[]): CertificateRecord | undefined {
  return [...certificates]
    .sort((a, b) => a.validFrom.getTime() - b.validFrom.getTime() || a.issuedAt.getTime() - b.issuedAt.getTime())
    .at(-1);
}

/** Write an audit entry (HR changes, revocations). */
export async function audit(
  admin: PocketBase,
  actorId: string,
  action: string,
  target: string,
  details: Record<string, unknown>,
) {
  await admin.collection('audit_log').create({ actor: actorId, action, target, details }, opts);
}

/** Revoke a certificate with a reason (HR only; the caller checks the role). Logged in the audit log. */
export async function revokeCertificate(
  admin: PocketBase,
  hrUserId: string,
  certificateId: string,
  reason: string,
  now: Date,
): Promise<CertificateRecord> {
  const current = certificateRecordSchema.parse(await admin.collection('certificates').getOne(certificateId, opts));
  if (current.revokedAt) return current;
  const updated = await admin
    .collection('certificates')
    .update(certificateId, { revokedAt: now.toISOString(), revokedReason: reason, revokedBy: hrUserId }, opts);
  await audit(admin, hrUserId, 'certificate.revoke', certificateId, {
    reason,
    user: current.user,
    program: current.program,
    code: current.code,
  });
  return certificateRecordSchema.parse(updated);
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
  const found = await admin
    .collection('certificates')
    .getList(1, 1, { filter: admin.filter('code = {:c}', { c: code }), expand: 'user', ...opts });
  const record = found.items[0];
  if (!record) return null;
  const cert = certificateRecordSchema.parse(record);
  const holder = certificateHolder(cert, record.expand?.user);
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
