// Records HR relies on, against the real PocketBase: identity snapshots on certificates, audited identity
// corrections, trainer scope for cohort members (server and PocketBase), audited member changes.
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { beforeAll, describe, expect, it } from 'vitest';
import { newVerificationCode } from '../../src/domain/certification/verification-code.ts';
import { certificateHolder, certificatesOf, verifyCertificate } from '../../src/domain/certification/service.ts';
import { certificateRecordSchema } from '../../src/domain/certification/schema.ts';
import { withCertificateHolders, type StaffRow } from '../../src/domain/reporting/hr-dashboard.ts';
import { migrationsDir } from '../../src/platform/pocketbase/process.ts';
import { migrationWorkspace } from '../support/migration-harness.ts';
import { updateStaffIdentity } from '../../src/domain/identity/staff-records.ts';
import {
  addMember,
  cohortsFor,
  removeMember,
  requireVisibleTrainee,
  searchTrainees,
} from '../../src/domain/training/service.ts';
import { asAdmin, makeUser, refusalOf, staffOf } from './pocketbase-fixtures.ts';

type Made = Awaited<ReturnType<typeof makeUser>>;

async function auditFor(target: string) {
  const admin = await asAdmin();
  return admin
    .collection('audit_log')
    .getFullList({ filter: admin.filter('target = {:t}', { t: target }), sort: 'created', requestKey: null });
}

/** A trainee named 李原名 holding a certificate, written as issueEligibleCertificates writes it (holder as issued). */
async function certifiedTrainee() {
  const trainee = await makeUser('trainee', { name: '李原名' });
  const admin = await asAdmin();
  const account = await admin.collection('users').getOne(trainee.id);
  const code = newVerificationCode();
  const now = new Date();
  const cert = await admin.collection('certificates').create({
    user: trainee.id,
    program: 'hotline-agent',
    code,
    issuedAt: now.toISOString(),
    validFrom: now.toISOString(),
    expiresAt: new Date(now.getTime() + 365 * 86_400_000).toISOString(),
    evidence: { source: 'records test' },
    holderName: account.name,
    holderEmployeeNo: account.employeeNo,
  });
  return { trainee, certId: cert.id, code };
}

describe('certificates keep the holder as issued; identity changes are HR’s and audited', () => {
  // Accounts no test changes; each test makes the certified trainee it changes.
  let trainer: Made, hr: Made, other: Made;
  beforeAll(async () => {
    [trainer, hr, other] = await Promise.all([makeUser('trainer'), makeUser('hr'), makeUser('trainee')]);
  });

  it('a trainee cannot rename themselves through PocketBase', async () => {
    const { trainee } = await certifiedTrainee();
    await expect(trainee.client.collection('users').update(trainee.id, { name: '自己改的名' })).rejects.toMatchObject({
      status: 403,
    });
    expect((await (await asAdmin()).collection('users').getOne(trainee.id)).name).toBe('李原名');
  });

  it('only HR corrects identity fields, with a reason, and the audit log keeps before and after', async () => {
    const { trainee } = await certifiedTrainee();
    const admin = await asAdmin();
    const before = await staffOf(trainee);
    const change = {
      name: '李新名',
      employeeNo: `${before.employeeNo.slice(0, 17)}-N`,
      department: '投诉中心',
      team: '三班',
      reason: '员工办理了姓名变更',
    };
    expect(await refusalOf(updateStaffIdentity(admin, await staffOf(trainer), trainee.id, change))).toMatchObject({
      status: 403,
    });
    expect(await refusalOf(updateStaffIdentity(admin, await staffOf(trainee), trainee.id, change))).toMatchObject({
      status: 403,
    });
    expect(
      await refusalOf(updateStaffIdentity(admin, await staffOf(hr), trainee.id, { ...change, reason: '' })),
    ).toMatchObject({ status: 400, message: expect.stringContaining('修改原因') });
    expect(
      await refusalOf(
        updateStaffIdentity(admin, await staffOf(hr), trainee.id, {
          ...change,
          employeeNo: (await staffOf(other)).employeeNo,
        }),
      ),
    ).toMatchObject({ status: 409, message: expect.stringContaining('已被其他账号使用') });
    expect(await refusalOf(updateStaffIdentity(admin, await staffOf(hr), 'zzzzzzzzzzzzzzz', change))).toMatchObject({
      status: 404,
    });
    expect(await auditFor(trainee.id)).toHaveLength(0);

    expect(await updateStaffIdentity(admin, await staffOf(hr), trainee.id, change)).toEqual([
      'name',
      'employeeNo',
      'department',
      'team',
    ]);
    expect(await staffOf(trainee)).toMatchObject({
      name: '李新名',
      employeeNo: change.employeeNo,
      department: '投诉中心',
      team: '三班',
    });
    const [entry, ...rest] = await auditFor(trainee.id);
    expect(rest).toHaveLength(0);
    expect(entry).toMatchObject({
      actor: hr.id,
      action: 'user.update',
      details: {
        user: trainee.id,
        reason: '员工办理了姓名变更',
        before: { name: '李原名', employeeNo: before.employeeNo, department: before.department, team: before.team },
        after: { name: '李新名', employeeNo: change.employeeNo, department: '投诉中心', team: '三班' },
      },
    });
    // Saving the same values again changes nothing and logs nothing.
    expect(await updateStaffIdentity(admin, await staffOf(hr), trainee.id, change)).toEqual([]);
    expect(await auditFor(trainee.id)).toHaveLength(1);
  });

  it('the certificate, its verification and HR’s list still show the name and 工号 as issued', async () => {
    const { trainee, certId, code } = await certifiedTrainee();
    const admin = await asAdmin();
    const before = await staffOf(trainee);
    const change = {
      name: '李新名',
      employeeNo: `${before.employeeNo.slice(0, 17)}-N`,
      department: before.department,
      team: before.team,
      reason: '员工办理了姓名变更',
    };
    expect(await updateStaffIdentity(admin, await staffOf(hr), trainee.id, change)).toEqual(['name', 'employeeNo']);
    const verified = await verifyCertificate(admin, code, new Date());
    expect(verified!.holder).toBe('李原名');
    const [cert] = await certificatesOf(admin, trainee.id);
    const account = await admin.collection('users').getOne(trainee.id);
    expect(account.name).toBe('李新名');
    expect(certificateHolder(cert!, account)).toEqual({ name: '李原名', employeeNo: cert!.holderEmployeeNo });
    expect(cert!.holderEmployeeNo).not.toBe(account.employeeNo);
    // As the print view reads it: with the viewer's own client.
    const own = certificateRecordSchema.parse(
      await trainee.client.collection('certificates').getOne(certId, { expand: 'user' }),
    );
    expect(own.holderName).toBe('李原名');
    // The export's 证书所载持证人 column, read with HR's own client.
    const row = { certificate: certId, name: '李新名' } as StaffRow;
    const [exported, without] = await withCertificateHolders(hr.client, [row, { ...row, certificate: '' }]);
    expect(exported!.certificateHolder).toBe(`李原名（${cert!.holderEmployeeNo}）`);
    expect(without!.certificateHolder).toBeUndefined();
    // A row without a snapshot (written behind the app's back) falls back to the account.
    expect(certificateHolder({ holderName: '', holderEmployeeNo: '' }, account)).toEqual({
      name: '李新名',
      employeeNo: account.employeeNo,
    });
  });
});

