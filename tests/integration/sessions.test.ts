// Session restore against the real PocketBase: what the app trusts, and for how long, without asking again.
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, inject, it } from 'vitest';
import { authTokenMinter } from '../../src/bench/bulk-seed.ts';
import { endSessions, restoreSession } from '../../src/domain/identity/session.ts';
import { checkSession } from '../../src/domain/identity/repo.ts';
import { actionCalls, limitStep } from '../../src/platform/http/rate-limits.ts';
import { anonymousClient, asAdmin, makeUser } from './pocketbase-fixtures.ts';

describe('restoreSession', () => {
  it('asks PocketBase on every request: a token it stops accepting is refused on the very next one', async () => {
    const user = await makeUser('trainee');
    const token = user.client.authStore.token;
    expect((await restoreSession(anonymousClient(), token)).user?.id).toBe(user.id);
    // Changing the password gives the account a new token key: PocketBase no longer accepts the old token.
    const admin = await asAdmin();
    await admin
      .collection('users')
      .update(user.id, { password: 'changed-password-1', passwordConfirm: 'changed-password-1' });
    expect((await restoreSession(anonymousClient(), token)).user).toBeNull();
  });

  it('a forged token is never trusted, not even once', async () => {
    const user = await makeUser('trainee');
    const [head, body] = user.client.authStore.token.split('.');
    const forged = `${head}.${body}.${'A'.repeat(43)}`;
    expect((await restoreSession(anonymousClient(), forged)).user).toBeNull();
    expect((await restoreSession(anonymousClient(), forged)).user).toBeNull();
  });
});

describe('the session check route', () => {
  it('renews only when asked, and the fresh token is one PocketBase accepts', async () => {
    const user = await makeUser('trainee');
    const pb = anonymousClient();
    pb.authStore.save(user.client.authStore.token, null);
    expect((await checkSession(pb, { renew: false })).token).toBe('');
    const { token, user: staff } = await checkSession(pb, { renew: true });
    expect(staff).toMatchObject({ id: user.id, email: user.email, role: 'trainee' });
    const fresh = anonymousClient();
    fresh.authStore.save(token, null);
    expect((await fresh.collection('users').authRefresh()).record.id).toBe(user.id);
  });

  it("counts an action budget only for the token's own account, once per check", async () => {
    const [user, other] = await Promise.all([makeUser('trainee'), makeUser('trainee')]);
    const pb = anonymousClient();
    pb.authStore.save(user.client.authStore.token, null);
    const budget = (subject: string, now: number) => ({ ...limitStep(actionCalls, subject), now, subject });
    const now = Date.now();
    // Someone else's counters: refused, nothing counted for them.
    await expect(checkSession(pb, { renew: false, budget: budget(other.id, now) })).rejects.toMatchObject({
      status: 400,
    });
    // Their own: each check counts one call, and the call after the limit is refused.
    for (let i = 0; i < actionCalls.limit; i++)
      expect((await checkSession(pb, { renew: false, budget: budget(user.id, now) })).budget).toEqual({
        allowed: true,
        retryAfterMs: 0,
      });
    expect((await checkSession(pb, { renew: false, budget: budget(user.id, now) })).budget).toMatchObject({
      allowed: false,
    });
    const otherPb = anonymousClient();
    otherPb.authStore.save(other.client.authStore.token, null);
    expect((await checkSession(otherPb, { renew: false, budget: budget(other.id, now) })).budget?.allowed).toBe(true);
    // Without a token of the account, the route answers nothing.
    await expect(
      anonymousClient().send('/api/academy/session', { method: 'POST', body: { renew: true } }),
    ).rejects.toMatchObject({ status: 401 });
  }, 60_000);
});

describe('endSessions (sign-out)', () => {
  it('kills every token of the account at once, in the app and in PocketBase itself, on every device', async () => {
    const user = await makeUser('trainee');
    const phone = anonymousClient();
    await phone.collection('users').authWithPassword(user.email, user.password);
    const tokens = [user.client.authStore.token, phone.authStore.token];
    for (const token of tokens) expect((await restoreSession(anonymousClient(), token)).user?.id).toBe(user.id);

    await endSessions(await asAdmin(), user.id);
    for (const token of tokens) {
      expect((await restoreSession(anonymousClient(), token)).user).toBeNull();
      const direct = anonymousClient();
      direct.authStore.save(token, null);
      await expect(direct.collection('users').authRefresh()).rejects.toMatchObject({ status: 401 });
      await expect(direct.collection('users').getOne(user.id)).rejects.toMatchObject({ status: 404 }); // no longer the owner
    }
    // The password still works: signing in again gives a fresh, working session.
    const again = anonymousClient();
    await again.collection('users').authWithPassword(user.email, user.password);
    expect((await restoreSession(anonymousClient(), again.authStore.token)).user?.id).toBe(user.id);
  });

  it("only an admin can end sessions; a user cannot end someone else's, nor PocketBase be asked anonymously", async () => {
    const victim = await makeUser('trainee');
    const attacker = await makeUser('trainee');
    const route = `/api/academy/users/${victim.id}/end-sessions`;
    await expect(attacker.client.send(route, { method: 'POST' })).rejects.toMatchObject({ status: 401 });
    await expect(anonymousClient().send(route, { method: 'POST' })).rejects.toMatchObject({ status: 401 });
    expect((await restoreSession(anonymousClient(), victim.client.authStore.token)).user?.id).toBe(victim.id);
    await expect(endSessions(await asAdmin(), 'nosuchuser12345')).rejects.toMatchObject({ status: 404 });
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
