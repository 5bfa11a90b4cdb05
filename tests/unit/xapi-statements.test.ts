import validateXapi from '@learninglocker/xapi-validation';
import { describe, expect, it } from 'vitest';
import { buildStatement, isoDuration, nextTryAfter, statementIdOf, uuidV5 } from '../../src/domain/xapi/rules.ts';
import type { CourseNames, LearningEvent, Learner, StatementSettings } from '../../src/domain/xapi/schema.ts';
import { xapiSettingsFrom } from '../../src/domain/xapi/service.ts';

// Learning Locker's validator (@learninglocker/xapi-validation, conformance-tested with its LRS): every problem of
// a statement against xAPI 1.0.3, as a list.
const validate = ((validateXapi as unknown as { default?: typeof validateXapi }).default ?? validateXapi) as (
  s: unknown,
) => { path: string[]; name: string }[];
const problems = (s: unknown) => validate(s).map((w) => `${w.path.join('.')}: ${w.name}`);

const settings: StatementSettings = {
  activityBase: 'https://academy.example.com/xapi',
  homePage: 'https://hr.example.com',
  actor: 'account',
};
const names: CourseNames = {
  module: (slug) => ({ 'service-mindset': '服务心态' })[slug],
  lesson: (id) => ({ 'service-mindset/01-why-service-matters': '为什么服务很重要' })[id],
  quiz: (id) =>
    ({
      'quiz-service-mindset': { title: '服务心态 单元测验', module: 'service-mindset' },
      'exam-hotline-agent': { title: '上岗认证考试' },
    })[id],
  program: (id) => ({ 'hotline-agent': '热线客服代表上岗认证' })[id],
};
const learner: Learner = { userId: 'u1234567890abcd', employeeNo: 'H10086', email: 'li.na@example.com' };
const t = (s: string) => new Date(`2026-03-0${s}T08:00:00.000Z`);

const events: Record<LearningEvent['kind'] | 'attempt-failed', LearningEvent> = {
  'lesson-completed': {
    kind: 'lesson-completed',
    userId: learner.userId,
    lesson: 'service-mindset/01-why-service-matters',
    module: 'service-mindset',
    completedAt: t('1'),
  },
  'attempt-started': {
    kind: 'attempt-started',
    attemptId: 'att000000000001',
    userId: learner.userId,
    quiz: 'quiz-service-mindset',
    quizKind: 'module',
    attemptNo: 1,
    startedAt: t('2'),
  },
  'attempt-graded': {
    kind: 'attempt-graded',
    attemptId: 'att000000000001',
    userId: learner.userId,
    quiz: 'quiz-service-mindset',
    quizKind: 'module',
    attemptNo: 1,
    startedAt: t('2'),
    submittedAt: new Date(t('2').getTime() + 754_000),
    percent: 90,
    passed: true,
    late: false,
  },
  'attempt-failed': {
    kind: 'attempt-graded',
    attemptId: 'att000000000002',
    userId: learner.userId,
    quiz: 'exam-hotline-agent',
    quizKind: 'exam',
    attemptNo: 2,
    startedAt: t('3'),
    submittedAt: new Date(t('3').getTime() + 2_700_000),
    percent: 72.5,
    passed: false,
    late: true,
  },
  'call-completed': {
    kind: 'call-completed',
    runId: 'run000000000001',
    userId: learner.userId,
    callId: 'cheaper-broadband-49',
    callTitle: '别家宽带才 49 元',
    module: 'complaint-handling',
    startedAt: t('4'),
    completedAt: new Date(t('4').getTime() + 300_000),
    endingKind: 'resolved',
    passed: true,
    points: { courtesy: 3, empathy: 2, compliance: 1, accuracy: 0, efficiency: -1 },
  },
  'certificate-issued': {
    kind: 'certificate-issued',
    certificateId: 'cert00000000001',
    userId: learner.userId,
    program: 'hotline-agent',
    issuedAt: t('5'),
    validFrom: t('5'),
    expiresAt: new Date('2027-03-05T08:00:00.000Z'),
  },
  'certificate-revoked': {
    kind: 'certificate-revoked',
    certificateId: 'cert00000000001',
    userId: learner.userId,
    program: 'hotline-agent',
    revokedAt: t('6'),
    reason: '考试作弊，证书作废',
  },
};

