import { readFileSync } from 'node:fs';
import type PocketBase from 'pocketbase';
import { ClientResponseError } from 'pocketbase';
import { beforeAll, describe, expect, it } from 'vitest';
import { anonymousClient, asAdmin, makeUser } from './pocketbase-fixtures.ts';

/**
 * Role × collection × operation against the real PocketBase: the expected allow/deny of every cell is written
 * out below, and each cell is exercised on a record that belongs to (or concerns) the subject trainee.
 */
const roles = ['anonymous', 'trainee', 'otherTrainee', 'cohortTrainer', 'otherTrainer', 'hr'] as const;
type Role = (typeof roles)[number];
const ops = ['list', 'view', 'create', 'update', 'delete'] as const;
type Op = (typeof ops)[number];

const none: Role[] = [];
const readers = { own: ['trainee', 'cohortTrainer', 'hr'] as Role[] };
const expected: Record<string, Record<Op, Role[]>> = {
  // Nobody edits their own identity; HR corrects it through the app (/hr/staff/<id>), which audits the change.
  users: { list: readers.own, view: readers.own, create: none, update: none, delete: none },
  // Cohorts are written through the app only: it scopes trainers to their department and audits member changes.
  cohorts: { list: ['cohortTrainer', 'hr'], view: ['cohortTrainer', 'hr'], create: none, update: none, delete: none },
  attempts: { list: readers.own, view: readers.own, create: none, update: none, delete: none },
  attempt_keys: { list: none, view: none, create: none, update: none, delete: none },
  lesson_progress: { list: readers.own, view: readers.own, create: none, update: none, delete: none },
  module_progress: { list: readers.own, view: readers.own, create: none, update: none, delete: none },
  assignments: { list: readers.own, view: readers.own, create: none, update: none, delete: none },
  practical_assessments: { list: readers.own, view: readers.own, create: none, update: none, delete: none },
  certificates: { list: readers.own, view: readers.own, create: none, update: none, delete: none },
  audit_log: { list: ['hr'], view: ['hr'], create: none, update: none, delete: none },
  voice_recordings: { list: readers.own, view: readers.own, create: none, update: none, delete: none },
  // Holds its exercise's answer key: only the uploading trainer and HR may read it.
  call_recordings: {
    list: ['cohortTrainer', 'hr'],
    view: ['cohortTrainer', 'hr'],
    create: none,
    update: none,
    delete: none,
  },
  app_settings: {
    list: ['trainee', 'otherTrainee', 'cohortTrainer', 'otherTrainer', 'hr'],
    view: ['trainee', 'otherTrainee', 'cohortTrainer', 'otherTrainer', 'hr'],
    create: none,
    update: none,
    delete: none,
  },
  // The xAPI outbox names staff by 工号: only the app server records and sends it.
  xapi_statements: { list: none, view: none, create: none, update: none, delete: none },
  // HR's summary (names, 工号, certificates, overdue work of every trainee): the app server reads it for HR pages, and
  // only PocketBase's own hooks write it.
  hr_staff_summary: { list: none, view: none, create: none, update: none, delete: none },
  // The per-user study clock: only the app server reads and advances it.
  study_clocks: { list: none, view: none, create: none, update: none, delete: none },
  // Simulated call runs and their recorded replies: the app server keeps them (scenario graph and scoring are keys).
  call_runs: { list: none, view: none, create: none, update: none, delete: none },
  call_run_recordings: { list: none, view: none, create: none, update: none, delete: none },
  // The question bank (imported drafts, published items with their keys): only the app server, for trainers and HR.
  question_drafts: { list: none, view: none, create: none, update: none, delete: none },
  published_questions: { list: none, view: none, create: none, update: none, delete: none },
  // Notifications, their deliveries, e-mail opt-outs and the scheduler lease: the app server reads and writes them
  // (a user's own inbox and settings go through /inbox and its actions).
  notifications: { list: none, view: none, create: none, update: none, delete: none },
  notification_deliveries: { list: none, view: none, create: none, update: none, delete: none },
  notification_prefs: { list: none, view: none, create: none, update: none, delete: none },
  scheduler_leases: { list: none, view: none, create: none, update: none, delete: none },
  // Pending follow-ups of graded attempts and of lessons started or completed: only the app server touches them.
  achievement_followups: { list: none, view: none, create: none, update: none, delete: none },
  programs: {
    list: ['trainee', 'otherTrainee', 'cohortTrainer', 'otherTrainer', 'hr'],
    view: ['trainee', 'otherTrainee', 'cohortTrainer', 'otherTrainer', 'hr'],
    create: none,
    update: none,
    delete: none,
  },
};

