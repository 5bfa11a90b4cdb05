import { pbDateText, pbRequiredDateSchema } from '../../platform/pocketbase/dates.ts';
import type PocketBase from 'pocketbase';
import { ClientResponseError } from 'pocketbase';
import { z } from 'zod';
import { firstOrNull, getOneOrNull } from '../../platform/pocketbase/records.ts';
import { updateIfVersion } from '../../platform/pocketbase/versioned.ts';
import { memberIdsSchema } from '../training/cohort-members.ts';
import {
  deliveryRecordSchema,
  notificationRecordSchema,
  type DeliveryRecord,
  type DeliveryStatus,
  type NotificationRecord,
} from './schema.ts';
import type { Channel } from './rules.ts';
import { certificateRecordSchema, type CertificateRecord } from '../certification/schema.ts';

// The notifications area's collections: `notifications` (inbox and outbox), `notification_deliveries`,
// `notification_prefs`; plus the reads of assignments, cohorts and users the scheduler needs to find who is concerned.
const opts = { requestKey: null };

/** Create a notification unless one with the same key exists (unique index). Returns it, or null when it existed. */
export async function createNotificationOnce(
  admin: PocketBase,
  data: Omit<NotificationRecord, 'id' | 'readAt' | 'created'>,
): Promise<NotificationRecord | null> {
  try {
    return notificationRecordSchema.parse(await admin.collection('notifications').create(data, opts));
  } catch (error) {
    // 400 here is the unique key: another run (or process) created it first.
    if (error instanceof ClientResponseError && error.status === 400) return null;
    throw error;
  }
}

/** The notification with `key`, or null. */
export function notificationByKey(admin: PocketBase, key: string): Promise<NotificationRecord | null> {
  return firstOrNull(
    admin.collection('notifications'),
    admin.filter('key = {:k}', { k: key }),
    opts,
    notificationRecordSchema,
  );
}

export interface NewDelivery {
  notification: string;
  user: string;
  rule: string;
  channel: Channel;
  status: DeliveryStatus;
  recipient: string;
  nextAttemptAt: Date;
  lastError?: string;
}

/** Create the delivery of a notification on a channel (once: unique key notification|channel). */
export async function createDeliveryOnce(admin: PocketBase, d: NewDelivery): Promise<void> {
  try {
    await admin.collection('notification_deliveries').create(
      {
        ...d,
        key: `${d.notification}|${d.channel}`,
        attempts: 0,
        version: 1,
        nextAttemptAt: pbDateText(d.nextAttemptAt),
        lastError: d.lastError ?? '',
      },
      opts,
    );
  } catch (error) {
    if (!(error instanceof ClientResponseError && error.status === 400)) throw error;
  }
}

/**
 * Deliveries ready to go at `now`: pending and due, or left `sending` by a process that died (its claim expired).
 */
export async function dueDeliveries(admin: PocketBase, now: Date, limit: number): Promise<DeliveryRecord[]> {
  const list = await admin.collection('notification_deliveries').getList(1, limit, {
    filter: admin.filter('(status = "pending" || status = "sending") && nextAttemptAt <= {:now}', {
      now: pbDateText(now),
    }),
    sort: 'nextAttemptAt',
    ...opts,
  });
  return list.items.map((r) => deliveryRecordSchema.parse(r));
}

/**
 * Change a delivery only if nobody else did since it was read (compare-and-set on `version`); null when another
 * process was first. Claiming (status `sending`) this way makes a second sender skip it.
 */
export async function updateDelivery(
  admin: PocketBase,
  d: Pick<DeliveryRecord, 'id' | 'version'>,
  change: Partial<{
    status: DeliveryStatus;
    attempts: number;
    nextAttemptAt: Date;
    sentAt: Date;
    lastError: string;
  }>,
): Promise<DeliveryRecord | null> {
  const data: Record<string, unknown> = { ...change };
  for (const k of ['nextAttemptAt', 'sentAt'] as const) if (change[k]) data[k] = pbDateText(change[k]);
  const written = await updateIfVersion(admin, 'notification_deliveries', d.id, d.version, data);
  return written ? deliveryRecordSchema.parse(written) : null;
}

