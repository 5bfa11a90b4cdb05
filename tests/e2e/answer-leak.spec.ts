import { expect, test } from '@playwright/test';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { splitFrontmatter } from '../../src/domain/course/files.ts';
import { candidatesFor } from '../../src/domain/assessment/draw.ts';
import { moduleSlugs } from '../../src/domain/course/module-schema.ts';
import { bankSchema, type Question } from '../../src/domain/assessment/question-schema.ts';
import { quizSchema } from '../../src/domain/assessment/schema.ts';

// The webServer has just built the site, so dist/client holds every file a browser can fetch,
// including every prerendered page.
const clientDir = 'dist/client';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** Everything the lessons teach, in their MDX bodies (the practice keys in the frontmatter are not public). */
const lessonSources = readdirSync('content/modules', { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.mdx'))
  .map((f) => splitFrontmatter(readFileSync(join('content/modules', f), 'utf8')).body)
  .join('\n');

/**
 * Strings that would give away an exam question: explanations and feedback (written for the question alone),
 * and the text of right answers unless a lesson teaches that very phrase (a concept name such as
 * 「希望企业立即采取行动」 appears in its lesson, which reveals nothing about which option a question wants).
 */
function secretsOf(q: Question): string[] {
  const inner = q.type === 'listening' ? q.question : q;
  const always = [q.explanation, ...(inner.type === 'scenario' ? inner.options.map((o) => o.feedback) : [])];
  const answers =
    inner.type === 'single'
      ? [inner.options.find((o) => o.id === inner.answer)!.text]
      : inner.type === 'multiple'
        ? inner.options.filter((o) => inner.answer.includes(o.id)).map((o) => o.text)
        : inner.type === 'fill-blank'
          ? inner.blanks.flatMap((b) => b.accepted)
          : [];
  // Short strings (「正确」, 「心情」) occur in ordinary text and say nothing about a particular question.
  return [...always, ...answers.filter((a) => !lessonSources.includes(a))].filter((s) => [...s].length >= 10);
}

test('no exam answer key or explanation reaches the browser', () => {
  const banks = new Map(
    moduleSlugs.map((m) => [
      m,
      bankSchema.parse(JSON.parse(readFileSync(`quizzes/banks/${m}.json`, 'utf8'))).questions,
    ]),
  );
  const exams = readdirSync('quizzes/exams').map((f) =>
    quizSchema.parse(JSON.parse(readFileSync(`quizzes/exams/${f}`, 'utf8'))),
  );
  const examQuestions = new Map(
    exams.flatMap((e) => e.draw.flatMap((rule) => candidatesFor(rule, banks, 'exam'))).map((q) => [q.id, q]),
  );
  expect(examQuestions.size).toBeGreaterThan(100);
  const secrets = [...examQuestions.values()].flatMap((q) => secretsOf(q).map((s) => ({ id: q.id, s })));
  expect(secrets.length).toBeGreaterThan(examQuestions.size);

  const shipped = files(clientDir);
  expect(shipped.some((f) => f.endsWith('.html'))).toBe(true);
  expect(shipped.some((f) => f.endsWith('.js'))).toBe(true);
  const hits: string[] = [];
  for (const file of shipped) {
    const text = readFileSync(file, 'utf8');
    for (const { id, s } of secrets) if (text.includes(s)) hits.push(`${file}: ${id}: ${s.slice(0, 30)}`);
    if (/"(explanation|accepted|feedback)"\s*:/.test(text)) hits.push(`${file}: contains an answer-key field name`);
  }
  expect(hits).toEqual([]);
});
