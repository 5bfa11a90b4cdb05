import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient } from '../../src/platform/pocketbase/admin-client.ts';
import {
  createAdmin,
  findFreePort,
  resolvePocketBaseBinary,
  startPocketBase,
  type PocketBaseServer,
} from '../../src/platform/pocketbase/process.ts';
import { seedDemoData } from '../../src/domain/identity/seed.ts';

// A PocketBase of its own: restoring replaces the whole database, which must not touch the other tests' server.
const credentials = { email: 'backup-admin@example.com', password: 'backup-admin-password' };
let server: PocketBaseServer;
let dir: string;

function cli(script: string, args: string[]) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, [`src/cli/${script}.ts`, ...args], {
      env: {
        ...process.env,
        PB_URL: server.url,
        PB_ADMIN_EMAIL: credentials.email,
        PB_ADMIN_PASSWORD: credentials.password,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c));
    child.stderr.on('data', (c: Buffer) => (output += c));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'academy-backup-'));
  const bin = resolvePocketBaseBinary();
  server = await startPocketBase({
    bin,
    dataDir: join(dir, 'pb'),
    port: await findFreePort(),
    origins: ['http://127.0.0.1'],
  });
  await createAdmin(bin, join(dir, 'pb'), credentials.email, credentials.password);
  await seedDemoData(await adminClient(server.url, credentials.email, credentials.password), 'demo-password-1');
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('backup and restore', () => {
  it('backs up while writes go on, and restores exactly that state', async () => {
    const admin = await adminClient(server.url, credentials.email, credentials.password);
    const names = async () =>
      (await admin.collection('users').getFullList({ sort: 'employeeNo' })).map((u) => `${u.employeeNo}:${u.name}`);
    const before = await names();
    expect(before).toHaveLength(5);

    // Writes keep coming while the backup runs (they land in other collections, so `before` stays exact).
    let writing = true;
    const writer = (async () => {
      let i = 0;
      while (writing) await admin.collection('programs').create({ key: `during-backup-${i++}`, title: '备份期间写入' });
      return i;
    })();
    const file = join(dir, 'academy-backup.zip');
    const backup = await cli('backup', [file]);
    writing = false;
    expect(await writer).toBeGreaterThan(0);
    expect(backup.code, backup.output).toBe(0);
    expect(existsSync(file) && statSync(file).size).toBeGreaterThan(1000);

    // Damage the data, then restore.
    const trainee = await admin.collection('users').getFirstListItem('employeeNo = "10001"');
    await admin.collection('users').update(trainee.id, { name: '被改掉的名字' });
    await admin
      .collection('users')
      .delete((await admin.collection('users').getFirstListItem('employeeNo = "10003"')).id);
    expect(await names()).not.toEqual(before);

    const restore = await cli('restore', [file]);
    expect(restore.code, restore.output).toBe(0);
    const after = await adminClient(server.url, credentials.email, credentials.password);
    expect(
      (await after.collection('users').getFullList({ sort: 'employeeNo' })).map((u) => `${u.employeeNo}:${u.name}`),
    ).toEqual(before);
    // The demo cohort and its members came back too.
    expect((await after.collection('cohorts').getFullList())[0]?.members).toHaveLength(2);
  }, 120_000);

  it('says what is wrong when the file is missing', async () => {
    const result = await cli('restore', [join(dir, 'nope.zip')]);
    expect(result.code).toBe(1);
    expect(result.output).toContain('Usage: npm run restore');
  });
});
