/**
 * What follows an achievement — module progress recomputed, certificates issued when earned — is a durable
 * follow-up, recorded in the same transaction as the write that causes it: a graded attempt
 * (`AttemptStore.updateIfUnchanged`), a lesson progress write that starts or completes a lesson (`changeLesson`), a
 * simulated call's passing last turn (calls/service.ts) and a practical assessment (training/service.ts). So none of
 * them exists without its follow-up. Any app process may do the work: the one that wrote it does it before
 * answering (lessons, calls, practicals: `followUpsNow`) or, for a graded attempt, in the background, in a lane two
 * wide while the process has other requests (`followUpInBackground`); every process sweeps for follow-ups left
 * behind (a crash, a failure) every couple of seconds, and pages that show progress settle the viewer's own first. A
 * claim is a compare-and-set on the row's version plus a lease; the work is idempotent (compare-and-set module
 * progress, unique certificate per holder and validity), so a lease that runs out while its holder is still busy
 * costs a repeat, never a double.
 */
import pLimit from 'p-limit';
import type PocketBase from 'pocketbase';
import { afterAchievement } from './achievements.ts';
import { quizCatalog } from '../assessment/catalog.ts';
import { countsTowardsModule } from '../assessment/rules.ts';
import { followUpStore, type FollowUpRecord } from './repo.ts';
import { admissionLoad } from '../../platform/http/admission.ts';

/** How long a claim holds: far above the work's few round trips, short enough for a retry "within seconds". */
const leaseMs = 15_000;
/** After a failure, the next try waits this long (the sweeper picks it up then). */
const retryAfterMs = 5_000;

/** Module progress and certificates for the learner of a graded attempt or of another achievement. */
async function followUpWork(admin: PocketBase, f: FollowUpRecord, now: Date): Promise<void> {
  if (!f.quiz) return afterAchievement(admin, f.user, f.achievement ?? {}, now);
  // Only a module's own quiz counts towards module completion (listening exercises are practice). Uploaded call
  // recordings (not in the catalog) count towards nothing but are still processed, harmlessly.
  const quiz = quizCatalog().quizzes.get(f.quiz);
  const modules = quiz?.module && countsTowardsModule(quiz) ? [quiz.module] : [];
  await afterAchievement(admin, f.user, { modules, quiz: f.quiz }, now);
}

/** A follow-up as logs name it: its attempt, or what it follows. */
const describe = (f: FollowUpRecord) => (f.quiz ? `attempt ${f.id}` : `${f.id} ${JSON.stringify(f.achievement)}`);

/** Logs a follow-up that failed where it was started; the row stays, and the sweep does it later. */
const leftToSweep = (f: FollowUpRecord) => (error: unknown) =>
  console.error(`[follow-ups] ${describe(f)} of ${f.user} left to the sweep: ${(error as Error).message}`);

/**
 * Claim `f` (as read) and do its work; true when this call did it, false when another process holds or took it.
 * A failure releases the claim for a retry after a few seconds and is rethrown.
 */
export async function runFollowUp(admin: PocketBase, f: FollowUpRecord, now = () => new Date()): Promise<boolean> {
  const store = followUpStore(admin);
  const at = now().getTime();
  if (f.claimedUntil >= at) return false;
  const claimed = await store.claim(f, at + leaseMs);
  if (!claimed) return false;
  try {
    await followUpWork(admin, claimed, now());
  } catch (error) {
    const message = (error as Error).message;
    console.error(`[follow-ups] ${describe(f)} of ${f.user} (try ${claimed.tries}) failed: ${message}`);
    await store.release(claimed, at + retryAfterMs, message).catch(() => undefined);
    throw error;
  }
  await store.remove(claimed.id);
  return true;
}

/**
 * Do one follow-up now and return once it is done: at once when there is none (done already), and
 * when another process holds it, after that process finished (or its claim ran out and this call did the work).
 * `written`: the row as it was written with its cause, which saves reading it back for the first claim.
 */
export async function processFollowUp(
  admin: PocketBase,
  id: string,
  now = () => new Date(),
  written?: FollowUpRecord,
): Promise<void> {
  const store = followUpStore(admin);
  let known = written?.id === id ? written : undefined;
  for (const started = Date.now(); Date.now() - started < leaseMs + retryAfterMs;) {
    const f = known ?? (await store.get(id));
    known = undefined;
    if (!f || (await runFollowUp(admin, f, now))) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`follow-up of ${id} still held by another process`);
}

