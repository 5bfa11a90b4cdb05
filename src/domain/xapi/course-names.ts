import { lessonIndex } from '../progress/lesson-index.ts';
import { quizCatalog } from '../assessment/catalog.ts';
import { programCatalog } from '../certification/catalog.ts';
import type { CourseNames } from './schema.ts';

// Bundled into the server: the app names activities from the same catalogs it serves. (The CLI reads the files:
// src/cli/xapi-export.ts.)
const moduleFiles = import.meta.glob<{ title: string }>('/content/modules/*/module.json', {
  eager: true,
  import: 'default',
});

let modules: Map<string, string> | undefined;

/** Chinese titles of modules, lessons, quizzes and programs from the app's catalogs. */
export const appCourseNames: CourseNames = {
  module(slug) {
    modules ??= new Map(
      Object.entries(moduleFiles).map(([path, m]) => [path.split('/').at(-2)!, m.title] as [string, string]),
    );
    return modules.get(slug);
  },
  lesson: (id) => lessonIndex().get(id)?.title,
  quiz(id) {
    const quiz = quizCatalog().quizzes.get(id);
    return quiz ? { title: quiz.title, module: quiz.module } : undefined;
  },
  program: (id) => programCatalog().programs.get(id)?.title,
};
