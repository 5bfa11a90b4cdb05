// Every piece of background work an app process runs, in one list. src/middleware.ts starts it once per process, on
// the first request that is not prerendered (src/platform/process/background-work.ts); every process runs the list,
// and each job is safe to run in several processes at once (claims and leases live in PocketBase).
import { startFollowUpSweeper } from './domain/progress/follow-ups.ts';
import { startNotificationScheduler } from './domain/notifications/scheduler.ts';
import { startAppStatementSender } from './domain/xapi/learning-events.ts';
import { appAdmin } from './platform/pocketbase/app-admin.ts';
import type { BackgroundJob } from './platform/process/background-work.ts';

export const backgroundJobs: readonly BackgroundJob[] = [
  {
    // Graded attempts' follow-ups (module progress, certificates) left behind by a process that died or failed.
    name: 'follow-up sweeper',
    start: () => startFollowUpSweeper(appAdmin),
  },
  {
    // Reminders and notifications on NOTIFY_CRON; the lease lets one process at a time run it.
    name: 'notification scheduler',
    offSwitch: 'NOTIFY_SCHEDULER',
    start: () => startNotificationScheduler(appAdmin),
  },
  {
    // The xAPI outbox to the LRS, and the catch-up of missing statements; off unless XAPI_ENDPOINT is set.
    name: 'xAPI statement sender',
    start: () => startAppStatementSender(appAdmin),
  },
];
