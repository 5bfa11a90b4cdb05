import { execFile, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { captureOutput, stopChild, waitUntilHealthy } from '../../src/platform/process/child-process.ts';
import {
  findFreePort,
  hooksDir,
  migrationsDir,
  resolvePocketBaseBinary,
} from '../../src/platform/pocketbase/process.ts';

const run = promisify(execFile);

/**
 * A throwaway PocketBase data directory for testing one migration on data written before it: migrate up to just
 * before `migration`, write data (through a served PocketBase or straight into SQLite), then migrate the rest.
 */
export function migrationWorkspace(prefix: string, migration: string) {
  const bin = resolvePocketBaseBinary();
  const work = mkdtempSync(join(tmpdir(), `${prefix}-`));
  const dataDir = join(work, 'pb');
  /** The repository's migrations older than `migration`. */
  const before = join(work, 'migrations-before');
  mkdirSync(before);
  for (const f of readdirSync(migrationsDir))
    if (f.endsWith('.js') && f < migration) copyFileSync(join(migrationsDir, f), join(before, f));

  return {
    dataDir,
    before,
    /** `pocketbase migrate up` with `dir` (the old set, or the repository's `migrationsDir`); fails on an error. */
    async migrateUp(dir: string) {
      const { stdout, stderr } = await run(bin, ['migrate', 'up', `--dir=${dataDir}`, `--migrationsDir=${dir}`]);
      if (/^Error:/m.test(stdout + stderr)) throw new Error(stdout + stderr);
    },
    async createAdmin(email: string, password: string, dir: string) {
      await run(bin, ['admin', 'create', email, password, `--dir=${dataDir}`, `--migrationsDir=${dir}`]);
    },
    /** Serve the data directory; the current schema (`migrationsDir`) with the app's hook routes, as the app runs it. */
    async serve(dir: string) {
      const port = await findFreePort();
      const hooks = dir === migrationsDir ? [`--hooksDir=${hooksDir}`, '--hooksWatch=false'] : [];
      const child = spawn(
        bin,
        [
          'serve',
          `--http=127.0.0.1:${port}`,
          `--dir=${dataDir}`,
          `--migrationsDir=${dir}`,
          '--automigrate=false',
          ...hooks,
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      const url = `http://127.0.0.1:${port}`;
      await waitUntilHealthy(child, `${url}/api/health`, 'PocketBase', 20_000, captureOutput(child, false));
      return { url, stop: () => stopChild(child) };
    },
    remove() {
      rmSync(work, { recursive: true, force: true });
    },
  };
}
