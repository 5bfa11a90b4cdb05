import { parseOrExplain } from '../../platform/errors/validation-message.ts';
import type { BankIndex } from './draw.ts';
import { listeningQuestions } from '../listening/questions.ts';
import { listeningRenderingSchema, listeningScriptSchema, type ListeningScript } from '../listening/schema.ts';
import { bankSchema, type Question } from './question-schema.ts';
import { quizSchema, type Quiz } from './schema.ts';

// Bundled into the server build only; nothing here may be imported by client code (answer keys).
const bankFiles = import.meta.glob<unknown>('/quizzes/banks/*.json', { eager: true, import: 'default' });
const scriptFiles = import.meta.glob<unknown>('/content/listening/*.json', { eager: true, import: 'default' });
const renderingFiles = import.meta.glob<unknown>('/content/listening/rendered/*.json', {
  eager: true,
  import: 'default',
});
const quizFiles = import.meta.glob<unknown>(['/quizzes/quizzes/*.json', '/quizzes/exams/*.json'], {
  eager: true,
  import: 'default',
});

export interface QuizCatalog {
  banks: BankIndex;
  questions: ReadonlyMap<string, Question>;
  quizzes: ReadonlyMap<string, Quiz>;
  /** Listening exercises by id; each is also a quiz `quiz-listening-<id>` drawing all its questions. */
  listening: ReadonlyMap<string, ListeningScript>;
}

/** The quiz of a listening exercise. */
export const listeningQuizId = (exercise: string) => `quiz-listening-${exercise}`;

let cached: QuizCatalog | undefined;

/** Question banks and quiz definitions, validated once per process. */
export function quizCatalog(): QuizCatalog {
  if (cached) return cached;
  const banks = new Map<string, Question[]>();
  for (const [path, data] of Object.entries(bankFiles)) {
    const bank = parseOrExplain(bankSchema, data, path.replace(/^\//, ''));
    banks.set(bank.module, bank.questions);
  }
  const quizzes = new Map<string, Quiz>();
  for (const [path, data] of Object.entries(quizFiles)) {
    const quiz = parseOrExplain(quizSchema, data, path.replace(/^\//, ''));
    quizzes.set(quiz.id, quiz);
  }
  const listening = new Map<string, ListeningScript>();
  for (const [path, data] of Object.entries(scriptFiles)) {
    const script = parseOrExplain(listeningScriptSchema, data, path.replace(/^\//, ''));
    const renderingPath = `/content/listening/rendered/${script.id}.json`;
    const rendering = parseOrExplain(listeningRenderingSchema, renderingFiles[renderingPath], renderingPath.slice(1));
    const questions = listeningQuestions(script, rendering);
    banks.set(`listening/${script.id}`, questions);
    listening.set(script.id, script);
    // Formative practice: every question, shuffled, unlimited attempts, full feedback.
    quizzes.set(
      listeningQuizId(script.id),
      quizSchema.parse({
        id: listeningQuizId(script.id),
        kind: 'module',
        module: script.module,
        title: `听力练习 · ${script.title}`,
        description: `${script.summary} 录音为合成语音，仅作练习示例；真实通话录音由培训师上传。`,
        draw: [{ module: script.module, bank: `listening/${script.id}`, count: questions.length }],
        passMark: 0.6,
      }),
    );
  }
  cached = { banks, questions: new Map([...banks.values()].flat().map((q) => [q.id, q])), quizzes, listening };
  return cached;
}

/** The module quiz of a module. */
export { moduleQuizId } from './rules.ts';
