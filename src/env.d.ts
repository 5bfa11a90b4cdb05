/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** PocketBase client for this request, authenticated as the signed-in user (if any). */
    pb: import('pocketbase').default;
    /** The app server's admin client (signs in lazily); pages pass it to domain services, never use it directly. */
    admin: () => Promise<import('pocketbase').default>;
    /** The signed-in staff member, or null. */
    user: import('./domain/identity/schema.ts').StaffUser | null;
    /** Set when PocketBase could not be reached while restoring the session. */
    backendDown: boolean;
    /**
     * An action call's count against the user's action budget, made with the session check (null: it could not be
     * counted); absent when the middleware did not count the request (src/actions/guard.ts then counts it).
     */
    actionBudget?: import('./domain/identity/repo.ts').BudgetAnswer | null;
    /** The page data of the attempt the startQuiz action started in this request (the page shows it). */
    startedQuiz?: import('./domain/assessment/quiz-page.ts').QuizPageData;
  }
}
