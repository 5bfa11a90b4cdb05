const tails = new Map<string, Promise<unknown>>();

/**
 * Run `task` after every earlier task with the same key has finished (in this process). Used so that two
 * submissions of one attempt, or two starts of one quiz, cannot interleave their reads and writes.
 */
export async function withLock<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve();
  const run = previous.then(task, task);
  const tail = run.catch(() => undefined);
  tails.set(key, tail);
  try {
    return await run;
  } finally {
    if (tails.get(key) === tail) tails.delete(key);
  }
}
