import type { Question } from '../schemas/question.ts';
import type { Quiz } from '../schemas/quiz.ts';
import { layoutFor, type QuestionLayout } from './quiz-layout.ts';
import { seededShuffle } from './seeded-random.ts';

/** One question of an attempt: which bank question, from which module, shown how. */
export interface DrawnQuestion {
  id: string;
  module: string;
  layout: QuestionLayout;
}

/** Questions of each bank: module banks by module slug, listening exercises as "listening/<id>". */
export type BankIndex = ReadonlyMap<string, readonly Question[]>;

/** Questions a draw rule may pick from. */
export function candidatesFor(rule: Quiz['draw'][number], banks: BankIndex): Question[] {
  return (banks.get(rule.bank ?? rule.module) ?? []).filter(
    (q) => (!rule.tags?.length || q.tags.some((t) => rule.tags!.includes(t))) && (!rule.difficulty?.length || rule.difficulty.includes(q.difficulty)),
  );
}

/** Problems that make a quiz impossible to draw (too few matching questions); empty when drawable. */
export function checkDrawable(quiz: Quiz, banks: BankIndex): string[] {
  return quiz.draw
    .map((rule) => ({ rule, available: candidatesFor(rule, banks).length }))
    .filter(({ rule, available }) => available < rule.count)
    .map(({ rule, available }) => `${quiz.id}: needs ${rule.count} questions from ${rule.module} but only ${available} match`);
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
    const pool = candidatesFor(rule, banks).filter((q) => !picked.has(q.id));
    for (const q of seededShuffle(pool, `${seed}:rule${i}`).slice(0, rule.count)) picked.set(q.id, q);
  });
  return seededShuffle([...picked.values()], `${seed}:order`).map((q) => ({
    id: q.id,
    module: q.lesson.split('/')[0]!,
    layout: layoutFor(q, seed),
  }));
}
