import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { promisify } from 'node:util';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type PocketBase from 'pocketbase';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createDue,
  deliverDue,
  markNotificationsRead,
  runNotifications,
  saveEmailSettings,
  type NotifyConfig,
} from '../../src/domain/notifications/service.ts';
import { maxDeliveryAttempts, parseQuietHours } from '../../src/domain/notifications/rules.ts';
import { dingTalkRobot, weComRobot } from '../../src/platform/messaging/robots.ts';
import { smtpSender } from '../../src/platform/messaging/email.ts';
import { acquireLease, readLease } from '../../src/platform/scheduler/lease.ts';
import { leasedJob } from '../../src/platform/scheduler/scheduler.ts';
import type { StaffUser } from '../../src/domain/identity/schema.ts';
import { asAdmin, makeUser, pbUrl } from './pocketbase-fixtures.ts';

/** Mail the test SMTP server accepted: envelope recipients, decoded subject and text. */
interface Mail {
  to: string[];
  subject: string;
  text: string;
  attachments: string[];
}
/** WeCom messages (a WeCom robot is not signed; its key is in the URL). */
const weComMessages: string[] = [];
const mails: Mail[] = [];
/** Addresses the SMTP server refuses (a relay that is down for them). */
const refused = new Set<string>();
let smtp: SMTPServer;
let smtpPort: number;

/** DingTalk messages whose signature checked out, and requests that were refused. */
const robotMessages: string[] = [];
let robotRefusals = 0;
let robot: Server;
let robotUrl: string;
const secret = 'SECtest-secret-for-signing';

const day = 86_400_000;
let admin: PocketBase;

function config(over: Partial<NotifyConfig> = {}): NotifyConfig {
  return {
    quiet: null,
    maxPerRun: 1000,
    publicUrl: 'https://academy.example.com',
    email: smtpSender(`smtp://127.0.0.1:${smtpPort}`, '热线学堂 <academy@example.com>'),
    wecom: null,
    dingtalk: null,
    ...over,
  };
}

const mailsTo = (email: string) => mails.filter((m) => m.to.includes(email));

async function assign(traineeId: string, dueInMs: number, ref = 'service-mindset') {
  const trainer = await makeUser('trainer');
  return admin.collection('assignments').create({
    kind: 'module',
    ref,
    trainee: traineeId,
    cohort: '',
    dueAt: new Date(Date.now() + dueInMs).toISOString(),
    assignedBy: trainer.id,
  });
}

async function notificationsOf(userId: string) {
  return admin.collection('notifications').getFullList({ filter: admin.filter('user = {:u}', { u: userId }) });
}
async function deliveriesOf(userId: string) {
  return admin
    .collection('notification_deliveries')
    .getFullList({ filter: admin.filter('user = {:u}', { u: userId }) });
}

beforeAll(async () => {
  admin = await asAdmin();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onRcptTo(address, _session, callback) {
      if (refused.has(address.address)) return callback(new Error('mailbox unavailable'));
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          mails.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            attachments: parsed.attachments.map((a) => a.filename ?? ''),
          });
          callback();
        })
        .catch(callback);
    },
  });
  smtp.listen(0, '127.0.0.1');
  await once(smtp.server, 'listening');
  smtpPort = (smtp.server.address() as AddressInfo).port;

  // A DingTalk robot stand-in: checks timestamp and HmacSHA256 signature as DingTalk documents them.
  robot = createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    if (url.pathname === '/cgi-bin/webhook/send') {
      let text = '';
      req.on('data', (c) => (text += c));
      req.on('end', () => {
        weComMessages.push((JSON.parse(text) as { text: { content: string } }).text.content);
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ errcode: 0, errmsg: 'ok' }));
      });
      return;
    }
    const timestamp = Number(url.searchParams.get('timestamp'));
    const sign = url.searchParams.get('sign') ?? '';
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      const fresh = Math.abs(Date.now() - timestamp) < 3_600_000;
      // As DingTalk documents it: base64(HmacSHA256(key = secret, data = timestamp + "\n" + secret)), URL-encoded.
      const expected = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
      if (!fresh || sign !== expected) {
        robotRefusals++;
        return res.end(JSON.stringify({ errcode: 310000, errmsg: 'sign not match' }));
      }
      robotMessages.push((JSON.parse(body) as { text: { content: string } }).text.content);
      res.end(JSON.stringify({ errcode: 0, errmsg: 'ok' }));
    });
  });
  robot.listen(0, '127.0.0.1');
  await once(robot, 'listening');
  robotUrl = `http://127.0.0.1:${(robot.address() as AddressInfo).port}/robot/send?access_token=test`;
});