describe('trainers manage only trainees of their department or placed by HR', () => {
  // Accounts no test changes; each test makes the cohort it changes.
  let trainer: Made, noDeptTrainer: Made, hr: Made, inDept: Made, otherDept: Made, placed: Made;
  beforeAll(async () => {
    [trainer, noDeptTrainer, hr, inDept, otherDept, placed] = await Promise.all([
      makeUser('trainer', { department: '热线一部' }),
      makeUser('trainer', { department: '' }),
      makeUser('hr'),
      makeUser('trainee', { department: '热线一部', name: '本部学员' }),
      makeUser('trainee', { department: '热线二部', name: '外部学员' }),
      makeUser('trainee', { department: '热线二部', name: '调入学员' }),
    ]);
  });
  /** An empty cohort of `trainer`'s department, with `members` put in by the admin (not audited). */
  const newCohort = async (members: string[] = []) =>
    (
      await (
        await asAdmin()
      )
        .collection('cohorts')
        .create({ name: '范围测试班', trainer: trainer.id, department: '热线一部', members })
    ).id;

  it('member search finds no one outside the trainer’s department', async () => {
    const admin = await asAdmin();
    const t = await staffOf(trainer);
    const inNo = (await staffOf(inDept)).employeeNo;
    const outNo = (await staffOf(otherDept)).employeeNo;
    expect((await searchTrainees(admin, t, inNo)).map((x) => x.id)).toEqual([inDept.id]);
    expect(await searchTrainees(admin, t, outNo)).toEqual([]);
    expect((await searchTrainees(admin, t, '学员')).every((x) => x.department === '热线一部')).toBe(true);
    expect(await searchTrainees(admin, await staffOf(noDeptTrainer), inNo)).toEqual([]);
    // HR finds anyone.
    expect((await searchTrainees(admin, await staffOf(hr), outNo)).map((x) => x.id)).toEqual([otherDept.id]);
    // PocketBase agrees: the trainer's own client lists no one outside their cohorts.
    expect(
      (await trainer.client.collection('users').getList(1, 50, { filter: `id = "${otherDept.id}"` })).totalItems,
    ).toBe(0);
  });

  it('a trainer cannot add a trainee of another department, by 工号 or by a crafted id', async () => {
    const cohortId = await newCohort();
    const admin = await asAdmin();
    const t = await staffOf(trainer);
    const byNo = await refusalOf(addMember(admin, t, cohortId, { employeeNo: (await staffOf(otherDept)).employeeNo }));
    const byId = await refusalOf(addMember(admin, t, cohortId, { trainee: otherDept.id }));
    const unknown = await refusalOf(addMember(admin, t, cohortId, { employeeNo: 'NO-SUCH-1' }));
    // The same answer as for a 工号 that does not exist: nothing to learn about other departments.
    expect(byNo).toMatchObject({ status: 404 });
    expect(byId).toEqual(byNo);
    expect(unknown).toEqual(byNo);
    expect(
      await refusalOf(addMember(admin, await staffOf(noDeptTrainer), cohortId, { trainee: inDept.id })),
    ).toMatchObject({ status: 404 });
    expect((await admin.collection('cohorts').getOne(cohortId)).members).toEqual([]);
    expect(await auditFor(cohortId)).toHaveLength(0);
    await expect(requireVisibleTrainee(admin, t, otherDept.id)).rejects.toMatchObject({ status: 404 });
  });

  it('adds its own department’s trainee by 工号, and HR places anyone; every change is audited', async () => {
    const cohortId = await newCohort();
    const admin = await asAdmin();
    const t = await staffOf(trainer);
    await addMember(admin, t, cohortId, { employeeNo: (await staffOf(inDept)).employeeNo });
    await addMember(admin, t, cohortId, { trainee: inDept.id }); // already a member: no change, no entry
    await addMember(admin, await staffOf(hr), cohortId, { trainee: placed.id });
    expect((await admin.collection('cohorts').getOne(cohortId)).members.sort()).toEqual([inDept.id, placed.id].sort());
    // The trainer now manages the trainee HR placed, and may take them out again, but not add them back.
    expect((await requireVisibleTrainee(admin, t, placed.id)).id).toBe(placed.id);
    expect((await cohortsFor(admin, t)).find((c) => c.id === cohortId)!.members.map((m) => m.id)).toContain(placed.id);
    await removeMember(admin, t, cohortId, placed.id);
    expect(await refusalOf(removeMember(admin, t, cohortId, placed.id))).toMatchObject({ status: 404 });
    expect(await refusalOf(addMember(admin, t, cohortId, { trainee: placed.id }))).toMatchObject({ status: 404 });

    const log = await auditFor(cohortId);
    expect(log.map((e) => [e.action, e.actor, e.details.trainee])).toEqual([
      ['cohort.member.add', trainer.id, inDept.id],
      ['cohort.member.add', hr.id, placed.id],
      ['cohort.member.remove', trainer.id, placed.id],
    ]);
    expect(log[0]!.details).toMatchObject({ cohortName: '范围测试班' });
  });

  it('another trainer cannot touch the cohort at all', async () => {
    const cohortId = await newCohort([inDept.id]);
    const admin = await asAdmin();
    const other = await makeUser('trainer', { department: '热线一部' });
    expect(await refusalOf(addMember(admin, await staffOf(other), cohortId, { trainee: inDept.id }))).toMatchObject({
      status: 404,
    });
    expect(await refusalOf(removeMember(admin, await staffOf(other), cohortId, inDept.id))).toMatchObject({
      status: 404,
    });
    expect((await admin.collection('cohorts').getOne(cohortId)).members).toEqual([inDept.id]);
    expect(await auditFor(cohortId)).toHaveLength(0);
  });
});

