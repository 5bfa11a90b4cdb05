// The course as the question bank maps categories and offers lessons: modules and lessons with Chinese titles.
import { getCatalog } from './catalog.ts';
import type { CourseOutline } from '../question-bank/schema.ts';

export async function courseOutline(): Promise<CourseOutline> {
  return (await getCatalog()).map((m) => ({
    slug: m.slug,
    title: m.data.title,
    lessons: m.lessons.map((l) => ({ id: l.id, title: l.data.title })),
  }));
}
