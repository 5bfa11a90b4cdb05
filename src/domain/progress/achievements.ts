import type PocketBase from 'pocketbase';
import type { CertificationProgram } from '../certification/schema.ts';
import { issueEligibleCertificates } from '../certification/service.ts';
import { programCatalog } from '../certification/catalog.ts';
import { refreshModuleProgress } from './service.ts';

/** What was just achieved: modules whose lessons or quiz changed, an exam passed, a practical assessment. */
export interface Achievement {
  modules?: readonly string[];
  quiz?: string;
  /** A practical assessment recorded for this program ('' = counts for every program). */
  practicalFor?: string;
  /** A simulated call just passed (its run ended with the server's pass). */
  call?: string;
}

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
 * What follows from a learner's achievement: module progress is recomputed and any certificate they have
 * just earned is issued, in the same request, so it exists the moment the last requirement is met.
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
