import { randomBytes } from 'node:crypto';
import type { Locator, Page } from '@playwright/test';
import PocketBase from 'pocketbase';
import { bankSchema, type Question } from '../../src/domain/assessment/question-schema.ts';
import { moduleSlugs } from '../../src/domain/course/module-schema.ts';
import type { QuestionResponse } from '../../src/domain/assessment/response-schema.ts';
import type { QuestionLayout } from '../../src/domain/assessment/layout.ts';
import { readdirSync, readFileSync } from 'node:fs';
import { listeningQuestions } from '../../src/domain/listening/questions.ts';
import { listeningRenderingSchema, listeningScriptSchema } from '../../src/domain/listening/schema.ts';
import { correctResponse } from '../support/answer-key.ts';

/** Admin client on the e2e PocketBase (credentials set in playwright.config.ts). */
export async function e2eAdmin(): Promise<PocketBase> {
  const pb = new PocketBase(`http://127.0.0.1:${process.env.E2E_PB_PORT}`);
  pb.autoCancellation(false);
  await pb.admins.authWithPassword('e2e-admin@example.com', 'e2e-admin-password');
  return pb;
}

/** A fresh trainee (or trainer) for one test, so tests do not depend on each other. */
export async function freshTrainee(name: string, role: 'trainee' | 'trainer' = 'trainee') {
  const admin = await e2eAdmin();
  const tag = randomBytes(4).toString('hex');
  const password = 'trainee-pass-2026';
  const record = await admin.collection('users').create({
    email: `e2e-${tag}@example.com`,
    password,
    passwordConfirm: password,
    name,
    employeeNo: `E${tag}`,
    role,
    department: '客户服务中心',
    team: '测试班',
    verified: true,
  });
  return { id: record.id, email: record.email as string, password, name, employeeNo: `E${tag}` };
}

const questions = new Map(
  moduleSlugs.flatMap((m) =>
    bankSchema
      .parse(JSON.parse(readFileSync(`quizzes/banks/${m}.json`, 'utf8')))
      .questions.map((q): [string, Question] => [q.id, q]),
  ),
);
// Listening exercises: questions built from the scripts and their measured renderings.
for (const file of readdirSync('content/listening').filter((f) => f.endsWith('.json'))) {
  const script = listeningScriptSchema.parse(JSON.parse(readFileSync(`content/listening/${file}`, 'utf8')));
  const rendering = listeningRenderingSchema.parse(
    JSON.parse(readFileSync(`content/listening/rendered/${file}`, 'utf8')),
  );
  for (const q of listeningQuestions(script, rendering)) questions.set(q.id, q);
}

/** The right answers of an open attempt, read from its server-only keys (tests only). */
export async function rightAnswers(attemptId: string): Promise<Map<string, QuestionResponse>> {
  const admin = await e2eAdmin();
  const keys = await admin.collection('attempt_keys').getFirstListItem(`attempt = "${attemptId}"`);
  return new Map(
    (keys.questions as { id: string; layout: QuestionLayout }[]).map((d) => [
      d.id,
      correctResponse(questions.get(d.id)!, d.layout),
    ]),
  );
}

/** Give one response through the question's UI (keys are display positions, as the page shows them). */
async function give(q: Locator, response: QuestionResponse): Promise<void> {
  if ('sub' in response) return give(q, response.sub);
  if ('clicks' in response) {
    // Seek the player to each moment, then press 「我听到了问题」 as a learner would on hearing it.
    for (const t of response.clicks) {
      await q.getByRole('slider', { name: '播放进度' }).fill(String(t));
      await q.getByRole('button', { name: '我听到了问题' }).click();
    }
    return;
  }
  if ('text' in response) return q.getByRole('textbox', { name: /你的回复/ }).fill(response.text);
  if ('choice' in response) await q.locator('input[type=radio]').nth(Number(response.choice)).check();
  else if ('value' in response) await q.getByLabel(response.value ? '正确' : '错误', { exact: true }).check();
  else if ('choices' in response)
    for (const k of response.choices) await q.locator('input[type=checkbox]').nth(Number(k)).check();
  else if ('blanks' in response)
    for (const [i, b] of response.blanks.entries()) await q.locator('input[type=text]').nth(i).fill(b);
  else if ('matches' in response) {
    const selects = q.locator('select:not([id$="-speed"])');
    for (const [left, right] of Object.entries(response.matches)) await selects.nth(Number(left)).selectOption(right);
  } else if ('order' in response) {
    // Bubble each item up to its place with the 上移 buttons (keys are the initial display positions).
    const texts = await q.locator('.step-text').allInnerTexts();
    const wanted = response.order.map((k) => texts[Number(k)]!);
    for (let target = 0; target < wanted.length; target++) {
      let at = (await q.locator('.step-text').allInnerTexts()).indexOf(wanted[target]!);
      while (at > target) {
        await q.getByRole('button', { name: `上移：${wanted[target]}` }).click();
        at--;
      }
    }
  }
}

/** Answer every question on the quiz page correctly, through the UI. */
export async function answerAllCorrectly(page: Page, attemptId: string) {
  for (const [id, response] of await rightAnswers(attemptId))
    await give(page.locator(`[data-question="${id}"]`), response);
}

/** Give some answer to a question, whatever its type (grading itself is covered by unit and integration tests). */
export async function answer(question: Locator) {
  if (await question.locator('input[type=radio]').count()) return question.locator('input[type=radio]').first().check();
  if (await question.locator('input[type=checkbox]').count())
    return question.locator('input[type=checkbox]').first().check();
  if (await question.locator('select').count()) {
    for (const select of await question.locator('select').all()) await select.selectOption({ index: 1 });
    return;
  }
  if (await question.locator('input[type=text]').count())
    return question.locator('input[type=text]').first().fill('首问负责');
  if (await question.locator('textarea').count())
    return question.locator('textarea').first().fill('非常抱歉，我马上为您核实。');
  return question.getByRole('button', { name: /下移/ }).first().click();
}