describe('migration 1733300000 back-fills the holder of certificates issued before it', () => {
  it('copies the name and 工号 the account has when the migration runs', async () => {
    const workspace = migrationWorkspace('records-migration', '1733300000');
    try {
      await workspace.migrateUp(workspace.before);
      const db = new DatabaseSync(join(workspace.dataDir, 'data.db'));
      db.prepare(
        "INSERT INTO users (id, email, passwordHash, tokenKey, username, name, employeeNo, role) VALUES ('olduser00000001', 'o@x.cn', 'x', 'k1', 'u1', '周旧证', 'OLD-001', 'trainee')",
      ).run();
      db.prepare(
        "INSERT INTO certificates (id, code, user, program, issuedAt, validFrom, expiresAt, evidence) VALUES ('oldcert00000001', 'OLDCODEAAAAAAAAAAAAAAAAAAA', 'olduser00000001', 'hotline-agent', '2025-01-01 00:00:00.000Z', '2025-01-01 00:00:00.000Z', '2026-01-01 00:00:00.000Z', '{}')",
      ).run();
      db.close();
      await workspace.migrateUp(migrationsDir);
      const after = new DatabaseSync(join(workspace.dataDir, 'data.db'), { readOnly: true });
      expect(
        after.prepare("SELECT holderName, holderEmployeeNo FROM certificates WHERE id = 'oldcert00000001'").get(),
      ).toEqual({ holderName: '周旧证', holderEmployeeNo: 'OLD-001' });
      after.close();
    } finally {
      workspace.remove();
    }
  });
});
