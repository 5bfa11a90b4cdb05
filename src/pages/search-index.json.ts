export const prerender = true;
import type { APIRoute } from 'astro';
import { getCatalog, lessonHref } from '../domain/course/catalog.ts';
import { mdxToPlainText, type SearchEntry } from '../domain/course/lesson-search.ts';

/** The static full-text index of all lessons, built with the site. */
export const GET: APIRoute = async () => {
  const entries: SearchEntry[] = (await getCatalog()).flatMap((mod) =>
    mod.lessons.map((lesson) => ({
      href: lessonHref(lesson),
      title: lesson.data.title,
      module: mod.data.title,
      keyTerms: lesson.data.keyTerms,
      text: mdxToPlainText(lesson.body ?? ''),
    })),
  );
  return Response.json(entries);
};
