import type PocketBase from 'pocketbase';
import { issueEligibleCertificates } from './certification.ts';
import { refreshModuleProgress } from './progress.ts';

/**
 * What follows from a learner's achievement: module progress is recomputed and any certificate they have
 * just earned is issued, in the same request, so it exists the moment the last requirement is met.
 */
export async function afterAchievement(admin: PocketBase, userId: string, modules: readonly string[], now: Date): Promise<void> {
  for (const module of new Set(modules)) await refreshModuleProgress(admin, userId, module, now);
  await issueEligibleCertificates(admin, userId, now);
}
