// What follows an achievement: module progress always, the certificate check only when it can issue something. A
// module left incomplete cannot complete a program that requires it, so most quiz submissions and lesson starts
// skip the check (several PocketBase reads per program); a complete module is checked every time, so a retry after
// a crash between the two steps still issues the certificate.
import type PocketBase from 'pocketbase';
import { describe, expect, it } from 'vitest';
import { attemptContextFor } from '../../src/domain/assessment/attempt-context.ts';
import { startAttempt, submitAttempt } from '../../src/domain/assessment/service.ts';
import { afterAchievement } from '../../src/domain/progress/achievements.ts';
import { lessonsOf } from '../../src/domain/progress/lesson-index.ts';
import { correctResponse } from '../support/answer-key.ts';
import { studyModuleHonestly, TestClock } from '../support/honest-study.ts';
import { asAdmin, makeUser } from './pocketbase-fixtures.ts';

/** A fresh admin client that records the URL and body of every request it sends. */
async function countingAdmin(): Promise<{ admin: PocketBase; sent: string[] }> {
  const admin = await asAdmin();
  const sent: string[] = [];
  const before = admin.beforeSend;
  admin.beforeSend = (url, options) => {
    sent.push(`${url} ${JSON.stringify(options.body ?? '')}`);
    return before ? before(url, options) : { url, options };
  };
  return { admin, sent };
}

const module = 'stress-management';
/** Reads of the certificates collection: through the records API or inside a combined read (/api/academy/read). */
const certificateReads = (sent: string[]) =>
  sent.filter(
    (u) =>
      u.includes('/collections/certificates/') ||
      (u.includes('/api/academy/read ') && u.includes('"collection":"certificates"')),
  );

describe('after an achievement', () => {
  it('records module progress but checks no certificate while the module is incomplete', async () => {
    const trainee = await makeUser('trainee');
    const { admin, sent } = await countingAdmin();
    await afterAchievement(admin, trainee.id, { modules: [module], quiz: `quiz-${module}` }, new Date());
    expect(certificateReads(sent)).toEqual([]);
    const row = await admin
      .collection('module_progress')
      .getFirstListItem(admin.filter('user = {:u} && module = {:m}', { u: trainee.id, m: module }));
    expect(row).toMatchObject({ lessonsTotal: lessonsOf(module).length, completedAt: '' });
  });

  it('checks certificates every time once the module is complete', async () => {
    const trainee = await makeUser('trainee');
    const admin = await asAdmin();
    const clock = new TestClock(Date.parse('2026-11-28T08:00:00Z'));
    await studyModuleHonestly(admin, trainee.id, module, clock);
    const ctx = attemptContextFor(admin, clock.now);
    const attempt = await startAttempt(ctx, trainee.id, `quiz-${module}`);
    const keys = await ctx.store.keysFor(attempt.attemptId);
    const responses = Object.fromEntries(
      keys.questions.map((d) => [d.id, correctResponse(ctx.catalog.questions.get(d.id)!, d.layout)]),
    );
    expect((await submitAttempt(ctx, trainee.id, attempt.attemptId, responses)).passed).toBe(true);

    for (let repeat = 0; repeat < 2; repeat++) {
      const counting = await countingAdmin();
      await afterAchievement(counting.admin, trainee.id, { modules: [module], quiz: `quiz-${module}` }, clock.now());
      expect(certificateReads(counting.sent).length, `repeat ${repeat}`).toBeGreaterThan(0);
    }
  });
});
