import { attemptStore } from './attempt-store.ts';
import type { AttemptContext } from './attempts.ts';
import { appAdmin } from './app-admin.ts';
import { quizCatalog } from './quiz-catalog.ts';

/** The attempt service wired to the app's PocketBase admin client and the real clock. */
export async function appAttemptContext(): Promise<AttemptContext> {
  return { store: attemptStore(await appAdmin()), catalog: quizCatalog(), now: () => new Date() };
}
