import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import PocketBase from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient } from '../../src/platform/pocketbase/admin-client.ts';
import { migrationsDir } from '../../src/platform/pocketbase/process.ts';
import { createStaffUser } from '../../src/domain/identity/seed.ts';
import { migrationWorkspace } from '../support/migration-harness.ts';

/**
 * Migration 1735100000_cohort_members.js on a database with cohorts written before it: the table lists their
 * members at once (before PocketBase serves again, so not thanks to the HR summary's rebuild at start-up), and the
 * hooks keep it equal to the cohorts' lists as they change (the HR summary's parity test checks what it is used for).
 */
const admin = { email: 'cohortmig-admin@example.com', password: 'cohortmig-admin-pass' };
const workspace = migrationWorkspace('academy-cohortmig', '1735100000');

const ids = { a: '', b: '', c: '', trainer: '', ab: '', b2: '', none: '' };
let afterMigration: [string, string][] = [];
let stop: () => Promise<void>;
let client: PocketBase;

/** The rows of cohort_members as [user, cohort] pairs, sorted, read from PocketBase's file. */
function memberships(): [string, string][] {
  const db = new DatabaseSync(join(workspace.dataDir, 'data.db'), { readOnly: true });
  try {
    const rows = db.prepare('SELECT user, cohort FROM cohort_members').all() as { user: string; cohort: string }[];
    return rows.map((r): [string, string] => [r.user, r.cohort]).sort((x, y) => x.join().localeCompare(y.join()));
  } finally {
    db.close();
  }
}
const sorted = (pairs: [string, string][]) => [...pairs].sort((x, y) => x.join().localeCompare(y.join()));

beforeAll(async () => {
  await workspace.migrateUp(workspace.before);
  await workspace.createAdmin(admin.email, admin.password, workspace.before);
  const old = await workspace.serve(workspace.before);
  const a = await adminClient(old.url, admin.email, admin.password);
  const staff = (n: number, role: 'trainee' | 'trainer' = 'trainee') =>
    createStaffUser(a, {
      email: `cohortmig-${n}@example.com`,
      name: `迁移学员${n}`,
      employeeNo: `CM00${n}`,
      role,
      department: '迁移部',
      team: '一班',
      password: 'cohortmig-password',
    });
  const [a1, b2, c3, t4] = await Promise.all([staff(1), staff(2), staff(3), staff(4, 'trainer')]);
  Object.assign(ids, { a: a1.id, b: b2.id, c: c3.id, trainer: t4.id });
  const cohort = async (name: string, members: string[]) =>
    (await a.collection('cohorts').create({ name, trainer: ids.trainer, members })).id;
  ids.ab = await cohort('迁移一班', [ids.a, ids.b]);
  ids.b2 = await cohort('迁移二班', [ids.b]);
  ids.none = await cohort('迁移空班', []);
  await old.stop();
  await workspace.migrateUp(migrationsDir);
  // Before PocketBase serves again: its start-up rebuild of the HR summary would fill the table too.
  afterMigration = memberships();
  const current = await workspace.serve(migrationsDir);
  stop = current.stop;
  client = await adminClient(current.url, admin.email, admin.password);
}, 90_000);

afterAll(async () => {
  await stop?.();
  workspace.remove();
});

describe('cohort_members', () => {
  it('lists the members of the cohorts that existed before the migration, and follows their changes', async () => {
    const before = sorted([
      [ids.a, ids.ab],
      [ids.b, ids.ab],
      [ids.b, ids.b2],
    ]);
    expect(afterMigration).toEqual(before);
    expect(memberships()).toEqual(before);
    await client.collection('cohorts').update(ids.ab, { members: [ids.b, ids.c] }, { requestKey: null });
    await client.collection('cohorts').update(ids.none, { members: [ids.a] }, { requestKey: null });
    await client.collection('cohorts').delete(ids.b2, { requestKey: null });
    expect(memberships()).toEqual(
      sorted([
        [ids.b, ids.ab],
        [ids.c, ids.ab],
        [ids.a, ids.none],
      ]),
    );
    // Not a collection: no client reaches it through the records API or a filter, whatever its role (admin included).
    const staffClient = async (role: 'trainee' | 'trainer' | 'hr', n: number) => {
      const email = `cohortmig-${role}${n}@example.com`;
      await createStaffUser(client, {
        email,
        name: `迁移${role}`,
        employeeNo: `CMR${n}`,
        role,
        department: '迁移部',
        team: '一班',
        password: 'cohortmig-password',
      });
      const pb = new PocketBase(client.baseUrl);
      await pb.collection('users').authWithPassword(email, 'cohortmig-password', { requestKey: null });
      return pb;
    };
    const clients = [
      client,
      new PocketBase(client.baseUrl),
      await staffClient('trainee', 5),
      await staffClient('trainer', 6),
      await staffClient('hr', 7),
    ];
    for (const pb of clients) {
      await expect(pb.collection('cohort_members').getList(1, 1, { requestKey: null })).rejects.toMatchObject({
        status: 404,
      });
      const refused = await pb
        .collection('users')
        .getList(1, 1, { filter: '@collection.cohort_members.user ?= id', requestKey: null })
        .then(
          () => 200,
          (e: { status: number }) => e.status,
        );
      expect([400, 403]).toContain(refused);
    }
    // Always what the lists say (members is a JSON list of ids since 1733200000: removing an account leaves it there).
    await client.collection('users').delete(ids.a, { requestKey: null });
    const lists = await client.collection('cohorts').getFullList({ requestKey: null });
    expect(memberships()).toEqual(
      sorted(lists.flatMap((c) => (c.members as string[]).map((u): [string, string] => [u, c.id]))),
    );
  });
});
