/** Today's date in China (yyyy-mm-dd) at `now`: the earliest due date a form offers. */
export function chinaDate(now: Date): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** A due date (yyyy-mm-dd) as the moment it ends, China time (the call centres' working day); null when invalid. */
export function dueAtOf(dueDate: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(dueDate)) return null;
  const dueAt = new Date(`${dueDate}T23:59:59+08:00`);
  // A day that does not exist (2026-02-30) rolls over to another date: refused.
  return Number.isNaN(dueAt.getTime()) || chinaDate(dueAt) !== dueDate ? null : dueAt;
}

/** A due date that has already ended at `now` is refused: an assignment cannot start out overdue. */
export const isPastDue = (dueAt: Date, now: Date) => dueAt.getTime() < now.getTime();
