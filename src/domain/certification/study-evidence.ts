import { z } from 'zod';

const evidenceStudySchema = z.object({
  modules: z.array(z.object({ module: z.string(), studySeconds: z.number().min(0).optional() })),
});

/** Study time per module recorded in a certificate's evidence snapshot (seconds; null where it was not recorded). */
export interface StudyTimeRow {
  module: string;
  seconds: number | null;
}

/** Read the study time out of a certificate's evidence (certificates issued before it was recorded give nulls). */
export function studyTimeOf(evidence: unknown): StudyTimeRow[] {
  const parsed = evidenceStudySchema.safeParse(evidence);
  if (!parsed.success) return [];
  return parsed.data.modules.map((m) => ({ module: m.module, seconds: m.studySeconds ?? null }));
}

/** Whole minutes, rounded down (study time is never shown as more than was credited). */
export function studyMinutes(seconds: number): number {
  return Math.floor(seconds / 60);
}

/** Total study time of the rows (null when none was recorded). */
export function totalStudySeconds(rows: readonly StudyTimeRow[]): number | null {
  const known = rows.filter((r) => r.seconds !== null);
  return known.length ? known.reduce((s, r) => s + r.seconds!, 0) : null;
}
