import type { Question, QuestionPool } from './question-schema.ts';
import type { Quiz } from './schema.ts';
import { layoutFor, type QuestionLayout } from './layout.ts';
import { seededShuffle } from '../../platform/util/seeded-random.ts';

/** One question of an attempt: which bank question, from which module, shown how. */
export interface DrawnQuestion {
  id: string;
  module: string;
  layout: QuestionLayout;
}

/** Questions of each bank: module banks by module slug, listening exercises as "listening/<id>". */
export type BankIndex = ReadonlyMap<string, readonly Question[]>;

/**
 * The only pool a quiz draws from: certification exams draw exam-pool items, everything else (module quizzes,
 * listening practice, uploaded recordings) practice-pool items, so no practice review ever shows an exam item's key.
 */
export function drawPool(quiz: Pick<Quiz, 'kind'>): QuestionPool {
  return quiz.kind === 'exam' ? 'exam' : 'practice';
}

/** Questions a draw rule may pick from: its bank's items of `pool` that match its tags and difficulty. */
export function candidatesFor(rule: Quiz['draw'][number], banks: BankIndex, pool: QuestionPool): Question[] {
  return (banks.get(rule.bank ?? rule.module) ?? []).filter(
    (q) =>
      q.pool === pool &&
      (!rule.tags?.length || q.tags.some((t) => rule.tags!.includes(t))) &&
      (!rule.difficulty?.length || rule.difficulty.includes(q.difficulty)),
  );
}

/**
 * Problems that make a quiz impossible to draw (fewer matching questions of its pool than a rule needs, times
 * `factor`: 1 to draw at all; the content check asks exams for 3 so that sittings rarely share items).
 */
export function checkDrawable(quiz: Quiz, banks: BankIndex, factor = 1): string[] {
  const pool = drawPool(quiz);
  return quiz.draw
    .map((rule) => ({ rule, available: candidatesFor(rule, banks, pool).length }))
    .filter(({ rule, available }) => available < rule.count * factor)
    .map(({ rule, available }) => {
      const filters = [
        rule.tags?.length ? `tags ${rule.tags.join('/')}` : '',
        rule.difficulty?.length ? `difficulty ${rule.difficulty.join('/')}` : '',
      ].filter(Boolean);
      const what = `${pool}-pool questions from ${rule.bank ?? rule.module}${filters.length ? ` (${filters.join(', ')})` : ''}`;
      return `${quiz.id}: needs ${factor === 1 ? rule.count : `${factor} × ${rule.count} = ${rule.count * factor}`} ${what} but only ${available} match`;
    });
}

/**
 * Draw the questions of one attempt: per rule, `count` distinct questions; then the whole set and every
 * question's options shuffled. The same quiz, banks and seed always give the same draw.
 */
export function drawQuestions(quiz: Quiz, banks: BankIndex, seed: string): DrawnQuestion[] {
  const problems = checkDrawable(quiz, banks);
  if (problems.length) throw new Error(problems.join('; '));
  const picked = new Map<string, Question>();
  quiz.draw.forEach((rule, i) => {
    const pool = candidatesFor(rule, banks, drawPool(quiz)).filter((q) => !picked.has(q.id));
    for (const q of seededShuffle(pool, `${seed}:rule${i}`).slice(0, rule.count)) picked.set(q.id, q);
  });
  return seededShuffle([...picked.values()], `${seed}:order`).map((q) => ({
    id: q.id,
    module: q.lesson.split('/')[0]!,
    layout: layoutFor(q, seed),
  }));
}
