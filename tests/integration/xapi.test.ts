import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import validateXapi from '@learninglocker/xapi-validation';
import type PocketBase from 'pocketbase';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { attemptContextFor } from '../../src/domain/assessment/attempt-context.ts';
import { startAttempt, submitAttempt } from '../../src/domain/assessment/service.ts';
import { issueEligibleCertificates, revokeCertificate } from '../../src/domain/certification/service.ts';
import { programCatalog } from '../../src/domain/certification/catalog.ts';
import { newVerificationCode } from '../../src/domain/certification/verification-code.ts';
import { lessonsOf } from '../../src/domain/progress/lesson-index.ts';
import { learningEventWritten } from '../../src/domain/xapi/learning-events.ts';
import { statementIdOf, uuidV5 } from '../../src/domain/xapi/rules.ts';
import type { LrsSettings, Statement } from '../../src/domain/xapi/schema.ts';
import { reconcileOutbox, sendDueStatements } from '../../src/domain/xapi/service.ts';
import { appCourseNames } from '../../src/domain/xapi/course-names.ts';
import { studyLessonHonestly, TestClock } from '../support/honest-study.ts';
import { asAdmin, makeUser } from './pocketbase-fixtures.ts';

const validate = ((validateXapi as unknown as { default?: typeof validateXapi }).default ?? validateXapi) as (
  s: unknown,
) => { path: string[]; name: string }[];

/**
 * A local LRS: answers PUT <base>/statements?statementId=… like an xAPI 1.0.3 LRS (204; the same id again with the
 * same statement: 204; with another: 409), and refuses what a real one refuses: wrong credentials (401), no or a
 * wrong X-Experience-API-Version (400), an id in the query that is not the statement's, an invalid statement.
 */
class TestLrs {
  server!: Server;
  endpoint = '';
  readonly username = 'academy-key';
  readonly password = 'academy-secret-部门';
  stored = new Map<string, Statement>();
  puts = new Map<string, number>();
  refusals: string[] = [];
  /** Per request, before storing: answer this status instead (e.g. 503), or 'hang' after storing. */
  plan: (number | 'hang')[] = [];
  private hanging: ServerResponse[] = [];

