import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type PocketBase from 'pocketbase';
import { buildStatement, eventKey, isPermanentRefusal, nextTryAfter } from './rules.ts';
import {
  addToOutbox,
  attemptsBetween,
  certificatesBetween,
  claimStatement,
  dueStatements,
  learnersByIds,
  lessonsCompletedBetween,
  settleStatement,
  statementIdsBetween,
} from './repo.ts';
import {
  xapiEnvSchema,
  type CourseNames,
  type LearningEvent,
  type LearningEventKind,
  type Learner,
  type LrsSettings,
  type OutboxRow,
  type Statement,
  type StatementSettings,
} from './schema.ts';

/** The xAPI settings: statements are recorded and sent only when an LRS endpoint is configured. */
export interface XapiSettings {
  statements: StatementSettings | null;
  lrs: LrsSettings | null;
  /** How often each app process's sender looks for statements due. */
  sendIntervalMs: number;
}

/** Read the xAPI settings from the environment (README 「配置」); throws a message naming the variable. */
export function xapiSettingsFrom(env: Record<string, string | undefined>): XapiSettings {
  const parsed = xapiEnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`xAPI configuration: ${issue.path.join('.') || 'XAPI_*'}: ${issue.message}`);
  }
  const e = parsed.data;
  const statements =
    e.XAPI_ACTIVITY_BASE && e.XAPI_HOMEPAGE
      ? { activityBase: e.XAPI_ACTIVITY_BASE, homePage: e.XAPI_HOMEPAGE, actor: e.XAPI_ACTOR }
      : null;
  const lrs = e.XAPI_ENDPOINT
    ? { endpoint: e.XAPI_ENDPOINT, username: e.XAPI_USERNAME, password: e.XAPI_PASSWORD }
    : null;
  return { statements, lrs, sendIntervalMs: e.XAPI_SEND_INTERVAL_MS };
}

/**
 * Record in the outbox every statement of the events in [from, to) that is missing there, rebuilt from the records:
 * an event whose statement was not recorded (the process died between the two writes, PocketBase refused the
 * outbox row) is caught up. Returns how many were added.
 */
export async function reconcileOutbox(
  admin: PocketBase,
  from: Date,
  to: Date,
  settings: StatementSettings,
  names: CourseNames,
): Promise<number> {
  const { statements } = await exportStatements(admin, from, to, settings, names);
  const present = await statementIdsBetween(admin, from, to);
  let added = 0;
  for (const { statement, kind, userId, source } of statements) {
    if (present.has(statement.id)) continue;
    if (await addToOutbox(admin, { statement, kind, userId, source })) added++;
  }
  return added;
}

/** Where the event came from, kept with its outbox row. */
function sourceOf(event: LearningEvent): string {
  switch (event.kind) {
    case 'lesson-completed':
      return `lesson_progress/${event.userId}/${event.lesson}`;
    case 'attempt-started':
    case 'attempt-graded':
      return `attempts/${event.attemptId}`;
    case 'call-completed':
      return `call_runs/${event.runId}`;
    case 'certificate-issued':
    case 'certificate-revoked':
      return `certificates/${event.certificateId}`;
  }
}

/**
 * Build the statement of `event` and record it in the outbox (pending). Recording the same event again changes
 * nothing (its statement id is derived from the event; unique index). Returns the statement and whether it was new.
 */
export async function recordStatement(
  admin: PocketBase,
  event: LearningEvent,
  learner: Learner,
  settings: StatementSettings,
  names: CourseNames,
): Promise<{ statement: Statement; added: boolean }> {
  const statement = buildStatement(event, learner, settings, names);
  const added = await addToOutbox(admin, {
    statement,
    kind: event.kind,
    source: sourceOf(event),
    userId: event.userId,
  });
  return { statement, added };
}

/** The learner of an event: the certificate's 工号 as issued for certificate events, else the account's. */
async function learnerOf(admin: PocketBase, event: LearningEvent, holderEmployeeNo?: string): Promise<Learner> {
  const found = (await learnersByIds(admin, [event.userId])).get(event.userId);
  if (!found) throw new Error(`xAPI: no user ${event.userId}`);
  return holderEmployeeNo ? { ...found, employeeNo: holderEmployeeNo } : found;
}

/**
 * Record a learning event's statement where the event is written, if xAPI is configured. Never throws: a failure
 * is logged (the event itself stands; `npm run xapi:export` can rebuild the statement from the records).
 */
