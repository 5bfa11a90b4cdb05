import type PocketBase from 'pocketbase';
import { beforeAll, describe, expect, it } from 'vitest';
import * as repo from '../../src/domain/calls/repo.ts';
import {
  callOverview,
  callStatisticsFor,
  minRunsForStatistics,
  recordingAudioUrlFor,
  traineeRuns,
} from '../../src/domain/calls/review.ts';
import { startRun } from '../../src/domain/calls/service.ts';
import { recordPractical } from '../../src/domain/training/service.ts';
import { assign } from '../../src/domain/training/assignments.ts';
import { syncPrograms } from '../../src/domain/certification/program-sync.ts';
import { assignmentsOf } from '../../src/domain/progress/learner-dashboard.ts';
import { programCatalog } from '../../src/domain/certification/catalog.ts';
import type { StaffUser } from '../../src/domain/identity/schema.ts';
import { playModelPath } from '../support/honest-call.ts';
import { asAdmin, makeUser, refusalName, viewerOf } from './pocketbase-fixtures.ts';

// The fixture call (tests/fixtures/calls/sample-slow-broadband.json), served only with CALL_FIXTURES=on; its model
// path has a recorded turn.
process.env.CALL_FIXTURES = 'on';
const callId = 'sample-slow-broadband';
const now = () => new Date('2026-11-27T10:00:00Z');
type Made = Awaited<ReturnType<typeof makeUser>>;

let admin: PocketBase;
let trainee: Made, peer: Made, outsider: Made, trainer: Made, otherTrainer: Made, hr: Made;
let run: repo.CallRun;
beforeAll(async () => {
  admin = await asAdmin();
  [trainee, peer, outsider, trainer, otherTrainer, hr] = await Promise.all([
    makeUser('trainee'),
    makeUser('trainee'),
    makeUser('trainee'),
    makeUser('trainer'),
    makeUser('trainer'),
    makeUser('hr'),
  ]);
  await admin.collection('cohorts').create({ name: '来电点评班', trainer: trainer.id, members: [trainee.id, peer.id] });
  await admin.collection('cohorts').create({ name: '别的班', trainer: otherTrainer.id, members: [outsider.id] });
  run = await playModelPath(admin, trainee.id, callId, now);
});

