// The bench's answer key: the full-marks answers to an attempt, for virtual trainees who pass as a prepared trainee
// would. Read straight from PocketBase's SQLite file (the attempt's server-only keys) and the question banks; the
// app never sees this file, and nothing of it reaches a page.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { bankSchema, type Question } from '../domain/assessment/question-schema.ts';
import { questionModule, type QuestionLayout } from '../domain/assessment/question-types/index.ts';
import type { Responses } from '../domain/assessment/response-schema.ts';

/** The questions of quizzes/banks/*.json by id. */
function bankQuestions(root: string): Map<string, Question> {
  const dir = join(root, 'quizzes', 'banks');
  const questions = new Map<string, Question>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')))
    for (const q of bankSchema.parse(JSON.parse(readFileSync(join(dir, file), 'utf8'))).questions)
      questions.set(q.id, q);
  return questions;
}

/**
 * `(attemptId) → responses`: the full-marks answer to every question of that attempt, in the canonical form the
 * quiz runner sends. Throws for an attempt without keys or with a question that is not in the banks.
 */
export function answerSheet(root: string, pbDataDir: string): (attemptId: string) => Responses {
  const questions = bankQuestions(root);
  const db = new DatabaseSync(join(pbDataDir, 'data.db'), { readOnly: true });
  const keysOf = db.prepare('SELECT questions FROM attempt_keys WHERE attempt = ?');
  return (attemptId) => {
    const row = keysOf.get(attemptId) as { questions: string } | undefined;
    if (!row) throw new Error(`answer sheet: no keys for attempt ${attemptId}`);
    const drawn = JSON.parse(row.questions) as { id: string; layout: QuestionLayout }[];
    return Object.fromEntries(
      drawn.map(({ id, layout }) => {
        const q = questions.get(id);
        if (!q) throw new Error(`answer sheet: question ${id} is not in quizzes/banks`);
        return [id, questionModule(q).correctResponse(q, layout)];
      }),
    ) as Responses;
  };
}
