import type PocketBase from 'pocketbase';
import { missingRequirements, type Requirement } from './rules.ts';
import { appAdmin } from '../../platform/pocketbase/app-admin.ts';
import { gatherEvidence } from './service.ts';
import { learnerCertificates } from '../progress/learner-dashboard.ts';
import { programCatalog } from './catalog.ts';

/** What a certification program still needs besides its exam, as the exam's confirmation page lists it. */
export interface ProgramStillNeeded {
  program: string;
  title: string;
  /** Modules not yet complete and a practical assessment not yet passed (never the exam itself). */
  missing: Exclude<Requirement, { kind: 'exam' }>[];
}

/** For each program whose exam is `examId`: what the learner has not completed yet (before they start the exam). */
export async function programsStillNeeded(
  userId: string,
  examId: string,
  admin?: PocketBase,
): Promise<ProgramStillNeeded[]> {
  admin ??= await appAdmin();
  const programs = [...programCatalog().programs.values()].filter((p) => p.exam === examId);
  return Promise.all(
    programs.map(async (program) => {
      const evidence = await gatherEvidence(admin!, userId, program);
      const missing = missingRequirements(program, evidence, new Date(0), 0).filter((r) => r.kind !== 'exam');
      return { program: program.id, title: program.title, missing: missing as ProgramStillNeeded['missing'] };
    }),
  );
}

/** Every certificate of the signed-in learner with its status at `now` (the 我的证书 page). */
export async function myCertificates(userId: string, now: Date, admin?: PocketBase) {
  return learnerCertificates(admin ?? (await appAdmin()), userId, now);
}
