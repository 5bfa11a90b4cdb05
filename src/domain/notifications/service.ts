import type PocketBase from 'pocketbase';
import type { StaffUser } from '../identity/schema.ts';
import { programCatalog } from '../certification/catalog.ts';
import { assignmentsOf, moduleRowsOf } from '../progress/learner-dashboard.ts';
import { certificateStatus } from '../certification/rules.ts';
import { usersByIds } from '../training/cohort-members.ts';
import { allStaffRows, hrWorkbook, withCertificateHolders } from '../reporting/hr-dashboard.ts';
import { hrExportFileName } from '../reporting/hr-export.ts';
import { parseHrFilter } from '../reporting/schema.ts';
import { AppError, NotificationNotFound } from '../../platform/errors/index.ts';
import type { EmailSender } from '../../platform/messaging/email.ts';
import { dingTalkPerMinute, type RobotSender } from '../../platform/messaging/robots.ts';
import {
  dueNotifications,
  maxDeliveryAttempts,
  notificationKey,
  quietUntil,
  retryDelayMs,
  ruleById,
  ruleIds,
  type AssignmentFact,
  type CertificateFact,
  type Channel,
  type NotificationFacts,
  type QuietHours,
  type TrainerDigestFact,
} from './rules.ts';
import * as repo from './repo.ts';
import type { DeliveryRecord, NotificationRecord } from './schema.ts';

const dayMs = 86_400_000;
/** A notification this recent still gets its missing deliveries created (see createDue). */
const recentMs = 3_600_000;

/** What a scheduler run needs besides PocketBase and the clock; channels are null when not configured. */
export interface NotifyConfig {
  quiet: QuietHours | null;
  maxPerRun: number;
  publicUrl: string;
  email: EmailSender | null;
  wecom: RobotSender | null;
  dingtalk: RobotSender | null;
}

export interface RunReport {
  created: number;
  sent: number;
  failed: number;
  deferred: number;
}

/** Users whose assignments may need a notice now: members of assigned cohorts and directly assigned trainees. */
async function gatherFacts(admin: PocketBase, now: Date): Promise<NotificationFacts> {
  const [assignments, cohorts, hrUserIds, certUsers] = await Promise.all([
    repo.allAssignments(admin),
    repo.allCohorts(admin),
    repo.hrUserIds(admin),
    repo.certificateHolderIds(admin, now, 61, new Date(now.getTime() - 31 * dayMs)),
  ]);
  const cohortById = new Map(cohorts.map((c) => [c.id, c]));
  const assignedUsers = new Set<string>();
  for (const a of assignments) {
    if (a.trainee) assignedUsers.add(a.trainee);
    for (const m of cohortById.get(a.cohort)?.members ?? []) assignedUsers.add(m);
  }
  const createdById = new Map(assignments.map((a) => [a.id, a.created]));
  const userIds = [...new Set([...assignedUsers, ...certUsers])];
  const [modules, certificatesByUser] = await Promise.all([
    moduleRowsOfChunked(admin, [...assignedUsers], now),
    repo.certificatesOfUsers(admin, userIds),
  ]);
  const programs = programCatalog().programs;
  const assignmentFacts: AssignmentFact[] = [];
  const certificateFacts: CertificateFact[] = [];
  for (const userId of userIds) {
    const certificates = certificatesByUser.get(userId) ?? [];
    if (assignedUsers.has(userId)) {
      const statuses = certificates.map((c) => ({ program: c.program, status: certificateStatus(c, now) }));
      // The status of each assignment is the one /learn shows (src/domain/progress/learner-dashboard.ts).
      for (const a of await assignmentsOf(admin, userId, modules.get(userId) ?? [], statuses, now)) {
        assignmentFacts.push({
          userId,
          assignmentId: a.id,
          title: a.title,
          href: a.href,
          assignedAt: createdById.get(a.id) ?? a.dueAt,
          dueAt: a.dueAt,
          status: a.status,
        });
      }
    }
    for (const c of certificates) {
      const program = programs.get(c.program);
      if (!program) continue;
      const renewed = certificates.some(
        (o) => o.id !== c.id && o.program === c.program && !o.revokedAt && o.validFrom >= c.expiresAt,
      );
      certificateFacts.push({
        userId,
        certificateId: c.id,
        program,
        validFrom: c.validFrom,
        expiresAt: c.expiresAt,
        revokedAt: c.revokedAt,
        revokedReason: c.revokedReason,
        renewed,
      });
    }
  }
  // Trainers' digests: overdue work of the members of their cohorts.
  const overdue = assignmentFacts.filter((a) => a.status === 'overdue');
  const names = await usersByIds<{ name: string; employeeNo: string }>(
    admin,
    [...new Set(overdue.map((a) => a.userId))],
    'name,employeeNo',
  );
  const digests = new Map<string, TrainerDigestFact>();
  const listed = new Set<string>();
  for (const c of cohorts) {
    if (!c.trainer) continue;
    const digest = digests.get(c.trainer) ?? { trainerId: c.trainer, overdue: [] };
    digests.set(c.trainer, digest);
    for (const a of overdue) {
      const key = `${c.trainer}|${a.userId}|${a.assignmentId}`;
      if (!c.members.includes(a.userId) || listed.has(key)) continue;
      listed.add(key);
      const u = names.get(a.userId);
      digest.overdue.push({
        traineeName: u?.name ?? a.userId,
        employeeNo: u?.employeeNo ?? '',
        title: a.title,
        dueAt: a.dueAt,
      });
    }
  }
  return {
    assignments: assignmentFacts,
    certificates: certificateFacts,
    trainerDigests: [...digests.values()],
    hrUserIds,
  };
}

