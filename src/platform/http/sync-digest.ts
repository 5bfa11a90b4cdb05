import { createHash } from 'node:crypto';

const nodeNames: Record<string, string> = { 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

/**
 * Make `crypto.subtle.digest` answer SHA-2 digests of in-memory data from node:crypto at once instead of as a
 * thread-pool job. Astro computes a CSP digest for every stylesheet and script of every server-rendered page, on
 * every request (`generateCspDigest`): 7 % of the app's CPU on an exam page, almost all of it the job's overhead
 * (the inputs are a few bytes). Same bytes out, still a promise; other algorithms and inputs keep the original.
 */
export function installSyncDigest(): void {
  const subtle = globalThis.crypto.subtle;
  const original = subtle.digest.bind(subtle);
  subtle.digest = (algorithm: AlgorithmIdentifier, data: BufferSource): Promise<ArrayBuffer> => {
    const name = nodeNames[(typeof algorithm === 'string' ? algorithm : algorithm.name).toUpperCase()];
    if (!name || !(ArrayBuffer.isView(data) || data instanceof ArrayBuffer)) return original(algorithm, data);
    const view = ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data);
    return Promise.resolve(Uint8Array.from(createHash(name).update(view).digest()).buffer);
  };
}
