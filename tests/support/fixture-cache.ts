/**
 * Rendered test fixtures (eSpeak speech, ffmpeg encodings) cached on disk by the hash of everything that determines
 * them, so that each is computed once per machine instead of once per test run. A changed input, option or tool
 * version gives a new key; a stale entry is never read. `TEST_FIXTURE_CACHE=off` bypasses the cache.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `node_modules/.cache/hotline-academy-fixtures` of this checkout (the usual place for tool caches). */
export const fixtureCacheDir = fileURLToPath(
  new URL('../../node_modules/.cache/hotline-academy-fixtures/', import.meta.url),
);

const enabled = () => process.env.TEST_FIXTURE_CACHE !== 'off';

/** The cache key of a fixture: a namespace and a SHA-256 of its inputs (JSON). */
export function fixtureKey(namespace: string, inputs: unknown): string {
  return `${namespace}-${createHash('sha256').update(JSON.stringify(inputs)).digest('hex').slice(0, 32)}`;
}

function read(key: string): Buffer | undefined {
  if (!enabled()) return undefined;
  try {
    return readFileSync(join(fixtureCacheDir, key));
  } catch {
    return undefined;
  }
}

function write(key: string, bytes: Uint8Array): void {
  if (!enabled()) return;
  // Write then rename: parallel test files computing the same fixture never see a half-written entry.
  const tmp = join(fixtureCacheDir, `${key}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    mkdirSync(fixtureCacheDir, { recursive: true });
    writeFileSync(tmp, bytes);
    renameSync(tmp, join(fixtureCacheDir, key));
  } catch {
    rmSync(tmp, { force: true }); // a read-only checkout just computes every time
  }
}

/** The cached bytes for `inputs`, or `compute()`'s, stored for next time. */
export function cachedBytesSync(namespace: string, inputs: unknown, compute: () => Uint8Array): Buffer {
  const key = fixtureKey(namespace, inputs);
  const hit = read(key);
  if (hit) return hit;
  const bytes = Buffer.from(compute());
  write(key, bytes);
  return bytes;
}

/** {@link cachedBytesSync} for a computation that is asynchronous. */
export async function cachedBytes(
  namespace: string,
  inputs: unknown,
  compute: () => Promise<Uint8Array>,
): Promise<Buffer> {
  const key = fixtureKey(namespace, inputs);
  const hit = read(key);
  if (hit) return hit;
  const bytes = Buffer.from(await compute());
  write(key, bytes);
  return bytes;
}
