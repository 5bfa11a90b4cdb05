import { getCollection, type CollectionEntry } from 'astro:content';

export type ModuleEntry = CollectionEntry<'modules'>;
export type LessonEntry = CollectionEntry<'lessons'>;
export interface CatalogModule {
  slug: string;
  data: ModuleEntry['data'];
  lessons: LessonEntry[];
  minutes: number;
}

/** Lesson file name without the module folder, used in URLs. */
export const lessonSlug = (lesson: LessonEntry) => lesson.id.split('/')[1]!;
export const lessonHref = (lesson: LessonEntry) => `/modules/${lesson.data.module}/${lessonSlug(lesson)}`;

/** Modules in course order, each with its lessons in order. */
export async function getCatalog(): Promise<CatalogModule[]> {
  const [modules, lessons] = await Promise.all([getCollection('modules'), getCollection('lessons')]);
  return modules
    .sort((a, b) => a.data.order - b.data.order)
    .map((m) => {
      const own = lessons.filter((l) => l.data.module === m.id).sort((a, b) => a.data.order - b.data.order);
      return { slug: m.id, data: m.data, lessons: own, minutes: own.reduce((sum, l) => sum + l.data.minutes, 0) };
    });
}