interface Target {
  /** The record every cell is tried on. */
  id: string;
  /** Data for create (a record like the target) and a harmless change for update. */
  create: Record<string, unknown>;
  update: Record<string, unknown>;
}

/** Collections with a unique `key`: a copy for create/delete needs a fresh one. */
const keyed = new Set([
  'programs',
  'app_settings',
  'notifications',
  'notification_deliveries',
  'notification_prefs',
  'scheduler_leases',
]);
const clients = {} as Record<Role, PocketBase>;
const targets = {} as Record<string, Target>;
let admin: PocketBase;
let n = 0;
const audioFile = () =>
  new File([readFileSync('tests/fixtures/voice/closing-blessing.ogg')], 'call.ogg', { type: 'audio/ogg' });
/** An outbox row with a fresh statement id (unique index). */
let statementRow: (n: number) => Record<string, unknown> = () => ({});

beforeAll(async () => {
  admin = await asAdmin();
  const [trainee, otherTrainee, cohortTrainer, otherTrainer, hr] = await Promise.all([
    makeUser('trainee'),
    makeUser('trainee'),
    makeUser('trainer'),
    makeUser('trainer'),
    makeUser('hr'),
  ]);
  Object.assign(clients, {
    anonymous: anonymousClient(),
    trainee: trainee.client,
    otherTrainee: otherTrainee.client,
    cohortTrainer: cohortTrainer.client,
    otherTrainer: otherTrainer.client,
    hr: hr.client,
  });
  const subject = trainee.id;
  const cohort = await admin
    .collection('cohorts')
    .create({ name: '矩阵测试班', trainer: cohortTrainer.id, members: [subject] });
  await admin.collection('cohorts').create({ name: '别的班', trainer: otherTrainer.id, members: [otherTrainee.id] });
  const now = new Date().toISOString();
  const attemptData = {
    user: subject,
    quiz: 'quiz-service-mindset',
    kind: 'module',
    attemptNo: 1,
    status: 'submitted',
    startedAt: now,
    submittedAt: now,
    questionIds: ['sm-001'],
    responses: {},
    score: 90,
    passed: true,
  };
  const attempt = await admin.collection('attempts').create(attemptData);
  const keysData = {
    attempt: attempt.id,
    seed: 'abc',
    questions: [{ id: 'sm-001', module: 'service-mindset', layout: {} }],
    results: [],
  };
  const keys = await admin.collection('attempt_keys').create(keysData);
  const progressData = {
    user: subject,
    lesson: 'service-mindset/01-why-service-matters',
    module: 'service-mindset',
    startedAt: now,
    seconds: 10,
    position: 0.5,
  };
  const moduleData = {
    user: subject,
    module: 'service-mindset',
    lessonsTotal: 6,
    lessonsStarted: 1,
    lessonsCompleted: 0,
  };
  const assignmentData = {
    kind: 'module',
    ref: 'service-mindset',
    cohort: cohort.id,
    dueAt: now,
    assignedBy: cohortTrainer.id,
  };
  const practicalData = {
    trainee: subject,
    assessor: cohortTrainer.id,
    program: '',
    kind: 'role-play',
    rubric: 'affinity',
    scores: { a: 1 },
    percent: 90,
    assessedAt: now,
  };
  const certData = {
    user: subject,
    program: 'complaint-specialist',
    code: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
    issuedAt: now,
    validFrom: now,
    expiresAt: now,
    evidence: { note: 'matrix' },
  };
  const auditData = { actor: hr.id, action: 'test', target: subject, details: {} };
  const programData = { key: `matrix-${Date.now()}`, title: '矩阵测试项目' };
  const make = async (collection: string, data: Record<string, unknown>, update: Record<string, unknown>) => {
    const record = await admin
      .collection(collection)
      .create(data)
      .catch((e: ClientResponseError) => {
        throw new Error(`${collection}: ${JSON.stringify(e.response)}`);
      });
    targets[collection] = { id: record.id, create: data, update };
  };
  targets.users = {
    id: subject,
    create: {
      email: 'matrix-new@example.com',
      password: 'password123',
      passwordConfirm: 'password123',
      name: 'x',
      employeeNo: 'M99999',
      role: 'trainee',
    },
    update: { name: '改名' },
  };
  targets.cohorts = {
    id: cohort.id,
    create: { name: '新班', trainer: cohortTrainer.id, members: [] },
    update: { name: '矩阵测试班（改）' },
  };
  targets.attempts = { id: attempt.id, create: { ...attemptData, attemptNo: 2 }, update: { score: 100 } };
  targets.attempt_keys = { id: keys.id, create: keysData, update: { seed: 'x' } };
  await make('lesson_progress', progressData, { seconds: 9999 });
  await make('module_progress', moduleData, { lessonsCompleted: 6 });
  await make('assignments', assignmentData, { ref: 'voice-affinity' });
  await make('practical_assessments', practicalData, { percent: 100 });
  await make('certificates', certData, { expiresAt: '2099-01-01 00:00:00.000Z' });
  await make('audit_log', auditData, { action: 'tampered' });
  await make('programs', programData, { title: '改' });
  await make('app_settings', { key: `matrix-${Date.now()}`, value: { min: 1 } }, { value: { min: 2 } });
  await make('study_clocks', { user: subject, seq: 1, until: Date.now() }, { until: Date.now() + 86_400_000 });
  await make(
    'hr_staff_summary',
    {
      user: subject,
      name: '矩阵',
      program: 'matrix-none',
      status: 'none',
      segFrom: '',
      segTo: '9999-12-31 23:59:59.999Z',
    },
    { status: 'valid' },
  );
  const question = {
    type: 'true-false',
    difficulty: 'medium',
    tags: [],
    prompt: '矩阵测试判断题。',
    answer: true,
    explanation: '矩阵测试解析内容。',
    lesson: 'service-mindset/01-why-service-matters',
  };
  await make(
    'question_drafts',
    {
      module: 'service-mindset',
      lesson: question.lesson,
      question,
      status: 'draft',
      createdBy: cohortTrainer.id,
      version: 1,
    },
    { status: 'published' },
  );
  const qid = `sm-${8000 + (Date.now() % 1000)}`;
  await make(
    'published_questions',
    {
      questionId: qid,
      module: 'service-mindset',
      pool: 'exam',
      question: { ...question, id: qid, pool: 'exam' },
      status: 'active',
      publishedBy: cohortTrainer.id,
      version: 1,
    },
    { status: 'retired' },
  );
  const noteKey = `matrix-${Date.now()}`;
  await make(
    'notifications',
    { key: noteKey, user: subject, rule: 'assignment-due', item: 'assignment:x', offset: -1, title: '提醒', body: '' },
    { readAt: now },
  );
  await make(
    'notification_deliveries',
    {
      key: `${noteKey}|email`,
      notification: targets.notifications!.id,
      user: subject,
      rule: 'assignment-due',
      channel: 'email',
      status: 'pending',
      recipient: 'x@example.com',
      attempts: 0,
      version: 1,
    },
    { status: 'sent' },
  );
  await make('notification_prefs', { key: subject, user: subject, emailOff: [] }, { emailOff: ['assignment-due'] });
  await make('scheduler_leases', { key: noteKey, holder: 'p1', expiresAt: 1, version: 1 }, { holder: 'attacker' });
  statementRow = (n: number) => ({
    statementId: `00000000-0000-5000-8000-${String((Date.now() + n) % 1e12).padStart(12, '0')}`,
    kind: 'lesson-completed',
    user: subject,
    statement: { id: 'x' },
    status: 'sent', // never pending: the xAPI tests' senders share this PocketBase
  });
  await make('xapi_statements', statementRow(0), { status: 'sent' });
  await make('achievement_followups', { user: subject, quiz: 'quiz-service-mindset', claimedUntil: 0 }, { tries: 9 });
  const audio = () =>
    new File([readFileSync('tests/fixtures/voice/closing-blessing.ogg')], 'call.ogg', { type: 'audio/ogg' });
  await make(
    'voice_recordings',
    { user: subject, exercise: 'closing-blessing', metrics: { durationSec: 3 }, durationSec: 3, audio: audio() },
    { durationSec: 99 },
  );
  const runData = {
    user: subject,
    call: 'sample-slow-broadband',
    status: 'ended',
    state: { node: 'resolved' },
    turns: [],
    startedAt: now,
    version: 1,
  };
  await make('call_runs', runData, { passed: true });
  await make(
    'call_run_recordings',
    {
      user: subject,
      run: 'abcdefghijklmno',
      call: 'sample-slow-broadband',
      node: 'callback',
      turnIndex: 3,
      deviceMetrics: { durationSec: 3 },
      durationSec: 3,
      audio: audio(),
    },
    { durationSec: 99 },
  );
  await make(
    'call_recordings',
    {
      title: '矩阵录音',
      uploadedBy: cohortTrainer.id,
      cohorts: [cohort.id],
      durationSec: 12,
      transcript: '坐席：您好。',
      questions: [{ id: 'up-001' }],
      audio: audio(),
    },
    { title: '改' },
  );
});

