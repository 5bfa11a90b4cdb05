import type PocketBase from 'pocketbase';
import { appCourseNames } from './course-names.ts';
import { recordLearningEvent, startStatementSender, xapiSettingsFrom, type XapiSettings } from './service.ts';
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

/** Start this process's statement sender once, if an LRS is configured. */
export function startAppStatementSender(admin: () => Promise<PocketBase>): void {
  if (started) return;
  started = true;
  const current = appSettings();
  if (!current.lrs) return;
  console.log(`[xapi] sending statements to ${current.lrs.endpoint}`);
  startStatementSender(admin, current.lrs, current.sendIntervalMs);
}
