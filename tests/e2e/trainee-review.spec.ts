import { expect, test, type Page } from '@playwright/test';
import { expectAxeClean, viewports } from './axe.ts';
import { signIn } from './demo-accounts.ts';
import { answer, answerAllCorrectly, freshTrainee, questionById, rightAnswers } from './e2e-admin.ts';

async function signedInTrainee(page: Page, name: string) {
  const trainee = await freshTrainee(name);
  await signIn(page, trainee.email, trainee.password);
  await expect(page).toHaveURL(/\/learn/);
  return trainee;
}

for (const vp of viewports) {
  test.describe(vp.name, () => {
    test.beforeEach(({ page }) => page.setViewportSize(vp));

    test('a listening exercise: one shared player, each click reviewed as hit or miss, named in the breadcrumbs', async ({
      page,
    }) => {
      test.setTimeout(120_000);
      await signedInTrainee(page, `听力复盘${vp.name}`);
      await page.goto('/learn/listening');
      await page.getByRole('link', { name: /禁语/ }).first().click();
      const title = (await page.getByRole('heading', { level: 1 }).innerText()).trim();
      const crumbs = page.getByRole('navigation', { name: '面包屑' });
      await expect(crumbs).toContainText('听力练习');
      await expect(crumbs).not.toContainText('单元测验');
      await page.getByRole('button', { name: '开始练习' }).click();
      const attemptId = (await page.locator('[data-attempt]').getAttribute('data-attempt'))!;

      // One player for every question: one <audio> on the page, and the questions point to it.
      await expect(page.locator('[data-shared-player]')).toHaveCount(1);
      await expect(page.locator('audio')).toHaveCount(1);
      await expect(page.getByRole('group', { name: '通话录音播放器' })).toHaveCount(1);
      await expectAxeClean(page);

      // Right answers, plus one click where nothing is to be found.
      const answers = await rightAnswers(attemptId);
      await answerAllCorrectly(page, attemptId);
      const timestamp = [...answers.keys()].map((id) => questionById(id)).find((q) => q?.type === 'audio-timestamp');
      if (timestamp?.type !== 'audio-timestamp') throw new Error('the exercise has no timestamp question');
      const near = (t: number) =>
        timestamp.targets.some(
          (g) => t >= g.start - timestamp.tolerance - 0.5 && t <= g.end + timestamp.tolerance + 0.5,
        );
      const miss = Array.from({ length: Math.floor(timestamp.audio.duration) }, (_, i) => i + 0.5).find(
        (t) => !near(t),
      )!;
      await page.locator('[data-shared-player]').getByRole('slider', { name: '播放进度' }).fill(String(miss));
      await page.locator(`[data-question="${timestamp.id}"]`).getByRole('button', { name: '我听到了问题' }).click();
      await expect(page.locator('[data-save-state]')).toHaveAttribute('data-save-state', 'saved');
      await page.getByRole('button', { name: '提交答卷' }).click();

      await expect(page).toHaveURL(/\/learn\/attempts\/[a-z0-9]{15}#result$/);
      await expect(page.locator('#result')).toBeFocused();
      const review = page.locator(`[data-review="${timestamp.id}"]`);
      await expect(review.locator('[data-click="miss"]')).toHaveCount(1);
      await expect(review.locator('[data-click="hit"]')).toHaveCount(timestamp.targets.length);
      await expect(review.locator('.moments-bar .click-miss')).toHaveCount(1);
      await expect(review.locator('[data-click="miss"]')).toContainText('未命中');
      const resultCrumbs = page.getByRole('navigation', { name: '面包屑' });
      await expect(resultCrumbs).toContainText('听力练习');
      await expect(resultCrumbs).toContainText(title);
      await expect(page.getByRole('link', { name: '返回听力练习页面' })).toBeVisible();
      await expectAxeClean(page);
    });

    test('quiz review marks each matching pair; 提交答卷 with open questions focuses the first of them', async ({
      page,
    }) => {
      test.setTimeout(180_000);
      await signedInTrainee(page, `配对复盘${vp.name}`);
      await page.goto('/learn/quiz/stress-management');
      await page.getByRole('button', { name: '开始测验' }).click();
      const questions = page.locator('section.question');
      await expect(questions).toHaveCount(10);

      // Answer the first question only: 提交答卷 asks to confirm and takes the learner to question 2.
      await answer(questions.nth(0));
      await page.getByRole('button', { name: '提交答卷' }).click();
      await expect(page.getByRole('alert')).toContainText('还有 9 题未作答');
      await expect(questions.nth(1)).toBeFocused();
      await page.getByRole('button', { name: '确定提交' }).click();
      await expect(page).toHaveURL(/#result$/);
      await expect(page.locator('#result')).toBeFocused();

      // Retake until the draw holds a matching question (5 of the 24 practice items: nearly always at once).
      let matching: string | undefined;
      for (let round = 0; round < 6 && !matching; round++) {
        await page.getByRole('link', { name: '返回测验页面' }).click();
        await page.getByRole('button', { name: '再做一次' }).click();
        const attemptId = (await page.locator('[data-attempt]').getAttribute('data-attempt'))!;
        const answers = await rightAnswers(attemptId);
        await answerAllCorrectly(page, attemptId);
        matching = [...answers].find(([, r]) => 'matches' in r)?.[0];
        if (matching) {
          // Swap the first two pairs' answers: those two are wrong, the rest right.
          const right = answers.get(matching) as { matches: Record<string, string> };
          const selects = page.locator(`[data-question="${matching}"] select`);
          await selects.nth(0).selectOption(right.matches['1']!);
          await selects.nth(1).selectOption(right.matches['0']!);
        }
        await expect(page.locator('[data-save-state]')).toHaveAttribute('data-save-state', 'saved');
        await page.getByRole('button', { name: '提交答卷' }).click();
        await expect(page.locator('#result')).toBeFocused();
      }
      if (!matching) throw new Error('no matching question drawn in 6 attempts');
      const review = page.locator(`[data-review="${matching}"]`);
      await expect(review.locator('[data-item-result="wrong"]')).toHaveCount(2);
      await expect(review.locator('[data-item-result="right"]').first()).toContainText('（正确）');
      await expect(review.locator('[data-item-result="wrong"]').first()).toContainText('（错误）');
      await expectAxeClean(page);
    });
  });
}