  async start() {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.endpoint = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/xapi`;
  }

  get lrs(): LrsSettings {
    return { endpoint: this.endpoint, username: this.username, password: this.password };
  }

  private refuse(res: ServerResponse, status: number, why: string) {
    this.refusals.push(why);
    res.writeHead(status, { 'Content-Type': 'text/plain' }).end(why);
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url!, 'http://lrs');
    const expectedAuth = `Basic ${Buffer.from(`${this.username}:${this.password}`).toString('base64')}`;
    if (req.method !== 'PUT' || url.pathname !== '/xapi/statements')
      return this.refuse(res, 405, `${req.method} ${url.pathname}`);
    if (req.headers.authorization !== expectedAuth) return this.refuse(res, 401, 'bad credentials');
    if (req.headers['x-experience-api-version'] !== '1.0.3') return this.refuse(res, 400, 'version header');
    let statement: Statement;
    try {
      statement = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Statement;
    } catch {
      return this.refuse(res, 400, 'body is not JSON');
    }
    const id = url.searchParams.get('statementId');
    if (!id || id !== statement.id) return this.refuse(res, 400, `statementId ${id} ≠ ${statement.id}`);
    const problems = validate(statement);
    if (problems.length) return this.refuse(res, 400, `invalid: ${JSON.stringify(problems.map((p) => p.path))}`);
    this.puts.set(id, (this.puts.get(id) ?? 0) + 1);
    const planned = this.plan.shift();
    if (typeof planned === 'number') return res.writeHead(planned).end('planned');
    const existing = this.stored.get(id);
    if (existing && JSON.stringify(existing) !== JSON.stringify(statement)) return res.writeHead(409).end();
    this.stored.set(id, statement);
    if (planned === 'hang') {
      this.hanging.push(res);
      return;
    }
    res.writeHead(204).end();
  }

  async stop() {
    for (const res of this.hanging) res.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

const lrs = new TestLrs();
// A day no other test file writes records on, so the export below holds this file's events only.
const clock = new TestClock(Date.parse('2024-02-29T01:00:00Z'));
let admin: PocketBase;

beforeAll(async () => {
  await lrs.start();
  // Read lazily by the app's recorder (src/domain/xapi/learning-events.ts) at the first event.
  process.env.XAPI_ENDPOINT = lrs.endpoint;
  process.env.XAPI_USERNAME = lrs.username;
  process.env.XAPI_PASSWORD = lrs.password;
  process.env.XAPI_ACTIVITY_BASE = 'https://academy.example.com/xapi';
  process.env.XAPI_HOMEPAGE = 'https://hr.example.com';
  admin = await asAdmin();
});
afterAll(() => lrs.stop());

const rowsOf = (statementId: string) =>
  admin.collection('xapi_statements').getFullList({ filter: admin.filter('statementId = {:s}', { s: statementId }) });

/** Send until nothing is due (a real clock unless `at` is given). */
async function drain(at?: Date) {
  const total = { sent: 0, failed: 0, rejected: 0, skipped: 0 };
  for (let i = 0; i < 20; i++) {
    const r = await sendDueStatements(admin, lrs.lrs, { owner: 'test', ...(at ? { now: () => at } : {}) });
    for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += r[k];
    if (r.sent + r.failed + r.rejected + r.skipped === 0) break;
  }
  return total;
}

let callRuns = 0;
/** A simulated call's run (the call simulator records runs on another branch): recorded through the same hook. */
async function callCompleted(userId: string) {
  const runId = `run${callRuns++}${randomBytes(6).toString('hex')}`;
  await learningEventWritten(admin, {
    kind: 'call-completed',
    runId,
    userId,
    callId: 'cheaper-broadband-49',
    callTitle: '别家宽带才 49 元',
    module: 'complaint-handling',
    startedAt: clock.now(),
    completedAt: new Date(clock.now().getTime() + 240_000),
    endingKind: 'resolved',
    passed: true,
    points: { courtesy: 2, empathy: 1, compliance: 0, accuracy: 1, efficiency: -1 },
  });
  return statementIdOf('call-completed', runId);
}

describe('xAPI outbox', () => {
  let trainee: Awaited<ReturnType<typeof makeUser>>;
  const ids = { lesson: '', started: '', graded: '', revoked: '', call: '', issued: '' };

  it('records each learning event once, where the services write it, as a valid statement', async () => {
    trainee = await makeUser('trainee');
    const hr = await makeUser('hr');
    // A lesson studied to completion (progress service).
    const lesson = lessonsOf('stress-management')[0]!;
    await studyLessonHonestly(admin, trainee.id, lesson, clock);
    ids.lesson = statementIdOf('lesson-completed', `${trainee.id}/${lesson.id}`);
    // A module quiz started and submitted blank: attempted, then failed with its score (assessment service).
    const ctx = attemptContextFor(admin, clock.now);
    const attempt = await startAttempt(ctx, trainee.id, 'quiz-stress-management');
    clock.advance(300);
    const result = await submitAttempt(ctx, trainee.id, attempt.attemptId, {});
    expect(result.passed).toBe(false);
    ids.started = statementIdOf('attempt-started', attempt.attemptId);
    ids.graded = statementIdOf('attempt-graded', attempt.attemptId);
    // A certificate revoked by HR (certification service).
    const cert = await admin.collection('certificates').create({
      user: trainee.id,
      program: 'complaint-specialist',
      code: newVerificationCode(),
      issuedAt: clock.now().toISOString(),
      validFrom: clock.now().toISOString(),
      expiresAt: new Date(clock.now().getTime() + 365 * 86_400_000).toISOString(),
      evidence: { note: 'xapi' },
      holderName: '测试',
      holderEmployeeNo: 'H-AS-ISSUED',
      follows: 'first',
    });
    clock.advance(60);
    await revokeCertificate(admin, hr.id, cert.id, '资料有误', clock.now());
    ids.revoked = statementIdOf('certificate-revoked', cert.id);
    ids.call = await callCompleted(trainee.id);

    for (const [what, id] of Object.entries(ids).filter(([what]) => what !== 'issued')) {
      const rows = await rowsOf(id);
      expect(rows, what).toHaveLength(1);
      expect(rows[0]!.status).toBe('pending');
      expect(validate(rows[0]!.statement), what).toEqual([]);
      expect(JSON.stringify(rows[0]!.statement)).not.toContain(trainee.email);
    }
    const graded = (await rowsOf(ids.graded))[0]!.statement as Statement;
    expect(graded.verb.id).toBe('http://adlnet.gov/expapi/verbs/failed');
    expect(graded.result?.score).toEqual({ scaled: 0, raw: 0, min: 0, max: 100 });
    expect(graded.context?.registration).toBe(uuidV5(`attempt:${attempt.attemptId}`));
    const revoked = (await rowsOf(ids.revoked))[0]!.statement as Statement;
    // The certificate's 工号 as issued, not the account's current one.
    expect(revoked.actor.account?.name).toBe('H-AS-ISSUED');
    expect(revoked.object).toEqual({ objectType: 'StatementRef', id: statementIdOf('certificate-issued', cert.id) });

    // The same events written again (a retried request, another process) add nothing.
    await revokeCertificate(admin, hr.id, cert.id, '资料有误', clock.now());
    await submitAttempt(ctx, trainee.id, attempt.attemptId, {});
    await learningEventWritten(admin, {
      kind: 'lesson-completed',
      userId: trainee.id,
      lesson: lesson.id,
      module: lesson.module,
      completedAt: clock.now(),
    });
    for (const id of Object.values(ids).filter(Boolean)) expect(await rowsOf(id)).toHaveLength(1);
  });

  it('records a certificate issued by the certification service, naming the 工号 printed on it', async () => {
    const learner = await makeUser('trainee');
    const at = clock.now().toISOString();
    for (const lesson of lessonsOf('stress-management'))
      await admin.collection('lesson_progress').create({
        user: learner.id,
        lesson: lesson.id,
        module: lesson.module,
        startedAt: at,
        completedAt: at,
        seconds: lesson.minSeconds,
        position: 1,
        reachedEnd: true,
      });
    const passed = { user: learner.id, status: 'submitted', startedAt: at, submittedAt: at, score: 100, passed: true };
    const questionIds = ['x'];
    await admin
      .collection('attempts')
      .create({ ...passed, quiz: 'quiz-stress-management', kind: 'module', attemptNo: 1, questionIds });
    await admin
      .collection('attempts')
      .create({ ...passed, quiz: 'exam-complaint-specialist', kind: 'exam', attemptNo: 1, questionIds });
    const program = {
      ...programCatalog().programs.get('complaint-specialist')!,
      requiredModules: ['stress-management' as const],
      practical: undefined,
      requiredCalls: [],
    };
    const [certificate] = await issueEligibleCertificates(admin, learner.id, clock.now(), [program]);
    expect(certificate).toBeDefined();
    ids.issued = statementIdOf('certificate-issued', certificate!.id);
    const rows = await rowsOf(ids.issued);
    expect(rows).toHaveLength(1);
    const statement = rows[0]!.statement as Statement;
    expect(validate(statement)).toEqual([]);
    expect(statement.verb.id).toBe('http://adlnet.gov/expapi/verbs/mastered');
    expect(statement.actor.account?.name).toBe(certificate!.holderEmployeeNo);
    expect(statement.object).toMatchObject({
      id: 'https://academy.example.com/xapi/programs/complaint-specialist',
      definition: { name: { 'zh-CN': program.title } },
    });
  });

  it('sends to the LRS with basic auth, the version header and the statement id; a duplicate send is harmless', async () => {
    const report = await drain();
    expect(report.sent).toBeGreaterThanOrEqual(Object.keys(ids).length);
    expect(lrs.refusals).toEqual([]);
    for (const id of Object.values(ids)) {
      expect(lrs.stored.get(id)?.id).toBe(id);
      const row = (await rowsOf(id))[0]!;
      expect(row.status).toBe('sent');
      expect(row.sentAt).not.toBe('');
    }
    // Sent again (as after a crash between the LRS's answer and marking the row): the LRS keeps one statement.
    const row = (await rowsOf(ids.graded))[0]!;
    await admin.collection('xapi_statements').update(row.id, { status: 'pending', nextTryAt: '2000-01-01 00:00:00Z' });
    const before = lrs.stored.size;
    expect((await drain()).sent).toBe(1);
    expect(lrs.puts.get(ids.graded)).toBe(2);
    expect(lrs.stored.size).toBe(before);
    expect((await rowsOf(ids.graded))[0]!.status).toBe('sent');
  });

  it('retries with exponential backoff and stops only on a refusal of the statement itself', async () => {
    const id = await callCompleted(trainee.id);
    lrs.plan = [503];
    expect(await drain()).toMatchObject({ sent: 0, failed: 1 });
    let row = (await rowsOf(id))[0]!;
    expect(row).toMatchObject({ status: 'pending', tries: 1 });
    expect(row.lastError).toContain('503');
    const firstDelay = Date.parse(row.nextTryAt.replace(' ', 'T')) - Date.now();
    expect(firstDelay).toBeGreaterThan(2000);
    expect(firstDelay).toBeLessThan(7000);
    // Not due before its time; after it, a second failure waits about twice as long.
    expect((await drain()).failed).toBe(0);
    lrs.plan = [500];
    const later = new Date(Date.now() + 10_000);
    expect((await drain(later)).failed).toBe(1);
    row = (await rowsOf(id))[0]!;
    const secondDelay = Date.parse(row.nextTryAt.replace(' ', 'T')) - later.getTime();
    expect(secondDelay).toBeGreaterThan(7000);
    expect(row.tries).toBe(2);
    expect((await drain(new Date(Date.now() + 3600_000))).sent).toBe(1);
    expect(lrs.stored.has(id)).toBe(true);
    // Wrong credentials: kept for later (configuration can be fixed); a 400 for the statement: rejected for good.
    const refused = await callCompleted(trainee.id);
    lrs.plan = [400];
    expect((await drain()).rejected).toBe(1);
    expect((await rowsOf(refused))[0]!.status).toBe('rejected');
    const unauthorised = await callCompleted(trainee.id);
    const wrong = { ...lrs.lrs, password: 'wrong' };
    const r = await sendDueStatements(admin, wrong, { owner: 'test' });
    expect(r.failed).toBe(1);
    expect((await rowsOf(unauthorised))[0]!).toMatchObject({ status: 'pending', tries: 1 });
    lrs.refusals = [];
    expect((await drain(new Date(Date.now() + 3600_000))).sent).toBe(1);
  });

  it('two senders at once send each statement once', async () => {
    const fresh = await Promise.all(Array.from({ length: 12 }, () => callCompleted(trainee.id)));
    const reports = await Promise.all(
      ['a', 'b', 'c'].map((owner) => sendDueStatements(admin, lrs.lrs, { owner, limit: 100 })),
    );
    expect(reports.reduce((n, r) => n + r.sent, 0)).toBe(12);
    for (const id of fresh) expect(lrs.puts.get(id)).toBe(1);
  });

  it('a sender process killed in the middle of a send loses nothing', async () => {
    const fresh = await Promise.all(Array.from({ length: 5 }, () => callCompleted(trainee.id)));
    lrs.plan = ['hang'];
    const child = spawn(process.execPath, ['tests/support/xapi-sender-child.ts'], {
      env: {
        ...process.env,
        PB_URL: inject('pbUrl'),
        PB_ADMIN_EMAIL: inject('adminEmail'),
        PB_ADMIN_PASSWORD: inject('adminPassword'),
        XAPI_ENDPOINT: lrs.endpoint,
        LEASE_MS: '3000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    // The LRS has stored the first statement and the sender waits for its answer: kill it now.
    await expect.poll(() => fresh.some((id) => lrs.puts.has(id)), { timeout: 15_000 }).toBe(true);
    child.kill('SIGKILL');
    await exited;
    const inFlight = fresh.find((id) => lrs.puts.has(id))!;
    expect((await rowsOf(inFlight))[0]!).toMatchObject({ status: 'pending', claimedBy: 'child' });
    // Another process sends the rest now, and the one in flight once the dead sender's claim has run out.
    await drain();
    expect((await rowsOf(inFlight))[0]!.status).toBe('pending');
    await drain(new Date(Date.now() + 5000));
    for (const id of fresh) {
      expect((await rowsOf(id))[0]!.status).toBe('sent');
      expect(lrs.stored.has(id)).toBe(true);
    }
    expect(lrs.puts.get(inFlight)).toBe(2);
  });

  it('npm run xapi:export writes the same statements, rebuilt from the records, as JSON lines', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'xapi-export-')), 'statements.jsonl');
    const child = spawn(
      process.execPath,
      ['src/cli/xapi-export.ts', '--from', '2024-02-29T00:00:00Z', '--to', '2024-03-01T00:00:00Z', '--out', out],
      {
        env: {
          ...process.env,
          PB_URL: inject('pbUrl'),
          PB_ADMIN_EMAIL: inject('adminEmail'),
          PB_ADMIN_PASSWORD: inject('adminPassword'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/xapi:export: \d+ statements/);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    const exported = new Map(lines.map((l) => JSON.parse(l) as Statement).map((s) => [s.id, s]));
    for (const s of exported.values()) expect(validate(s)).toEqual([]);
    // Every event of this file's trainee that has a record (call runs have none yet) comes out identical.
    for (const what of ['lesson', 'started', 'graded', 'revoked', 'issued'] as const) {
      const recorded = (await rowsOf(ids[what]))[0]!.statement;
      expect(exported.get(ids[what]), what).toEqual(recorded);
    }
  });
  it('catches up an event whose statement was never recorded (a process died between the two writes)', async () => {
    const lost = (await rowsOf(ids.graded))[0]!;
    await admin.collection('xapi_statements').delete(lost.id);
    const day = [new Date('2024-02-29T00:00:00Z'), new Date('2024-03-01T00:00:00Z')] as const;
    const settings = {
      activityBase: 'https://academy.example.com/xapi',
      homePage: 'https://hr.example.com',
      actor: 'account' as const,
    };
    expect(await reconcileOutbox(admin, ...day, settings, appCourseNames)).toBeGreaterThanOrEqual(1);
    const again = await rowsOf(ids.graded);
    expect(again).toHaveLength(1);
    expect(again[0]!.statement).toEqual(lost.statement);
    expect(await reconcileOutbox(admin, ...day, settings, appCourseNames)).toBe(0);
    // Sent again: the LRS already holds it, unchanged.
    await drain();
    expect(lrs.stored.get(ids.graded)).toEqual(lost.statement);
    expect((await rowsOf(ids.graded))[0]!.status).toBe('sent');
  });
});
