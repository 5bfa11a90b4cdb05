// The built app as `npm start` serves it (src/cli/serve.ts on the pinned Node 24), started by integration tests
// against the run's PocketBase.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, inject } from 'vitest';
import { buildSite } from '../../src/platform/process/app-process.ts';
import { captureOutput, stopChild, waitUntilHealthy } from '../../src/platform/process/child-process.ts';
import { findFreePort, projectRoot } from '../../src/platform/pocketbase/process.ts';

/** The project's pinned Node 24 (the `node` dev dependency), whatever Node runs the tests. */
export const pinnedNode = join(projectRoot, 'node_modules', 'node', 'bin', 'node');

/** Build the site (dist/) only when missing or older than the sources (a lock keeps builds apart). */
export const buildApp = () => buildSite({ node: pinnedNode, onlyIfStale: true });

export type AppServer = { url: string; port: number; child: ChildProcess; output: () => string };

/**
 * Start one app server on a free port against the integration run's PocketBase; `env` adds to or overrides its
 * environment (ACADEMY_FAULT, APP_WORKERS, …). Resolves once /api/health answers; stop it with stopChild.
 */
export async function startAppServer(env: Record<string, string> = {}): Promise<AppServer> {
  const port = await findFreePort();
  const child = spawn(pinnedNode, [join(projectRoot, 'src', 'cli', 'serve.ts')], {
    cwd: projectRoot,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      PB_URL: inject('pbUrl'),
      PB_ADMIN_EMAIL: inject('adminEmail'),
      PB_ADMIN_PASSWORD: inject('adminPassword'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = `http://127.0.0.1:${port}`;
  const output = captureOutput(child);
  await waitUntilHealthy(child, `${url}/api/health`, 'The app server', 60_000, output);
  return { url, port, child, output };
}

/**
 * One built app server for a whole test file: built (when stale) and started before its tests, stopped after them.
 * The returned function gives the server inside tests, once the file's beforeAll has run.
 */
export function appServerForFile(env: Record<string, string> = {}): () => AppServer {
  let app: AppServer | undefined;
  beforeAll(async () => {
    await buildApp();
    app = await startAppServer(env);
  }, 300_000);
  afterAll(async () => {
    if (app) await stopChild(app.child);
  });
  return () => {
    if (!app) throw new Error('the app server is read before the beforeAll that starts it ran');
    return app;
  };
}
