// Sign-in throttling against the real PocketBase: failures are counted before the password is checked, so a
// burst of concurrent guesses gets no more password checks than the limit; offices behind one address are not locked;
// the counters live in PocketBase, so another app process sees them.
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { signInLimits } from '../../src/platform/http/rate-limits.ts';
import { signIn } from '../../src/domain/identity/sign-in.ts';
import type PocketBase from 'pocketbase';
import { anonymousClient, asAdmin, makeUser } from './pocketbase-fixtures.ts';

/** A client as the sign-in page gets it, counting the password checks that reach PocketBase. */
function countingClient() {
  const pb = anonymousClient();
  const counter = { checks: 0 };
  pb.beforeSend = (url, options) => {
    if (url.endsWith('/auth-with-password')) counter.checks++;
    return { url, options };
  };
  return { pb, counter };
}

const run = promisify(execFile);
const form = (email: string, password: string) => ({ email, password });
let admin: PocketBase;
beforeAll(async () => {
  admin = await asAdmin();
});

// Every password check is a bcrypt hash in PocketBase (about 7 a second on 2 cores): allow for a busy machine.
describe('sign-in throttling', { timeout: 90_000 }, () => {
  it('50 concurrent wrong passwords for one account reach PocketBase at most 5 times; then even the right one is refused', async () => {
    const user = await makeUser('trainee');
    const { pb, counter } = countingClient();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => signIn(pb, admin, form(user.email, `wrong-password-${i}`), '10.0.0.1')),
    );
    expect(counter.checks).toBe(signInLimits.accountAtAddress.limit);
    expect(results.filter((r) => !r.ok && r.error === 'InvalidCredentials')).toHaveLength(5);
    expect(results.filter((r) => !r.ok && r.error === 'TooManySignIns')).toHaveLength(45);
    const right = await signIn(pb, admin, form(user.email, user.password), '10.0.0.1');
    expect(right).toMatchObject({ ok: false, error: 'TooManySignIns' });
    expect(counter.checks).toBe(5); // refused without asking PocketBase, so it reveals nothing about the password
  });

  it('a locked account at one office address does not lock the colleagues behind it, nor the owner elsewhere', async () => {
    const [guessed, colleague] = await Promise.all([makeUser('trainee'), makeUser('trainee')]);
    for (let i = 0; i < 6; i++)
      await signIn(anonymousClient(), admin, form(guessed.email, `wrong-password-${i}`), '10.0.0.2');
    expect(await signIn(anonymousClient(), admin, form(guessed.email, guessed.password), '10.0.0.2')).toMatchObject({
      error: 'TooManySignIns',
    });
    expect(await signIn(anonymousClient(), admin, form(colleague.email, colleague.password), '10.0.0.2')).toMatchObject(
      { ok: true },
    );
    expect(await signIn(anonymousClient(), admin, form(guessed.email, guessed.password), '10.0.0.3')).toMatchObject({
      ok: true,
    });
  });

  it('an account is locked everywhere after 10 failures from several addresses together', async () => {
    const user = await makeUser('trainee');
    const { pb, counter } = countingClient();
    const guesses = ['10.1.0.1', '10.1.0.2', '10.1.0.3', '10.1.0.4'].flatMap((address) =>
      Array.from({ length: 5 }, (_, i) => signIn(pb, admin, form(user.email, `wrong-password-${i}`), address)),
    );
    await Promise.all(guesses);
    expect(counter.checks).toBe(signInLimits.account.limit);
    expect(await signIn(pb, admin, form(user.email, user.password), '10.1.0.9')).toMatchObject({
      error: 'TooManySignIns',
    });
  });

  it('one address trying many accounts hits the wide per-address ceiling', async () => {
    const { pb, counter } = countingClient();
    const limit = signInLimits.address.limit;
    const batch = 25; // what could run at once behind admission control: the most a burst can overshoot by
    for (let sent = 0; sent < limit + 2 * batch; sent += batch) {
      await Promise.all(
        Array.from({ length: batch }, (_, i) =>
          signIn(pb, admin, form(`nobody-${sent + i}@example.com`, 'wrong-password'), '10.2.0.1'),
        ),
      );
    }
    expect(counter.checks).toBeGreaterThanOrEqual(limit);
    expect(counter.checks).toBeLessThanOrEqual(limit + batch);
    expect(await signIn(pb, admin, form('nobody-else@example.com', 'wrong-password'), '10.2.0.1')).toMatchObject({
      error: 'TooManySignIns',
    });
  });

  it('the counters live in PocketBase: another app process refuses the locked account too', async () => {
    const user = await makeUser('trainee');
    for (let i = 0; i < 5; i++)
      await signIn(anonymousClient(), admin, form(user.email, `wrong-password-${i}`), '10.5.0.1');
    const script = `
      import PocketBase from 'pocketbase';
      import { signIn } from ${JSON.stringify(resolve('src/domain/identity/sign-in.ts'))};
      import { adminClient } from ${JSON.stringify(resolve('src/platform/pocketbase/admin-client.ts'))};
      const admin = await adminClient(${JSON.stringify(inject('pbUrl'))}, ${JSON.stringify(inject('adminEmail'))}, ${JSON.stringify(inject('adminPassword'))});
      const result = await signIn(new PocketBase(${JSON.stringify(inject('pbUrl'))}), admin, ${JSON.stringify(form(user.email, user.password))}, '10.5.0.1');
      console.log(JSON.stringify(result));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: resolve('.') });
    expect(JSON.parse(stdout.trim().split('\n').pop()!)).toMatchObject({ ok: false, error: 'TooManySignIns' });

    // A plain table: no API reaches it, not even an admin's; it holds hashes, no e-mail or address.
    await expect(admin.collection('_academy_throttle').getList()).rejects.toMatchObject({ status: 404 });
    const db = new DatabaseSync(join(inject('pbDataDir'), 'data.db'), { readOnly: true });
    const rows = db.prepare('SELECT key FROM _academy_throttle').all() as { key: string }[];
    db.close();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.key.includes('@') || r.key.includes('10.5.0.1'))).toBe(false);
  });

  it('a right password does not use up the allowance', async () => {
    const user = await makeUser('trainee');
    for (let i = 0; i < 8; i++)
      expect(await signIn(anonymousClient(), admin, form(user.email, user.password), '10.3.0.1')).toMatchObject({
        ok: true,
      });
    expect(await signIn(anonymousClient(), admin, form(user.email, 'wrong-password'), '10.3.0.1')).toMatchObject({
      error: 'InvalidCredentials',
    });
  });
});