describe('xAPI statements', () => {
  for (const [name, event] of Object.entries(events)) {
    it(`${name} is a valid xAPI 1.0.3 statement (account actor, Chinese names, IRIs under the base)`, () => {
      const statement = buildStatement(event, learner, settings, names);
      expect(problems(statement)).toEqual([]);
      expect(statement.actor).toEqual({
        objectType: 'Agent',
        account: { homePage: 'https://hr.example.com', name: 'H10086' },
      });
      expect(JSON.stringify(statement)).not.toContain('li.na@');
      expect(statement.verb.id).toMatch(/^http:\/\/adlnet\.gov\/expapi\/verbs\/[a-z]+$/);
      expect(statement.verb.display['zh-CN']).toMatch(/\p{Script=Han}/u);
      if (statement.object.objectType === 'Activity') {
        expect(statement.object.id.startsWith(`${settings.activityBase}/`)).toBe(true);
        expect(statement.object.definition.name['zh-CN']).toMatch(/\p{Script=Han}/u);
      }
      expect(statement.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      // Deterministic: the same event always gives the same statement.
      expect(buildStatement(event, learner, settings, names)).toEqual(statement);
    });
  }

  it('names the learner by e-mail only when XAPI_ACTOR=mbox', () => {
    const statement = buildStatement(events['lesson-completed'], learner, { ...settings, actor: 'mbox' }, names);
    expect(statement.actor).toEqual({ objectType: 'Agent', mbox: 'mailto:li.na@example.com' });
    expect(problems(statement)).toEqual([]);
  });

  it('says passed or failed with the score, and the verbs and activities expected per event', () => {
    const passed = buildStatement(events['attempt-graded'], learner, settings, names);
    expect(passed.verb.id).toBe('http://adlnet.gov/expapi/verbs/passed');
    expect(passed.result).toMatchObject({ score: { scaled: 0.9, raw: 90, min: 0, max: 100 }, success: true });
    expect(passed.result?.duration).toBe('PT12M34S');
    expect(passed.object).toMatchObject({ id: 'https://academy.example.com/xapi/quizzes/quiz-service-mindset' });
    expect(passed.context?.contextActivities?.parent?.[0]?.definition.name['zh-CN']).toBe('服务心态');
    const failed = buildStatement(events['attempt-failed'], learner, settings, names);
    expect(failed.verb.id).toBe('http://adlnet.gov/expapi/verbs/failed');
    expect(failed.result).toMatchObject({ score: { scaled: 0.725, raw: 72.5 }, success: false });
    const started = buildStatement(events['attempt-started'], learner, settings, names);
    expect(started.verb.id).toBe('http://adlnet.gov/expapi/verbs/attempted');
    // Start and grade of one attempt share a registration.
    expect(started.context?.registration).toBe(passed.context?.registration);
    const call = buildStatement(events['call-completed'], learner, settings, names);
    expect(Object.values(call.result?.extensions ?? {})).toContainEqual(
      expect.objectContaining({ courtesy: { label: '礼貌', points: 3 }, efficiency: { label: '效率', points: -1 } }),
    );
    const lesson = buildStatement(events['lesson-completed'], learner, settings, names);
    expect(lesson.object).toMatchObject({
      id: 'https://academy.example.com/xapi/lessons/service-mindset/01-why-service-matters',
      definition: { name: { 'zh-CN': '为什么服务很重要' } },
    });
  });

  it('voids the certificate statement when the certificate is revoked', () => {
    const issued = buildStatement(events['certificate-issued'], learner, settings, names);
    const revoked = buildStatement(events['certificate-revoked'], learner, settings, names);
    expect(issued.verb.id).toBe('http://adlnet.gov/expapi/verbs/mastered');
    expect(revoked.verb.id).toBe('http://adlnet.gov/expapi/verbs/voided');
    expect(revoked.object).toEqual({ objectType: 'StatementRef', id: issued.id });
  });

  it('gives ids from kind and record: stable, and different per kind and record', () => {
    // RFC 4122 appendix B test vector for UUID v5 (DNS namespace, "python.org").
    expect(uuidV5('python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
    const ids = Object.values(events).map((e) => buildStatement(e, learner, settings, names).id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(statementIdOf('attempt-graded', 'a')).toBe(statementIdOf('attempt-graded', 'a'));
    expect(statementIdOf('attempt-graded', 'a')).not.toBe(statementIdOf('attempt-started', 'a'));
  });

  it('the validator catches what a wrong builder would write (so these tests can fail)', () => {
    const statement = buildStatement(events['certificate-revoked'], learner, settings, names);
    expect(problems({ ...statement, context: { ...statement.context, platform: 'x' } }).length).toBeGreaterThan(0);
    const graded = buildStatement(events['attempt-graded'], learner, settings, names);
    const bad = { ...graded, result: { ...graded.result, score: { scaled: 90, raw: 90, min: 0, max: 100 } } };
    expect(problems(bad).length).toBeGreaterThan(0);
    expect(problems({ ...graded, actor: { objectType: 'Agent', mbox: 'li.na@example.com' } }).length).toBeGreaterThan(
      0,
    );
  });

  it('backs off exponentially up to an hour', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const delay = (n: number) => nextTryAfter(n, now, () => 0.5).getTime() - now.getTime();
    expect([1, 2, 3, 4].map(delay)).toEqual([5000, 10_000, 20_000, 40_000]);
    expect(delay(30)).toBe(3600_000);
    expect(isoDuration(0)).toBe('PT0S');
    expect(isoDuration(3600)).toBe('PT1H');
  });

  it('is off by default and refuses a half configuration with a message naming the variable', () => {
    expect(xapiSettingsFrom({})).toMatchObject({ statements: null, lrs: null });
    expect(() => xapiSettingsFrom({ XAPI_ENDPOINT: 'https://lrs.example.com/xapi' })).toThrow(/XAPI_ACTIVITY_BASE/);
    expect(() =>
      xapiSettingsFrom({
        XAPI_ENDPOINT: 'https://lrs.example.com/xapi/',
        XAPI_ACTIVITY_BASE: 'https://a.example.com/xapi/',
        XAPI_HOMEPAGE: 'https://hr.example.com',
        XAPI_USERNAME: 'key',
      }),
    ).toThrow(/XAPI_PASSWORD/);
    const on = xapiSettingsFrom({
      XAPI_ENDPOINT: 'https://lrs.example.com/xapi/',
      XAPI_ACTIVITY_BASE: 'https://a.example.com/xapi/',
      XAPI_HOMEPAGE: 'https://hr.example.com',
    });
    expect(on.lrs?.endpoint).toBe('https://lrs.example.com/xapi');
    expect(on.statements).toEqual({
      activityBase: 'https://a.example.com/xapi',
      homePage: 'https://hr.example.com',
      actor: 'account',
    });
  });
});
