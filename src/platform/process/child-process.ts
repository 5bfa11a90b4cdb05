import type { ChildProcess } from 'node:child_process';
import { StartupError } from './startup-error.ts';

/** Keeps the last few KB a child printed, to explain a failed start. */
export function captureOutput(child: ChildProcess, echo = false): () => string {
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000);
    if (echo) process.stdout.write(chunk);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return () => output;
}

/** Poll `healthUrl` until it answers 2xx; fail if the child exits first or the time runs out. */
export async function waitUntilHealthy(
  child: ChildProcess,
  healthUrl: string,
  label: string,
  timeoutMs: number,
  output: () => string,
) {
  const deadline = Date.now() + timeoutMs;
  while (true) {
    if (child.exitCode !== null)
      throw new StartupError(`${label} exited with code ${child.exitCode} during startup:\n${output()}`);
    try {
      if ((await fetch(healthUrl)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new StartupError(`${label} did not answer on ${healthUrl} within ${timeoutMs / 1000} s:\n${output()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** SIGTERM, then SIGKILL if the child has not exited after 5 s. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
