import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type PocketBase from 'pocketbase';
import { adminClient } from '../../src/platform/pocketbase/admin-client.ts';
import { attemptContextFor } from '../../src/domain/assessment/attempt-context.ts';
import { openAttempt, startAttempt, submitAttempt } from '../../src/domain/assessment/service.ts';
import {
  createAdmin,
  findFreePort,
  pocketBaseGc,
  resolvePocketBaseBinary,
  startPocketBase,
  type PocketBaseServer,
} from '../../src/platform/pocketbase/process.ts';
import { createStaffUser } from '../../src/domain/identity/seed.ts';
import { correctResponse } from '../support/answer-key.ts';

// Its own PocketBase, which this file kills with SIGKILL in the middle of bursts of writes.
const credentials = { email: 'fault-admin@example.com', password: 'fault-admin-password' };
const bin = resolvePocketBaseBinary();
let dir: string;
let port: number;
let server: PocketBaseServer;
let admin: PocketBase;
const trainees: string[] = [];

const restart = async () => {
  server = await startPocketBase({ bin, dataDir: join(dir, 'pb'), port, origins: ['http://127.0.0.1'] });
};

let retries = 0;

/** Retry like a browser client would: on a lost connection or a server error, wait and send the same request again. */
async function withRetries<T>(call: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 60_000;
  while (true) {
    try {
      return await call();
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (Date.now() > deadline || (status !== undefined && status !== 0 && status < 500)) throw error;
      retries++;
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
    }
  }
}

/** SIGKILL PocketBase once `when` resolves, and bring it back on the same data dir half a second later. */
async function killDuring(when: Promise<unknown>) {
  await when;
  server.process.kill('SIGKILL');
  await new Promise((r) => server.process.once('exit', r));
  await new Promise((r) => setTimeout(r, 500));
  await restart();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'academy-faults-'));
  port = await findFreePort();
  await restart();
  await createAdmin(bin, join(dir, 'pb'), credentials.email, credentials.password);
  admin = await adminClient(server.url, credentials.email, credentials.password);
  for (let i = 0; i < 24; i++) {
    const u = await createStaffUser(admin, {
      email: `fault${i}@example.com`,
      name: `故障${i}`,
      employeeNo: `F${1000 + i}`,
      role: 'trainee',
      department: '',
      team: '',
      password: 'fault-password',
    });
    trainees.push(u.id);
  }
}, 60_000);
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('PocketBase as started by the app', () => {
  it('runs with the tuned garbage collector (pocketBaseGc), unless the environment says otherwise', () => {
    const environ = readFileSync(`/proc/${server.process.pid}/environ`, 'utf8').split('\0');
    for (const [name, value] of Object.entries(pocketBaseGc))
      expect(environ).toContain(`${name}=${process.env[name] ?? value}`);
  });
});

describe('PocketBase killed mid-burst', () => {
  it('leaves every acknowledged start exactly once and no attempt half-written', async () => {
    const ctx = attemptContextFor(admin);
    retries = 0;
    let started = 0;
    const starts = trainees.map((id) =>
      withRetries(() => startAttempt(ctx, id, 'quiz-service-mindset')).then((a) => (started++, a)),
    );
    // Kill as soon as the first start is acknowledged: the others are still on their way (a fixed delay stopped
    // working once starts became fast enough to all finish within it).
    await killDuring(Promise.race(starts));
    const acknowledged = await Promise.all(starts);
    expect(started).toBe(trainees.length);
    expect(retries, 'the kill should have interrupted some requests').toBeGreaterThan(0);
    for (const [i, id] of trainees.entries()) {
      const attempts = await admin
        .collection('attempts')
        .getFullList({ filter: `user = "${id}" && quiz = "quiz-service-mindset"` });
      expect(
        attempts.map((a) => a.id),
        `trainee ${i}`,
      ).toEqual([acknowledged[i]!.attemptId]);
      // The resumed view needs the keys: an attempt without them would be half-written.
      expect((await openAttempt(ctx, id, 'quiz-service-mindset'))?.questions).toHaveLength(10);
    }
  }, 120_000);

  it('keeps every acknowledged submission exactly once, fully graded', async () => {
    const ctx = attemptContextFor(admin);
    // Its own quiz: the attempts this test submits are started here, whatever the other test did or will do.
    const quiz = 'quiz-voice-affinity';
    const answers = new Map<string, Record<string, unknown>>();
    for (const id of trainees) {
      const open = await startAttempt(ctx, id, quiz);
      const keys = await ctx.store.keysFor(open.attemptId);
      answers.set(
        open.attemptId,
        Object.fromEntries(
          keys.questions.map((d) => [d.id, correctResponse(ctx.catalog.questions.get(d.id)!, d.layout)]),
        ),
      );
    }
    retries = 0;
    const submits = [...answers].map(([attemptId, responses], i) =>
      withRetries(() => submitAttempt(ctx, trainees[i]!, attemptId, responses)),
    );
    await killDuring(Promise.race(submits));
    const results = await Promise.all(submits);
    expect(results.every((r) => r.passed && r.percent === 100)).toBe(true);
    expect(retries, 'the kill should have interrupted some requests').toBeGreaterThan(0);
    for (const [i, id] of trainees.entries()) {
      const attempts = await admin.collection('attempts').getFullList({ filter: `user = "${id}" && quiz = "${quiz}"` });
      expect(attempts, `trainee ${i}`).toHaveLength(1);
      expect(attempts[0]).toMatchObject({ status: 'submitted', score: 100, passed: true });
      const keys = await admin.collection('attempt_keys').getFirstListItem(`attempt = "${attempts[0]!.id}"`);
      expect(keys.results).toHaveLength(keys.questions.length);
      expect(keys.results.length).toBeGreaterThan(0);
      // Resubmitting after the crash returns the stored result, not a second grading.
      expect(await submitAttempt(ctx, id, attempts[0]!.id)).toEqual(results[i]);
    }
  }, 120_000);
});
