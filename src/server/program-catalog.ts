import { parseOrExplain } from '../lib/validation-message.ts';
import { certificationProgramSchema, rubricSchema, type CertificationProgram, type Rubric } from '../schemas/certification.ts';

const programFiles = import.meta.glob<unknown>('../../content/certifications/*.json', { eager: true, import: 'default' });
const rubricFiles = import.meta.glob<unknown>('../../content/rubrics/*.json', { eager: true, import: 'default' });

let cached: { programs: Map<string, CertificationProgram>; rubrics: Map<string, Rubric> } | undefined;

/** Certification programs and scoring rubrics, validated once per process. */
export function programCatalog() {
  if (cached) return cached;
  const programs = new Map<string, CertificationProgram>();
  for (const [path, data] of Object.entries(programFiles)) {
    const p = parseOrExplain(certificationProgramSchema, data, path.replace('../../', ''));
    programs.set(p.id, p);
  }
  const rubrics = new Map<string, Rubric>();
  for (const [path, data] of Object.entries(rubricFiles)) {
    const r = parseOrExplain(rubricSchema, data, path.replace('../../', ''));
    rubrics.set(r.id, r);
  }
  cached = { programs, rubrics };
  return cached;
}
