import type PocketBase from 'pocketbase';
import { readList, type ListRead } from '../../platform/pocketbase/reads.ts';
import { z } from 'zod';
import { certificateRecordSchema, type CertificateRecord } from './schema.ts';
import { getOneOrNull } from '../../platform/pocketbase/records.ts';
import { pbRequiredDateSchema } from '../../platform/pocketbase/dates.ts';
import { createWithCompanions } from '../../platform/pocketbase/versioned.ts';
import { followUpCompanion, type FollowUpRecord } from '../progress/repo.ts';

// The certification area's collections: `certificates`, `practical_assessments` and `programs`.
const opts = { requestKey: null };

export const certificatesRead = (userId: string): ListRead<CertificateRecord> => ({
  collection: 'certificates',
  where: { user: userId },
  sort: '-validFrom',
  row: certificateRecordSchema,
});

export function certificatesOf(admin: PocketBase, userId: string): Promise<CertificateRecord[]> {
  return readList(admin, certificatesRead(userId));
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

/** The certificate holder's account as it is now (expanded `user`); fields the reader may not see read as ''. */
const accountSchema = z.object({
  name: z.string().default(''),
  employeeNo: z.string().default(''),
  department: z.string().default(''),
  team: z.string().default(''),
});
export type CertificateAccount = z.output<typeof accountSchema>;

const withAccount = (record: { expand?: { [key: string]: unknown } }) =>
  record.expand?.user ? accountSchema.parse(record.expand.user) : null;

/**
 * One certificate as `pb` may read it, with the holder's account as it is now. Pass the viewer's own client: then
 * PocketBase's rules decide (the holder, their cohort's trainer, HR) and anyone else gets null, like an unknown id.
 * Only a 404 is null; any other failure is rethrown.
 */
export async function readableCertificate(
  pb: PocketBase,
  id: string,
): Promise<{ certificate: CertificateRecord; account: CertificateAccount | null } | null> {
  const record = await getOneOrNull(pb.collection('certificates'), id, { expand: 'user', ...opts });
  return record ? { certificate: certificateRecordSchema.parse(record), account: withAccount(record) } : null;
}

/**
 * A page of the certificates `pb` may list (newest issue first), with each holder's account as it is now; `q`
 * matches the name or 工号 on the certificate or on the account.
 */
export async function certificatesPage(
  pb: PocketBase,
  query: { page: number; perPage: number; q: string },
): Promise<{
  items: { certificate: CertificateRecord; account: CertificateAccount | null }[];
  totalItems: number;
  totalPages: number;
}> {
  const { q } = query;
  const list = await pb.collection('certificates').getList(query.page, query.perPage, {
    filter: q
      ? pb.filter('holderName ~ {:q} || holderEmployeeNo ~ {:q} || user.name ~ {:q} || user.employeeNo ~ {:q}', { q })
      : '',
    sort: '-issuedAt,-created',
    expand: 'user',
    fields:
      'id,user,program,code,issuedAt,validFrom,expiresAt,revokedAt,revokedReason,evidence,holderName,holderEmployeeNo,expand.user.name,expand.user.employeeNo,expand.user.department,expand.user.team',
    ...opts,
  });
  return {
    items: list.items.map((r) => ({ certificate: certificateRecordSchema.parse(r), account: withAccount(r) })),
    totalItems: list.totalItems,
    totalPages: list.totalPages,
  };
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
  program: z.string(),
  rubric: z.string(),
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

/** A trainee's practical assessments, newest first, with what certification evidence needs of them. */
export const practicalsRead = (userId: string): ListRead<PracticalRow> => ({
  collection: 'practical_assessments',
  where: { trainee: userId },
  fields: 'id,program,rubric,percent,assessedAt,rubricVersion,passed',
  sort: '-assessedAt',
  row: practicalRowSchema,
});

const programRowSchema = z.object({ id: z.string(), key: z.string(), title: z.string() });
export type ProgramRow = z.output<typeof programRowSchema>;

/** The `programs` rows: content/certifications mirrored for the HR SQL views. */
export async function programRows(admin: PocketBase): Promise<ProgramRow[]> {
  const list = await admin.collection('programs').getFullList(opts);
  return list.map((r) => programRowSchema.parse(r));
}

export async function createProgramRow(admin: PocketBase, key: string, title: string): Promise<void> {
  await admin.collection('programs').create({ key, title }, opts);
}

export async function renameProgramRow(admin: PocketBase, id: string, title: string): Promise<void> {
  await admin.collection('programs').update(id, { title }, opts);
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
  followUp: FollowUpRecord,
): Promise<PracticalRecord> {
  const record = await createWithCompanions(admin, 'practical_assessments', data, [followUpCompanion(followUp)]);
  return practicalRecordSchema.parse(record);
}

const holderSchema = z.object({ id: z.string(), holderName: z.string(), holderEmployeeNo: z.string() });
export type CertificateHolder = z.output<typeof holderSchema>;

/**
 * The name and 工号 printed on certificates (as at issue), read with `pb` (its rules apply): the given ids, 100 per
 * request; for more than 2,000 ids every certificate in large pages, which beats hundreds of id look-ups.
 */
export async function certificateHolders(pb: PocketBase, ids: readonly string[]): Promise<CertificateHolder[]> {
  const fields = 'id,holderName,holderEmployeeNo';
  const parse = (list: unknown[]) => list.map((r) => holderSchema.parse(r));
  if (!ids.length) return [];
  if (ids.length > 2000) return parse(await pb.collection('certificates').getFullList({ fields, batch: 500, ...opts }));
  const chunks = Array.from({ length: Math.ceil(ids.length / 100) }, (_, i) => ids.slice(i * 100, i * 100 + 100));
  const found: CertificateHolder[] = [];
  for (let i = 0; i < chunks.length; i += 4) {
    const lists = await Promise.all(
      chunks.slice(i, i + 4).map((chunk) =>
        pb.collection('certificates').getFullList({
          filter: chunk.map((id) => pb.filter('id = {:id}', { id })).join(' || '),
          fields,
          ...opts,
        }),
      ),
    );
    for (const list of lists) found.push(...parse(list));
  }
  return found;
}
