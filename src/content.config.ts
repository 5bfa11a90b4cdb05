import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { lessonSchema } from './domain/course/lesson-schema.ts';
import { moduleSchema } from './domain/course/module-schema.ts';

const modulesBase = './content/modules';

/** content/modules/<slug>/module.json — id is the module slug. */
const modules = defineCollection({
  loader: glob({ pattern: '*/module.json', base: modulesBase, generateId: ({ entry }) => entry.split('/')[0]! }),
  schema: moduleSchema,
});

/** content/modules/<slug>/<lesson>.mdx — id is "<module>/<lesson>", the id questions refer to. */
const lessons = defineCollection({
  loader: glob({ pattern: '*/*.mdx', base: modulesBase, generateId: ({ entry }) => entry.replace(/\.mdx$/, '') }),
  schema: lessonSchema,
});

export const collections = { modules, lessons };
