// Session restore against the real PocketBase: what the app trusts, and for how long, without asking again.
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, inject, it } from 'vitest';
import type { AstroCookies } from 'astro';
import { authTokenMinter } from '../../src/bench/bulk-seed.ts';
import { authCookieName, clearAuthCookie, restoreSession, sessionRecheckMs } from '../../src/server/session.ts';
import { anonymousClient, asAdmin, makeUser } from './pocketbase-fixtures.ts';

/** Just enough of Astro's cookie jar for clearAuthCookie. */
function cookieJar(token: string) {
  const jar = new Map([[authCookieName, token]]);
  return { jar, cookies: { get: (n: string) => (jar.has(n) ? { value: jar.get(n)! } : undefined), delete: (n: string) => void jar.delete(n) } as unknown as AstroCookies };
}

describe('restoreSession', () => {
  it('trusts a confirmed token for 30 seconds, then asks PocketBase again', async () => {
    const user = await makeUser('trainee');
    const token = user.client.authStore.token;
    const t0 = Date.now();
    const first = await restoreSession(anonymousClient(), token, t0);
    expect(first.user?.id).toBe(user.id);

    // Changing the password gives the account a new token key: PocketBase no longer accepts the old token.
    const admin = await asAdmin();
    await admin.collection('users').update(user.id, { password: 'changed-password-1', passwordConfirm: 'changed-password-1' });
    const cached = anonymousClient();
    expect((await restoreSession(cached, token, t0 + sessionRecheckMs - 1000)).user?.id).toBe(user.id);
    expect(cached.authStore.token).toBe(token); // requests as the user still carry their token, which PocketBase checks
    expect((await restoreSession(anonymousClient(), token, t0 + sessionRecheckMs + 1)).user).toBeNull();
  });

  it('signing out forgets the confirmation at once', async () => {
    const user = await makeUser('trainee');
    const token = user.client.authStore.token;
    const now = Date.now();
    expect((await restoreSession(anonymousClient(), token, now)).user?.id).toBe(user.id);
    const admin = await asAdmin();
    await admin.collection('users').update(user.id, { password: 'changed-password-2', passwordConfirm: 'changed-password-2' });
    const { jar, cookies } = cookieJar(token);
    clearAuthCookie(cookies);
    expect(jar.has(authCookieName)).toBe(false);
    expect((await restoreSession(anonymousClient(), token, now + 1000)).user).toBeNull();
  });

  it('a forged token is never trusted, not even once', async () => {
    const user = await makeUser('trainee');
    const [head, body] = user.client.authStore.token.split('.');
    const forged = `${head}.${body}.${'A'.repeat(43)}`;
    expect((await restoreSession(anonymousClient(), forged)).user).toBeNull();
    expect((await restoreSession(anonymousClient(), forged)).user).toBeNull();
  });
});

describe('bench session minting', () => {
  it('mints tokens PocketBase itself accepts, for the right account only', async () => {
    const user = await makeUser('trainee');
    // The API never returns token keys: read it where PocketBase keeps it.
    const db = new DatabaseSync(join(inject('pbDataDir'), 'data.db'), { readOnly: true });
    const { tokenKey } = db.prepare('SELECT tokenKey FROM users WHERE id = ?').get(user.id) as { tokenKey: string };
    db.close();
    const mint = authTokenMinter(inject('pbDataDir'));
    const pb = anonymousClient();
    pb.authStore.save(mint({ id: user.id, tokenKey }), null);
    const { record } = await pb.collection('users').authRefresh();
    expect(record.id).toBe(user.id);

    const other = await makeUser('trainee');
    pb.authStore.save(mint({ id: other.id, tokenKey }), null); // someone else's key: the signature does not match
    await expect(pb.collection('users').authRefresh()).rejects.toMatchObject({ status: 401 });
  });
});