/** Whether `role` may perform `op` on the target of `collection`, judged from PocketBase's answer. */
async function attempt(role: Role, collection: string, op: Op): Promise<boolean> {
  const c = clients[role].collection(collection);
  const target = targets[collection]!;
  try {
    switch (op) {
      case 'list':
        return (await c.getList(1, 200, { filter: `id = "${target.id}"` })).items.length === 1;
      case 'view':
        return (await c.getOne(target.id)).id === target.id;
      case 'create': {
        const data =
          collection === 'users'
            ? {
                ...target.create,
                email: `m${n++}${Date.now()}@example.com`,
                employeeNo: `M${n++}${Date.now() % 100000}`,
              }
            : keyed.has(collection)
              ? { ...target.create, key: `k${n++}${Date.now()}` }
              : collection === 'attempts'
                ? { ...target.create, attemptNo: 100 + n++ }
                : collection === 'study_clocks'
                  ? { ...target.create, seq: 100 + n++ }
                  : collection === 'xapi_statements'
                    ? statementRow(100 + n++)
                    : collection === 'call_run_recordings'
                      ? { ...target.create, turnIndex: 100 + n++, audio: audioFile() }
                      : collection === 'published_questions'
                        ? { ...target.create, questionId: `sm-${7000 + n++}` }
                        : collection === 'attempt_keys'
                          ? {
                              ...target.create,
                              attempt: (
                                await admin
                                  .collection('attempts')
                                  .create({ ...targets.attempts!.create, attemptNo: 500 + n++ })
                              ).id,
                            }
                          : collection === 'certificates'
                            ? {
                                ...target.create,
                                code: `M${String(n++).padStart(25, 'A')}`.replace(/[0-9]/g, 'B'),
                                validFrom: new Date(Date.now() + n).toISOString(),
                              }
                            : target.create;
        await c.create(data);
        return true;
      }
      case 'update':
        await c.update(target.id, target.update);
        return true;
      case 'delete': {
        // Delete a fresh copy, so the target stays for the other cells.
        const copy =
          collection === 'users' || collection === 'attempt_keys'
            ? null
            : await admin.collection(collection).create(
                collection === 'attempts'
                  ? { ...targets.attempts!.create, attemptNo: 900 + n++ }
                  : collection === 'study_clocks'
                    ? { ...target.create, seq: 900 + n++ }
                    : collection === 'xapi_statements'
                      ? statementRow(900 + n++)
                      : collection === 'call_run_recordings'
                        ? { ...target.create, turnIndex: 150 + n++, audio: audioFile() }
                        : collection === 'published_questions'
                          ? { ...target.create, questionId: `sm-${7500 + n++}` }
                          : keyed.has(collection)
                            ? { ...target.create, key: `d${n++}${Date.now()}` }
                            : collection === 'certificates'
                              ? {
                                  ...target.create,
                                  code: `D${String(n++).padStart(25, 'A')}`.replace(/[0-9]/g, 'C'),
                                  validFrom: new Date(Date.now() + 1e6 + n).toISOString(),
                                }
                              : target.create,
              );
        await c.delete(copy?.id ?? target.id);
        return true;
      }
    }
  } catch (error) {
    if (error instanceof ClientResponseError && [400, 401, 403, 404].includes(error.status)) return false;
    throw error;
  }
}

