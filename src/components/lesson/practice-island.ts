import { practiceComponentKinds } from '../../domain/course/content-check.ts';
import { practicePublicView, type PracticePublicView } from '../../domain/progress/practice-checks.ts';
import { practiceCheck } from '../../domain/progress/lesson-index.ts';

/** Props of a practice island: the lesson it belongs to and the check's public view (no answers). */
export interface PracticeIslandProps<K extends PracticePublicView['kind'] = PracticePublicView['kind']> {
  lesson: string;
  check: Extract<PracticePublicView, { kind: K }>;
}

/** The public view of the practice check `id`, for the component `component` (build time). */
export function practiceIsland<C extends keyof typeof practiceComponentKinds>(
  id: string,
  component: C,
): PracticeIslandProps<(typeof practiceComponentKinds)[C]> {
  const found = practiceCheck(id);
  if (!found)
    throw new Error(
      `<${component} id="${id}" />: no lesson defines a practice check "${id}" in its frontmatter (run npm run content:check)`,
    );
  if (found.check.kind !== practiceComponentKinds[component])
    throw new Error(`<${component} id="${id}" />: the check is of kind ${found.check.kind}`);
  return {
    lesson: found.lesson.id,
    check: practicePublicView(found.check) as Extract<PracticePublicView, { kind: (typeof practiceComponentKinds)[C] }>,
  };
}
