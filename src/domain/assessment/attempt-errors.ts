import { AlreadyPassed, AppError, AttemptInProgress, MustWait, NoAttemptsLeft } from '../../platform/errors/index.ts';

/** Why a new attempt cannot start (src/domain/assessment/rules.ts `decideStart`), as the refusal users read. */
export function startRefused(
  refusal: { reason: 'in-progress' | 'passed' | 'no-attempts-left' | 'waiting'; until?: Date },
  userId: string,
  quizId: string,
): AppError {
  const log: [string, string] = [userId, quizId];
  switch (refusal.reason) {
    case 'in-progress':
      return new AppError(AttemptInProgress, { log });
    case 'passed':
      return new AppError(AlreadyPassed, { log });
    case 'no-attempts-left':
      return new AppError(NoAttemptsLeft, { log });
    case 'waiting':
      return new AppError(MustWait, { message: [refusal.until], log });
  }
}
