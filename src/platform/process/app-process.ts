import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { captureOutput, stopChild, waitUntilHealthy } from './child-process.ts';
import { isPortFree, projectRoot } from '../pocketbase/process.ts';
import { StartupError } from './startup-error.ts';

export const serverEntry = join(projectRoot, 'dist', 'server', 'entry.mjs');
const serveCli = join(projectRoot, 'src', 'cli', 'serve.ts');
const astroCli = join(projectRoot, 'node_modules', 'astro', 'bin', 'astro.mjs');
const sourcePaths = ['src', 'content', 'quizzes', 'public', 'astro.config.mjs', 'package.json'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, entry) => Math.max(max, newestMtime(join(path, entry))), stat.mtimeMs);
}

/** True when there is no build, or a source file changed after it. */
export function buildIsStale(): boolean {
  if (!existsSync(serverEntry)) return true;
  const built = statSync(serverEntry).mtimeMs;
  return sourcePaths.some((p) => newestMtime(join(projectRoot, p)) > built);
}

/** Held (as a directory) while a build runs, so two builds started at once (`npm start`, tests) never mix outputs. */
const buildLock = join(projectRoot, '.astro-build.lock');

async function withBuildLock<T>(task: () => Promise<T>): Promise<T> {
  for (const started = Date.now(); ;) {
    try {
      mkdirSync(buildLock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A lock older than 10 minutes belongs to a build that died.
      if (Date.now() - statSync(buildLock, { throwIfNoEntry: false })!.mtimeMs > 600_000)
        rmSync(buildLock, { recursive: true, force: true });
      if (Date.now() - started > 900_000)
        throw new StartupError(`Another build has held ${buildLock} for 15 minutes; remove it if no build is running.`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await task();
  } finally {
    rmSync(buildLock, { recursive: true, force: true });
  }
}

/**
 * Run `astro build` with `node` (default: this Node); with `onlyIfStale`, only when `buildIsStale()` still holds
 * once the lock is held (another build may have finished meanwhile). Always a production build: an inherited NODE_ENV
 * (vitest sets `test`) would compile JSX for React's development runtime, which the production server does not load.
 */
export function buildSite(options: { node?: string; onlyIfStale?: boolean } = {}): Promise<void> {
  const node = options.node ?? process.execPath;
  return withBuildLock(
    () =>
      new Promise<void>((resolveBuild, reject) => {
        if (options.onlyIfStale && !buildIsStale()) return resolveBuild();
        const child = spawn(node, [astroCli, 'build'], {
          cwd: projectRoot,
          stdio: 'inherit',
          env: { ...process.env, NODE_ENV: 'production' },
        });
        child.once('exit', (code) =>
          code === 0
            ? resolveBuild()
            : reject(new StartupError(`The site build failed (astro build exited with ${code}).`)),
        );
      }),
  );
}

export interface AppServer {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Start the built Astro Node server and wait until it answers. */
export async function startAppServer(options: {
  host: string;
  port: number;
  env: Record<string, string>;
  verbose?: boolean;
}): Promise<AppServer> {
  const { host, port } = options;
  if (!(await isPortFree(port, host))) {
    throw new StartupError(
      `Port ${port} on ${host} is already in use, so the app cannot start. Stop the other program or set PORT to a free port.`,
    );
  }
  const child = spawn(process.execPath, [serveCli], {
    cwd: projectRoot,
    env: { ...process.env, ...options.env, HOST: host, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = captureOutput(child);
  const url = `http://${host}:${port}`;
  await waitUntilHealthy(child, `${url}/api/health`, 'The app server', 30_000, output);
  // From now on the app's own log lines (errors above all) go to our stderr.
  child.stdout?.on('data', (c: Buffer) => process.stderr.write(c));
  child.stderr?.on('data', (c: Buffer) => process.stderr.write(c));
  return { url, process: child, stop: () => stopChild(child) };
}
