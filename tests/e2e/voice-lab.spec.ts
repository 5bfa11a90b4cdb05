import { fakeMicrophone } from './fake-microphone.ts';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signIn } from './demo-accounts.ts';
import { scoreEveryCriterion } from './practical-form.ts';
import { e2eAdmin, freshTrainee } from './e2e-admin.ts';

// Chromium's fake microphone plays a committed recording of the closing-blessing script.
test.use(fakeMicrophone('tests/fixtures/voice/closing-blessing.wav'));

test('the voice lab records, analyses on the device, shows the metrics and saves to PocketBase', async ({ page }) => {
  test.setTimeout(120_000);
  const trainee = await freshTrainee('录音测试');
  await signIn(page, trainee.email, trainee.password);
  await page.goto('/learn/voice');
  // Wait for the island to hydrate: a choice made on the server-rendered markup would be reset.
  await expect(page.locator('astro-island[ssr]')).toHaveCount(0);
  await page.getByLabel('选择练习').selectOption('closing-blessing');
  await page.getByRole('button', { name: '开始录音' }).click();
  await expect(page.getByRole('status').filter({ hasText: '正在录音' })).toBeVisible();
  // Record until the lab's own clock shows 7 s (enough of the looping fixture for every metric), then stop.
  const stop = page.getByRole('button', { name: /^停止录音（([7-9]|\d{2,}) 秒/ });
  await expect(stop).toBeVisible({ timeout: 30_000 });
  await stop.click();
  await expect(page.locator('[data-phase]')).toHaveAttribute('data-phase', 'done', { timeout: 30_000 });
  const table = page.getByTestId('voice-metrics');
  await expect(table.locator('tbody tr')).toHaveCount(5);
  const rate = await table.locator('tbody tr').first().locator('td').first().innerText();
  expect(Number(rate.match(/(\d+)/)![1])).toBeGreaterThan(60);
  await expect(page.locator('.contour svg polyline').first()).toBeVisible();
  // Nothing of the pitch and loudness lines is cut off: every point lies inside the chart.
  const ys = await page.locator('.contour svg polyline').evaluateAll((lines) =>
    lines.flatMap((l) =>
      (l.getAttribute('points') ?? '')
        .split(' ')
        .filter(Boolean)
        .map((p) => Number(p.split(',')[1])),
    ),
  );
  expect(ys.length).toBeGreaterThan(10);
  expect(ys.every((y) => y >= 0 && y <= 100)).toBe(true);
  // The target explanation says which rate is measured and what it was checked against.
  await page.getByText('目标是怎么定的').click();
  await expect(page.getByTestId('rate-basis')).toContainText('测量方式：按说话时间计');
  await expect(page.getByTestId('rate-basis')).toContainText('Pellegrino');
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

  await page.getByRole('button', { name: '保存这次录音' }).click();
  await expect(page.getByRole('button', { name: '已保存' })).toBeVisible();
  const admin = await e2eAdmin();
  const saved = await admin.collection('voice_recordings').getFullList({ filter: `user = "${trainee.id}"` });
  expect(saved).toHaveLength(1);
  expect(saved[0]!.exercise).toBe('closing-blessing');
  expect(saved[0]!.audio).toMatch(/\.(webm|ogg|m4a)$/);
  expect(saved[0]!.metrics.rate.charsPerMinute).toBeGreaterThan(60);
  await page.reload();
  await expect(page.getByTestId('voice-history').locator('tbody tr')).toHaveCount(1);

  // The trainee's trainer listens to it and scores it with the affinity rubric; nobody else can fetch the audio.
  const trainer = await freshTrainee('录音点评老师', 'trainer');
  await admin.collection('cohorts').create({ name: '录音点评班', trainer: trainer.id, members: [trainee.id] });
  const audioUrl = `/api/voice/recordings/${saved[0]!.id}/audio`;
  expect((await page.request.get(audioUrl)).headers()['content-type']).toMatch(/^audio\/|video\/webm/);
  const trainerPage = await (await page.context().browser()!.newContext()).newPage();
  await signIn(trainerPage, trainer.email, trainer.password);
  await trainerPage.goto(`/trainer/trainees/${trainee.id}`);
  await expect(trainerPage.locator('[data-recording]')).toHaveCount(1);
  const heard = await trainerPage.request.get(audioUrl);
  expect(heard.status()).toBe(200);
  expect((await heard.body()).length).toBeGreaterThan(1000);
  // The stored file has a duration (MediaRecorder's WebM has none: the server remuxes it), so the trainer's player
  // shows its length and seeks.
  const dir = mkdtempSync(join(tmpdir(), 'stored-take-'));
  writeFileSync(join(dir, 'take'), await heard.body());
  const probed = execFileSync(
    'ffprobe',
    ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', join(dir, 'take')],
    { encoding: 'utf8' },
  ).trim();
  rmSync(dir, { recursive: true, force: true });
  expect(Number(probed)).toBeGreaterThan(5);
  const ranged = await trainerPage.request.get(audioUrl, { headers: { range: 'bytes=0-99' } });
  expect(ranged.status()).toBe(206);
  const seek = await trainerPage.locator('[data-recording] audio').evaluate(
    (el: HTMLAudioElement) =>
      new Promise<{ duration: number; at: number }>((resolve, reject) => {
        el.addEventListener(
          'loadedmetadata',
          () => {
            const duration = el.duration;
            el.addEventListener('seeked', () => resolve({ duration, at: el.currentTime }), { once: true });
            el.currentTime = 4;
          },
          { once: true },
        );
        el.addEventListener('error', () => reject(new Error(`cannot load ${el.currentSrc}`)), { once: true });
        el.preload = 'metadata';
        el.load();
      }),
  );
  expect(Number.isFinite(seek.duration) && seek.duration > 5).toBe(true);
  expect(seek.at).toBeGreaterThan(3);
  await trainerPage.getByLabel('考核方式').selectOption('voice-recording');
  await trainerPage.getByLabel('认证项目').selectOption('');
  await scoreEveryCriterion(trainerPage, 4);
  await trainerPage.getByLabel('评语').fill('问候亲切，结束语可以再放慢一点。');
  await trainerPage.getByRole('button', { name: '保存考核成绩' }).click();
  await expect(trainerPage.getByRole('status')).toContainText('实操考核成绩已保存');
  await expect(trainerPage.locator('#practical')).toContainText('录音点评');
  const outsider = await freshTrainee('旁人');
  const outsiderPage = await (await page.context().browser()!.newContext()).newPage();
  await signIn(outsiderPage, outsider.email, outsider.password);
  expect((await outsiderPage.request.get(audioUrl)).status()).toBe(404);
});

