import { submissionGraceSeconds, type Quiz } from './schema.ts';
import type { QuestionGrade } from './grading.ts';

/** The id of a module's own quiz (quizzes/quizzes/<module>), the one that counts towards completing the module. */
export const moduleQuizId = (module: string) => `quiz-${module}`;

/** Only a module's own quiz counts towards module completion (listening exercises in a module are practice). */
export const countsTowardsModule = (quiz: Pick<Quiz, 'id' | 'module'>): boolean =>
  quiz.module !== undefined && quiz.id === moduleQuizId(quiz.module);

/**
 * Whether a graded attempt has follow-up work (src/domain/progress/follow-ups.ts): module progress after a module's
 * own quiz, certificates after a pass. A failed exam attempt can earn nothing, so it records no follow-up at all.
 */
export const needsFollowUp = (quiz: Pick<Quiz, 'id' | 'module'>, passed: boolean): boolean =>
  passed || countsTowardsModule(quiz);

/** What the rules need to know about a learner's earlier attempts at one quiz. */
export interface AttemptSummary {
  attemptNo: number;
  status: 'in-progress' | 'submitted';
  passed: boolean;
  submittedAt: Date | null;
}

export type StartDecision =
  | { ok: true; attemptNo: number }
  | { ok: false; reason: 'in-progress' | 'passed' | 'no-attempts-left' | 'waiting'; until?: Date };

/**
 * Whether a new attempt may start now. Exams: at most `maxAttempts`, none after a pass, and `waitHours` after
 * a failed attempt. Module quizzes usually have no limits and may be retaken after passing, for practice.
 */
export function decideStart(quiz: Quiz, attempts: readonly AttemptSummary[], now: Date): StartDecision {
  if (attempts.some((a) => a.status === 'in-progress')) return { ok: false, reason: 'in-progress' };
  if (quiz.kind === 'exam' && attempts.some((a) => a.passed)) return { ok: false, reason: 'passed' };
  if (quiz.maxAttempts !== undefined && attempts.length >= quiz.maxAttempts)
    return { ok: false, reason: 'no-attempts-left' };
  const last = [...attempts].sort((a, b) => b.attemptNo - a.attemptNo)[0];
  if (last?.submittedAt && !last.passed && quiz.waitHours > 0) {
    const until = new Date(last.submittedAt.getTime() + quiz.waitHours * 3_600_000);
    if (until > now) return { ok: false, reason: 'waiting', until };
  }
  return { ok: true, attemptNo: (last?.attemptNo ?? 0) + 1 };
}

/** When a timed attempt ends; null when untimed. */
export function deadlineFor(quiz: Quiz, startedAt: Date): Date | null {
  return quiz.timeLimitMinutes ? new Date(startedAt.getTime() + quiz.timeLimitMinutes * 60_000) : null;
}

/** True once the deadline plus the grace period has passed: answers are frozen and the attempt is late. */
export function isPastGrace(deadline: Date | null, now: Date): boolean {
  return deadline !== null && now.getTime() > deadline.getTime() + submissionGraceSeconds * 1000;
}

export interface ModuleScore {
  module: string;
  earned: number;
  possible: number;
  percent: number;
}
export interface AttemptScore {
  /** Percentage, one decimal. */
  percent: number;
  passed: boolean;
  breakdown: ModuleScore[];
}

const percentOf = (earned: number, possible: number) => (possible ? Math.round((earned / possible) * 1000) / 10 : 0);

/** Total and per-module score of graded questions (every question weighs one point). */
export function scoreAttempt(
  quiz: Quiz,
  drawn: readonly { id: string; module: string }[],
  grades: readonly QuestionGrade[],
): AttemptScore {
  const byId = new Map(grades.map((g) => [g.questionId, g.score]));
  const modules = new Map<string, { earned: number; possible: number }>();
  for (const q of drawn) {
    const m = modules.get(q.module) ?? { earned: 0, possible: 0 };
    m.earned += byId.get(q.id) ?? 0;
    m.possible += 1;
    modules.set(q.module, m);
  }
  const earned = [...modules.values()].reduce((s, m) => s + m.earned, 0);
  const percent = percentOf(earned, drawn.length);
  return {
    percent,
    // Compare unrounded, so 84.96% does not pass an 85% mark.
    passed: drawn.length > 0 && earned / drawn.length >= quiz.passMark - 1e-9,
    breakdown: [...modules].map(([module, m]) => ({
      module,
      earned: Math.round(m.earned * 100) / 100,
      possible: m.possible,
      percent: percentOf(m.earned, m.possible),
    })),
  };
}

/** What the result page may reveal for one submitted attempt, given all the learner's attempts at the quiz. */
export function reviewVisibility(
  quiz: Quiz,
  attempt: { passed: boolean },
  attempts: readonly AttemptSummary[],
): { scores: boolean; answers: boolean } {
  const scores = quiz.review.scores === 'always';
  switch (quiz.review.answers) {
    case 'always':
      return { scores, answers: true };
    case 'never':
      return { scores, answers: false };
    case 'after-pass-or-last-attempt': {
      const used = attempts.filter((a) => a.status === 'submitted').length;
      const lastAllowed = quiz.maxAttempts !== undefined && used >= quiz.maxAttempts;
      return { scores, answers: attempt.passed || attempts.some((a) => a.passed) || lastAllowed };
    }
  }
}

/**
 * Whether a submitted attempt's review may show one item's answer, explanation and feedback: only when the quiz's
 * review policy reveals answers, and an exam-pool item only in an exam (under that exam's policy) — never in a
 * practice review, even for an attempt drawn before the item joined the exam pool.
 */
export function revealsItem(
  quiz: Pick<Quiz, 'kind'>,
  item: { pool: 'practice' | 'exam' },
  answersVisible: boolean,
): boolean {
  return answersVisible && (item.pool === 'practice' || quiz.kind === 'exam');
}
