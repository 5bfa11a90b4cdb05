import type PocketBase from 'pocketbase';
import { afterAchievement } from './achievements.ts';
import { attemptStore } from './attempt-store.ts';
import type { AttemptContext } from './attempts.ts';
import { appAdmin } from './app-admin.ts';
import { quizCatalog } from './quiz-catalog.ts';

/** The attempt service on an admin client: grades lead to module progress and certificates. */
export function attemptContextFor(admin: PocketBase, now: () => Date = () => new Date()): AttemptContext {
  const catalog = quizCatalog();
  return {
    store: attemptStore(admin),
    catalog,
    now,
    afterSubmit: async (attempt) => {
      const quiz = catalog.quizzes.get(attempt.quiz);
      await afterAchievement(admin, attempt.user, quiz?.module ? [quiz.module] : [], now());
    },
  };
}

/** The attempt service wired to the app's PocketBase admin client and the real clock. */
export async function appAttemptContext(): Promise<AttemptContext> {
  return attemptContextFor(await appAdmin());
}
