import type PocketBase from 'pocketbase';
import type { AuditAction } from './schema.ts';

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
