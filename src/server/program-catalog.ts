import { parseOrExplain } from '../lib/validation-message.ts';
import { certificationProgramSchema, type CertificationProgram } from '../schemas/certification.ts';
import { rolePlayCaseSchema, type RolePlayCase } from '../schemas/role-play-case.ts';
import { rubricSchema, type Rubric } from '../schemas/rubric.ts';

const programFiles = import.meta.glob<unknown>('../../content/certifications/*.json', { eager: true, import: 'default' });
const rubricFiles = import.meta.glob<unknown>('../../content/rubrics/*.json', { eager: true, import: 'default' });
const caseFiles = import.meta.glob<unknown>('../../content/role-play-cases/*.json', { eager: true, import: 'default' });

export interface ProgramCatalog {
  programs: Map<string, CertificationProgram>;
  rubrics: Map<string, Rubric>;
  /** Standardised role-play cases, by id. */
  cases: Map<string, RolePlayCase>;
}

let cached: ProgramCatalog | undefined;

/**
 * Problems in how programs, rubrics and role-play cases refer to each other (English, one line each):
 * a program's practical rubric, a case's rubric, criteria and critical errors must exist.
 */
export function catalogReferenceProblems(c: ProgramCatalog): string[] {
  const problems: string[] = [];
  for (const p of c.programs.values()) {
    if (p.practical && !c.rubrics.has(p.practical.rubric)) problems.push(`program ${p.id}: unknown practical rubric "${p.practical.rubric}"`);
  }
  for (const k of c.cases.values()) {
    const rubric = c.rubrics.get(k.rubric);
    if (!rubric) {
      problems.push(`role-play case ${k.id}: unknown rubric "${k.rubric}"`);
      continue;
    }
    const criteria = new Set(rubric.dimensions.flatMap((d) => d.criteria.map((x) => x.id)));
    const errors = new Set(rubric.criticalErrors.map((e) => e.id));
    for (const l of k.listenFor) if (!criteria.has(l.criterion)) problems.push(`role-play case ${k.id}: listenFor names unknown criterion "${l.criterion}" of ${rubric.id}`);
    for (const t of k.traps) if (!errors.has(t.criticalError)) problems.push(`role-play case ${k.id}: trap names unknown critical error "${t.criticalError}" of ${rubric.id}`);
  }
  return problems;
}

/** Certification programs, scoring rubrics and role-play cases, validated once per process. */
export function programCatalog(): ProgramCatalog {
  if (cached) return cached;
  const load = <T>(files: Record<string, unknown>, parse: (data: unknown, where: string) => T & { id: string }) => {
    const map = new Map<string, T & { id: string }>();
    for (const [path, data] of Object.entries(files)) {
      const item = parse(data, path.replace('../../', ''));
      map.set(item.id, item);
    }
    return map;
  };
  const catalog: ProgramCatalog = {
    programs: load(programFiles, (d, w) => parseOrExplain(certificationProgramSchema, d, w)),
    rubrics: load(rubricFiles, (d, w) => parseOrExplain(rubricSchema, d, w)),
    cases: load(caseFiles, (d, w) => parseOrExplain(rolePlayCaseSchema, d, w)),
  };
  const problems = catalogReferenceProblems(catalog);
  if (problems.length) throw new Error(`Invalid certification content:\n  ${problems.join('\n  ')}`);
  cached = catalog;
  return cached;
}
