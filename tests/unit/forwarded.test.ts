import { describe, expect, it } from 'vitest';
import { clientAddress, trustedProxies } from '../../src/platform/http/forwarded.ts';

const proxy = trustedProxies(' 127.0.0.1, 10.0.0.2 ');

describe('client address behind a reverse proxy', () => {
  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', () => {
    expect(clientAddress('203.0.113.9', '1.2.3.4', proxy)).toBe('203.0.113.9');
    expect(clientAddress('203.0.113.9', '1.2.3.4', trustedProxies(''))).toBe('203.0.113.9');
    expect(clientAddress('::ffff:198.51.100.7', '1.2.3.4', proxy)).toBe('198.51.100.7');
  });

  it('takes the address the trusted proxy saw, not what the client wrote before it', () => {
    expect(clientAddress('127.0.0.1', '198.51.100.7', proxy)).toBe('198.51.100.7');
    expect(clientAddress('::ffff:127.0.0.1', 'forged-by-client, 198.51.100.7', proxy)).toBe('198.51.100.7');
    // Through two trusted proxies: the first untrusted address from the right.
    expect(clientAddress('127.0.0.1', '1.1.1.1, 198.51.100.7, 10.0.0.2', proxy)).toBe('198.51.100.7');
    expect(clientAddress('127.0.0.1', undefined, proxy)).toBe('127.0.0.1');
    expect(clientAddress('127.0.0.1', '10.0.0.2', proxy)).toBe('10.0.0.2');
  });
});
