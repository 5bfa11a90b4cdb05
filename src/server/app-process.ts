import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { captureOutput, stopChild, waitUntilHealthy } from './child-process.ts';
import { isPortFree, projectRoot } from './pocketbase-process.ts';
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

/**
 * Run `astro build` with this Node. Always a production build: an inherited NODE_ENV (vitest sets `test`) would
 * compile JSX for React's development runtime, which the production server does not load.
 */
export function buildSite(): Promise<void> {
  return new Promise((resolveBuild, reject) => {
    const child = spawn(process.execPath, [astroCli, 'build'], { cwd: projectRoot, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
    child.once('exit', (code) => (code === 0 ? resolveBuild() : reject(new StartupError(`The site build failed (astro build exited with ${code}).`))));
  });
}

export interface AppServer {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Start the built Astro Node server and wait until it answers. */
export async function startAppServer(options: { host: string; port: number; env: Record<string, string>; verbose?: boolean }): Promise<AppServer> {
  const { host, port } = options;
  if (!(await isPortFree(port, host))) {
    throw new StartupError(`Port ${port} on ${host} is already in use, so the app cannot start. Stop the other program or set PORT to a free port.`);
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
