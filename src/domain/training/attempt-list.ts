/** A submitted attempt as the trainee page lists it. */
export interface AttemptRow {
  id: string;
  quiz: string;
  attemptNo: number;
  score: number;
  passed: boolean;
  late: boolean;
  submittedAt: string;
}

/** One quiz's attempts, newest first, with what the collapsed row shows. */
export interface AttemptGroup {
  quiz: string;
  count: number;
  best: number;
  everPassed: boolean;
  latest: AttemptRow;
  attempts: AttemptRow[];
}

/**
 * A trainee's submitted attempts grouped by quiz (one row each, the quiz most recently sat first), so that a long
 * history stays a short table: each row shows the number of attempts, the best score and the latest result, and
 * opens to list every attempt. Input: attempts newest first (as the page reads them).
 */
export function groupAttempts(attempts: readonly AttemptRow[]): AttemptGroup[] {
  const groups = new Map<string, AttemptRow[]>();
  for (const a of attempts) groups.set(a.quiz, [...(groups.get(a.quiz) ?? []), a]);
  return [...groups.entries()].map(([quiz, list]) => ({
    quiz,
    count: list.length,
    best: Math.max(...list.map((a) => a.score)),
    everPassed: list.some((a) => a.passed),
    latest: list[0]!,
    attempts: list,
  }));
}

/** Plain rows from PocketBase's attempt records. */
export function attemptRows(records: readonly Record<string, unknown>[]): AttemptRow[] {
  return records.map((r) => ({
    id: String(r.id),
    quiz: String(r.quiz),
    attemptNo: Number(r.attemptNo),
    score: Number(r.score),
    passed: r.passed === true,
    late: r.late === true,
    submittedAt: String(r.submittedAt),
  }));
}