describe('trainer review of call runs', () => {
  it('shows a trainee’s runs (path, scores, ending, recordings) to their trainer and HR only', async () => {
    expect(run).toMatchObject({ status: 'ended', passed: true });
    const runs = await traineeRuns(admin, viewerOf(trainer, 'trainer'), trainee.id);
    expect(runs).toHaveLength(1);
    const [mine] = runs;
    expect(mine!.debrief!.ending.pass).toBe(true);
    expect(mine!.debrief!.dimensions.length).toBeGreaterThan(0);
    expect(mine!.recordings).toHaveLength(1);
    expect((await traineeRuns(admin, viewerOf(hr, 'hr'), trainee.id)).map((r) => r.id)).toEqual([run.id]);
    expect(await refusalName(traineeRuns(admin, viewerOf(otherTrainer, 'trainer'), trainee.id))).toBe(
      'TraineeNotVisible',
    );
  });

  it('serves a recorded reply to the trainee, their trainer and HR; refuses another trainer and a peer', async () => {
    const [rec] = await repo.recordingsOfRun(admin, run.id);
    const audio = async (viewer: { id: string; role: StaffUser['role'] }) => {
      const res = await fetch(await recordingAudioUrlFor(admin, viewer, rec!.id));
      expect(res.headers.get('content-type')).toMatch(/^audio\//);
    };
    await audio({ id: trainee.id, role: 'trainee' });
    await audio({ id: trainer.id, role: 'trainer' });
    await audio({ id: hr.id, role: 'hr' });
    expect(await refusalName(recordingAudioUrlFor(admin, { id: otherTrainer.id, role: 'trainer' }, rec!.id))).toBe(
      'CallRunNotFound',
    );
    expect(await refusalName(recordingAudioUrlFor(admin, { id: peer.id, role: 'trainee' }, rec!.id))).toBe(
      'CallRunNotFound',
    );
    expect(await refusalName(recordingAudioUrlFor(admin, { id: trainer.id, role: 'trainer' }, 'aaaaaaaaaaaaaaa'))).toBe(
      'CallRunNotFound',
    );
  });

  it('links a practical to the run whose recordings it scored; refuses a forged or foreign run', async () => {
    const rubric = programCatalog().rubrics.get('affinity')!;
    const scores = Object.fromEntries(rubric.dimensions.flatMap((d) => d.criteria.map((c) => [`${d.id}.${c.id}`, 3])));
    const input = { trainee: trainee.id, program: '', kind: 'call-review', rubric: rubric.id, scores, comments: '好' };
    const saved = await recordPractical(admin, viewerOf(trainer, 'trainer'), { ...input, callRun: run.id }, now());
    expect(saved.callRun).toBe(run.id);
    // Another trainee's run, an open run, and a made-up id are refused.
    const peerOpen = await startRun(admin, peer, callId, now());
    expect(
      await refusalName(
        recordPractical(admin, viewerOf(trainer, 'trainer'), { ...input, callRun: peerOpen.id }, now()),
      ),
    );
    expect(
      await refusalName(
        recordPractical(
          admin,
          viewerOf(trainer, 'trainer'),
          { ...input, trainee: peer.id, callRun: peerOpen.id },
          now(),
        ),
      ),
    ).toBe('CallRunNotFound');
    expect(
      await refusalName(
        recordPractical(admin, viewerOf(trainer, 'trainer'), { ...input, callRun: 'zzzzzzzzzzzzzzz' }, now()),
      ),
    ).toBe('CallRunNotFound');
  });

  it('counts statistics over the trainer’s own cohorts only (HR: everyone), 「样本不足」 below the minimum', async () => {
    await playModelPath(admin, outsider.id, callId, now);
    const mine = await callStatisticsFor(admin, viewerOf(trainer, 'trainer'), callId);
    const theirs = await callStatisticsFor(admin, viewerOf(otherTrainer, 'trainer'), callId);
    const all = await callStatisticsFor(admin, viewerOf(hr, 'hr'), callId);
    // trainee's ended run and peer's open run; the outsider's run only for the other trainer and HR.
    expect(mine).toMatchObject({ runs: 2, ended: 1, passed: 1, enough: false });
    expect(theirs).toMatchObject({ runs: 1, ended: 1 });
    expect(all.runs).toBeGreaterThanOrEqual(3);
    const opening = mine.nodes.find((n) => n.answered > 0)!;
    expect(opening.replies.reduce((s, r) => s + r.count, 0)).toBe(opening.answered);
    // The peer's open run stopped at the first node.
    expect(mine.nodes.reduce((s, n) => s + n.stoppedHere, 0)).toBe(1);
    expect(mine.endings.reduce((s, e) => s + e.count, 0)).toBe(1);
    const typed = mine.nodes.find((n) => n.kind === 'typed')!;
    expect(typed.typedScores![9]).toBe(1);
    expect(minRunsForStatistics).toBeGreaterThan(2);
    // The overview counts the same runs.
    const row = (await callOverview(admin, viewerOf(trainer, 'trainer'))).find((c) => c.id === callId);
    expect(row).toMatchObject({ runs: 2, passed: 1 });
  });

  it('assigns a call: passed → 已完成, started → 学习中 or 已逾期 by the one rule, also in HR’s view', async () => {
    const cohort = await admin.collection('cohorts').create({
      name: '来电任务班',
      trainer: trainer.id,
      members: [trainee.id, peer.id],
    });
    // Assigning needs a call that exists and the trainer's own cohort.
    const input = { target: `call:${callId}`, cohort: cohort.id, dueDate: '2026-11-20' };
    const assignedOn = new Date('2026-11-10T02:00:00Z'); // before the due date (a past due date is refused)
    expect(
      await refusalName(
        assign(admin, viewerOf(trainer, 'trainer'), { ...input, target: 'call:no-such-call' }, assignedOn),
      ),
    ).toBe('UnknownAssignmentTarget');
    expect(await refusalName(assign(admin, viewerOf(otherTrainer, 'trainer'), input, assignedOn))).toBe(
      'CohortNotFound',
    );
    await assign(admin, viewerOf(trainer, 'trainer'), input, assignedOn);
    const statusOf = async (who: Made, at: Date) =>
      (await assignmentsOf(admin, who.id, [], [], at)).find((a) => a.kind === 'call' && a.ref === callId)?.status;
    const before = new Date('2026-11-19T00:00:00Z');
    const after = new Date('2026-11-21T00:00:00Z');
    expect(await statusOf(trainee, after)).toBe('completed');
    expect(await statusOf(peer, before)).toBe('in-progress');
    expect(await statusOf(peer, after)).toBe('overdue');
    // HR's view counts the peer's unpassed call as overdue (its clock is the real now, after the due date).
    await syncPrograms(admin);
    const overdue = async (who: Made) =>
      (await admin.collection('hr_staff_certifications').getFullList({ filter: `user = "${who.id}"` }))[0]?.overdue;
    expect(await overdue(peer)).toBeGreaterThanOrEqual(1);
    expect(await overdue(trainee)).toBe(0);
  });
});
