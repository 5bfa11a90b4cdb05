import { z } from 'zod';
import type { Dimension, EndingKind } from '../calls/schema.ts';

/**
 * xAPI 1.0.3 (Experience API) output: learning events become statements that wait in the `xapi_statements` outbox
 * and are sent to a Learning Record Store (LRS). Configured from the environment; off unless XAPI_ENDPOINT is set.
 */

const iriBase = z
  .url({ protocol: /^https?$/ })
  .transform((u) => u.replace(/\/+$/, ''))
  .describe('an http(s) IRI such as https://academy.example.com/xapi');

const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

/** Environment of the xAPI output (README, 「配置」 table). */
export const xapiEnvSchema = z
  .object({
    /** The LRS's xAPI base, e.g. https://lrs.example.com/xapi — statements go to <endpoint>/statements. */
    XAPI_ENDPOINT: optional(iriBase),
    XAPI_USERNAME: optional(z.string()),
    XAPI_PASSWORD: optional(z.string()),
    /** Activity ids are <base>/lessons/<module>/<lesson>, <base>/quizzes/<quiz id>, <base>/programs/<id>, … */
    XAPI_ACTIVITY_BASE: optional(iriBase),
    /** The organisation's home page: the learner is the account (工号) on it. */
    XAPI_HOMEPAGE: optional(z.url({ protocol: /^https?$/ })),
    /** `account` (工号 on XAPI_HOMEPAGE, default) or `mbox` (the e-mail address, only when configured so). */
    XAPI_ACTOR: z.enum(['account', 'mbox']).default('account'),
    /** How often the sender looks for statements due (ms). */
    XAPI_SEND_INTERVAL_MS: z.coerce.number().int().min(100).default(5000),
  })
  .refine((env) => !env.XAPI_ENDPOINT || (env.XAPI_ACTIVITY_BASE && env.XAPI_HOMEPAGE), {
    message: 'XAPI_ENDPOINT needs XAPI_ACTIVITY_BASE and XAPI_HOMEPAGE (the IRIs statements are built on)',
  })
  .refine((env) => !env.XAPI_USERNAME === !env.XAPI_PASSWORD, {
    message: 'XAPI_USERNAME and XAPI_PASSWORD go together (HTTP basic auth)',
  });
export type XapiEnv = z.infer<typeof xapiEnvSchema>;

/** What the statement builders need to know about the deployment. */
export interface StatementSettings {
  activityBase: string;
  homePage: string;
  actor: 'account' | 'mbox';
}

/** Where statements are sent. */
export interface LrsSettings {
  endpoint: string;
  username?: string;
  password?: string;
}

/** The learner as the statement names them: the 工号 (and the e-mail, used only when XAPI_ACTOR=mbox). */
export interface Learner {
  userId: string;
  employeeNo: string;
  email?: string;
}

/** Chinese titles of the course's things, by their stable ids (from the catalogs in the app, files in the CLI). */
export interface CourseNames {
  module(slug: string): string | undefined;
  lesson(id: string): string | undefined;
  quiz(id: string): { title: string; module?: string } | undefined;
  program(id: string): string | undefined;
}

/** A lesson became complete (`lesson_progress.completedAt` was set). */
export interface LessonCompleted {
  kind: 'lesson-completed';
  userId: string;
  /** "<module>/<lesson>" */
  lesson: string;
  module: string;
  completedAt: Date;
}

interface AttemptFacts {
  attemptId: string;
  userId: string;
  quiz: string;
  quizKind: 'module' | 'exam';
  attemptNo: number;
  startedAt: Date;
}

/** A quiz or exam attempt was started. */
export interface AttemptStarted extends AttemptFacts {
  kind: 'attempt-started';
}

/** A quiz or exam attempt was graded: passed or failed, with its score in percent. */
export interface AttemptGraded extends AttemptFacts {
  kind: 'attempt-graded';
  submittedAt: Date;
  percent: number;
  passed: boolean;
  late: boolean;
}

/**
 * A simulated call (模拟来电, src/domain/calls/) was played to an ending: the points earned per QA dimension and
 * whether the ending counts as handled well. Built from the call's run record once the call simulator records runs.
 */
export interface CallCompleted {
  kind: 'call-completed';
  /** The run record's id (stable: the statement id derives from it). */
  runId: string;
  userId: string;
  callId: string;
  callTitle: string;
  /** The module the call practises. */
  module: string;
  startedAt: Date;
  completedAt: Date;
  endingKind: EndingKind;
  passed: boolean;
  /** Points per QA dimension at the end of the call. */
  points: Partial<Record<Dimension, number>>;
}

/** A certificate was issued (its holder's 工号 as snapshotted on the certificate). */
export interface CertificateIssued {
  kind: 'certificate-issued';
  certificateId: string;
  userId: string;
  program: string;
  issuedAt: Date;
  validFrom: Date;
  expiresAt: Date;
}

/** A certificate was revoked (its issued statement is voided). */
export interface CertificateRevoked {
  kind: 'certificate-revoked';
  certificateId: string;
  userId: string;
  program: string;
  revokedAt: Date;
  reason: string;
}

export type LearningEvent =
  LessonCompleted | AttemptStarted | AttemptGraded | CallCompleted | CertificateIssued | CertificateRevoked;
export type LearningEventKind = LearningEvent['kind'];

/** The xAPI 1.0.3 statement shapes this app writes (a subset of the specification). */
export type LanguageMap = Record<string, string>;
export interface Agent {
  objectType: 'Agent';
  account?: { homePage: string; name: string };
  mbox?: string;
}
export interface Activity {
  objectType: 'Activity';
  id: string;
  definition: { name: LanguageMap; type: string };
}
export interface StatementRef {
  objectType: 'StatementRef';
  id: string;
}
export interface Statement {
  id: string;
  actor: Agent;
  verb: { id: string; display: LanguageMap };
  object: Activity | StatementRef;
  result?: {
    score?: { scaled: number; raw: number; min: number; max: number };
    success?: boolean;
    completion?: boolean;
    duration?: string;
    extensions?: Record<string, unknown>;
  };
  context?: {
    registration?: string;
    platform?: string;
    language?: string;
    contextActivities?: { parent?: Activity[]; grouping?: Activity[] };
    extensions?: Record<string, unknown>;
  };
  timestamp: string;
}

/** An outbox row as the server reads it. */
export const outboxRowSchema = z.object({
  id: z.string(),
  statementId: z.string(),
  kind: z.string(),
  statement: z.custom<Statement>((v) => typeof v === 'object' && v !== null),
  status: z.enum(['pending', 'sent', 'rejected']),
  tries: z
    .number()
    .nullish()
    .transform((v) => v ?? 0),
  version: z
    .number()
    .nullish()
    .transform((v) => v ?? 0),
  lastError: z.string().default(''),
});
export type OutboxRow = z.infer<typeof outboxRowSchema>;
