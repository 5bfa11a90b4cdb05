import type PocketBase from 'pocketbase';
import { smtpSender } from '../../platform/messaging/email.ts';
import { dingTalkRobot, weComRobot } from '../../platform/messaging/robots.ts';
import { leasedJob, type LeasedJob } from '../../platform/scheduler/scheduler.ts';
import { describeIssues } from '../../platform/errors/validation-message.ts';
import { notifyEnvSchema } from './schema.ts';
import { runNotifications, type NotifyConfig } from './service.ts';

/** The lease name of the notifications job in `scheduler_leases`. */
export const notificationsLease = 'notifications';

/** Channels and limits from the environment (README, Configuration); outside channels stay off unless set. */
export function notifyConfigFromEnv(env: Record<string, string | undefined> = process.env) {
  const parsed = notifyEnvSchema.safeParse(env);
  if (!parsed.success)
    throw new Error(`Invalid notification settings:\n  ${describeIssues('env', parsed.error).join('\n  ')}`);
  const e = parsed.data;
  const config: NotifyConfig = {
    quiet: e.NOTIFY_QUIET_HOURS,
    maxPerRun: e.NOTIFY_MAX_PER_RUN,
    publicUrl: e.APP_PUBLIC_URL ?? '',
    email: e.SMTP_URL ? smtpSender(e.SMTP_URL, e.SMTP_FROM) : null,
    wecom: e.WECOM_WEBHOOK_URL ? weComRobot(e.WECOM_WEBHOOK_URL) : null,
    dingtalk: e.DINGTALK_WEBHOOK_URL ? dingTalkRobot(e.DINGTALK_WEBHOOK_URL, e.DINGTALK_SECRET) : null,
  };
  return {
    config,
    pattern: e.NOTIFY_CRON,
    leaseMs: e.NOTIFY_LEASE_SECONDS * 1000,
  };
}

let job: LeasedJob | 'off' | null = null;

/**
 * Start the notifications scheduler in this app process (once). Every process starts it (src/background-jobs.ts,
 * where NOTIFY_SCHEDULER=off keeps a process out); the lease lets one of them run at a time, and another takes over
 * within the lease time if that one stops. Returns its schedule for the start-up log, or null when the settings
 * are wrong (reminders stay off in this process and the log says why).
 */
export function startNotificationScheduler(admin: () => Promise<PocketBase>): string | null {
  if (job) return null;
  let settings: ReturnType<typeof notifyConfigFromEnv>;
  try {
    settings = notifyConfigFromEnv();
  } catch (error) {
    // A wrong setting must not take the site down: reminders stay off and the log says why.
    console.error(`[notify] scheduler not started: ${(error as Error).message}`);
    job = 'off';
    return null;
  }
  const { config, pattern, leaseMs } = settings;
  const started = leasedJob({
    name: notificationsLease,
    pattern,
    ttlMs: leaseMs,
    admin,
    run: async (pb, now) => {
      const report = await runNotifications(pb, now, config);
      if (report.created || report.sent || report.failed)
        console.log(
          `[notify] run: ${report.created} created, ${report.sent} sent, ${report.failed} failed, ` +
            `${report.deferred} deferred`,
        );
    },
  });
  job = started;
  const stop = () => void started.stop();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return `cron ${pattern}, lease ${leaseMs / 1000} s`;
}
