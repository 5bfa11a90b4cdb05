import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { installSyncDigest } from '../../src/platform/http/sync-digest.ts';

describe('installSyncDigest', () => {
  it('gives the same digests as WebCrypto for SHA-2 on views, slices and buffers, and passes others through', async () => {
    const inputs = [
      new Uint8Array(0),
      new TextEncoder().encode('<style>body{color:red}</style>'),
      new Uint8Array(70_000),
    ];
    const sliced = new Uint8Array(new TextEncoder().encode('xx热线学堂yy').buffer, 2, 12);
    const expected = async (algorithm: string, data: BufferSource) =>
      Buffer.from(await webcrypto.subtle.digest(algorithm, data)).toString('base64');
    const cases: [string, BufferSource][] = [];
    for (const a of ['SHA-256', 'SHA-384', 'SHA-512', 'sha-256'])
      for (const d of [...inputs, sliced, inputs[1]!.buffer]) cases.push([a, d]);
    const before = await Promise.all(cases.map(([a, d]) => expected(a, d)));
    const sha1 = await expected('SHA-1', inputs[1]!);
    installSyncDigest();
    const after = await Promise.all(
      cases.map(async ([a, d]) => Buffer.from(await globalThis.crypto.subtle.digest(a, d)).toString('base64')),
    );
    expect(after).toEqual(before);
    expect(Buffer.from(await globalThis.crypto.subtle.digest('SHA-1', inputs[1]!)).toString('base64')).toBe(sha1);
  });
});
