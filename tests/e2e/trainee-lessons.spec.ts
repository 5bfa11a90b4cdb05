import { expect, test } from '@playwright/test';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pageWeight } from '../../src/bench/client-js.ts';
import { expectAxeClean, viewports } from './axe.ts';
import { signIn } from './demo-accounts.ts';
import { e2eAdmin, freshTrainee } from './e2e-admin.ts';
import { passPracticeCheck } from './practice-checks.ts';

const module = 'complaint-handling';
const first = `${module}/01-standards-and-principles`;
const second = `${module}/02-feelings-first`;

for (const vp of viewports) {
  test(`${vp.name}: a lesson remembers passed checks and completion; the module page ticks lessons`, async ({
    page,
  }) => {
    await page.setViewportSize(vp);
    const trainee = await freshTrainee(`记忆学员${vp.name}`);
    await signIn(page, trainee.email, trainee.password);
    await expect(page).toHaveURL(/\/learn/);

    // Pass the first check of the second lesson, then reload: the server's record shows, the widget says passed.
    await page.goto(`/modules/${second}`);
    const checks = page.locator('[data-practice]');
    const total = await checks.count();
    expect(total).toBeGreaterThan(0);
    await passPracticeCheck(checks.first());
    await expect(page.locator('.lesson-tracker')).toContainText(`随堂练习 1/${total} 已通过`);
    await page.reload();
    await expect(page.locator('.lesson-tracker')).toContainText(`随堂练习 1/${total} 已通过`);
    await expect(checks.first()).toHaveAttribute('data-passed', 'true');
    await expect(checks.first().getByRole('status')).toContainText('已通过');
    if (total > 1) await expect(checks.nth(1)).not.toHaveAttribute('data-passed', 'true');
    // The React runtime is gone from lesson pages: no islands at all.
    await expect(page.locator('astro-island')).toHaveCount(0);
    // The scenario icon is inline SVG, never an emoji.
    await expect(page.locator('.scenario-title svg').first()).toBeVisible();
    expect(await page.locator('.scenario-title').first().innerText()).not.toMatch(/\p{Extended_Pictographic}/u);
    await expectAxeClean(page);

    // A lesson the server has completed says so on arrival.
    const admin = await e2eAdmin();
    const now = new Date().toISOString();
    await admin.collection('lesson_progress').create({
      user: trainee.id,
      lesson: first,
      module,
      startedAt: now,
      completedAt: now,
      lastEventAt: now,
      seconds: 3600,
      position: 1,
      reachedEnd: true,
      practice: {},
    });
    await page.goto(`/modules/${first}`);
    await expect(page.locator('[data-lesson-status]')).toHaveAttribute('data-lesson-status', 'completed');
    await expect(page.locator('.lesson-tracker')).toContainText('本课已完成');

    // The module page: a tick on the completed lesson, 学习中 on the started one, 继续学习 to the first open lesson.
    await page.goto(`/modules/${module}`);
    await expect(page.locator(`li[data-lesson="${first}"] [data-lesson-state]`)).toHaveText('已完成');
    await expect(page.locator(`li[data-lesson="${second}"] [data-lesson-state]`)).toHaveText('学习中');
    const resume = page.locator('[data-continue]');
    await expect(resume).toBeVisible();
    await expect(resume.getByRole('link')).toHaveAttribute('href', `/modules/${second}`);
    await expect(resume).toContainText('已完成 1/');
    await expect(page.getByText('（需登录）').filter({ visible: true })).toHaveCount(0);
    await expectAxeClean(page);
  });
}

test('a visitor sees no ticks and is told which parts need signing in', async ({ page }) => {
  await page.goto(`/modules/${module}`);
  await expect(page.getByText('（需登录）').first()).toBeVisible();
  await expect(page.locator('[data-continue]')).toBeHidden();
  await expect(page.locator('[data-lesson-state]:visible')).toHaveCount(0);
});

test('every lesson page loads at most 15 KB of compressed JavaScript (no React runtime)', async ({ baseURL }) => {
  // The webServer has just built the site into dist/client; weights are measured on the wire, as served.
  const clientDir = 'dist/client';
  const pages = readdirSync(join(clientDir, 'modules'), { recursive: true, encoding: 'utf8' }).filter((f) =>
    /\/[^/]+\/index\.html$/.test(f),
  );
  expect(pages.length).toBeGreaterThan(30);
  const over: string[] = [];
  for (const f of pages) {
    const weight = await pageWeight(baseURL!, `/modules/${f.replace(/index\.html$/, '')}`, {
      'accept-encoding': 'br, gzip',
    });
    if (weight.jsWire > 15 * 1024) over.push(`${f}: ${weight.jsWire} bytes`);
  }
  expect(over).toEqual([]);
});
