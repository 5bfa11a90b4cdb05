// PocketBase keeps warnings and errors in its request log, not a row per successful request (see the migration
// 1733100000_request_log_level.js for why).
import { describe, expect, it } from 'vitest';
import { anonymousClient, asAdmin, makeUser } from './pocketbase-fixtures.ts';

describe('PocketBase request log', () => {
  it('records failed requests but not successful ones', async () => {
    const admin = await asAdmin();
    expect((await admin.settings.getAll()).logs).toMatchObject({ minLevel: 4 });
    const user = await makeUser('trainee');
    const marker = `/api/collections/users/records/${user.id}`;
    await user.client.collection('users').getOne(user.id); // allowed: 200
    await anonymousClient()
      .send(`/api/collections/certificates/records/missing${Date.now()}`, {})
      .catch(() => undefined); // 404
    // Log rows are written in batches, a moment after the request.
    let failed = 0;
    let succeeded = 0;
    for (let i = 0; i < 20 && !failed; i++) {
      await new Promise((r) => setTimeout(r, 250));
      const logs = await admin.logs.getList(1, 200, { sort: '-created', requestKey: null });
      failed = logs.items.filter((l) =>
        String(l.data.url).includes('/api/collections/certificates/records/missing'),
      ).length;
      succeeded = logs.items.filter((l) => String(l.data.url) === marker).length;
    }
    expect(failed).toBeGreaterThan(0);
    expect(succeeded).toBe(0);
  });
});
