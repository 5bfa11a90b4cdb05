import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import type { CertificationProgram } from './schema.ts';
import { certificationProgramSchema } from './schema.ts';
import { rolePlayCaseSchema, type RolePlayCase } from './role-play-case-schema.ts';
import { rubricSchema, type Rubric } from './rubric-schema.ts';
import { describeIssues } from '../../platform/errors/validation-message.ts';

/** Programs, rubrics and role-play cases by id. */
export interface CertificationContent {
  programs: Map<string, CertificationProgram>;
  rubrics: Map<string, Rubric>;
  cases: Map<string, RolePlayCase>;
}

/**
 * Problems in how programs, rubrics and role-play cases refer to each other (English, one line each):
 * a program's practical rubric, a case's rubric, criteria and critical errors must exist.
 */
export function catalogReferenceProblems(c: CertificationContent): string[] {
  const problems: string[] = [];
  for (const p of c.programs.values()) {
    if (p.practical && !c.rubrics.has(p.practical.rubric))
      problems.push(`program ${p.id}: unknown practical rubric "${p.practical.rubric}"`);
  }
  for (const k of c.cases.values()) {
    const rubric = c.rubrics.get(k.rubric);
    if (!rubric) {
      problems.push(`role-play case ${k.id}: unknown rubric "${k.rubric}"`);
      continue;
    }
    const criteria = new Set(rubric.dimensions.flatMap((d) => d.criteria.map((x) => x.id)));
    const errors = new Set(rubric.criticalErrors.map((e) => e.id));
    for (const l of k.listenFor)
      if (!criteria.has(l.criterion))
        problems.push(`role-play case ${k.id}: listenFor names unknown criterion "${l.criterion}" of ${rubric.id}`);
    for (const t of k.traps)
      if (!errors.has(t.criticalError))
        problems.push(`role-play case ${k.id}: trap names unknown critical error "${t.criticalError}" of ${rubric.id}`);
  }
  return problems;
}

/**
 * For `npm run content:check`: read content/certifications, content/rubrics and content/role-play-cases under
 * `root`, validate each file and the references between them, and check that the lessons cases name exist.
 */
export function checkCertificationContent(root: string): string[] {
  const problems: string[] = [];
  const read = <T extends { id: string }>(dir: string, parse: (data: unknown, where: string) => T | null) => {
    const map = new Map<string, T>();
    const full = join(root, 'content', dir);
    if (!existsSync(full)) return map;
    for (const name of readdirSync(full)
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      const where = `content/${dir}/${name}`;
      let data: unknown;
      try {
        data = JSON.parse(readFileSync(join(full, name), 'utf8'));
      } catch (e) {
        problems.push(`${where}: not valid JSON (${(e as Error).message})`);
        continue;
      }
      const item = parse(data, where);
      if (item) map.set(item.id, item);
    }
    return map;
  };
  const parser =
    <S extends z.ZodType>(schema: S) =>
    (data: unknown, where: string): z.infer<S> | null => {
      const r = schema.safeParse(data);
      if (r.success) return r.data;
      problems.push(...describeIssues(where, r.error));
      return null;
    };
  const content: CertificationContent = {
    programs: read('certifications', parser(certificationProgramSchema)),
    rubrics: read('rubrics', parser(rubricSchema)),
    cases: read('role-play-cases', parser(rolePlayCaseSchema)),
  };
  problems.push(...catalogReferenceProblems(content));
  for (const p of content.programs.values()) {
    for (const call of p.requiredCalls ?? [])
      if (!existsSync(join(root, 'content', 'calls', `${call}.json`)))
        problems.push(`program ${p.id}: requiredCalls names unknown call "${call}"`);
    if (new Set(p.requiredCalls).size !== (p.requiredCalls ?? []).length)
      problems.push(`program ${p.id}: requiredCalls lists a call twice`);
  }
  for (const k of content.cases.values()) {
    for (const lesson of k.lessons)
      if (!existsSync(join(root, 'content', 'modules', `${lesson}.mdx`)))
        problems.push(`role-play case ${k.id}: unknown lesson "${lesson}"`);
  }
  return problems;
}
