import { readFileSync } from 'node:fs';
import PocketBase, { ClientResponseError } from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffUser } from '../../src/domain/identity/schema.ts';
import { adminClient } from '../../src/platform/pocketbase/admin-client.ts';
import { attemptStore } from '../../src/domain/assessment/repo.ts';
import { callExercisesFor } from '../../src/domain/training/call-recordings.ts';
import { assignmentsOf } from '../../src/domain/progress/learner-dashboard.ts';
import { migrationsDir } from '../../src/platform/pocketbase/process.ts';
import { migrationWorkspace } from '../support/migration-harness.ts';
import { traineeDetail } from '../../src/domain/training/trainer-views.ts';
import { createStaffUser } from '../../src/domain/identity/seed.ts';
import { addMember, cohortsFor, removeMember } from '../../src/domain/training/service.ts';

/**
 * The migration that turns cross-user relations into plain ids (1733200000_relation_side_channel.js), applied to a
 * database that already holds data written under the old schema: every value survives, the unique index on the
 * attempt keys still holds, the app's functions read the converted rows, and the old back-relation is gone.
 */
const admin = { email: 'relmig-admin@example.com', password: 'relmig-admin-pass' };
const workspace = migrationWorkspace('academy-relmig', '1733200000');

type Ids = Record<
  | 'trainee'
  | 'other'
  | 'trainer'
  | 'hr'
  | 'cohort'
  | 'attempt'
  | 'keys'
  | 'assignment'
  | 'practical'
  | 'certificate'
  | 'audit'
  | 'recording',
  string
>;
const ids = {} as Ids;
const before = new Map<string, Record<string, unknown>>();
const watched = [
  'cohorts',
  'attempt_keys',
  'assignments',
  'practical_assessments',
  'certificates',
  'audit_log',
  'call_recordings',
] as const;
let pb: PocketBase;
let stop: () => Promise<void>;

beforeAll(async () => {
  await workspace.migrateUp(workspace.before);
  await workspace.createAdmin(admin.email, admin.password, workspace.before);
  const old = await workspace.serve(workspace.before);
  const a = await adminClient(old.url, admin.email, admin.password);
  const user = (role: 'trainee' | 'trainer' | 'hr', n: number) =>
    createStaffUser(a, {
      email: `relmig-${role}${n}@example.com`,
      name: `迁移${role}${n}`,
      employeeNo: `RM${role}${n}`,
      role,
      department: '迁移部',
      team: '一班',
      password: 'relmig-password',
    });
  const [trainee, other, trainer, hr] = await Promise.all([
    user('trainee', 1),
    user('trainee', 2),
    user('trainer', 3),
    user('hr', 4),
  ]);
  Object.assign(ids, { trainee: trainee.id, other: other.id, trainer: trainer.id, hr: hr.id });
  const now = new Date().toISOString();
  ids.cohort = (
    await a.collection('cohorts').create({ name: '迁移班', trainer: trainer.id, members: [trainee.id, other.id] })
  ).id;
  ids.attempt = (
    await a
      .collection('attempts')
      .create({
        user: trainee.id,
        quiz: 'quiz-service-mindset',
        kind: 'module',
        attemptNo: 1,
        status: 'submitted',
        startedAt: now,
        submittedAt: now,
        questionIds: ['sm-001'],
        score: 0,
        passed: false,
      })
  ).id;
  ids.keys = (
    await a
      .collection('attempt_keys')
      .create({
        attempt: ids.attempt,
        seed: 'relmig-seed',
        questions: [{ id: 'sm-001', module: 'service-mindset', layout: {} }],
        results: [{ questionId: 'sm-001', score: 0, status: 'incorrect' }],
      })
  ).id;
  ids.assignment = (
    await a
      .collection('assignments')
      .create({
        kind: 'module',
        ref: 'service-mindset',
        cohort: ids.cohort,
        dueAt: now,
        assignedBy: trainer.id,
        note: '迁移',
      })
  ).id;
  ids.practical = (
    await a
      .collection('practical_assessments')
      .create({
        trainee: trainee.id,
        assessor: trainer.id,
        kind: 'role-play',
        rubric: 'affinity',
        scores: { a: 1 },
        percent: 80,
        assessedAt: now,
      })
  ).id;
  ids.certificate = (
    await a
      .collection('certificates')
      .create({
        user: trainee.id,
        program: 'hotline-agent',
        code: 'RELMIGABCDEFGHIJKLMNOPQRS',
        issuedAt: now,
        validFrom: now,
        expiresAt: now,
        evidence: { note: '迁移' },
        revokedAt: now,
        revokedReason: '迁移',
        revokedBy: hr.id,
      })
  ).id;
  ids.audit = (
    await a
      .collection('audit_log')
      .create({ actor: hr.id, action: 'certificate.revoke', target: ids.certificate, details: { user: trainee.id } })
  ).id;
  const audio = new File([readFileSync('tests/fixtures/voice/closing-blessing.ogg')], 'call.ogg', {
    type: 'audio/ogg',
  });
  ids.recording = (
    await a
      .collection('call_recordings')
      .create({
        title: '迁移录音',
        uploadedBy: trainer.id,
        cohorts: [ids.cohort],
        durationSec: 3,
        transcript: '坐席：您好。',
        questions: [{ id: 'up-001' }],
        audio,
      })
  ).id;
  for (const c of watched)
    for (const r of await a.collection(c).getFullList({ requestKey: null })) before.set(`${c}/${r.id}`, r);
  await old.stop();

  await workspace.migrateUp(migrationsDir);
  const current = await workspace.serve(migrationsDir);
  stop = current.stop;
  pb = await adminClient(current.url, admin.email, admin.password);
}, 90_000);

