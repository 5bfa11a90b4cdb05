import type PocketBase from 'pocketbase';
import { z } from 'zod';
import { certificateRecordSchema, type CertificateRecord } from './schema.ts';
import { getOneOrNull } from '../../platform/pocketbase/records.ts';
import { pbRequiredDateSchema } from '../../platform/pocketbase/dates.ts';

// The certification area's collections: `certificates` and `practical_assessments`.
const opts = { requestKey: null };

export async function certificatesOf(admin: PocketBase, userId: string): Promise<CertificateRecord[]> {
  const list = await admin
    .collection('certificates')
    .getFullList({ filter: admin.filter('user = {:u}', { u: userId }), sort: '-validFrom', ...opts });
  return list.map((r) => certificateRecordSchema.parse(r));
}

export function certificateById(admin: PocketBase, id: string): Promise<CertificateRecord | null> {
  return getOneOrNull(admin.collection('certificates'), id, opts, certificateRecordSchema);
}

/** A certificate by its verification code, with the account as it is now (for rows without a holder snapshot). */
export async function certificateByCode(
  admin: PocketBase,
  code: string,
): Promise<{ certificate: CertificateRecord; account: object | null } | null> {
  const found = await admin
    .collection('certificates')
    .getList(1, 1, { filter: admin.filter('code = {:c}', { c: code }), expand: 'user', ...opts });
  const record = found.items[0];
  if (!record) return null;
  return { certificate: certificateRecordSchema.parse(record), account: (record.expand?.user as object) ?? null };
}

export type NewCertificate = Pick<
  CertificateRecord,
  'user' | 'program' | 'code' | 'issuedAt' | 'validFrom' | 'expiresAt' | 'holderName' | 'holderEmployeeNo' | 'follows'
> & { evidence: unknown };

/** Create a certificate; PocketBase's unique indexes refuse a second one for the same cycle with a 400. */
export async function createCertificate(admin: PocketBase, data: NewCertificate): Promise<CertificateRecord> {
  const record = await admin.collection('certificates').create(
    {
      ...data,
      issuedAt: data.issuedAt.toISOString(),
      validFrom: data.validFrom.toISOString(),
      expiresAt: data.expiresAt.toISOString(),
    },
    opts,
  );
  return certificateRecordSchema.parse(record);
}

export async function markRevoked(
  admin: PocketBase,
  id: string,
  revocation: { at: Date; reason: string; by: string },
): Promise<CertificateRecord> {
  const updated = await admin
    .collection('certificates')
    .update(
      id,
      { revokedAt: revocation.at.toISOString(), revokedReason: revocation.reason, revokedBy: revocation.by },
      opts,
    );
  return certificateRecordSchema.parse(updated);
}

const practicalRowSchema = z.object({
  id: z.string(),
  percent: z.number(),
  assessedAt: pbRequiredDateSchema,
  rubricVersion: z
    .number()
    .nullish()
    .transform((v) => v || 0),
  passed: z
    .boolean()
    .nullish()
    .transform((v) => v === true),
});
export type PracticalRow = z.output<typeof practicalRowSchema>;

/** Practical assessments of a trainee scored with `rubric` for `programId` (or for no program), newest first. */
export async function practicalsOf(
  admin: PocketBase,
  userId: string,
  programId: string,
  rubric: string,
): Promise<PracticalRow[]> {
  const list = await admin.collection('practical_assessments').getFullList({
    filter: admin.filter('trainee = {:u} && (program = {:p} || program = "") && rubric = {:r}', {
      u: userId,
      p: programId,
      r: rubric,
    }),
    fields: 'id,percent,assessedAt,rubricVersion,passed',
    sort: '-assessedAt',
    ...opts,
  });
  return list.map((r) => practicalRowSchema.parse(r));
}

/**
 * A `practical_assessments` record in full (a trainee's page shows it with `describePractical`). Loose: rows written
 * under older rubric versions keep fields this schema does not name.
 */
export const practicalRecordSchema = z.looseObject({
  id: z.string(),
  trainee: z.string(),
  assessor: z.string().default(''),
  program: z.string().default(''),
  kind: z.string(),
  rubric: z.string().default(''),
  rubricVersion: z.number().nullish(),
  rolePlayCase: z.string().default(''),
  percent: z.number(),
  passed: z.boolean().nullish(),
  outcome: z.unknown(),
  comments: z.string().default(''),
  callRun: z.string().default(''),
  assessedAt: z.string(),
});
export type PracticalRecord = z.output<typeof practicalRecordSchema>;

/** Every practical assessment of a trainee, newest first. */
export async function practicalRecordsOf(admin: PocketBase, traineeId: string): Promise<PracticalRecord[]> {
  const list = await admin
    .collection('practical_assessments')
    .getFullList({ filter: admin.filter('trainee = {:u}', { u: traineeId }), sort: '-assessedAt', ...opts });
  return list.map((r) => practicalRecordSchema.parse(r));
}

/** Store a scored practical assessment. */
export async function createPractical(
  admin: PocketBase,
  data: Omit<PracticalRecord, 'id' | 'rubricVersion' | 'passed'> & { rubricVersion: number; passed: boolean },
): Promise<PracticalRecord> {
  return practicalRecordSchema.parse(await admin.collection('practical_assessments').create(data, opts));
}
