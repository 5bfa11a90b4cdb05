import { readCourseFiles } from '../../src/domain/course/files.ts';
import { practicePublicView } from '../../src/domain/progress/practice-checks.ts';
import { lessonSchema } from '../../src/domain/course/lesson-schema.ts';
import type { PracticeAnswer, PracticeCheck } from '../../src/domain/progress/practice-schema.ts';

let cached: Map<string, PracticeCheck> | undefined;

/** Every practice check of the course by id, read from the lesson files (tests know the answers; pages do not). */
export function practiceDefinitions(): ReadonlyMap<string, PracticeCheck> {
  cached ??= new Map(
    readCourseFiles(process.cwd()).lessons.flatMap((l) =>
      lessonSchema.parse(l.frontmatter).practice.map((c) => [c.id, c] as const),
    ),
  );
  return cached;
}

/** The answers that pass a check, in terms of its public view (flip cards: one answer per card). */
export function passingAnswers(check: PracticeCheck): PracticeAnswer[] {
  const view = practicePublicView(check);
  if (check.kind === 'choose-reply' && view.kind === 'choose-reply') {
    return [{ kind: 'choose-reply', option: view.options.indexOf(check.options.find((o) => o.correct)!.text) }];
  }
  if (check.kind === 'reorder-steps' && view.kind === 'reorder-steps') {
    return [{ kind: 'reorder-steps', order: check.steps.map((s) => view.steps.indexOf(s)) }];
  }
  if (check.kind === 'flip-cards') return check.cards.map((_, card) => ({ kind: 'flip-cards', card }));
  throw new Error(`no passing answer for ${check.id}`);
}
