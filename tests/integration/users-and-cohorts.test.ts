import { ClientResponseError } from 'pocketbase';
import { beforeAll, describe, expect, it } from 'vitest';
import { anonymousClient, asAdmin, makeUser } from './pocketbase-fixtures.ts';

type Made = Awaited<ReturnType<typeof makeUser>>;

/** The HTTP status PocketBase answered a failed call with. */
async function statusOf(call: Promise<unknown>): Promise<number> {
  try {
    await call;
    return 200;
  } catch (error) {
    if (error instanceof ClientResponseError) return error.status;
    throw error;
  }
}

describe('migrations on an empty data dir', () => {
  it('adds staff fields to users and creates cohorts, with every API rule stated', async () => {
    const admin = await asAdmin();
    const users = await admin.collections.getOne('users');
    const fields = users.schema.map((f: { name: string }) => f.name);
    expect(fields).toEqual(expect.arrayContaining(['name', 'employeeNo', 'role', 'department', 'team']));
    expect(users.indexes.join(' ')).toContain('UNIQUE INDEX idx_users_employeeNo');
    expect(users.options.allowOAuth2Auth).toBe(false);
    expect(users.options.allowUsernameAuth).toBe(false);

    // The full rule table: null = admin (server) only. A change to any rule must change this test.
    const cohorts = await admin.collections.getOne('cohorts');
    const rules = (c: typeof users) => [c.listRule, c.viewRule, c.createRule, c.updateRule, c.deleteRule];
    expect(rules(users).map((r) => (r === null ? null : 'rule'))).toEqual(['rule', 'rule', null, null, null]);
    expect(users.options.manageRule).toBeNull();
    // Cohorts are written by the app server only (trainer scope and audited member changes).
    expect(rules(cohorts).map((r) => (r === null ? null : 'rule'))).toEqual(['rule', 'rule', null, null, null]);
    expect(
      [cohorts.listRule, cohorts.viewRule].every((r) => typeof r === 'string' && r.includes('@request.auth')),
    ).toBe(true);
  });
});

describe('users collection rules', () => {
  let trainee: Made, other: Made;
  beforeAll(async () => {
    [trainee, other] = await Promise.all([makeUser('trainee'), makeUser('trainee')]);
  });

  it('lets a trainee list and view only their own record', async () => {
    const list = await trainee.client.collection('users').getFullList();
    expect(list.map((u) => u.id)).toEqual([trainee.id]);
    expect(await statusOf(trainee.client.collection('users').getOne(other.id))).toBe(404);
    const filtered = await trainee.client.collection('users').getList(1, 50, { filter: `id = "${other.id}"` });
    expect(filtered.totalItems).toBe(0);
  });

  it('returns nothing to an anonymous client', async () => {
    const anon = anonymousClient();
    const list = await anon.collection('users').getList(1, 50);
    expect(list.totalItems).toBe(0);
    expect(await statusOf(anon.collection('users').getOne(trainee.id))).toBe(404);
  });

  it('refuses a trainee changing any field of their own record, the name included', async () => {
    for (const change of [
      { role: 'hr' },
      { employeeNo: '99999' },
      { team: '别的班' },
      { department: 'HR' },
      { name: '新名字' },
      { avatar: null },
      { emailVisibility: true },
    ]) {
      expect([403, 404]).toContain(await statusOf(trainee.client.collection('users').update(trainee.id, change)));
    }
    const admin = await asAdmin();
    expect(await admin.collection('users').getOne(trainee.id)).toMatchObject({ role: 'trainee', name: '测试trainee' });
  });

  it('refuses self sign-up and deleting accounts', async () => {
    const anon = anonymousClient();
    const signup = anon.collection('users').create({
      email: 'self-signup@example.com',
      password: 'password123',
      passwordConfirm: 'password123',
      name: 'x',
      employeeNo: '55555',
      role: 'hr',
    });
    expect(await statusOf(signup)).toBe(403);
    expect(await statusOf(trainee.client.collection('users').delete(trainee.id))).toBe(403);
  });

  it('rejects a duplicate 工号', async () => {
    const admin = await asAdmin();
    const existing = await admin.collection('users').getOne(trainee.id);
    const dup = admin.collection('users').create({
      email: `dup-${Date.now()}@example.com`,
      password: 'password123',
      passwordConfirm: 'password123',
      name: '重复',
      employeeNo: existing.employeeNo,
      role: 'trainee',
    });
    expect(await statusOf(dup)).toBe(400);
  });
});

describe('cohorts and trainer visibility', () => {
  let trainer: Made, otherTrainer: Made, member: Made, outsider: Made, hr: Made;
  beforeAll(async () => {
    [trainer, otherTrainer, member, outsider, hr] = await Promise.all([
      makeUser('trainer'),
      makeUser('trainer'),
      makeUser('trainee'),
      makeUser('trainee'),
      makeUser('hr'),
    ]);
    const admin = await asAdmin();
    await admin.collection('cohorts').create({ name: '测试一班', trainer: trainer.id, members: [member.id] });
    await admin.collection('cohorts').create({ name: '测试二班', trainer: otherTrainer.id, members: [outsider.id] });
  });

  it('lets a trainer see members of their own cohorts only', async () => {
    expect((await trainer.client.collection('users').getOne(member.id)).id).toBe(member.id);
    expect(await statusOf(trainer.client.collection('users').getOne(outsider.id))).toBe(404);
    const visible = (await trainer.client.collection('users').getFullList()).map((u) => u.id);
    expect(visible).toContain(member.id);
    expect(visible).not.toContain(outsider.id);
  });

  it('lets HR see everyone', async () => {
    const visible = (
      await hr.client.collection('users').getFullList({ filter: `id = "${member.id}" || id = "${outsider.id}"` })
    ).map((u) => u.id);
    expect(visible.sort()).toEqual([member.id, outsider.id].sort());
  });

  it('hides cohorts from trainees and from trainers of other cohorts', async () => {
    expect((await member.client.collection('cohorts').getFullList()).length).toBe(0);
    const names = (await otherTrainer.client.collection('cohorts').getFullList()).map((c) => c.name);
    expect(names).toEqual(['测试二班']);
  });

  it('refuses every direct cohort write: members change only through the app, which checks scope and audits', async () => {
    expect(await statusOf(member.client.collection('cohorts').create({ name: 'x', trainer: member.id }))).toBe(403);
    expect(await statusOf(otherTrainer.client.collection('cohorts').create({ name: 'x', trainer: trainer.id }))).toBe(
      403,
    );
    // Not even an own cohort holding someone outside the trainer's scope.
    expect(
      await statusOf(
        trainer.client.collection('cohorts').create({ name: 'x', trainer: trainer.id, members: [outsider.id] }),
      ),
    ).toBe(403);
    const [own] = await trainer.client.collection('cohorts').getFullList();
    expect(await statusOf(otherTrainer.client.collection('cohorts').update(own!.id, { members: [outsider.id] }))).toBe(
      403,
    );
    expect(await statusOf(trainer.client.collection('cohorts').update(own!.id, { trainer: otherTrainer.id }))).toBe(
      403,
    );
    expect(await statusOf(trainer.client.collection('cohorts').update(own!.id, { 'members+': outsider.id }))).toBe(403);
    expect(await statusOf(hr.client.collection('cohorts').update(own!.id, { 'members+': outsider.id }))).toBe(403);
    expect(await statusOf(trainer.client.collection('cohorts').delete(own!.id))).toBe(403);
    expect((await (await asAdmin()).collection('cohorts').getOne(own!.id)).members).toEqual([member.id]);
  });
});
