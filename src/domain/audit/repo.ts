import type PocketBase from 'pocketbase';

/** Write an audit entry (HR changes, revocations, cohort and settings changes). */
export async function audit(
  admin: PocketBase,
  actorId: string,
  action: string,
  target: string,
  details: Record<string, unknown>,
): Promise<void> {
  await admin.collection('audit_log').create({ actor: actorId, action, target, details }, { requestKey: null });
}
