import { z } from 'zod';
import { moduleSlugSchema } from '../course/module-schema.ts';

/** How many questions to draw from one module's bank, optionally narrowed by tags and difficulty. */
export const drawRuleSchema = z.strictObject({
  module: moduleSlugSchema,
  /** Draw from another bank than the module's, e.g. "listening/<exercise id>" for a listening exercise. */
  bank: z.string().optional(),
  count: z.number().int().min(1),
  /** Only questions carrying at least one of these tags. */
  tags: z.array(z.string()).optional(),
  difficulty: z.array(z.enum(['easy', 'medium', 'hard'])).optional(),
});

/**
 * What a learner may see after submitting. `scores`: total and per-module breakdown.
 * `answers`: correct answers, explanations and per-option feedback.
 */
export const reviewPolicySchema = z.strictObject({
  scores: z.enum(['always', 'never']).default('always'),
  answers: z.enum(['always', 'after-pass-or-last-attempt', 'never']).default('always'),
});

/** A module quiz (quizzes/quizzes/) or a certification exam (quizzes/exams/). */
export const quizSchema = z.strictObject({
  /** Stable id used in URLs and attempt records, e.g. quiz-service-mindset or exam-hotline-agent. */
  id: z.string().regex(/^(quiz|exam)-[a-z0-9-]+$/),
  kind: z.enum(['module', 'exam']),
  title: z.string().min(2),
  description: z.string().min(4),
  /** Module quizzes belong to one module; exams draw from several. */
  module: moduleSlugSchema.optional(),
  draw: z.array(drawRuleSchema).min(1),
  /** Fraction of the maximum score needed to pass. */
  passMark: z.number().min(0).max(1).default(0.8),
  /** Minutes from start; absent means untimed. */
  timeLimitMinutes: z.number().int().min(1).max(600).optional(),
  /** Absent means unlimited attempts. */
  maxAttempts: z.number().int().min(1).optional(),
  /** Hours a learner waits after a failed attempt before the next one. */
  waitHours: z.number().min(0).default(0),
  review: reviewPolicySchema.default({ scores: 'always', answers: 'always' }),
});
export type Quiz = z.infer<typeof quizSchema>;
export type QuizInput = z.input<typeof quizSchema>;
export type ReviewPolicy = z.infer<typeof reviewPolicySchema>;

/** Seconds after the time limit during which a submission still counts as on time (network, clock skew). */
export const submissionGraceSeconds = 60;