afterAll(async () => {
  await new Promise<void>((r) => smtp.close(() => r()));
  robot.close();
});

describe('notifications against the real PocketBase', () => {
  it('two concurrent scheduler runs deliver each notification once; a later run sends nothing again', async () => {
    const trainee = await makeUser('trainee');
    await assign(trainee.id, 20 * 3_600_000);
    const [a, b] = [await asAdmin(), await asAdmin()];
    const now = new Date();
    await Promise.all([runNotifications(a, now, config()), runNotifications(b, now, config())]);
    const notes = await notificationsOf(trainee.id);
    expect(notes.map((n) => n.rule).sort()).toEqual(['assignment-due', 'assignment-given']);
    const mine = mailsTo(trainee.email);
    expect(mine).toHaveLength(2);
    // Chinese subject and body, decoded from the MIME message the relay received.
    const due = mine.find((m) => m.subject.includes('到期'))!;
    expect(due.subject).toBe('【热线学堂】学习任务将于 1 天后到期：单元：服务心态');
    expect(due.text).toContain('您的学习任务「单元：服务心态」将于');
    expect(due.text).toContain('https://academy.example.com/modules/service-mindset');
    const deliveries = await deliveriesOf(trainee.id);
    expect(deliveries.map((d) => [d.channel, d.status, d.attempts])).toEqual([
      ['email', 'sent', 1],
      ['email', 'sent', 1],
    ]);
    await Promise.all([runNotifications(a, new Date(), config()), runNotifications(b, new Date(), config())]);
    expect(mailsTo(trainee.email)).toHaveLength(2);
    expect(await notificationsOf(trainee.id)).toHaveLength(2);
  });

  it('a lease lets one process run at a time; another takes over once it has expired', async () => {
    const name = `test-lease-${Date.now()}`;
    const runs: string[] = [];
    const job = (holder: string, clock: () => Date) =>
      leasedJob(
        {
          name,
          pattern: '* * * * *',
          ttlMs: 60_000,
          holder,
          clock,
          admin: asAdmin,
          run: async () => void runs.push(holder),
        },
        false,
      );
    let now = Date.now();
    const clock = () => new Date(now);
    const [p1, p2] = [job('process-1', clock), job('process-2', clock)];
    const first = await Promise.all([p1.tick(), p2.tick()]);
    expect(first.filter(Boolean)).toHaveLength(1);
    const holder = first[0] ? 'process-1' : 'process-2';
    const [winner, loser] = holder === 'process-1' ? [p1, p2] : [p2, p1];
    now += 30_000;
    expect(await loser.tick()).toBe(false);
    expect(await winner.tick()).toBe(true); // renews
    now += 61_000; // the holder stopped renewing: the lease has expired
    expect(await loser.tick()).toBe(true);
    expect(await winner.tick()).toBe(false);
    expect((await readLease(admin, name))?.holder).toBe(loser.holder);
    expect(runs).toEqual([holder, holder, loser.holder]);
    // Many processes at once, lease free: exactly one gets it.
    const free = `test-lease-race-${Date.now()}`;
    const got = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => acquireLease(await asAdmin(), free, `p${i}`, 60_000, Date.now())),
    );
    expect(got.filter(Boolean)).toHaveLength(1);
  });

  it('respects an e-mail opt-out per rule', async () => {
    const trainee = await makeUser('trainee');
    const viewer = { id: trainee.id, role: 'trainee' } as StaffUser;
    await saveEmailSettings(admin, viewer, ['assignment-given']); // due reminders off
    await assign(trainee.id, 20 * 3_600_000);
    await runNotifications(admin, new Date(), config());
    expect(mailsTo(trainee.email).map((m) => m.subject)).toEqual(['【热线学堂】新的学习任务：单元：服务心态']);
    const skipped = (await deliveriesOf(trainee.id)).find((d) => d.rule === 'assignment-due')!;
    expect(skipped.status).toBe('skipped');
    expect(skipped.lastError).toBe('opted out');
    // The inbox still has both.
    expect(await notificationsOf(trainee.id)).toHaveLength(2);
  });

  it('quiet hours hold e-mail until they end; the inbox has it at once', async () => {
    const trainee = await makeUser('trainee');
    await assign(trainee.id, 3 * day);
    // 23:00 China time today.
    const china = new Date(Date.now() + 8 * 3_600_000);
    const night = new Date(
      Date.UTC(china.getUTCFullYear(), china.getUTCMonth(), china.getUTCDate(), 23) - 8 * 3_600_000,
    );
    const quiet = config({ quiet: parseQuietHours('21:00-08:00') });
    await runNotifications(admin, night, quiet);
    expect(await notificationsOf(trainee.id)).toHaveLength(1);
    expect(mailsTo(trainee.email)).toHaveLength(0);
    const [waiting] = await deliveriesOf(trainee.id);
    expect(waiting!.status).toBe('pending');
    expect(new Date(waiting!.nextAttemptAt.replace(' ', 'T')).getTime()).toBe(night.getTime() + 9 * 3_600_000);
    await deliverDue(admin, new Date(night.getTime() + 8 * 3_600_000), quiet); // 07:00: still quiet
    expect(mailsTo(trainee.email)).toHaveLength(0);
    await deliverDue(admin, new Date(night.getTime() + 9 * 3_600_000), quiet); // 08:00
    expect(mailsTo(trainee.email)).toHaveLength(1);
  });

  it('retries a refused e-mail with backoff and gives up after the last attempt', async () => {
    const trainee = await makeUser('trainee');
    refused.add(trainee.email);
    await assign(trainee.id, 3 * day);
    let now = new Date();
    await createDue(admin, now, config());
    for (let attempt = 1; attempt <= maxDeliveryAttempts; attempt++) {
      await deliverDue(admin, now, config());
      const [d] = await deliveriesOf(trainee.id);
      expect(d!.attempts).toBe(attempt);
      expect(d!.status).toBe(attempt < maxDeliveryAttempts ? 'pending' : 'failed');
      expect(d!.lastError).toMatch(/mailbox unavailable/);
      // Not retried before its backoff has passed.
      const next = new Date(d!.nextAttemptAt.replace(' ', 'T'));
      expect(next.getTime() - now.getTime()).toBe(60_000 * 2 ** (attempt - 1));
      await deliverDue(admin, new Date(next.getTime() - 1000), config());
      expect((await deliveriesOf(trainee.id))[0]!.attempts).toBe(attempt);
      now = next;
    }
    expect(mailsTo(trainee.email)).toHaveLength(0);
  });

  it("signs DingTalk robot messages (the receiver verifies them) and sends trainers' digests there", async () => {
    const trainer = await makeUser('trainer');
    const trainee = await makeUser('trainee', { name: '逾期学员' });
    const cohort = await admin
      .collection('cohorts')
      .create({ name: '通知测试班', trainer: trainer.id, members: [trainee.id], department: '测试部' });
    await admin.collection('assignments').create({
      kind: 'module',
      ref: 'service-etiquette',
      cohort: cohort.id,
      trainee: '',
      dueAt: new Date(Date.now() - 2 * day).toISOString(),
      assignedBy: trainer.id,
    });
    await runNotifications(admin, new Date(), config({ email: null, dingtalk: dingTalkRobot(robotUrl, secret) }));
    const digest = (await notificationsOf(trainer.id)).find((n) => n.rule === 'trainer-digest')!;
    expect(digest.body).toContain('逾期学员');
    expect(robotMessages.some((m) => m.includes('逾期学员') && m.startsWith('【热线学堂】班组逾期日报'))).toBe(true);
    expect(robotRefusals).toBe(0);
    const delivery = (await deliveriesOf(trainer.id)).find((d) => d.channel === 'dingtalk')!;
    expect(delivery.status).toBe('sent');

    // A wrong secret: the receiver refuses, the delivery waits for a retry with the error recorded.
    const other = await makeUser('trainer');
    const c2 = await admin
      .collection('cohorts')
      .create({ name: '通知测试班2', trainer: other.id, members: [trainee.id], department: '测试部' });
    expect(c2.id).toBeTruthy();
    await runNotifications(admin, new Date(), config({ email: null, dingtalk: dingTalkRobot(robotUrl, 'SECwrong') }));
    const bad = (await deliveriesOf(other.id)).find((d) => d.channel === 'dingtalk')!;
    expect(bad.status).toBe('pending');
    expect(bad.attempts).toBe(1);
    expect(bad.lastError).toMatch(/310000/);
    expect(robotRefusals).toBeGreaterThan(0);
  });

  it('holds DingTalk to 20 messages a minute, counted in the database', async () => {
    const trainer = await makeUser('trainer');
    const note = await admin.collection('notifications').create({
      key: `rate-${Date.now()}`,
      user: trainer.id,
      rule: 'trainer-digest',
      item: 'digest:test',
      offset: 0,
      title: '限流测试',
      body: '限流测试',
      link: '/trainer',
    });
    const now = new Date();
    const already = (await deliverDue(admin, now, config({ email: null }))).sent; // nothing robot-bound pending
    expect(already).toBe(0);
    const sentBefore = robotMessages.length;
    // 25 deliveries due at once (the digest of 25 groups, say).
    for (let i = 0; i < 25; i++)
      await admin.collection('notification_deliveries').create({
        key: `${note.id}|dingtalk|${i}`,
        notification: note.id,
        user: trainer.id,
        rule: 'trainer-digest',
        channel: 'dingtalk',
        status: 'pending',
        recipient: '钉钉群',
        attempts: 0,
        version: 1,
        nextAttemptAt: new Date(now.getTime() - 1000).toISOString().replace('T', ' '),
      });
    const report = await deliverDue(admin, now, config({ email: null, dingtalk: dingTalkRobot(robotUrl, secret) }));
    const sentNow = robotMessages.length - sentBefore;
    const recent = await admin.collection('notification_deliveries').getFullList({
      filter: admin.filter('channel = "dingtalk" && sentAt >= {:s}', {
        s: new Date(now.getTime() - 60_000).toISOString().replace('T', ' '),
      }),
    });
    expect(recent.length).toBeLessThanOrEqual(20);
    expect(sentNow).toBeLessThanOrEqual(20);
    expect(report.deferred).toBeGreaterThanOrEqual(5);
  });

  it('sends HR the monthly summary with the .xlsx attached, and to the WeCom group', async () => {
    const hr = await makeUser('hr');
    const port = (robot.address() as AddressInfo).port;
    // The 2nd of next month, 11:00 China time: the month's summary is due.
    const china = new Date(Date.now() + 8 * 3_600_000);
    const now = new Date(Date.UTC(china.getUTCFullYear(), china.getUTCMonth() + 1, 2, 3));
    await runNotifications(
      admin,
      now,
      config({ wecom: weComRobot(`http://127.0.0.1:${port}/cgi-bin/webhook/send?key=test`) }),
    );
    const [mail] = mailsTo(hr.email);
    expect(mail!.subject).toMatch(/^【热线学堂】认证月报（\d{4}年\d{1,2}月）$/);
    expect(mail!.attachments).toHaveLength(1);
    expect(mail!.attachments[0]).toMatch(/^认证台账-\d{8}\.xlsx$/);
    expect(weComMessages.some((m) => m.startsWith('【热线学堂】认证月报'))).toBe(true);
  });

  it('two OS processes asking for the same lease at the same moments: one wins each round', async () => {
    const run = promisify(execFile);
    const prefix = `os-lease-${Date.now()}`;
    const startAt = Date.now() + 3000;
    const args = (holder: string) => [
      'tests/support/lease-worker.ts',
      pbUrl(),
      inject('adminEmail'),
      inject('adminPassword'),
      holder,
      prefix,
      '10',
      String(startAt),
    ];
    const outputs = await Promise.all([run(process.execPath, args('os-1')), run(process.execPath, args('os-2'))]);
    const won = outputs.map((o) => (JSON.parse(o.stdout.trim()) as { won: number[] }).won);
    for (let r = 0; r < 10; r++) expect(won.filter((w) => w.includes(r))).toHaveLength(1);
  });

  it('a run that stopped after creating a notification but before its e-mail: the next run sends it', async () => {
    const trainee = await makeUser('trainee');
    const a = await assign(trainee.id, 3 * day);
    // What the stopped run left: the notification, no delivery.
    await admin.collection('notifications').create({
      key: `${trainee.id}|assignment:${a.id}|assignment-given|0`,
      user: trainee.id,
      rule: 'assignment-given',
      item: `assignment:${a.id}`,
      offset: 0,
      title: '新的学习任务：单元：服务心态',
      body: '…',
      link: '/modules/service-mindset',
    });
    await runNotifications(admin, new Date(), config());
    expect(mailsTo(trainee.email).map((m) => m.subject)).toEqual(['【热线学堂】新的学习任务：单元：服务心态']);
    expect(await notificationsOf(trainee.id)).toHaveLength(1);
  });

  it("nobody marks another user's notification read (answered like an unknown id)", async () => {
    const [owner, other] = [await makeUser('trainee'), await makeUser('trainee')];
    const n = await admin.collection('notifications').create({
      key: `forged-${Date.now()}`,
      user: owner.id,
      rule: 'assignment-given',
      item: 'assignment:x',
      offset: 0,
      title: '提醒',
      body: '',
      link: '',
    });
    const viewer = { id: other.id, role: 'trainee' } as StaffUser;
    await expect(markNotificationsRead(admin, viewer, n.id, new Date())).rejects.toMatchObject({
      name: 'NotificationNotFound',
    });
    await expect(markNotificationsRead(admin, viewer, undefined, new Date())).resolves.toBe(0);
    expect((await admin.collection('notifications').getOne(n.id)).readAt).toBe('');
  });
});