afterAll(async () => {
  await stop?.();
  workspace.remove();
});

describe('migration 1733200000 on existing data', () => {
  it('keeps every value of every converted record and makes the references plain ids', async () => {
    expect(before.size).toBe(watched.length);
    for (const c of watched) {
      for (const r of await pb.collection(c).getFullList({ requestKey: null })) {
        const { updated: _b, ...was } = before.get(`${c}/${r.id}`)!;
        // Fields added by later migrations (e.g. the certificate holder snapshot) are not this migration's concern.
        const now = Object.fromEntries(Object.keys(was).map((k) => [k, r[k]]));
        expect(now, `${c}/${r.id}`).toEqual(was);
      }
    }
    const types = Object.fromEntries(
      (await pb.collections.getFullList({ requestKey: null })).map((c) => [
        c.name,
        Object.fromEntries(c.schema.map((f) => [f.name, f.type])),
      ]),
    );
    expect(types.attempt_keys!.attempt).toBe('text');
    expect(types.cohorts).toMatchObject({ trainer: 'text', members: 'json' });
    expect(types.assignments).toMatchObject({ cohort: 'text', trainee: 'text', assignedBy: 'text' });
    expect(types.practical_assessments).toMatchObject({ trainee: 'text', assessor: 'text' });
    expect(types.certificates).toMatchObject({ user: 'relation', revokedBy: 'text' });
    expect(types.audit_log!.actor).toBe('text');
    expect(types.call_recordings).toMatchObject({ uploadedBy: 'text', cohorts: 'json' });
    expect(types.hr_staff_certifications!.user).toBe('text');
  });

  it('still refuses a second key record for one attempt', async () => {
    const error = await pb
      .collection('attempt_keys')
      .create({ attempt: ids.attempt, seed: 'again', questions: [] })
      .catch((e: ClientResponseError) => e);
    expect(error).toBeInstanceOf(ClientResponseError);
  });

  it('lets the app read and change the converted rows, and the rules still grant members what they should', async () => {
    const trainer: StaffUser = {
      id: ids.trainer,
      email: '',
      name: '迁移trainer3',
      employeeNo: 'RMtrainer3',
      role: 'trainer',
      department: '迁移部',
      team: '一班',
    };
    expect((await attemptStore(pb).keysFor(ids.attempt)).seed).toBe('relmig-seed');
    expect((await cohortsFor(pb, trainer))[0]!.members.map((m) => m.id).sort()).toEqual(
      [ids.trainee, ids.other].sort(),
    );
    expect((await assignmentsOf(pb, ids.trainee, [], [], new Date())).map((a) => a.id)).toEqual([ids.assignment]);
    expect((await callExercisesFor(pb, { ...trainer, id: ids.other, role: 'trainee' })).map((r) => r.id)).toEqual([
      ids.recording,
    ]);
    expect((await traineeDetail(pb, ids.trainee)).practicals[0]!.expand?.assessor).toMatchObject({
      id: ids.trainer,
      name: '迁移trainer3',
    });
    await removeMember(pb, trainer, ids.cohort, ids.other);
    await addMember(pb, trainer, ids.cohort, { trainee: ids.other });
    await addMember(pb, trainer, ids.cohort, { trainee: ids.other });
    expect((await pb.collection('cohorts').getOne(ids.cohort)).members).toEqual([ids.trainee, ids.other]);

    const client = new PocketBase(pb.baseUrl);
    await client.collection('users').authWithPassword('relmig-trainer3@example.com', 'relmig-password');
    expect((await client.collection('attempts').getFullList()).map((r) => r.id)).toEqual([ids.attempt]);
    expect((await client.collection('assignments').getFullList()).map((r) => r.id)).toEqual([ids.assignment]);
    const trainee = new PocketBase(pb.baseUrl);
    await trainee.collection('users').authWithPassword('relmig-trainee1@example.com', 'relmig-password');
    expect((await trainee.collection('assignments').getFullList()).map((r) => r.id)).toEqual([ids.assignment]);
    // The back-relation from an attempt to its keys no longer exists.
    const probe = await trainee
      .collection('attempts')
      .getList(1, 10, { filter: 'attempt_keys_via_attempt.seed ?= "relmig-seed"' })
      .catch((e: ClientResponseError) => e);
    expect(probe).toBeInstanceOf(ClientResponseError);
  });
});
