import { z } from 'zod';

/** The seven course modules, in teaching order. Folder names under content/modules/ use these slugs. */
export const moduleSlugs = [
  'service-mindset',
  'voice-affinity',
  'service-etiquette',
  'complaint-psychology',
  'complaint-handling',
  'stress-management',
  'phone-communication',
] as const;

export const moduleSlugSchema = z.enum(moduleSlugs, {
  error: () => `module must be one of: ${moduleSlugs.join(', ')}`,
});
export type ModuleSlug = z.infer<typeof moduleSlugSchema>;

/** content/modules/<slug>/module.json */
export const moduleSchema = z.strictObject({
  /** Module title shown to learners, e.g. 「服务心态」. */
  title: z.string().min(2),
  /** Position in the course, 1-based. */
  order: z.number().int().min(1),
  /** One or two sentences: what the learner will be able to do after the module. */
  summary: z.string().min(10),
});
export type CourseModule = z.infer<typeof moduleSchema>;