describe('PocketBase access matrix', () => {
  for (const [collection, byOp] of Object.entries(expected)) {
    for (const op of ops) {
      for (const role of roles) {
        const allowed = byOp[op].includes(role);
        it(`${collection} · ${op} · ${role} → ${allowed ? 'allowed' : 'denied'}`, async () => {
          expect(await attempt(role, collection, op)).toBe(allowed);
        });
      }
    }
  }
});

/**
 * Since migration 1733200000 cohort membership is a JSON list of ids (not a relation a filter could follow), and the
 * rules above find members with `@collection.cohorts.members ?~ <id>`: membership must still grant and revoke
 * access at once, per cohort, and only for whole ids.
 */
describe('membership rules over the JSON members list', () => {
  it('grant the cohort trainer and the member access while the trainee is a member, and only then', async () => {
    const [trainee, trainer, otherTrainer] = await Promise.all([
      makeUser('trainee'),
      makeUser('trainer'),
      makeUser('trainer'),
    ]);
    const cohort = await admin
      .collection('cohorts')
      .create({ name: '成员规则班', trainer: trainer.id, members: [trainee.id] });
    // Another trainer's cohort whose list holds a string that merely contains part of the trainee's id.
    await admin.collection('cohorts').create({
      name: '近似编号班',
      trainer: otherTrainer.id,
      members: [trainee.id.slice(0, 14) + (trainee.id.endsWith('x') ? 'y' : 'x')],
    });
    const now = new Date().toISOString();
    const attempt = await admin.collection('attempts').create({
      user: trainee.id,
      quiz: 'quiz-service-mindset',
      kind: 'module',
      attemptNo: 1,
      status: 'in-progress',
      startedAt: now,
      questionIds: ['sm-001'],
    });
    const assignment = await admin
      .collection('assignments')
      .create({ kind: 'module', ref: 'service-mindset', cohort: cohort.id, dueAt: now, assignedBy: trainer.id });
    const sees = async (who: PocketBase, collection: string, id: string) =>
      (await who.collection(collection).getList(1, 10, { filter: `id = "${id}"` })).totalItems === 1;
    expect(await sees(trainer.client, 'users', trainee.id)).toBe(true);
    expect(await sees(trainer.client, 'attempts', attempt.id)).toBe(true);
    expect(await sees(trainee.client, 'assignments', assignment.id)).toBe(true);
    expect(await sees(otherTrainer.client, 'users', trainee.id)).toBe(false);
    expect(await sees(otherTrainer.client, 'attempts', attempt.id)).toBe(false);

    await admin.collection('cohorts').update(cohort.id, { members: [] });
    expect(await sees(trainer.client, 'users', trainee.id)).toBe(false);
    expect(await sees(trainer.client, 'attempts', attempt.id)).toBe(false);
    expect(await sees(trainee.client, 'assignments', assignment.id)).toBe(false);
  });
});
