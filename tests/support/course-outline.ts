// The course outline (modules and their lessons, with titles) read from content/ the way the question bank sees it.
import { readCourseFiles } from '../../src/domain/course/files.ts';
import type { CourseOutline } from '../../src/domain/question-bank/schema.ts';

const title = (data: unknown) => String((data as { title?: unknown }).title);

/** The outline of the course in this checkout's content/. */
export function courseOutlineFromFiles(root = process.cwd()): CourseOutline {
  const files = readCourseFiles(root);
  return files.modules.map((m) => ({
    slug: m.name,
    title: title(m.data),
    lessons: files.lessons
      .filter((l) => l.folder === m.name)
      .map((l) => ({ id: `${m.name}/${l.slug}`, title: title(l.frontmatter) })),
  }));
}
