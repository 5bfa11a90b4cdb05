import { pbDateText, pbDateSchema, pbRequiredDateSchema } from '../../platform/pocketbase/dates.ts';
import type PocketBase from 'pocketbase';
import { z } from 'zod';
import { ClientResponseError } from 'pocketbase';
import { updateIfVersion } from '../../platform/pocketbase/versioned.ts';
import { outboxRowSchema, type LearningEventKind, type Learner, type OutboxRow, type Statement } from './schema.ts';

// The xAPI area's collection: `xapi_statements` (the outbox), and the reads of other areas' records that
// `npm run xapi:export` rebuilds statements from.
const opts = { requestKey: null };
const outbox = (admin: PocketBase) => admin.collection('xapi_statements');

/** Whether PocketBase refused a create because a unique index already holds the value (here: the statement id). */
function isDuplicate(error: unknown): boolean {
  if (!(error instanceof ClientResponseError) || error.status !== 400) return false;
  const data = (error.response as { data?: Record<string, { code?: string }> }).data ?? {};
  return data.statementId?.code === 'validation_not_unique';
}

/**
 * Record a statement in the outbox, pending. False when it is there already (the same event recorded again: the
 * unique statementId index refuses it, and nothing changes).
 */
export async function addToOutbox(
  admin: PocketBase,
  row: { statement: Statement; kind: LearningEventKind; source: string; userId: string },
): Promise<boolean> {
  try {
    await outbox(admin).create(
      {
        statementId: row.statement.id,
        kind: row.kind,
        source: row.source.slice(0, 300),
        user: row.userId,
        statement: row.statement,
        eventAt: row.statement.timestamp,
        status: 'pending',
        tries: 0,
        nextTryAt: row.statement.timestamp,
        version: 1,
      },
      opts,
    );
    return true;
  } catch (error) {
    if (isDuplicate(error)) return false;
    throw error;
  }
}

/** Ids of the statements in the outbox whose events happened in [from, to). */
export async function statementIdsBetween(admin: PocketBase, from: Date, to: Date): Promise<Set<string>> {
  const list = await outbox(admin).getFullList({
    filter: range(admin, 'eventAt', from, to),
    fields: 'statementId',
    ...opts,
  });
  return new Set(list.map((r) => String(r.statementId)));
}

/** Pending statements due at `now` and not held by a live claim, oldest event first. */
export async function dueStatements(admin: PocketBase, now: Date, limit: number): Promise<OutboxRow[]> {
  const at = pbDateText(now);
  const list = await outbox(admin).getList(1, limit, {
    filter: admin.filter('status = "pending" && nextTryAt <= {:at} && (claimedUntil = "" || claimedUntil <= {:at})', {
      at,
    }),
    sort: 'eventAt,created',
    skipTotal: true,
    ...opts,
  });
  return list.items.map((r) => outboxRowSchema.parse(r));
}

/**
 * Claim a row for sending until `until` (compare-and-set on its version: of several processes that read the same
 * row, one wins). The claimed row, or null when another process was first.
 */
export async function claimStatement(
  admin: PocketBase,
  row: OutboxRow,
  owner: string,
  until: Date,
): Promise<OutboxRow | null> {
  const written = await updateIfVersion(admin, 'xapi_statements', row.id, row.version, {
    claimedBy: owner,
    claimedUntil: until.toISOString(),
  });
  return written ? outboxRowSchema.parse(written) : null;
}

/** Settle a claimed row after a send: sent, refused for good, or pending again at `nextTryAt`. */
export async function settleStatement(
  admin: PocketBase,
  row: OutboxRow,
  outcome:
    | { status: 'sent'; at: Date; note?: string }
    | { status: 'rejected'; error: string }
    | { status: 'pending'; error: string; nextTryAt: Date },
): Promise<boolean> {
  const data =
    outcome.status === 'sent'
      ? { status: 'sent', sentAt: outcome.at.toISOString(), lastError: outcome.note ?? '' }
      : outcome.status === 'rejected'
        ? { status: 'rejected', lastError: outcome.error.slice(0, 1000) }
        : { nextTryAt: outcome.nextTryAt.toISOString(), lastError: outcome.error.slice(0, 1000) };
  const written = await updateIfVersion(admin, 'xapi_statements', row.id, row.version, {
    ...data,
    tries: row.tries + 1,
    claimedBy: '',
    claimedUntil: '',
  });
  return written !== null;
}

