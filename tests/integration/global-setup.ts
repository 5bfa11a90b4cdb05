import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import {
  createAdmin,
  findFreePort,
  resolvePocketBaseBinary,
  startPocketBase,
} from '../../src/platform/pocketbase/process.ts';

const admin = { email: 'it-admin@example.com', password: 'integration-admin-pass' };

declare module 'vitest' {
  export interface ProvidedContext {
    pbUrl: string;
    pbDataDir: string;
    adminEmail: string;
    adminPassword: string;
  }
}

/** A real PocketBase 0.22 on a free port with a temporary data dir, shared by the integration tests. */
export default async function setup(project: TestProject) {
  // App servers started by the tests inherit this: their notifications scheduler stays off, so only
  // tests/integration/notifications.test.ts creates and sends notifications, with its own clock and channels.
  process.env.NOTIFY_SCHEDULER ??= 'off';
  const dataDir = mkdtempSync(join(tmpdir(), 'academy-it-'));
  const bin = resolvePocketBaseBinary();
  const server = await startPocketBase({ bin, dataDir, port: await findFreePort(), origins: ['http://127.0.0.1'] });
  await createAdmin(bin, dataDir, admin.email, admin.password);
  project.provide('pbUrl', server.url);
  project.provide('pbDataDir', dataDir);
  project.provide('adminEmail', admin.email);
  project.provide('adminPassword', admin.password);
  return async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