export async function recordLearningEvent(
  admin: PocketBase,
  event: LearningEvent,
  settings: XapiSettings,
  names: CourseNames,
  options: { holderEmployeeNo?: string } = {},
): Promise<void> {
  if (!settings.lrs || !settings.statements) return;
  try {
    const learner = await learnerOf(admin, event, options.holderEmployeeNo);
    await recordStatement(admin, event, learner, settings.statements, names);
  } catch (error) {
    console.error(`[xapi] could not record ${event.kind} ${eventKey(event)}: ${(error as Error).message}`);
  }
}

/** What one sender round did. */
export interface SendReport {
  sent: number;
  failed: number;
  rejected: number;
  /** Rows another process claimed first. */
  skipped: number;
}

export interface SenderOptions {
  /** Who claims (host, process and a random tag); shown in the row while it is being sent. */
  owner?: string;
  now?: () => Date;
  fetch?: typeof fetch;
  /** Rows per round. */
  limit?: number;
  /** How long a claim holds; a process that dies mid-send loses its claim after this. */
  leaseMs?: number;
  /** Timeout of one PUT. */
  timeoutMs?: number;
}

export const defaultOwner = () => `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

/** PUT one statement to the LRS: its id in the query, basic auth, the X-Experience-API-Version header. */
async function putStatement(
  lrs: LrsSettings,
  statement: Statement,
  doFetch: typeof fetch,
  timeoutMs: number,
): Promise<Response> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'X-Experience-API-Version': '1.0.3',
  };
  if (lrs.username !== undefined)
    headers.Authorization = `Basic ${Buffer.from(`${lrs.username}:${lrs.password ?? ''}`).toString('base64')}`;
  const url = `${lrs.endpoint}/statements?statementId=${encodeURIComponent(statement.id)}`;
  return doFetch(url, {
    method: 'PUT',
    headers,
    body: JSON.stringify(statement),
    signal: AbortSignal.timeout(timeoutMs),
  });
}

/**
 * One sender round: claim the statements due (compare-and-set, so processes running this at once never send the
 * same row together), PUT each to the LRS and settle it — sent (204; also 409: the LRS holds that id already),
 * refused for good (another 4xx), or pending again after an exponential backoff (network error, 5xx, 401/403,
 * 408, 429). A PUT with the statement's own id is idempotent at the LRS, so a resend after a crash is harmless.
 */
export async function sendDueStatements(
  admin: PocketBase,
  lrs: LrsSettings,
  options: SenderOptions = {},
): Promise<SendReport> {
  const now = options.now ?? (() => new Date());
  const owner = options.owner ?? defaultOwner();
  const doFetch = options.fetch ?? fetch;
  const report: SendReport = { sent: 0, failed: 0, rejected: 0, skipped: 0 };
  const due = await dueStatements(admin, now(), options.limit ?? 50);
  for (const row of due) {
    const claimed = await claimStatement(admin, row, owner, new Date(now().getTime() + (options.leaseMs ?? 60_000)));
    if (!claimed) {
      report.skipped++;
      continue;
    }
    await sendOne(admin, lrs, claimed, doFetch, now, options.timeoutMs ?? 15_000, report);
  }
  return report;
}

async function sendOne(
  admin: PocketBase,
  lrs: LrsSettings,
  row: OutboxRow,
  doFetch: typeof fetch,
  now: () => Date,
  timeoutMs: number,
  report: SendReport,
): Promise<void> {
  let status = 0;
  let detail: string;
  try {
    const response = await putStatement(lrs, row.statement, doFetch, timeoutMs);
    status = response.status;
    detail = response.ok ? '' : (await response.text().catch(() => '')).slice(0, 300);
  } catch (error) {
    detail = (error as Error).message;
  }
  if ((status >= 200 && status < 300) || status === 409) {
    await settleStatement(admin, row, {
      status: 'sent',
      at: now(),
      note: status === 409 ? `LRS answered 409: it holds statement ${row.statementId} already` : undefined,
    });
    report.sent++;
  } else if (isPermanentRefusal(status)) {
    console.error(`[xapi] LRS refused statement ${row.statementId} (${row.kind}): ${status} ${detail}`);
    await settleStatement(admin, row, { status: 'rejected', error: `${status} ${detail}` });
    report.rejected++;
  } else {
    const error = status ? `${status} ${detail}` : `network: ${detail}`;
    const nextTryAt = nextTryAfter(row.tries + 1, now());
    console.warn(`[xapi] sending ${row.statementId} failed (${error}); next try ${nextTryAt.toISOString()}`);
    await settleStatement(admin, row, { status: 'pending', error, nextTryAt });
    report.failed++;
  }
}

/**
 * Run sender rounds every `intervalMs` in this process (one round at a time; rounds go on while there is more due).
 * Every app process may run one: claims keep them from sending the same row. Returns a stop function.
 */
export function startStatementSender(
  admin: () => Promise<PocketBase>,
  lrs: LrsSettings,
  intervalMs: number,
  options: SenderOptions = {},
): () => void {
  const owner = options.owner ?? defaultOwner();
  let running = false;
  let stopped = false;
  const round = async () => {
    if (running || stopped) return;
    running = true;
    try {
      for (let i = 0; i < 20 && !stopped; i++) {
        const report = await sendDueStatements(await admin(), lrs, { ...options, owner });
        if (report.sent + report.failed + report.rejected + report.skipped === 0 || report.failed > 0) break;
      }
    } catch (error) {
      console.warn(`[xapi] sender round failed: ${(error as Error).message}`);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void round(), intervalMs);
  timer.unref();
  void round();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}

/** A statement rebuilt from the records, with what its outbox row keeps. */
export interface ExportedStatement {
  statement: Statement;
  kind: LearningEventKind;
  userId: string;
  source: string;
}

/**
 * Every statement of the events recorded in [from, to), rebuilt from the records by the same builders as the
 * outbox (so history from before the outbox existed exports too), ordered by timestamp. A certificate's statements
 * name the 工号 it was issued to; the others the account's current 工号.
 */
export async function exportStatements(
  admin: PocketBase,
  from: Date,
  to: Date,
  settings: StatementSettings,
  names: CourseNames,
): Promise<{ statements: ExportedStatement[]; skipped: string[] }> {
  const [lessons, attempts, certificates] = await Promise.all([
    lessonsCompletedBetween(admin, from, to),
    attemptsBetween(admin, from, to),
    certificatesBetween(admin, from, to),
  ]);
  const learners = await learnersByIds(admin, [
    ...lessons.map((l) => l.user),
    ...attempts.map((a) => a.user),
    ...certificates.map((c) => c.user),
  ]);
  const inRange = (d: Date | null): d is Date => !!d && d >= from && d < to;
  const events: { event: LearningEvent; holder?: string }[] = [];
  for (const l of lessons)
    events.push({
      event: {
        kind: 'lesson-completed',
        userId: l.user,
        lesson: l.lesson,
        module: l.module,
        completedAt: l.completedAt,
      },
    });
  for (const a of attempts) {
    const facts = {
      attemptId: a.id,
      userId: a.user,
      quiz: a.quiz,
      quizKind: a.kind,
      attemptNo: a.attemptNo,
      startedAt: a.startedAt,
    };
    if (inRange(a.startedAt)) events.push({ event: { kind: 'attempt-started', ...facts } });
    if (a.status === 'submitted' && inRange(a.submittedAt))
      events.push({
        event: {
          kind: 'attempt-graded',
          ...facts,
          submittedAt: a.submittedAt,
          percent: a.score,
          passed: a.passed,
          late: a.late,
        },
      });
  }
  for (const c of certificates) {
    const base = { certificateId: c.id, userId: c.user, program: c.program };
    if (inRange(c.issuedAt))
      events.push({
        event: {
          kind: 'certificate-issued',
          ...base,
          issuedAt: c.issuedAt,
          validFrom: c.validFrom,
          expiresAt: c.expiresAt,
        },
        holder: c.holderEmployeeNo,
      });
    if (inRange(c.revokedAt))
      events.push({
        event: { kind: 'certificate-revoked', ...base, revokedAt: c.revokedAt, reason: c.revokedReason },
        holder: c.holderEmployeeNo,
      });
  }
  const statements: ExportedStatement[] = [];
  const skipped: string[] = [];
  for (const { event, holder } of events) {
    const learner = learners.get(event.userId);
    try {
      if (!learner) throw new Error(`no user ${event.userId}`);
      const statement = buildStatement(event, holder ? { ...learner, employeeNo: holder } : learner, settings, names);
      statements.push({ statement, kind: event.kind, userId: event.userId, source: sourceOf(event) });
    } catch (error) {
      skipped.push(`${event.kind} ${eventKey(event)}: ${(error as Error).message}`);
    }
  }
  statements.sort(
    (a, b) =>
      a.statement.timestamp.localeCompare(b.statement.timestamp) || a.statement.id.localeCompare(b.statement.id),
  );
  return { statements, skipped };
}