const learnerSchema = z.object({ id: z.string(), employeeNo: z.string(), email: z.string().optional() });

/** The learners with these ids (工号 and e-mail), by id. */
export async function learnersByIds(admin: PocketBase, ids: readonly string[]): Promise<Map<string, Learner>> {
  const found = new Map<string, Learner>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 100) {
    const chunk = unique.slice(i, i + 100);
    const filter = chunk.map((id, n) => admin.filter(`id = {:id${n}}`, { [`id${n}`]: id })).join(' || ');
    const list = await admin.collection('users').getFullList({ filter, fields: 'id,employeeNo,email', ...opts });
    for (const r of list) {
      const u = learnerSchema.parse(r);
      found.set(u.id, { userId: u.id, employeeNo: u.employeeNo, email: u.email || undefined });
    }
  }
  return found;
}

const range = (admin: PocketBase, field: string, from: Date, to: Date) =>
  admin.filter(`${field} >= {:from} && ${field} < {:to}`, {
    from: pbDateText(from),
    to: pbDateText(to),
  });

const completedLessonSchema = z.object({
  user: z.string(),
  lesson: z.string(),
  module: z.string(),
  completedAt: pbRequiredDateSchema,
});
/** Lessons completed in [from, to). */
export async function lessonsCompletedBetween(admin: PocketBase, from: Date, to: Date) {
  const list = await admin.collection('lesson_progress').getFullList({
    filter: range(admin, 'completedAt', from, to),
    fields: 'user,lesson,module,completedAt',
    sort: 'completedAt',
    ...opts,
  });
  return list.map((r) => completedLessonSchema.parse(r));
}

const attemptRowSchema = z.object({
  id: z.string(),
  user: z.string(),
  quiz: z.string(),
  kind: z.enum(['module', 'exam']),
  attemptNo: z.number(),
  status: z.enum(['in-progress', 'submitted']),
  startedAt: pbRequiredDateSchema,
  submittedAt: pbDateSchema,
  score: z.number(),
  passed: z.boolean(),
  late: z.boolean(),
});
/** Attempts started or submitted in [from, to). */
export async function attemptsBetween(admin: PocketBase, from: Date, to: Date) {
  const list = await admin.collection('attempts').getFullList({
    filter: `(${range(admin, 'startedAt', from, to)}) || (${range(admin, 'submittedAt', from, to)})`,
    fields: 'id,user,quiz,kind,attemptNo,status,startedAt,submittedAt,score,passed,late',
    sort: 'startedAt',
    ...opts,
  });
  return list.map((r) => attemptRowSchema.parse(r));
}

const certificateRowSchema = z.object({
  id: z.string(),
  user: z.string(),
  program: z.string(),
  issuedAt: pbRequiredDateSchema,
  validFrom: pbRequiredDateSchema,
  expiresAt: pbRequiredDateSchema,
  revokedAt: pbDateSchema,
  revokedReason: z.string().default(''),
  holderEmployeeNo: z.string().default(''),
});
/** Certificates issued or revoked in [from, to). */
export async function certificatesBetween(admin: PocketBase, from: Date, to: Date) {
  const list = await admin.collection('certificates').getFullList({
    filter: `(${range(admin, 'issuedAt', from, to)}) || (${range(admin, 'revokedAt', from, to)})`,
    fields: 'id,user,program,issuedAt,validFrom,expiresAt,revokedAt,revokedReason,holderEmployeeNo',
    sort: 'issuedAt',
    ...opts,
  });
  return list.map((r) => certificateRowSchema.parse(r));
}