/** How many messages went out on `channel` since `since` (the DingTalk per-minute limit counts in the database). */
export async function sentSince(admin: PocketBase, channel: Channel, since: Date): Promise<Date[]> {
  const list = await admin.collection('notification_deliveries').getFullList({
    filter: admin.filter('channel = {:c} && sentAt >= {:since}', { c: channel, since: pbDateText(since) }),
    fields: 'sentAt',
    sort: 'sentAt',
    ...opts,
  });
  return list.map((r) => pbRequiredDateSchema.parse(r.sentAt));
}

export function notificationById(admin: PocketBase, id: string): Promise<NotificationRecord | null> {
  return getOneOrNull(admin.collection('notifications'), id, opts, notificationRecordSchema);
}

/** A user's notifications, newest first. */
export async function inboxOf(admin: PocketBase, userId: string, page: number, perPage: number) {
  const list = await admin.collection('notifications').getList(page, perPage, {
    filter: admin.filter('user = {:u}', { u: userId }),
    sort: '-created,-id',
    ...opts,
  });
  return { items: list.items.map((r) => notificationRecordSchema.parse(r)), total: list.totalItems };
}

/**
 * Unread notifications of a user, counted up to `unreadCountCap` (the bell shows 「99+」 beyond 99): a capped list
 * without PocketBase's total count, which would cost a second query on every page a signed-in user opens.
 */
export async function unreadCountOf(admin: PocketBase, userId: string): Promise<number> {
  const list = await admin.collection('notifications').getList(1, unreadCountCap, {
    filter: admin.filter('user = {:u} && readAt = ""', { u: userId }),
    fields: 'id',
    skipTotal: true,
    ...opts,
  });
  return list.items.length;
}
export const unreadCountCap = 100;

/** Mark read: one notification of `userId`, or all of them. Only the owner's rows are touched. */
export async function markRead(admin: PocketBase, userId: string, id: string | undefined, now: Date): Promise<number> {
  const filter = id
    ? admin.filter('user = {:u} && id = {:id} && readAt = ""', { u: userId, id })
    : admin.filter('user = {:u} && readAt = ""', { u: userId });
  const rows = await admin.collection('notifications').getFullList({ filter, fields: 'id', ...opts });
  await Promise.all(rows.map((r) => admin.collection('notifications').update(r.id, { readAt: pbDateText(now) }, opts)));
  return rows.length;
}

/** Deliveries for the sent-notifications page, newest first, with their notification's title. */
export async function deliveryLog(admin: PocketBase, userIds: readonly string[] | null, page: number, perPage: number) {
  const filter = userIds ? userIds.map((u) => admin.filter('user = {:u}', { u })).join(' || ') || 'id = ""' : '';
  const list = await admin
    .collection('notification_deliveries')
    .getList(page, perPage, { filter, sort: '-created,-id', ...opts });
  const items = list.items.map((r) => deliveryRecordSchema.parse(r));
  const ids = [...new Set(items.map((d) => d.notification))];
  const notes = ids.length
    ? await admin.collection('notifications').getFullList({
        filter: ids.map((id) => admin.filter('id = {:id}', { id })).join(' || '),
        fields: 'id,title,created',
        ...opts,
      })
    : [];
  const titles = new Map(notes.map((n) => [n.id, String(n.title)]));
  return { items: items.map((d) => ({ ...d, title: titles.get(d.notification) ?? '' })), total: list.totalItems };
}

/** In-app notifications for the sent-notifications page (every notification is in the inbox). */
export async function notificationLog(
  admin: PocketBase,
  userIds: readonly string[] | null,
  page: number,
  perPage: number,
) {
  const filter = userIds ? userIds.map((u) => admin.filter('user = {:u}', { u })).join(' || ') || 'id = ""' : '';
  const list = await admin
    .collection('notifications')
    .getList(page, perPage, { filter, sort: '-created,-id', ...opts });
  return { items: list.items.map((r) => notificationRecordSchema.parse(r)), total: list.totalItems };
}

const prefsSchema = z.object({ id: z.string(), emailOff: z.unknown() });

