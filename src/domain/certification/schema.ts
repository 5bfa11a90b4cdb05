import { z } from 'zod';
import { moduleSlugSchema } from '../course/module-schema.ts';

/** content/certifications/<id>.json — what a trainee must achieve to be certified, and for how long. */
export const certificationProgramSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  title: z.string().min(2),
  description: z.string().min(8),
  /** Every lesson of these modules completed and each module quiz passed. */
  requiredModules: z.array(moduleSlugSchema).min(1),
  /** The exam to pass (quizzes/exams/); its own pass mark applies unless `examPassMark` is stricter. */
  exam: z.string().regex(/^exam-[a-z0-9-]+$/),
  examPassMark: z.number().min(0).max(1).optional(),
  /** A practical assessment scored with `rubric`, at least `minPercent`; absent when none is required. */
  practical: z
    .strictObject({ rubric: z.string(), minPercent: z.number().min(0).max(100), description: z.string() })
    .optional(),
  validityMonths: z.number().int().min(1).max(120),
  /** Days before expiry from which the trainee may recertify (the new certificate starts when the old one ends). */
  recertificationWindowDays: z.number().int().min(0).max(365),
});
export type CertificationProgram = z.infer<typeof certificationProgramSchema>;

/** Scoring rubrics live in ./rubric.ts. */
export { rubricSchema, type Rubric } from './rubric-schema.ts';
