import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { signIn } from './demo-accounts.ts';
import { answerAllCorrectly, freshTrainee } from './e2e-admin.ts';

test('a listening exercise with a timestamp question: listen, mark the moment, answer, review the moments', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const trainee = await freshTrainee('听力测试');
  await signIn(page, trainee.email, trainee.password);
  await page.goto('/learn/listening');
  await page.getByRole('link', { name: /禁语/ }).first().click();
  await page.getByRole('button', { name: /开始测验/ }).click();
  await expect(page.locator('astro-island[ssr]')).toHaveCount(0);
  const player = page.getByRole('group', { name: '通话录音播放器' }).first();
  await expect(player).toContainText('合成语音');
  // The transcript is always available.
  await player.getByRole('button', { name: '查看文字稿' }).click();
  await expect(player.locator('.transcript')).toContainText('坐席：');
  // Keyboard: the speed can be changed and the player played and paused.
  await player.getByLabel('语速').selectOption('1.25');
  await player.getByRole('button', { name: '播放' }).focus();
  await page.keyboard.press('Enter');
  await expect(player.getByRole('button', { name: '暂停' })).toBeVisible();
  await page.keyboard.press('Enter');
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

  await expect(page.locator('astro-island[ssr]')).toHaveCount(0);
  const attemptId = await page.locator('[data-attempt]').getAttribute('data-attempt');
  await expect(page.getByRole('button', { name: '我听到了问题' })).not.toHaveCount(0);
  await answerAllCorrectly(page, attemptId!);
  await expect(page.locator('[data-save-state]')).toHaveAttribute('data-save-state', 'saved');
  await page.getByRole('button', { name: '提交答卷' }).click();
  await expect(page).toHaveURL(/\/learn\/attempts\//);
  await expect(page.locator('.result')).toContainText('100 分');
  // Feedback shows the moments that mattered, to replay.
  const moments = page.getByRole('list', { name: '关键时刻' }).first();
  await expect(moments.getByRole('button')).not.toHaveCount(0);
  await expect(page.locator('.moments-bar rect').first()).toBeAttached();
});