/** Rule ids whose e-mails `userId` turned off. */
export async function emailOptOuts(admin: PocketBase, userId: string): Promise<string[]> {
  const r = await firstOrNull(
    admin.collection('notification_prefs'),
    admin.filter('key = {:k}', { k: userId }),
    opts,
    prefsSchema,
  );
  return memberIdsSchema.parse(r?.emailOff ?? []);
}

/** Save the rule ids whose e-mails `userId` turned off (the user's own setting: the last save wins). */
export async function saveEmailOptOuts(admin: PocketBase, userId: string, ruleIds: readonly string[]): Promise<void> {
  const existing = await firstOrNull(
    admin.collection('notification_prefs'),
    admin.filter('key = {:k}', { k: userId }),
    opts,
  );
  if (existing) {
    await admin.collection('notification_prefs').update(existing.id, { emailOff: ruleIds }, opts);
    return;
  }
  try {
    await admin.collection('notification_prefs').create({ key: userId, user: userId, emailOff: ruleIds }, opts);
  } catch (error) {
    if (!(error instanceof ClientResponseError && error.status === 400)) throw error;
    // Created by a concurrent save: write over it.
    await saveEmailOptOuts(admin, userId, ruleIds);
  }
}

// ---- Reads of other areas' records that the scheduler needs ----

export interface AssignmentRef {
  id: string;
  cohort: string;
  trainee: string;
  created: Date;
  dueAt: Date;
}

/** Every assignment (id, cohort or trainee, when assigned, due). */
export async function allAssignments(admin: PocketBase): Promise<AssignmentRef[]> {
  const list = await admin
    .collection('assignments')
    .getFullList({ fields: 'id,cohort,trainee,created,dueAt', batch: 1000, ...opts });
  return list.map((a) => ({
    id: a.id,
    cohort: String(a.cohort ?? ''),
    trainee: String(a.trainee ?? ''),
    created: pbRequiredDateSchema.parse(a.created),
    dueAt: pbRequiredDateSchema.parse(a.dueAt),
  }));
}

/** Every cohort with its trainer and members. */
export async function allCohorts(admin: PocketBase): Promise<{ id: string; trainer: string; members: string[] }[]> {
  const list = await admin.collection('cohorts').getFullList({ fields: 'id,trainer,members', batch: 1000, ...opts });
  return list.map((c) => ({ id: c.id, trainer: String(c.trainer ?? ''), members: memberIdsSchema.parse(c.members) }));
}

/** Ids of users certificates concern now: expiring within `days`, or revoked since `revokedSince`. */
export async function certificateHolderIds(admin: PocketBase, now: Date, days: number, revokedSince: Date) {
  const list = await admin.collection('certificates').getFullList({
    filter: admin.filter('(revokedAt = "" && expiresAt > {:now} && expiresAt <= {:until}) || revokedAt >= {:since}', {
      now: pbDateText(now),
      until: pbDateText(new Date(now.getTime() + days * 86_400_000)),
      since: pbDateText(revokedSince),
    }),
    fields: 'user',
    batch: 1000,
    ...opts,
  });
  return [...new Set(list.map((c) => String(c.user)))];
}

/** The certificates of some users (100 users per request), by user id. */
export async function certificatesOfUsers(
  admin: PocketBase,
  userIds: readonly string[],
): Promise<Map<string, CertificateRecord[]>> {
  const out = new Map<string, CertificateRecord[]>(userIds.map((id) => [id, []]));
  for (let i = 0; i < userIds.length; i += 100) {
    const list = await admin.collection('certificates').getFullList({
      filter: userIds
        .slice(i, i + 100)
        .map((u) => admin.filter('user = {:u}', { u }))
        .join(' || '),
      sort: '-validFrom',
      ...opts,
    });
    for (const r of list) {
      const c = certificateRecordSchema.parse(r);
      out.get(c.user)?.push(c);
    }
  }
  return out;
}

/** Ids of every HR user. */
export async function hrUserIds(admin: PocketBase): Promise<string[]> {
  const list = await admin.collection('users').getFullList({ filter: 'role = "hr"', fields: 'id', ...opts });
  return list.map((u) => u.id);
}