test('the voice lab plays model audio (「听示范」) with a transcript, and the drills lesson has model audio without an island', async ({
  page,
}) => {
  const trainee = await freshTrainee('听示范');
  await signIn(page, trainee.email, trainee.password);
  await page.goto('/learn/voice');
  await expect(page.locator('astro-island[ssr]')).toHaveCount(0);
  await page.getByLabel('选择练习').selectOption('soothe-angry-customer');
  const models = page.getByRole('region', { name: '听示范' });
  await expect(models).toBeVisible();
  await expect(models).toContainText('合成语音');
  // A good example and the contrasting bad one, each with its transcript.
  await expect(models.locator('figure')).toHaveCount(2);
  await expect(models.locator('figure').first()).toContainText('示范');
  await expect(models.locator('figure').nth(1)).toContainText('反例：语气不耐烦');
  await expect(models.locator('.model-transcript').first()).toContainText('我能理解您现在的心情');
  const audio = models.locator('audio').first();
  await expect(audio).toHaveAttribute('controls', '');
  // Playable: the browser decodes the clip's metadata and reports its length.
  const duration = await audio.evaluate(
    (el: HTMLAudioElement) =>
      new Promise<number>((resolve, reject) => {
        el.addEventListener('loadedmetadata', () => resolve(el.duration), { once: true });
        el.addEventListener('error', () => reject(new Error(`cannot load ${el.currentSrc}`)), { once: true });
        el.preload = 'metadata';
        el.load();
      }),
  );
  expect(duration).toBeGreaterThan(5);
  expect((await page.request.get((await audio.getAttribute('src'))!)).headers()['content-type']).toMatch(/^audio\/ogg/);
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  // Switching exercise shows that exercise's model.
  await page.getByLabel('选择练习').selectOption('hold-request');
  await expect(models.locator('.model-transcript')).toContainText('漫游详单');

  await page.goto('/modules/voice-affinity/05-voice-practice-drills');
  const lessonAudio = page.locator('figure.model-audio audio[controls]');
  expect(await lessonAudio.count()).toBeGreaterThanOrEqual(5);
  await expect(page.locator('figure.model-audio').filter({ hasText: '反例' }).first()).toContainText('文字稿');
  await expect(page.locator('figure.model-audio astro-island')).toHaveCount(0);
});

test('a microphone that is not allowed gets a Chinese explanation and a retry', async ({ browser }) => {
  const context = await browser.newContext({ permissions: [] });
  const page = await context.newPage();
  const trainee = await freshTrainee('无麦克风');
  await signIn(page, trainee.email, trainee.password);
  await page.goto('/learn/voice');
  await expect(page.locator('astro-island[ssr]')).toHaveCount(0);
  await page.evaluate(() => {
    navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));
  });
  await page.getByRole('button', { name: '开始录音' }).click();
  await expect(page.getByRole('alert')).toContainText('没有获得麦克风权限');
  await expect(page.getByRole('button', { name: '重试' })).toBeVisible();
});

test('the upload path refuses a non-audio file renamed to .webm', async ({ page, baseURL }) => {
  const trainee = await freshTrainee('上传测试');
  await signIn(page, trainee.email, trainee.password);
  const metrics = JSON.stringify({
    durationSec: 3,
    speakingTimeSec: 2,
    rate: { charsPerMinute: 150, syllables: 5, method: 'script' },
    pitch: { medianHz: 200, variabilitySt: 1 },
    loudness: { integratedLufs: -20 },
    pauses: { count: 0, maxSec: null },
    clipping: { share: 0 },
  });
  const response = await page.request.post('/api/voice/recordings', {
    headers: { origin: baseURL! },
    multipart: {
      exercise: 'closing-blessing',
      metrics,
      audio: { name: 'recording.webm', mimeType: 'audio/webm', buffer: Buffer.from('<html>not audio at all</html>') },
    },
  });
  expect(response.status()).toBe(415);
  expect((await response.json()).message).toContain('不是可识别的音频');
  expect(
    await (
      await e2eAdmin()
    )
      .collection('voice_recordings')
      .getList(1, 1, { filter: `user = "${trainee.id}"` })
      .then((l) => l.totalItems),
  ).toBe(0);
});