async function moduleRowsOfChunked(admin: PocketBase, userIds: string[], now: Date) {
  const out = new Map<string, Awaited<ReturnType<typeof moduleRowsOf>> extends Map<string, infer V> ? V : never>();
  for (let i = 0; i < userIds.length; i += 100)
    for (const [k, v] of await moduleRowsOf(admin, userIds.slice(i, i + 100), now)) out.set(k, v);
  return out;
}

function channelSender(config: NotifyConfig, channel: Channel) {
  return channel === 'email' ? config.email : channel === 'wecom' ? config.wecom : config.dingtalk;
}

/**
 * Create the notifications due at `now` (each once: the unique key refuses a second create, in this run or in
 * another process) with their deliveries on the configured channels, at most `maxPerRun` new ones (the newest
 * first; the rest come next run). E-mails and robot messages created in quiet hours wait until they end.
 */
export async function createDue(admin: PocketBase, now: Date, config: NotifyConfig): Promise<number> {
  const candidates = dueNotifications(await gatherFacts(admin, now), now).sort(
    (a, b) => b.moment.getTime() - a.moment.getTime(),
  );
  const sendAt = quietUntil(now, config.quiet) ?? now;
  let created = 0;
  const emails = new Map<string, string>();
  for (const c of candidates) {
    if (created >= config.maxPerRun) break;
    const key = notificationKey(c);
    let n = await repo.createNotificationOnce(admin, {
      key,
      user: c.userId,
      rule: c.rule,
      item: c.item,
      offset: c.offset,
      title: c.title,
      body: c.body,
      link: c.link,
    });
    if (n) created++;
    else {
      // It exists. If it is recent, make sure its deliveries exist too: a run that stopped between creating the
      // notification and its deliveries must not lose the e-mail (the deliveries' unique key keeps this harmless).
      n = await repo.notificationByKey(admin, key);
      if (!n || now.getTime() - n.created.getTime() > recentMs) continue;
    }
    for (const channel of ruleById(c.rule)?.channels ?? []) {
      if (!channelSender(config, channel)) continue;
      let recipient = channel === 'email' ? '' : channel === 'wecom' ? '企业微信群' : '钉钉群';
      if (channel === 'email') {
        if (!emails.has(c.userId))
          emails.set(
            c.userId,
            (await usersByIds<{ email: string }>(admin, [c.userId], 'email')).get(c.userId)?.email ?? '',
          );
        recipient = emails.get(c.userId)!;
      }
      await repo.createDeliveryOnce(admin, {
        notification: n.id,
        user: c.userId,
        rule: c.rule,
        channel,
        status: 'pending',
        recipient,
        nextAttemptAt: sendAt,
      });
    }
  }
  return created;
}

function absolute(config: NotifyConfig, link: string) {
  return link ? `${config.publicUrl.replace(/\/$/, '')}${link}` : '';
}

async function sendOne(admin: PocketBase, d: DeliveryRecord, n: NotificationRecord, config: NotifyConfig, now: Date) {
  const link = absolute(config, n.link);
  if (d.channel === 'email') {
    const attachments =
      n.rule === 'hr-monthly'
        ? [
            {
              filename: hrExportFileName('xlsx', now).utf8,
              content: await hrWorkbook(
                await withCertificateHolders(admin, await allStaffRows(admin, parseHrFilter(new URLSearchParams()))),
                now,
              ),
              contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            },
          ]
        : undefined;
    await config.email!.send({
      to: d.recipient,
      subject: `【热线学堂】${n.title}`,
      text:
        `您好：\n\n${n.body}\n\n${link ? `查看详情：${link}\n\n` : ''}` +
        `如不想再收到此类邮件，可在「消息设置」中关闭：${absolute(config, '/inbox/settings')}\n\n热线学堂`,
      attachments,
    });
    return;
  }
  const robot = channelSender(config, d.channel) as RobotSender;
  await robot.send(`【热线学堂】${n.title}\n${n.body}${link ? `\n${link}` : ''}`);
}

/**
 * Send what is due: each delivery is first claimed with a compare-and-set (status `sending`, claim valid 10
 * minutes), so two senders never both send it; then marked sent, or retried with backoff, or failed after
 * `maxDeliveryAttempts`. Nothing goes out in quiet hours; opted-out e-mails are skipped; DingTalk is held to
 * 20 messages a minute, counted in the database.
 */
