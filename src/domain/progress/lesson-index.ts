import { practiceCheckIds } from '../course/content-check.ts';
import { splitFrontmatter } from '../course/files.ts';
import { lessonSchema, minStudySeconds } from '../course/lesson-schema.ts';
import type { PracticeCheck } from './practice-schema.ts';

// Raw MDX, bundled into the server: which lessons exist, their practice checks (with answers) and study minimum.
const sources = import.meta.glob<string>('../../content/modules/*/*.mdx', {
  eager: true,
  query: '?raw',
  import: 'default',
});

export interface LessonFacts {
  id: string;
  module: string;
  title: string;
  order: number;
  /** Ids of the practice checks placed in the body; all must pass on the server. */
  practiceChecks: string[];
  /** The checks themselves, answers included: server-only. */
  practice: PracticeCheck[];
  /** Least active study time (server clock) before the lesson can complete. */
  minSeconds: number;
}

let cached: Map<string, LessonFacts> | undefined;
let byCheck: Map<string, { lesson: LessonFacts; check: PracticeCheck }> | undefined;

/** Every lesson by id ("<module>/<file>"), with its practice checks and study minimum. */
export function lessonIndex(): ReadonlyMap<string, LessonFacts> {
  if (cached) return cached;
  const lessons = new Map<string, LessonFacts>();
  for (const [path, raw] of Object.entries(sources)) {
    const id = path.replace(/^.*content\/modules\//, '').replace(/\.mdx$/, '');
    const { frontmatter, body } = splitFrontmatter(raw);
    const lesson = lessonSchema.parse(frontmatter);
    lessons.set(id, {
      id,
      module: lesson.module,
      title: lesson.title,
      order: lesson.order,
      practiceChecks: practiceCheckIds(body),
      practice: lesson.practice,
      minSeconds: minStudySeconds(lesson),
    });
  }
  cached = lessons;
  return cached;
}

/** A practice check by its course-wide id, with its lesson (null when no lesson defines it). */
export function practiceCheck(id: string): { lesson: LessonFacts; check: PracticeCheck } | null {
  if (!byCheck) {
    byCheck = new Map();
    for (const lesson of lessonIndex().values())
      for (const check of lesson.practice) byCheck.set(check.id, { lesson, check });
  }
  return byCheck.get(id) ?? null;
}

/** Lessons of a module in order. */
export function lessonsOf(module: string): LessonFacts[] {
  return [...lessonIndex().values()].filter((l) => l.module === module).sort((a, b) => a.order - b.order);
}
