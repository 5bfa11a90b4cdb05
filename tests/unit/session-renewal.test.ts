import { describe, expect, it } from 'vitest';
import { needsRenewal } from '../../src/domain/identity/session.ts';

const token = (exp: number) =>
  `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify({ id: 'x', exp })).toString('base64url')}.sig`;
const now = Date.UTC(2026, 10, 24);
const day = 86_400;

describe('auth cookie renewal', () => {
  it('renews only in the second half of the 14-day token life', () => {
    expect(needsRenewal(token(now / 1000 + 13 * day), now)).toBe(false);
    expect(needsRenewal(token(now / 1000 + 8 * day), now)).toBe(false);
    expect(needsRenewal(token(now / 1000 + 6 * day), now)).toBe(true);
    expect(needsRenewal('not-a-token', now)).toBe(true);
  });
});
