// Sign-in throttling against the real PocketBase: failures are counted before the password is checked, so a
// burst of concurrent guesses gets no more password checks than the limit; offices behind one address are not locked.
import { describe, expect, it } from 'vitest';
import { signInLimits } from '../../src/server/rate-limits.ts';
import { signIn } from '../../src/server/sign-in.ts';
import { anonymousClient, makeUser } from './pocketbase-fixtures.ts';

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

const form = (email: string, password: string) => ({ email, password });

// Every password check is a bcrypt hash in PocketBase (about 7 a second on 2 cores): allow for a busy machine.
describe('sign-in throttling', { timeout: 90_000 }, () => {
  it('50 concurrent wrong passwords for one account reach PocketBase at most 5 times; then even the right one is refused', async () => {
    const user = await makeUser('trainee');
    const { pb, counter } = countingClient();
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => signIn(pb, form(user.email, `wrong-password-${i}`), '10.0.0.1')));
    expect(counter.checks).toBe(signInLimits.accountAtAddress.limit);
    expect(results.filter((r) => !r.ok && r.error === 'InvalidCredentials')).toHaveLength(5);
    expect(results.filter((r) => !r.ok && r.error === 'TooManySignIns')).toHaveLength(45);
    const right = await signIn(pb, form(user.email, user.password), '10.0.0.1');
    expect(right).toMatchObject({ ok: false, error: 'TooManySignIns' });
    expect(counter.checks).toBe(5); // refused without asking PocketBase, so it reveals nothing about the password
  });

  it('a locked account at one office address does not lock the colleagues behind it, nor the owner elsewhere', async () => {
    const [guessed, colleague] = await Promise.all([makeUser('trainee'), makeUser('trainee')]);
    for (let i = 0; i < 6; i++) await signIn(anonymousClient(), form(guessed.email, `wrong-password-${i}`), '10.0.0.2');
    expect(await signIn(anonymousClient(), form(guessed.email, guessed.password), '10.0.0.2')).toMatchObject({ error: 'TooManySignIns' });
    expect(await signIn(anonymousClient(), form(colleague.email, colleague.password), '10.0.0.2')).toMatchObject({ ok: true });
    expect(await signIn(anonymousClient(), form(guessed.email, guessed.password), '10.0.0.3')).toMatchObject({ ok: true });
  });

  it('an account is locked everywhere after 10 failures from several addresses together', async () => {
    const user = await makeUser('trainee');
    const { pb, counter } = countingClient();
    const guesses = ['10.1.0.1', '10.1.0.2', '10.1.0.3', '10.1.0.4'].flatMap((address) =>
      Array.from({ length: 5 }, (_, i) => signIn(pb, form(user.email, `wrong-password-${i}`), address)));
    await Promise.all(guesses);
    expect(counter.checks).toBe(signInLimits.account.limit);
    expect(await signIn(pb, form(user.email, user.password), '10.1.0.9')).toMatchObject({ error: 'TooManySignIns' });
  });

  it('one address trying many accounts hits the wide per-address ceiling', async () => {
    const { pb, counter } = countingClient();
    const limit = signInLimits.address.limit;
    const batch = 25; // what could run at once behind admission control: the most a burst can overshoot by
    for (let sent = 0; sent < limit + 2 * batch; sent += batch) {
      await Promise.all(Array.from({ length: batch }, (_, i) => signIn(pb, form(`nobody-${sent + i}@example.com`, 'wrong-password'), '10.2.0.1')));
    }
    expect(counter.checks).toBeGreaterThanOrEqual(limit);
    expect(counter.checks).toBeLessThanOrEqual(limit + batch);
    expect(await signIn(pb, form('nobody-else@example.com', 'wrong-password'), '10.2.0.1')).toMatchObject({ error: 'TooManySignIns' });
  });

  it('a right password does not use up the allowance', async () => {
    const user = await makeUser('trainee');
    for (let i = 0; i < 8; i++) expect(await signIn(anonymousClient(), form(user.email, user.password), '10.3.0.1')).toMatchObject({ ok: true });
    expect(await signIn(anonymousClient(), form(user.email, 'wrong-password'), '10.3.0.1')).toMatchObject({ error: 'InvalidCredentials' });
  });
});
