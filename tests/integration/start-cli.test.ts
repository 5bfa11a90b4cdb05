import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findFreePort, isPortFree } from '../../src/platform/pocketbase/process.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Run `npm start`'s entry point with the given env; resolves with its exit code and output. */
function start(env: Record<string, string>, onOutput?: (text: string, child: ReturnType<typeof spawn>) => void) {
  const dataDir = mkdtempSync(join(tmpdir(), 'academy-start-'));
  dirs.push(dataDir);
  const child = spawn(process.execPath, ['src/cli/start.ts'], {
    env: { ...process.env, PB_DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (c: Buffer) => {
    output += c.toString();
    onOutput?.(output, child);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  return new Promise<{ code: number | null; output: string }>((r) => child.once('exit', (code) => r({ code, output })));
}

describe('npm start', () => {
  it('says plainly when the app port is taken and exits non-zero', async () => {
    const blocker: Server = createServer();
    const port = await findFreePort();
    await new Promise<void>((r) => blocker.listen(port, '127.0.0.1', r));
    try {
      const { code, output } = await start({ PORT: String(port), PB_PORT: String(await findFreePort()) });
      expect(code).toBe(1);
      expect(output).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      expect(output).not.toMatch(/\n\s+at /); // no stack trace
    } finally {
      blocker.close();
    }
  });

  it('says plainly when the PocketBase binary is missing and exits non-zero', async () => {
    const { code, output } = await start({
      POCKETBASE_BIN: '/nonexistent/pocketbase',
      PORT: String(await findFreePort()),
    });
    expect(code).toBe(1);
    expect(output).toContain('POCKETBASE_BIN points to /nonexistent/pocketbase');
  });

  it('rejects invalid configuration with the variable named', async () => {
    const { code, output } = await start({ PORT: 'eighty' });
    expect(code).toBe(1);
    expect(output).toMatch(/env: PORT: /);
  });

  // Spawns the whole stack (and a build when sources changed) while other files load the machine: one retry.
  it('serves the home page, then stops both servers cleanly on Ctrl-C', { timeout: 180_000, retry: 1 }, async () => {
    const [port, pbPort] = [await findFreePort(), await findFreePort()];
    let home = '';
    const { code, output } = await start({ PORT: String(port), PB_PORT: String(pbPort) }, (text, child) => {
      if (!home && text.includes('is running:')) {
        home = 'pending';
        fetch(`http://127.0.0.1:${port}/`)
          .then((r) => r.text())
          .then((html) => (home = html))
          .finally(() => child.kill('SIGINT'));
      }
    });
    expect(output).toContain('Created the PocketBase admin');
    expect(output).toContain('Seeded demo accounts');
    expect(home).toContain('<html lang="zh-CN">');
    expect(home).toContain('热线学堂');
    expect(code).toBe(0);
    expect(await isPortFree(port)).toBe(true);
    expect(await isPortFree(pbPort)).toBe(true);
  });
});
