import { fakeMicrophone } from './fake-microphone.ts';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signIn } from './demo-accounts.ts';
import { e2eAdmin, freshTrainee } from './e2e-admin.ts';
import { axeTags } from './axe-tags.ts';

// Chromium's fake microphone plays near-silence (faint noise): a muted or distant microphone.
const silence = join(mkdtempSync(join(tmpdir(), 'fake-mic-')), 'silence.wav');
execFileSync('ffmpeg', [
  '-v',
  'error',
  '-f',
  'lavfi',
  '-i',
  'anoisesrc=d=4:a=0.0003:r=48000',
  '-ac',
  '1',
  '-c:a',
  'pcm_s16le',
  silence,
]);

test.use(fakeMicrophone(silence));

for (const viewport of [
  { width: 1280, height: 900 },
  { width: 390, height: 844 },
]) {
  test(`the voice lab says when it heard no speech, explains what to check and saves nothing (${viewport.width} px)`, async ({
    page,
  }) => {
    test.setTimeout(90_000);
    await page.setViewportSize(viewport);
    const trainee = await freshTrainee('静音录音');
    await signIn(page, trainee.email, trainee.password);
    await page.goto('/learn/voice');
    await expect(page.locator('astro-island[ssr]')).toHaveCount(0);
    await page.getByRole('button', { name: '开始录音' }).click();
    const stop = page.getByRole('button', { name: /^停止录音（[3-9] 秒/ });
    await expect(stop).toBeVisible({ timeout: 30_000 });
    await stop.click();
    await expect(page.locator('[data-phase]')).toHaveAttribute('data-phase', 'done', { timeout: 30_000 });
    const notice = page.getByTestId('no-speech');
    await expect(notice).toContainText('没有检测到说话声');
    for (const check of ['麦克风', '距离', '噪声']) await expect(notice).toContainText(check);
    // No praise, no metrics table, no save button.
    await expect(page.getByText('各项指标都在目标范围内')).toHaveCount(0);
    await expect(page.getByTestId('voice-metrics')).toHaveCount(0);
    await expect(page.getByRole('button', { name: '保存这次录音' })).toHaveCount(0);
    await page.screenshot({ path: test.info().outputPath(`no-speech-${viewport.width}.png`), fullPage: true });
    const axe = await new AxeBuilder({ page }).withTags(axeTags).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    const admin = await e2eAdmin();
    expect(
      await admin
        .collection('voice_recordings')
        .getFullList({ filter: admin.filter('user = {:u}', { u: trainee.id }) }),
    ).toHaveLength(0);
  });
}

test('the server refuses a silent take posted directly', async ({ page }) => {
  const trainee = await freshTrainee('直接上传静音');
  await signIn(page, trainee.email, trainee.password);
  const wav = execFileSync('ffmpeg', [
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    'anoisesrc=d=3:a=0.0003:r=16000',
    '-ac',
    '1',
    '-c:a',
    'pcm_s16le',
    '-f',
    'wav',
    'pipe:1',
  ]);
  const metrics = {
    durationSec: 3,
    speakingTimeSec: 3,
    rate: { charsPerMinute: 150, syllables: 8, method: 'script' },
    pitch: { medianHz: 200, variabilitySt: 1 },
    loudness: { integratedLufs: -20 },
    pauses: { count: 0, maxSec: null },
    clipping: { share: 0 },
  };
  const response = await page.request.post('/api/voice/recordings', {
    headers: { origin: new URL(page.url()).origin },
    multipart: {
      exercise: 'closing-blessing',
      metrics: JSON.stringify(metrics),
      audio: { name: 'take.wav', mimeType: 'audio/wav', buffer: wav },
    },
  });
  expect(response.status()).toBe(422);
  expect((await response.json()).message).toContain('没有检测到足够的说话声');
});