export async function deliverDue(admin: PocketBase, now: Date, config: NotifyConfig, clock: () => Date = () => now) {
  const report = { sent: 0, failed: 0, deferred: 0 };
  if (quietUntil(now, config.quiet)) return report;
  const due = await repo.dueDeliveries(admin, now, config.maxPerRun);
  for (const d of due) {
    const claimed = await repo.updateDelivery(admin, d, {
      status: 'sending',
      nextAttemptAt: new Date(clock().getTime() + 600_000),
    });
    if (!claimed) continue;
    const finish = (change: Parameters<typeof repo.updateDelivery>[2]) => repo.updateDelivery(admin, claimed, change);
    const sender = channelSender(config, d.channel);
    if (!sender) {
      await finish({ status: 'skipped', lastError: 'channel not configured' });
      continue;
    }
    if (d.channel === 'email' && (!d.recipient || (await repo.emailOptOuts(admin, d.user)).includes(d.rule))) {
      await finish({ status: 'skipped', lastError: d.recipient ? 'opted out' : 'no e-mail address' });
      continue;
    }
    if (d.channel === 'dingtalk') {
      const recent = await repo.sentSince(admin, 'dingtalk', new Date(clock().getTime() - 60_000));
      if (recent.length >= dingTalkPerMinute) {
        await finish({ status: 'pending', nextAttemptAt: new Date(recent[0]!.getTime() + 60_000) });
        report.deferred++;
        continue;
      }
    }
    const n = await repo.notificationById(admin, d.notification);
    if (!n) {
      await finish({ status: 'skipped', lastError: 'notification deleted' });
      continue;
    }
    const attempts = d.attempts + 1;
    try {
      await sendOne(admin, d, n, config, clock());
      await finish({ status: 'sent', attempts, sentAt: clock(), lastError: '' });
      report.sent++;
    } catch (error) {
      const message = (error as Error).message.slice(0, 900);
      console.warn(`[notify] ${d.channel} delivery ${d.id} attempt ${attempts} failed: ${message}`);
      const last = attempts >= maxDeliveryAttempts;
      await finish({
        status: last ? 'failed' : 'pending',
        attempts,
        lastError: message,
        nextAttemptAt: new Date(clock().getTime() + retryDelayMs(attempts)),
      });
      if (last) report.failed++;
    }
  }
  return report;
}

/** One scheduler run: create what is due, then send what is waiting. */
export async function runNotifications(admin: PocketBase, now: Date, config: NotifyConfig): Promise<RunReport> {
  const created = await createDue(admin, now, config);
  const delivered = await deliverDue(admin, now, config);
  return { created, ...delivered };
}

// ---- Use cases for pages and actions ----

export async function inbox(admin: PocketBase, viewer: StaffUser, page: number) {
  return repo.inboxOf(admin, viewer.id, page, 20);
}

export function unreadCount(admin: PocketBase, viewer: StaffUser) {
  return repo.unreadCountOf(admin, viewer.id);
}

/** Mark one of the viewer's notifications read (404 for someone else's), or all of them without an id. */
export async function markNotificationsRead(admin: PocketBase, viewer: StaffUser, id: string | undefined, now: Date) {
  if (id) {
    const n = await repo.notificationById(admin, id);
    if (!n || n.user !== viewer.id) throw new AppError(NotificationNotFound, { log: [viewer.id, id] });
  }
  return repo.markRead(admin, viewer.id, id, now);
}

/** The rules that can e-mail the viewer, each with whether it is on. */
export async function emailSettings(admin: PocketBase, viewer: StaffUser) {
  const off = new Set(await repo.emailOptOuts(admin, viewer.id));
  return ruleIds
    .map((id) => ruleById(id)!)
    .filter((r) => r.channels.includes('email') && r.audience.includes(viewer.role))
    .map((r) => ({ id: r.id, label: r.label, on: !off.has(r.id) }));
}

/** Save the viewer's e-mail choices: every rule not in `on` is opted out (unknown ids are ignored). */
export async function saveEmailSettings(admin: PocketBase, viewer: StaffUser, on: readonly string[]) {
  const shown = (await emailSettings(admin, viewer)).map((r) => r.id);
  await repo.saveEmailOptOuts(
    admin,
    viewer.id,
    shown.filter((id) => !on.includes(id)),
  );
}

/**
 * What was sent to whom: HR sees everyone, a trainer the trainees of their cohorts and themselves
 * (visibleIds from src/domain/training/service.ts; null = everyone).
 */
export async function sentLog(admin: PocketBase, visibleIds: readonly string[] | null, page: number) {
  const [deliveries, notes] = await Promise.all([
    repo.deliveryLog(admin, visibleIds, page, 50),
    repo.notificationLog(admin, visibleIds, page, 50),
  ]);
  const people = await usersByIds<{ name: string; employeeNo: string }>(
    admin,
    [...deliveries.items.map((d) => d.user), ...notes.items.map((n) => n.user)],
    'name,employeeNo',
  );
  const who = (id: string) => {
    const u = people.get(id);
    return u ? `${u.name}（${u.employeeNo}）` : id;
  };
  return {
    deliveries: deliveries.items.map((d) => ({ ...d, who: who(d.user) })),
    deliveriesTotal: deliveries.total,
    notifications: notes.items.map((n) => ({ ...n, who: who(n.user) })),
    notificationsTotal: notes.total,
  };
}
