// Session restore against the real PocketBase: what the app trusts, and for how long, without asking again.
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, inject, it } from 'vitest';
import { authTokenMinter } from '../../src/bench/bulk-seed.ts';
import { endSessions, restoreSession } from '../../src/domain/identity/session.ts';
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
