import { ClientResponseError } from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient } from '../../src/platform/pocketbase/admin-client.ts';
import { certificatesOf, issueEligibleCertificates } from '../../src/domain/certification/service.ts';
import { migrationsDir } from '../../src/platform/pocketbase/process.ts';
import { migrationWorkspace } from '../support/migration-harness.ts';
import { createStaffUser } from '../../src/domain/identity/seed.ts';
import { changeMembers } from '../../src/domain/training/cohort-members.ts';

/**
 * Migration 1733700000_process_independence.js on a database with data written before it: versioned records start
 * at version 0 and take compare-and-set writes; each existing certificate is linked to the one before it of the same
 * user and program (by date), and the new unique (user, program, follows) index then refuses a second certificate
 * following the same one.
 */
const admin = { email: 'procmig-admin@example.com', password: 'procmig-admin-pass' };
const workspace = migrationWorkspace('academy-procmig', '1733700000');

const ids = { user: '', cohort: '', older: '', newer: '', other: '' };
let stop: () => Promise<void>;
let url = '';

beforeAll(async () => {
  await workspace.migrateUp(workspace.before);
  await workspace.createAdmin(admin.email, admin.password, workspace.before);
  const old = await workspace.serve(workspace.before);
  const a = await adminClient(old.url, admin.email, admin.password);
  const user = await createStaffUser(a, {
    email: 'procmig-trainee@example.com',
    name: '迁移学员',
    employeeNo: 'PM001',
    role: 'trainee',
    department: '迁移部',
    team: '一班',
    password: 'procmig-password',
  });
  ids.user = user.id;
  ids.cohort = (await a.collection('cohorts').create({ name: '迁移班', trainer: user.id, members: [] })).id;
  const cert = (program: string, from: string, code: string) =>
    a
      .collection('certificates')
      .create({
        user: user.id,
        program,
        code,
        issuedAt: from,
        validFrom: from,
        expiresAt: '2099-01-01 00:00:00.000Z',
        evidence: { note: '迁移' },
        holderName: '迁移学员',
        holderEmployeeNo: 'PM001',
      });
  // Created newest first: the link follows the dates, not the order of creation.
  ids.newer = (await cert('hotline-agent', '2026-06-01 00:00:00.000Z', 'PROCMIGBBBBBBBBBBBBBBBBBBB')).id;
  ids.older = (await cert('hotline-agent', '2025-06-01 00:00:00.000Z', 'PROCMIGAAAAAAAAAAAAAAAAAAA')).id;
  ids.other = (await cert('complaint-specialist', '2026-01-01 00:00:00.000Z', 'PROCMIGCCCCCCCCCCCCCCCCCCC')).id;
  await old.stop();
  await workspace.migrateUp(migrationsDir);
  const current = await workspace.serve(migrationsDir);
  stop = current.stop;
  url = current.url;
}, 90_000);

afterAll(async () => {
  await stop?.();
  workspace.remove();
});

describe('migration 1733700000 on existing data', () => {
  it('links each existing certificate to the one before it, and the index refuses a second successor', async () => {
    const pb = await adminClient(url, admin.email, admin.password);
    const follows = Object.fromEntries((await certificatesOf(pb, ids.user)).map((c) => [c.id, c.follows]));
    expect(follows).toEqual({ [ids.older]: 'first', [ids.newer]: ids.older, [ids.other]: 'first' });
    const successor = (follows: string, code: string) =>
      pb
        .collection('certificates')
        .create({
          user: ids.user,
          program: 'hotline-agent',
          code,
          issuedAt: '2027-06-01 00:00:00.000Z',
          validFrom: '2027-06-01 00:00:00.000Z',
          expiresAt: '2099-01-01 00:00:00.000Z',
          evidence: { note: '迁移' },
          follows,
        });
    expect(
      await successor(ids.older, 'PROCMIGDDDDDDDDDDDDDDDDDDD').catch((e: ClientResponseError) => e),
    ).toBeInstanceOf(ClientResponseError);
    expect((await successor(ids.newer, 'PROCMIGEEEEEEEEEEEEEEEEEEE')).follows).toBe(ids.newer);
    // Nothing new is due for this trainee (no evidence): issuing changes nothing.
    expect(await issueEligibleCertificates(pb, ids.user, new Date())).toEqual([]);
  });

  it('starts versioned records at 0 and writes them by compare-and-set', async () => {
    const pb = await adminClient(url, admin.email, admin.password);
    expect((await pb.collection('cohorts').getOne(ids.cohort)).version).toBe(0);
    await Promise.all(
      ['aaaaaaaaaaaaaa1', 'aaaaaaaaaaaaaa2', 'aaaaaaaaaaaaaa3'].map((id) =>
        changeMembers(pb, ids.cohort, (m) => [...m, id]),
      ),
    );
    const cohort = await pb.collection('cohorts').getOne(ids.cohort);
    expect([...cohort.members].sort()).toEqual(['aaaaaaaaaaaaaa1', 'aaaaaaaaaaaaaa2', 'aaaaaaaaaaaaaa3']);
    expect(cohort.version).toBe(3);
  });
});
