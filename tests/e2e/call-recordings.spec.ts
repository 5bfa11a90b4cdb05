import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { signIn } from './demo-accounts.ts';
import { e2eAdmin, freshTrainee } from './e2e-admin.ts';

test('a trainer uploads a real call recording for a cohort; only its members can listen and answer', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const admin = await e2eAdmin();
  const trainer = await freshTrainee('录音上传老师', 'trainer');
  const member = await freshTrainee('录音班学员');
  const outsider = await freshTrainee('班外学员');
  await admin
    .collection('cohorts')
    .create({ name: `录音班-${member.employeeNo}`, trainer: trainer.id, members: [member.id] });

  const trainerPage = await (await browser.newContext()).newPage();
  await signIn(trainerPage, trainer.email, trainer.password);
  await trainerPage.goto('/trainer/listening');
  const fill = async (file: { name: string; mimeType: string; buffer: Buffer }) => {
    await trainerPage.getByLabel('练习标题').fill('宽带报障：结束语');
    await trainerPage.getByLabel('录音文件').setInputFiles(file);
    await trainerPage.getByLabel('录音时长（秒）').fill('12.7');
    await trainerPage.getByLabel(/^文字稿/).fill('坐席：感谢您的来电，祝您生活愉快，再见！');
    await trainerPage.getByLabel(/需要标出的时刻/).fill('0:01-0:04 结束语没有询问是否还有其他需要');
    await trainerPage.getByLabel(`录音班-${member.employeeNo}`).check();
    await trainerPage.getByRole('button', { name: '上传并发布' }).click();
  };
  // A text file renamed to .mp3 is refused by content.
  await fill({
    name: 'call.mp3',
    mimeType: 'audio/mpeg',
    buffer: Buffer.from('this is not audio, just text pretending to be an mp3'),
  });
  await expect(trainerPage.getByRole('alert')).toContainText('不是可识别的音频');
  await fill({
    name: 'call.ogg',
    mimeType: 'audio/ogg',
    buffer: readFileSync('tests/fixtures/voice/closing-blessing.ogg'),
  });
  await expect(trainerPage.getByRole('status')).toContainText('录音练习已发布');
  const uploaded = await admin.collection('call_recordings').getFirstListItem(`uploadedBy = "${trainer.id}"`);
  const audioUrl = `/api/call-recordings/${uploaded.id}/audio`;

  const page = await (await browser.newContext()).newPage();
  await signIn(page, member.email, member.password);
  await page.goto('/learn/listening');
  await page.getByTestId('uploaded-exercises').getByRole('link', { name: '宽带报障：结束语' }).click();
  await page.getByRole('button', { name: /开始测验/ }).click();
  await expect(page.locator('astro-island[ssr]')).toHaveCount(0);
  const player = page.getByRole('group', { name: '通话录音播放器' });
  await expect(player).not.toContainText('合成语音');
  const heard = await page.request.get(audioUrl);
  expect(heard.status()).toBe(200);
  expect(heard.headers()['content-type']).toContain('ogg');
  // Mark the moment the trainer flagged, then submit.
  await player.getByRole('slider', { name: '播放进度' }).fill('2');
  await player.getByRole('button', { name: '我听到了问题' }).click();
  await expect(page.locator('[data-save-state]')).toHaveAttribute('data-save-state', 'saved');
  await page.getByRole('button', { name: '提交答卷' }).click();
  await expect(page).toHaveURL(/\/learn\/attempts\//);
  await expect(page.locator('.result')).toContainText('100 分');

  // Outside the cohort: no audio, no exercise, and PocketBase itself hides the record (it holds the answer key).
  const other = await (await browser.newContext()).newPage();
  await signIn(other, outsider.email, outsider.password);
  expect((await other.request.get(audioUrl)).status()).toBe(404);
  expect((await other.goto(`/learn/listening/u-${uploaded.id}`))?.status()).toBe(404);
});
