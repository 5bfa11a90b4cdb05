import { z } from 'zod';
import type { CertificationProgram } from './schema.ts';
import type { RolePlayCase } from './role-play-case-schema.ts';
import type { Rubric } from './rubric-schema.ts';

/** The stored outcome of a version-2 assessment (see scorePractical); parsed leniently so a row never breaks the page. */
const storedOutcomeSchema = z.object({
  dimensions: z
    .array(
      z.object({ id: z.string(), title: z.string(), percent: z.number(), minPercent: z.number(), met: z.boolean() }),
    )
    .catch([]),
  criticalErrors: z.array(z.string()).catch([]),
  reasons: z.array(z.string()).catch([]),
});

/** What the trainee page shows for one stored practical assessment, old sheet or new. */
export interface PracticalView {
  id: string;
  assessedAt: string;
  kind: string;
  program: string;
  rubric: string;
  rolePlayCase: string | null;
  percent: number;
  /** true / false as the server decided on save; null for rows scored on the old sheet (no pass/fail stored). */
  passed: boolean | null;
  legacy: boolean;
  dimensions: { title: string; percent: number; minPercent: number; met: boolean }[];
  criticalErrors: string[];
  reasons: string[];
  comments: string;
}

const kindText: Record<string, string> = {
  'role-play': '模拟演练',
  'call-review': '通话回听',
  'voice-recording': '录音点评',
};

/** Describe a `practical_assessments` row for display, in Chinese; rows from before rubric version 2 stay readable. */
export function describePractical(
  row: Record<string, unknown>,
  catalog: {
    programs: Map<string, CertificationProgram>;
    rubrics: Map<string, Rubric>;
    cases: Map<string, RolePlayCase>;
  },
): PracticalView {
  const str = (k: string) => (typeof row[k] === 'string' ? (row[k] as string) : '');
  const version = typeof row.rubricVersion === 'number' ? row.rubricVersion : 0;
  const legacy = version < 2;
  const rubric = catalog.rubrics.get(str('rubric'));
  const outcome = legacy ? null : storedOutcomeSchema.safeParse(row.outcome ?? {});
  const o = outcome?.success ? outcome.data : { dimensions: [], criticalErrors: [], reasons: [] };
  const caseId = str('rolePlayCase');
  return {
    id: str('id'),
    assessedAt: str('assessedAt'),
    kind: kindText[str('kind')] ?? str('kind'),
    program: catalog.programs.get(str('program'))?.title ?? (str('program') ? str('program') : '不计入认证'),
    rubric: legacy ? `旧版评分表（15 项，每项 0–5 分）` : `${rubric?.title ?? str('rubric')}（第 ${version} 版）`,
    rolePlayCase: caseId ? (catalog.cases.get(caseId)?.title ?? caseId) : null,
    percent: typeof row.percent === 'number' ? row.percent : 0,
    passed: legacy ? null : row.passed === true,
    legacy,
    dimensions: o.dimensions.map(({ title, percent, minPercent, met }) => ({ title, percent, minPercent, met })),
    criticalErrors: o.criticalErrors.map((id) => rubric?.criticalErrors.find((e) => e.id === id)?.title ?? id),
    reasons: o.reasons,
    comments: str('comments'),
  };
}
