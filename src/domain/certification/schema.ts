import { z } from 'zod';
import { moduleSlugSchema } from '../course/module-schema.ts';
import { pbDateSchema, pbRequiredDateSchema } from '../../platform/pocketbase/dates.ts';

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
  /** Simulated calls (content/calls ids) the trainee must pass (a run the server marked passed); absent for none. */
  requiredCalls: z.array(z.string().regex(/^[a-z0-9-]+$/)).optional(),
  validityMonths: z.number().int().min(1).max(120),
  /** Days before expiry from which the trainee may recertify (the new certificate starts when the old one ends). */
  recertificationWindowDays: z.number().int().min(0).max(365),
});
export type CertificationProgram = z.infer<typeof certificationProgramSchema>;

/** A `certificates` record as the server reads it. */
export const certificateRecordSchema = z.object({
  id: z.string(),
  user: z.string(),
  program: z.string(),
  code: z.string(),
  issuedAt: pbRequiredDateSchema,
  validFrom: pbRequiredDateSchema,
  expiresAt: pbRequiredDateSchema,
  evidence: z.unknown(),
  revokedAt: pbDateSchema,
  revokedReason: z.string(),
  /** The holder's name and 工号 as they were at issue ('' only on rows written behind the app's back). */
  holderName: z.string().default(''),
  holderEmployeeNo: z.string().default(''),
  /** The newest certificate of this user and program when this one was issued ('first' for none; '' on rows written
   * behind the app's back). Unique per (user, program): two concurrent issues for one cycle cannot both land. */
  follows: z.string().default(''),
});
export type CertificateRecord = z.infer<typeof certificateRecordSchema>;

/** Scoring rubrics live in ./rubric-schema.ts. */
export { rubricSchema, type Rubric } from './rubric-schema.ts';
