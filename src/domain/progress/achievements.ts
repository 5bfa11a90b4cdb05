import type PocketBase from 'pocketbase';
import type { CertificationProgram } from '../certification/schema.ts';
import { issueEligibleCertificates } from '../certification/service.ts';
import { programCatalog } from '../certification/catalog.ts';
import { refreshModuleProgress } from './service.ts';
import type { Achievement } from './schema.ts';

/** Programs an achievement can complete: only their evidence needs to be gathered again. */
function programsTouchedBy(a: Achievement): CertificationProgram[] {
  return [...programCatalog().programs.values()].filter(
    (p) =>
      p.requiredModules.some((m) => a.modules?.includes(m)) ||
      p.exam === a.quiz ||
      (a.practicalFor !== undefined && (a.practicalFor === '' || a.practicalFor === p.id)) ||
      (a.call !== undefined && !!p.requiredCalls?.includes(a.call)),
  );
}

/**
 * What follows from a learner's achievement: module progress is recomputed and any certificate they have just earned
 * is issued. The work of a durable follow-up (src/domain/progress/follow-ups.ts), done right after the achievement is
 * written, so the certificate exists moments after the last requirement is met.
 */
export async function afterAchievement(
  admin: PocketBase,
  userId: string,
  achievement: Achievement,
  now: Date,
): Promise<void> {
  const complete: string[] = [];
  for (const module of new Set(achievement.modules ?? []))
    if (await refreshModuleProgress(admin, userId, module, now)) complete.push(module);
  // A module that is not complete cannot complete a program that requires it: most lesson starts and quiz
  // submissions leave their module incomplete and need no certificate check (a complete one is checked every time,
  // so a retry after a crash between the two steps still issues the certificate).
  const programs = programsTouchedBy({ ...achievement, modules: complete });
  if (programs.length) await issueEligibleCertificates(admin, userId, now, programs);
}
