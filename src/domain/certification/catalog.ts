import { catalogReferenceProblems, type CertificationContent } from './content.ts';
import { parseOrExplain } from '../../platform/errors/validation-message.ts';
import { certificationProgramSchema } from './schema.ts';
import { rolePlayCaseSchema } from './role-play-case-schema.ts';
import { rubricSchema } from './rubric-schema.ts';

const programFiles = import.meta.glob<unknown>('../../content/certifications/*.json', {
  eager: true,
  import: 'default',
});
const rubricFiles = import.meta.glob<unknown>('../../content/rubrics/*.json', { eager: true, import: 'default' });
const caseFiles = import.meta.glob<unknown>('../../content/role-play-cases/*.json', { eager: true, import: 'default' });

export type ProgramCatalog = CertificationContent;
export { catalogReferenceProblems };

let cached: ProgramCatalog | undefined;

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
