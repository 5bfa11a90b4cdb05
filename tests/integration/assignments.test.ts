// Assignments against the real PocketBase: created once per item and cohort/trainee (a second one offers the
// existing one), due dates in the past refused, edited and deleted only by the cohort's trainer or HR, audited.
import { beforeAll, describe, expect, it } from 'vitest';
import { assign, deleteAssignment, updateAssignment } from '../../src/domain/training/assignments.ts';
import type { StaffUser } from '../../src/domain/identity/schema.ts';
import { asAdmin, makeUser, refusalOf, staffOf } from './pocketbase-fixtures.ts';

const now = new Date('2026-11-27T08:00:00Z');

describe('assignments', () => {
  let trainer: StaffUser, other: StaffUser, hr: StaffUser, cohortId: string, traineeId: string;
  beforeAll(async () => {
    const admin = await asAdmin();
    const [t, o, h, trainee] = await Promise.all([
      makeUser('trainer'),
      makeUser('trainer'),
      makeUser('hr'),
      makeUser('trainee'),
    ]);
    [trainer, other, hr] = await Promise.all([staffOf(t), staffOf(o), staffOf(h)]);
    traineeId = trainee.id;
    cohortId = (
      await admin
        .collection('cohorts')
        .create(
          { name: `任务测试班${t.id.slice(0, 4)}`, trainer: trainer.id, members: [traineeId] },
          { requestKey: null },
        )
    ).id;
  });

  it('refuses a due date that has passed, in Chinese, and creates nothing', async () => {
    const admin = await asAdmin();
    const refused = await refusalOf(
      assign(admin, trainer, { target: 'module:service-etiquette', cohort: cohortId, dueDate: '2026-11-26' }, now),
    );
    expect(refused).toMatchObject({
      status: 400,
      name: 'DueDateInPast',
      message: '截止日期不能早于今天，请选择今天或以后的日期。',
    });
    expect(
      await refusalOf(
        assign(admin, trainer, { target: 'module:service-etiquette', cohort: cohortId, dueDate: '2026-02-30' }, now),
      ),
    ).toMatchObject({ name: 'InvalidDueDate' });
    const list = await admin
      .collection('assignments')
      .getFullList({ filter: admin.filter('cohort = {:c}', { c: cohortId }) });
    expect(list).toHaveLength(0);
    // Today (China time) is still allowed.
    expect(
      (
        await assign(
          admin,
          trainer,
          { target: 'module:service-etiquette', cohort: cohortId, dueDate: '2026-11-27' },
          now,
        )
      ).status,
    ).toBe('created');
  });

  it('offers the existing assignment instead of a second one, for a cohort and for a trainee', async () => {
    const admin = await asAdmin();
    const first = await assign(
      admin,
      trainer,
      { target: 'module:service-mindset', cohort: cohortId, dueDate: '2026-12-20', note: '先学' },
      now,
    );
    expect(first.status).toBe('created');
    const again = await assign(
      admin,
      trainer,
      { target: 'module:service-mindset', cohort: cohortId, dueDate: '2026-12-24', note: '改期' },
      now,
    );
    expect(again).toMatchObject({
      status: 'duplicate',
      proposed: { dueDate: '2026-12-24', note: '改期' },
      title: '单元：服务心态',
    });
    if (first.status !== 'created' || again.status !== 'duplicate') throw new Error('unexpected');
    expect(again.existing.id).toBe(first.assignment.id);
    expect(again.owner).toContain('班组「任务测试班');
    const direct = await assign(
      admin,
      trainer,
      { target: 'program:hotline-agent', trainee: traineeId, dueDate: '2026-12-24' },
      now,
    );
    expect(direct.status).toBe('created');
    expect(
      (
        await assign(
          admin,
          trainer,
          { target: 'program:hotline-agent', trainee: traineeId, dueDate: '2026-12-30' },
          now,
        )
      ).status,
    ).toBe('duplicate');
    const list = await admin.collection('assignments').getFullList({
      filter: admin.filter('(cohort = {:c} || trainee = {:t}) && ref != "service-etiquette"', {
        c: cohortId,
        t: traineeId,
      }),
    });
    expect(list).toHaveLength(2);
  });

  it('lets the cohort trainer and HR edit and delete, refuses another trainer as not found, and audits each change', async () => {
    const admin = await asAdmin();
    const created = await assign(
      admin,
      trainer,
      { target: 'module:voice-affinity', cohort: cohortId, dueDate: '2026-12-10', note: '原备注' },
      now,
    );
    if (created.status !== 'created') throw new Error('not created');
    const id = created.assignment.id;
    expect(
      await refusalOf(updateAssignment(admin, other, { assignment: id, dueDate: '2026-12-31', note: 'x' }, now)),
    ).toMatchObject({ status: 404, name: 'AssignmentNotFound' });
    expect(await refusalOf(deleteAssignment(admin, other, { assignment: id }))).toMatchObject({ status: 404 });
    expect(
      await refusalOf(updateAssignment(admin, trainer, { assignment: id, dueDate: '2026-11-01', note: 'x' }, now)),
    ).toMatchObject({ name: 'DueDateInPast' });
    const updated = await updateAssignment(
      admin,
      trainer,
      { assignment: id, dueDate: '2026-12-31', note: '新备注' },
      now,
    );
    expect(updated.note).toBe('新备注');
    expect(updated.dueAt).toContain('2026-12-31 15:59:59');
    await updateAssignment(admin, hr, { assignment: id, dueDate: '2027-01-05', note: '' }, now);
    await deleteAssignment(admin, trainer, { assignment: id });
    expect(
      await admin.collection('assignments').getList(1, 1, { filter: admin.filter('id = {:id}', { id }) }),
    ).toMatchObject({ totalItems: 0 });
    expect(await refusalOf(deleteAssignment(admin, trainer, { assignment: id }))).toMatchObject({ status: 404 });
    const log = await admin
      .collection('audit_log')
      .getFullList({ filter: admin.filter('target = {:t}', { t: id }), sort: 'created' });
    expect(log.map((e) => [e.action, e.actor])).toEqual([
      ['assignment.create', trainer.id],
      ['assignment.update', trainer.id],
      ['assignment.update', hr.id],
      ['assignment.delete', trainer.id],
    ]);
    expect(log[1]!.details).toMatchObject({
      target: '单元：亲和语音',
      before: { note: '原备注' },
      after: { note: '新备注' },
    });
  });
});
