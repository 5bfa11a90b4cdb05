import { parseOrExplain } from '../lib/validation-message.ts';
import type { BankIndex } from '../lib/quiz-draw.ts';
import { bankSchema, type Question } from '../schemas/question.ts';
import { quizSchema, type Quiz } from '../schemas/quiz.ts';

// Bundled into the server build only; nothing here may be imported by client code (answer keys).
const bankFiles = import.meta.glob<unknown>('../../quizzes/banks/*.json', { eager: true, import: 'default' });
const quizFiles = import.meta.glob<unknown>(['../../quizzes/quizzes/*.json', '../../quizzes/exams/*.json'], { eager: true, import: 'default' });

export interface QuizCatalog {
  banks: BankIndex;
  questions: ReadonlyMap<string, Question>;
  quizzes: ReadonlyMap<string, Quiz>;
}

let cached: QuizCatalog | undefined;

/** Question banks and quiz definitions, validated once per process. */
export function quizCatalog(): QuizCatalog {
  if (cached) return cached;
  const banks = new Map<string, Question[]>();
  for (const [path, data] of Object.entries(bankFiles)) {
    const bank = parseOrExplain(bankSchema, data, path.replace('../../', ''));
    banks.set(bank.module, bank.questions);
  }
  const quizzes = new Map<string, Quiz>();
  for (const [path, data] of Object.entries(quizFiles)) {
    const quiz = parseOrExplain(quizSchema, data, path.replace('../../', ''));
    quizzes.set(quiz.id, quiz);
  }
  cached = { banks, questions: new Map([...banks.values()].flat().map((q) => [q.id, q])), quizzes };
  return cached;
}

/** The module quiz of a module. */
export const moduleQuizId = (module: string) => `quiz-${module}`;