/**
 * Follow-ups that this process's requests start run in a lane of their own; the others wait their turn in memory (a
 * process that dies loses only that turn: the rows are durable and the sweep finds them). Started all at once, a
 * burst of passing exams sent each one's five PocketBase requests beside the trainees' own autosaves and
 * submissions: on a 4,600-trainee exam day autosave / submit p95 were 1.26 / 1.93 s and 0.31 / 0.74 s in two runs,
 * two at a time 0.07 / 0.11 s and 0.04 / 0.07 s. But two at a time left a busy day's backlog to drain two round
 * trips' latency at a time: at 8,800 trainees a third to a half of the passes had no certificate 30 s after the
 * day. So the lane is two wide while the server has other work and widens once it has had none for a moment
 * (widening whenever the gate was empty for an instant slowed the day's own steps; README, Performance).
 */
const laneWhenBusy = 2;
const laneWhenQuiet = 8;
const quietEnoughMs = 500;
const inBackground = pLimit(laneWhenBusy);

/** Set the lane's width for the server's load now: checked when a follow-up joins or leaves it. */
function fitLane(): void {
  const quiet = (admissionLoad()?.quietForMs() ?? 0) >= quietEnoughMs;
  const width = quiet ? laneWhenQuiet : laneWhenBusy;
  if (inBackground.concurrency !== width) inBackground.concurrency = width;
}

/**
 * Start follow-up `f` (the row as written with its cause) in its turn; a failure is logged and left to the sweep.
 * Nobody waits for it: when its turn comes and another process (or this one's sweep) has claimed it meanwhile, that
 * one does the work and the turn passes, rather than waiting in the lane for it to finish.
 */
export function followUpInBackground(admin: PocketBase, f: FollowUpRecord, now: () => Date): void {
  fitLane();
  inBackground(async () => {
    try {
      await runFollowUp(admin, f, now);
    } finally {
      fitLane();
    }
  }).catch(leftToSweep(f));
}

/** This process's follow-ups started in the background: how many run, how many wait their turn, the lane's width. */
export const backgroundFollowUps = () => ({
  running: inBackground.activeCount,
  waiting: inBackground.pendingCount,
  width: inBackground.concurrency,
});

/**
 * The follow-ups just written with an achievement, done before the request answers. The achievement itself is saved
 * already: a follow-up that fails is logged and left to the sweep, and the request still succeeds.
 */
export async function followUpsNow(admin: PocketBase, written: readonly FollowUpRecord[], now: Date): Promise<void> {
  for (const f of written) await processFollowUp(admin, f.id, () => now, f).catch(leftToSweep(f));
}

/** How old a follow-up must be before a sweep takes it: the process that wrote it starts it at once. */
const sweepMinAgeMs = 3_000;

/**
 * Do the follow-ups nobody holds, oldest first, up to `limit` (the sweep: those recorded at least a few seconds
 * ago); returns how many this call did. Failures are logged and left for a later retry.
 */
export async function processDueFollowUps(
  admin: PocketBase,
  options: { limit?: number; now?: () => Date } = {},
): Promise<number> {
  const now = options.now ?? (() => new Date());
  const due = await followUpStore(admin).due(now().getTime(), options.limit ?? 50, { minAgeMs: sweepMinAgeMs });
  let done = 0;
  for (const f of due) {
    try {
      if (await runFollowUp(admin, f, now)) done++;
    } catch {
      // Logged by runFollowUp; released for a retry.
    }
  }
  return done;
}

/**
 * A learner's own follow-ups, all done (by this call or by whoever holds them) before a page shows their progress and
 * certificates: what they just achieved is there when they look. Usually there is none (one indexed query).
 * A follow-up that fails is logged and left for the sweep; the page still renders.
 */
export async function settleFollowUpsOf(admin: PocketBase, userId: string, now = () => new Date()): Promise<void> {
  const pending = await followUpStore(admin).due(Number.MAX_SAFE_INTEGER, 20, { userId });
  for (const f of pending) {
    await processFollowUp(admin, f.id, now).catch((error: unknown) =>
      console.error(`[follow-ups] settling ${f.id} for ${userId} failed: ${(error as Error).message}`),
    );
  }
}

let sweeping: ReturnType<typeof setInterval> | undefined;

/**
 * Sweep for follow-ups left behind every `everyMs` in this process (once per process; the timer does not keep the
 * process alive). Every app process runs one: whichever claims a follow-up first does it. Returns its schedule for
 * the start-up log (src/background-jobs.ts).
 */
export function startFollowUpSweeper(admin: () => Promise<PocketBase>, everyMs = 2_000): string {
  const schedule = `every ${everyMs} ms`;
  if (sweeping) return schedule;
  let busy = false;
  sweeping = setInterval(() => {
    if (busy) return;
    busy = true;
    admin()
      .then((a) => processDueFollowUps(a))
      .catch((error: unknown) => console.error(`[follow-ups] sweep failed: ${(error as Error).message}`))
      .finally(() => (busy = false));
  }, everyMs);
  sweeping.unref();
  return schedule;
}
