import { practiceCheckIds } from '../lib/content-check.ts';
import { splitFrontmatter } from '../lib/course-files.ts';
import { lessonSchema } from '../schemas/lesson.ts';

// Raw MDX, bundled into the server: which lessons exist and which practice checks each one has.
const sources = import.meta.glob<string>('../../content/modules/*/*.mdx', { eager: true, query: '?raw', import: 'default' });

export interface LessonFacts {
  id: string;
  module: string;
  title: string;
  order: number;
  practiceChecks: string[];
}

let cached: Map<string, LessonFacts> | undefined;

/** Every lesson by id ("<module>/<file>"), with its practice check ids. */
export function lessonIndex(): ReadonlyMap<string, LessonFacts> {
  if (cached) return cached;
  cached = new Map();
  for (const [path, raw] of Object.entries(sources)) {
    const id = path.replace(/^.*content\/modules\//, '').replace(/\.mdx$/, '');
    const { frontmatter, body } = splitFrontmatter(raw);
    const lesson = lessonSchema.parse(frontmatter);
    cached.set(id, { id, module: lesson.module, title: lesson.title, order: lesson.order, practiceChecks: practiceCheckIds(body) });
  }
  return cached;
}

/** Lessons of a module in order. */
export function lessonsOf(module: string): LessonFacts[] {
  return [...lessonIndex().values()].filter((l) => l.module === module).sort((a, b) => a.order - b.order);
}
