import { z } from 'zod';
import { pbDateSchema, pbRequiredDateSchema } from '../../platform/pocketbase/dates.ts';
import { parseQuietHours } from './rules.ts';

/** A `notifications` record: one in-app notice (and outbox entry) for one user. */
export const notificationRecordSchema = z.object({
  id: z.string(),
  key: z.string(),
  user: z.string(),
  rule: z.string(),
  item: z.string(),
  offset: z.number(),
  title: z.string(),
  body: z.string(),
  link: z.string(),
  readAt: pbDateSchema,
  created: pbRequiredDateSchema,
});
export type NotificationRecord = z.infer<typeof notificationRecordSchema>;

export const deliveryStatuses = ['pending', 'sending', 'sent', 'failed', 'skipped'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];
export const deliveryStatusLabels: Record<DeliveryStatus, string> = {
  pending: '等待发送',
  sending: '发送中',
  sent: '已发送',
  failed: '发送失败',
  skipped: '未发送',
};

/** A `notification_deliveries` record: one notification on one outside channel. */
export const deliveryRecordSchema = z.object({
  id: z.string(),
  key: z.string(),
  notification: z.string(),
  user: z.string(),
  rule: z.string(),
  channel: z.enum(['email', 'wecom', 'dingtalk']),
  status: z.enum(deliveryStatuses),
  recipient: z.string(),
  attempts: z.number(),
  nextAttemptAt: pbDateSchema,
  sentAt: pbDateSchema,
  lastError: z.string(),
  version: z.number(),
  created: pbRequiredDateSchema,
});
export type DeliveryRecord = z.infer<typeof deliveryRecordSchema>;

/** Action input: mark one notification (or all, without id) read. */
export const markReadInputSchema = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9]{15}$/)
    .optional(),
});

/** Action input: the rules whose e-mails the user wants (checkbox values); every other rule is opted out. */
export const emailPrefsInputSchema = z.object({
  rules: z.union([z.string(), z.array(z.string())]).optional(),
});

const optionalUrl = z.preprocess((v) => (v === '' ? undefined : v), z.url().optional());

/** Configuration from the environment; every outside channel is off until configured (in-app is always on). */
export const notifyEnvSchema = z.object({
  /** `off` stops the scheduler in this process (another process may still run it). */
  NOTIFY_SCHEDULER: z.enum(['on', 'off']).default('on'),
  /** croner pattern with seconds. */
  NOTIFY_CRON: z.string().default('0 */5 * * * *'),
  /** Quiet hours in China time; e-mail and robots wait, the inbox shows at once. */
  NOTIFY_QUIET_HOURS: z
    .string()
    .default('21:00-08:00')
    .transform((s) => parseQuietHours(s)),
  /** How long a process holds the scheduler lease without renewing it (another process takes over after that). */
  NOTIFY_LEASE_SECONDS: z.coerce.number().int().min(5).default(600),
  /** At most this many new notifications and this many deliveries per run. */
  NOTIFY_MAX_PER_RUN: z.coerce.number().int().min(1).default(200),
  /** The app's address as users reach it, for links in e-mails and robot messages. */
  APP_PUBLIC_URL: optionalUrl,
  /** nodemailer connection URL of the SMTP relay, e.g. smtp://user:pass@relay.example.com:587. */
  SMTP_URL: optionalUrl,
  SMTP_FROM: z.string().default('热线学堂 <academy@localhost>'),
  WECOM_WEBHOOK_URL: optionalUrl,
  DINGTALK_WEBHOOK_URL: optionalUrl,
  /** DingTalk robot's 加签 secret (SEC…); when set, each call is signed with timestamp and HmacSHA256. */
  DINGTALK_SECRET: z.string().optional(),
});
export type NotifyEnv = z.infer<typeof notifyEnvSchema>;
