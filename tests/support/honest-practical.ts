// A trainer's full-marks practical, as tests that need a passed practical record it (through the service).
import type PocketBase from 'pocketbase';
import { programCatalog } from '../../src/domain/certification/catalog.ts';
import type { StaffUser } from '../../src/domain/identity/schema.ts';
import { recordPractical } from '../../src/domain/training/service.ts';

/**
 * Record a passed role-play practical of `programId` for a trainee: the program's rubric, the first role-play case
 * written for it, every criterion at 4, assessed by `trainer` at `now`.
 */
export async function passPractical(
  admin: PocketBase,
  trainer: StaffUser,
  traineeId: string,
  programId: string,
  now: Date,
) {
  const catalog = programCatalog();
  const rubric = catalog.rubrics.get(catalog.programs.get(programId)!.practical!.rubric)!;
  return recordPractical(
    admin,
    trainer,
    {
      trainee: traineeId,
      program: programId,
      kind: 'role-play',
      rubric: rubric.id,
      rolePlayCase: [...catalog.cases.values()].find((c) => c.rubric === rubric.id)!.id,
      scores: Object.fromEntries(rubric.dimensions.flatMap((d) => d.criteria.map((c) => [`${d.id}.${c.id}`, 4]))),
      comments: '处理得当',
    },
    now,
  );
}
