import { expect, test, type Page } from '@playwright/test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { signIn } from './demo-accounts.ts';
import { freshTrainee } from './e2e-admin.ts';

const saved = (page: Page) =>
  expect(page.locator('[data-save-state]')).toHaveAttribute('data-save-state', 'saved', { timeout: 10_000 });

test('a typed reply in a module quiz: typed in a textarea, graded on the server, reviewed with quoted feedback', async ({
  page,
}) => {
  const trainee = await freshTrainee('回复题测试');
  await signIn(page, trainee.email, trainee.password);
  await page.goto('/learn/quiz/complaint-handling');
  const questions = page.locator('section.question');
  const reply = page.getByRole('textbox', { name: /你的回复/ });
  // The draw is random: 4 of the bank's 28 practice items are typed replies, so most sittings show one; sit again
  // (submitting the empty attempt) until one does. Each try leaves ≈ 15 % chance of none.
  for (let attempt = 0; ; attempt++) {
    await page.getByRole('button', { name: /开始测验|再做一次/ }).click();
    await expect(questions).toHaveCount(10);
    await expect(page.locator('astro-island[ssr]')).toHaveCount(0);
    if (await reply.count()) break;
    expect(attempt, 'a typed-reply item within 12 sittings').toBeLessThan(12);
    await page.getByRole('button', { name: '提交答卷' }).click();
    await page.getByRole('button', { name: '确定提交' }).click();
    await expect(page).toHaveURL(/\/learn\/attempts\//);
    await page.getByRole('link', { name: /返回测验页面/ }).click();
  }

  // A sitting may draw several typed-reply items; answer the first.
  const field = page.locator('section.question').filter({ has: reply }).first();
  await expect(field).toContainText('回复题');
  const id = await field.getAttribute('data-question');
  // Half-width and full-width punctuation, a homophone (帐 for 账) and one 服务禁语.
  const text = '对不起，给您添麻烦了！我帮您查一下帐单……这个问题不归我管。';
  await field.getByRole('textbox').fill(text);
  await saved(page);
  await page.reload();
  await expect(page.locator(`section.question[data-question="${id}"]`).getByRole('textbox')).toHaveValue(text);

  await page.getByRole('button', { name: '提交答卷' }).click();
  await page.getByRole('button', { name: '确定提交' }).click();
  await expect(page).toHaveURL(/\/learn\/attempts\/[a-z0-9]{15}$/);
  const review = page.locator(`[data-review="${id}"]`);
  await expect(review).toContainText(`您的答案：${text}`);
  await expect(review).toContainText('点评：');
  await expect(review).toContainText('已包含「');
  await expect(review).toContainText('缺少「');
  await expect(review).toContainText('出现服务禁语：“不归我管”');
  await expect(review).toContainText('得分 0 / 1');
});

test('the quiz script does not ship the reply checker: no pinyin-pro, no phrasings or model answers', () => {
  // The webServer has just built the site; follow the quiz island's static imports through dist/client.
  const dir = 'dist/client/_astro';
  const entry = readdirSync(dir).find((f) => /^QuizRunner\.[\w-]+\.js$/.test(f));
  expect(entry).toBeTruthy();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || !existsSync(join(dir, file))) return;
    seen.add(file);
    for (const m of readFileSync(join(dir, file), 'utf8').matchAll(
      /from\s*"\.\/([^"]+\.js)"|import\s*"\.\/([^"]+\.js)"|import\(\s*"\.\/([^"]+\.js)"\s*\)/g,
    ))
      visit(m[1] ?? m[2] ?? m[3]!);
  };
  visit(entry!);
  expect(seen.size).toBeGreaterThan(1);
  const bank = JSON.parse(readFileSync('quizzes/banks/complaint-handling.json', 'utf8')) as {
    questions: { type: string; modelAnswer?: string }[];
  };
  const models = bank.questions.filter((q) => q.type === 'typed-reply').map((q) => q.modelAnswer!);
  expect(models.length).toBeGreaterThan(0);
  for (const file of seen) {
    const text = readFileSync(join(dir, file), 'utf8');
    expect(text, file).not.toMatch(/pinyin/i);
    expect(text, file).not.toMatch(/phrasings|modelAnswer/);
    for (const m of models) expect(text, file).not.toContain(m);
  }
});
