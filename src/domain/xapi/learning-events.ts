import type PocketBase from 'pocketbase';
import { appCourseNames } from './course-names.ts';
import {
  reconcileOutbox,
  recordLearningEvent,
  startStatementSender,
  xapiSettingsFrom,
  type XapiSettings,
} from './service.ts';
import type { LearningEvent } from './schema.ts';

// The app's side of xAPI: the one place the progress, assessment and certification services call when a learning
// event is written, and the sender loop each app process runs. Off unless XAPI_ENDPOINT is set.

let settings: XapiSettings | undefined;
const appSettings = () => (settings ??= xapiSettingsFrom(process.env));

/** Record the statement of a learning event that was just written (nothing when xAPI is off; never throws). */
export async function learningEventWritten(
  admin: PocketBase,
  event: LearningEvent,
  options: { holderEmployeeNo?: string } = {},
): Promise<void> {
  let current: XapiSettings;
  try {
    current = appSettings();
  } catch (error) {
    console.error(`[xapi] ${(error as Error).message}`);
    return;
  }
  await recordLearningEvent(admin, event, current, appCourseNames, options);
}

let started = false;

/**
 * Start this process's statement sender once, if an LRS is configured (src/background-jobs.ts). Returns where it
 * sends for the start-up log, or null when it does not run (no XAPI_ENDPOINT, or wrong settings: logged).
 */
export function startAppStatementSender(admin: () => Promise<PocketBase>): string | null {
  if (started) return null;
  started = true;
  let current: XapiSettings;
  try {
    current = appSettings();
  } catch (error) {
    console.error(`[xapi] not sending: ${(error as Error).message}`);
    return null;
  }
  if (!current.lrs) return null;
  startStatementSender(admin, current.lrs, current.sendIntervalMs);
  const target = `to ${current.lrs.endpoint}`;
  const statements = current.statements;
  if (!statements) return target;
  // Catch up events of the last day whose statement was never recorded (a process died between the two writes).
  const reconcile = async () => {
    const now = new Date();
    try {
      const added = await reconcileOutbox(
        await admin(),
        new Date(now.getTime() - reconcileWindowMs),
        now,
        statements,
        appCourseNames,
      );
      if (added) console.warn(`[xapi] recorded ${added} statement(s) missing from the outbox`);
    } catch (error) {
      console.warn(`[xapi] reconciling the outbox failed: ${(error as Error).message}`);
    }
  };
  setTimeout(() => void reconcile(), 30_000).unref();
  setInterval(() => void reconcile(), reconcileEveryMs).unref();
  return target;
}

/** How far back, and how often, each process checks that every event's statement is in the outbox. */
const reconcileWindowMs = 24 * 3600_000;
const reconcileEveryMs = 15 * 60_000;
