import { createHash } from 'node:crypto';
import { dimensionLabels, endingKindLabels, type Dimension } from '../calls/schema.ts';
import type {
  Activity,
  Agent,
  CourseNames,
  LearningEvent,
  LearningEventKind,
  Learner,
  Statement,
  StatementSettings,
} from './schema.ts';

/** Namespace of this app's statement ids (UUID v5); never change it, or resent statements get new ids. */
const statementNamespace = '6f1d3c52-8a0e-4b7e-9a43-1e5b2f0c7d91';

/** A name-based UUID (RFC 4122 version 5, SHA-1) of `name` in `namespace`. */
export function uuidV5(name: string, namespace: string = statementNamespace): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The record an event comes from, which makes its statement id: the same event always gets the same id. */
export function eventKey(event: LearningEvent): string {
  switch (event.kind) {
    case 'lesson-completed':
      return `${event.userId}/${event.lesson}`;
    case 'attempt-started':
    case 'attempt-graded':
      return event.attemptId;
    case 'call-completed':
      return event.runId;
    case 'certificate-issued':
    case 'certificate-revoked':
      return event.certificateId;
  }
}

/** The statement id of an event: UUID v5 of its kind and record. */
export const statementIdOf = (kind: LearningEventKind, key: string) => uuidV5(`${kind}:${key}`);

/** ADL verbs (http://adlnet.gov/expapi/verbs/…) with Chinese display names. */
export const verbs = {
  completed: { id: 'http://adlnet.gov/expapi/verbs/completed', display: { 'zh-CN': '完成', 'en-US': 'completed' } },
  attempted: { id: 'http://adlnet.gov/expapi/verbs/attempted', display: { 'zh-CN': '开始作答', 'en-US': 'attempted' } },
  passed: { id: 'http://adlnet.gov/expapi/verbs/passed', display: { 'zh-CN': '通过', 'en-US': 'passed' } },
  failed: { id: 'http://adlnet.gov/expapi/verbs/failed', display: { 'zh-CN': '未通过', 'en-US': 'failed' } },
  mastered: { id: 'http://adlnet.gov/expapi/verbs/mastered', display: { 'zh-CN': '获得认证', 'en-US': 'mastered' } },
  voided: { id: 'http://adlnet.gov/expapi/verbs/voided', display: { 'zh-CN': '撤销', 'en-US': 'voided' } },
} as const;

const activityTypes = {
  course: 'http://adlnet.gov/expapi/activities/course',
  module: 'http://adlnet.gov/expapi/activities/module',
  lesson: 'http://adlnet.gov/expapi/activities/lesson',
  assessment: 'http://adlnet.gov/expapi/activities/assessment',
  simulation: 'http://adlnet.gov/expapi/activities/simulation',
} as const;

const platform = '热线学堂 Hotline Academy';

/** The learner as an xAPI agent: the 工号 on the organisation's home page, or the e-mail only when configured. */
export function actorFor(learner: Learner, settings: StatementSettings): Agent {
  if (settings.actor === 'mbox') {
    if (!learner.email) throw new Error(`xAPI: user ${learner.userId} has no e-mail address (XAPI_ACTOR=mbox)`);
    return { objectType: 'Agent', mbox: `mailto:${learner.email}` };
  }
  if (!learner.employeeNo) throw new Error(`xAPI: user ${learner.userId} has no 工号`);
  return { objectType: 'Agent', account: { homePage: settings.homePage, name: learner.employeeNo } };
}

