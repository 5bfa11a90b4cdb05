import type PocketBase from 'pocketbase';
import { z } from 'zod';
import { pbRequiredDateSchema } from '../../platform/pocketbase/dates.ts';
import type { AuditAction } from './schema.ts';

// The audit area's collection: `audit_log`. The only file naming it.

/** Write an audit entry (HR changes, revocations, cohort and settings changes). */
export async function audit(
  admin: PocketBase,
  actorId: string,
  action: AuditAction,
  target: string,
  details: Record<string, unknown>,
): Promise<void> {
  await admin.collection('audit_log').create({ actor: actorId, action, target, details }, { requestKey: null });
}

/** An audit entry as stored; `details` that are not a JSON object read as none. */
export const auditEntrySchema = z.object({
  id: z.string(),
  created: pbRequiredDateSchema,
  actor: z
    .string()
    .nullish()
    .transform((v) => v ?? ''),
  action: z.string(),
  target: z
    .string()
    .nullish()
    .transform((v) => v ?? ''),
  details: z
    .unknown()
    .transform((d) =>
      d && typeof d === 'object' && !Array.isArray(d)
        ? (d as Record<string, unknown>)
        : ({} as Record<string, unknown>),
    ),
});
export type AuditEntry = z.output<typeof auditEntrySchema>;

/** One page of the audit log, newest first. `pb` is the reader's client (the collection's rules let HR list it). */
export async function auditLogPage(
  pb: PocketBase,
  page: number,
  perPage: number,
): Promise<{ entries: AuditEntry[]; totalItems: number; totalPages: number }> {
  const list = await pb.collection('audit_log').getList(page, perPage, { sort: '-created,-id', requestKey: null });
  return {
    entries: list.items.map((r) => auditEntrySchema.parse(r)),
    totalItems: list.totalItems,
    totalPages: list.totalPages,
  };
}