/** Seconds as an ISO 8601 duration (PT…S), as xAPI's `result.duration` wants it. */
export function isoDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s % 60 || (!h && !m) ? `${s % 60}S` : ''}`;
}

/** The activities of the course, under the configured IRI base, named in Chinese. */
export function activities(settings: StatementSettings, names: CourseNames) {
  const base = settings.activityBase;
  const activity = (path: string, type: string, name: string): Activity => ({
    objectType: 'Activity',
    id: `${base}/${path.split('/').map(encodeURIComponent).join('/')}`,
    definition: { name: { 'zh-CN': name }, type },
  });
  return {
    course: () => activity('course', activityTypes.course, '热线学堂'),
    module: (slug: string) => activity(`modules/${slug}`, activityTypes.module, names.module(slug) ?? slug),
    lesson: (id: string) => activity(`lessons/${id}`, activityTypes.lesson, names.lesson(id) ?? id),
    quiz: (id: string) => activity(`quizzes/${id}`, activityTypes.assessment, names.quiz(id)?.title ?? id),
    call: (id: string, title: string) => activity(`calls/${id}`, activityTypes.simulation, title),
    program: (id: string) =>
      activity(`programs/${id}`, `${base}/activity-types/certification-program`, names.program(id) ?? id),
    extension: (name: string) => `${base}/extensions/${name}`,
  };
}

const percentScore = (percent: number) => {
  const raw = Math.min(100, Math.max(0, Math.round(percent * 10) / 10));
  return { scaled: Math.round(raw * 10) / 1000, raw, min: 0, max: 100 };
};

/**
 * The xAPI 1.0.3 statement of a learning event. Pure: the same event, learner, settings and names always give the
 * same statement (same id, same timestamp), so a statement rebuilt from the records (npm run xapi:export) equals the
 * one recorded at the time.
 */
export function buildStatement(
  event: LearningEvent,
  learner: Learner,
  settings: StatementSettings,
  names: CourseNames,
): Statement {
  const a = activities(settings, names);
  const id = statementIdOf(event.kind, eventKey(event));
  const actor = actorFor(learner, settings);
  const context = (parent: Activity[], extensions?: Record<string, unknown>, registration?: string) => ({
    ...(registration ? { registration } : {}),
    platform,
    language: 'zh-CN',
    contextActivities: { ...(parent.length ? { parent } : {}), grouping: [a.course()] },
    ...(extensions ? { extensions } : {}),
  });
  switch (event.kind) {
    case 'lesson-completed':
      return {
        id,
        actor,
        verb: verbs.completed,
        object: a.lesson(event.lesson),
        result: { completion: true },
        context: context([a.module(event.module)]),
        timestamp: event.completedAt.toISOString(),
      };
    case 'attempt-started':
    case 'attempt-graded': {
      const module = names.quiz(event.quiz)?.module;
      const ctx = context(
        module ? [a.module(module)] : [],
        { [a.extension('attempt-number')]: event.attemptNo, [a.extension('assessment-kind')]: event.quizKind },
        uuidV5(`attempt:${event.attemptId}`),
      );
      if (event.kind === 'attempt-started')
        return {
          id,
          actor,
          verb: verbs.attempted,
          object: a.quiz(event.quiz),
          context: ctx,
          timestamp: event.startedAt.toISOString(),
        };
      return {
        id,
        actor,
        verb: event.passed ? verbs.passed : verbs.failed,
        object: a.quiz(event.quiz),
        result: {
          score: percentScore(event.percent),
          success: event.passed,
          completion: true,
          duration: isoDuration((event.submittedAt.getTime() - event.startedAt.getTime()) / 1000),
          extensions: { [a.extension('late')]: event.late },
        },
        context: ctx,
        timestamp: event.submittedAt.toISOString(),
      };
    }
    case 'call-completed': {
      const points: Record<string, { label: string; points: number }> = {};
      for (const [dimension, value] of Object.entries(event.points))
        points[dimension] = { label: dimensionLabels[dimension as Dimension], points: value ?? 0 };
      return {
        id,
        actor,
        verb: verbs.completed,
        object: a.call(event.callId, event.callTitle),
        result: {
          success: event.passed,
          completion: true,
          duration: isoDuration((event.completedAt.getTime() - event.startedAt.getTime()) / 1000),
          extensions: {
            [a.extension('dimension-points')]: points,
            [a.extension('ending')]: { kind: event.endingKind, label: endingKindLabels[event.endingKind] },
          },
        },
        context: context([a.module(event.module)], undefined, uuidV5(`call-run:${event.runId}`)),
        timestamp: event.completedAt.toISOString(),
      };
    }
    case 'certificate-issued':
      return {
        id,
        actor,
        verb: verbs.mastered,
        object: a.program(event.program),
        result: {
          success: true,
          completion: true,
          extensions: {
            [a.extension('certificate')]: {
              id: event.certificateId,
              validFrom: event.validFrom.toISOString(),
              expiresAt: event.expiresAt.toISOString(),
            },
          },
        },
        context: context([]),
        timestamp: event.issuedAt.toISOString(),
      };
    case 'certificate-revoked':
      // ADL's vocabulary has no "revoked": the certificate's `mastered` statement is voided. A voiding statement's
      // object is a StatementRef, and its context may carry neither platform nor revision (xAPI 1.0.3, 2.4.6).
      return {
        id,
        actor,
        verb: verbs.voided,
        object: { objectType: 'StatementRef', id: statementIdOf('certificate-issued', event.certificateId) },
        context: {
          language: 'zh-CN',
          extensions: {
            [a.extension('certificate')]: { id: event.certificateId, program: event.program },
            [a.extension('revocation-reason')]: event.reason,
          },
        },
        timestamp: event.revokedAt.toISOString(),
      };
  }
}

/** When a failed send is tried again: exponential backoff from 5 s, at most an hour, with ±20 % jitter. */
export function nextTryAfter(tries: number, now: Date, random: () => number = Math.random): Date {
  const base = Math.min(3600_000, 5000 * 2 ** Math.max(0, tries - 1));
  return new Date(now.getTime() + Math.round(base * (0.8 + 0.4 * random())));
}

/** Whether an LRS answer means the statement itself is refused (retrying cannot help). */
export const isPermanentRefusal = (status: number) =>
  status >= 400 && status < 500 && ![401, 403, 408, 409, 429].includes(status);
