import { fakeMicrophone } from './fake-microphone.ts';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { expectNoSeriousAxe, expectNoSideScroll } from './axe.ts';
import { signIn } from './demo-accounts.ts';
import { e2eAdmin, freshTrainee } from './e2e-admin.ts';

// The fixture call tests/fixtures/calls/sample-slow-broadband.json (served with CALL_FIXTURES=on, see
// playwright.config.ts); Chromium's fake microphone plays the closing-blessing recording for the recorded turn.
test.use(fakeMicrophone('tests/fixtures/voice/closing-blessing.wav'));

const call = JSON.parse(readFileSync('tests/fixtures/calls/sample-slow-broadband.json', 'utf8'));
const optionText = (node: string, id: string): string =>
  call.nodes[node].turn.options.find((o: { id: string }) => o.id === id).text;
const shots = process.env.CALL_SHOTS_DIR;

async function hydrated(page: Page) {
  await expect(page.locator('astro-island[ssr]')).toHaveCount(0);
}
async function choose(page: Page, node: string, id: string, turn: number) {
  await expect(page.locator(`[data-turn="${turn}"]`)).toBeVisible();
  await page.getByRole('radio', { name: optionText(node, id) }).check();
  await page.getByRole('button', { name: '回复客户' }).click();
}

test('a trainee takes a call: chooses, types, records, resumes after reload, and reads the debrief', async ({
  page,
}) => {
  test.setTimeout(150_000);
  const trainee = await freshTrainee('模拟来电学员');
  await signIn(page, trainee.email, trainee.password);
  await page.goto('/learn');
  await page.getByRole('navigation').getByRole('link', { name: '模拟来电' }).click();
  await expect(page.getByRole('heading', { name: '模拟来电', level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: '情绪激动客户' })).toBeVisible();
  await expectNoSeriousAxe(page);
  if (shots) await page.screenshot({ path: `${shots}/calls-list.png`, fullPage: true });
  await page.getByRole('link', { name: call.title }).click();
  await expect(page.getByText(call.brief)).toBeVisible();
  if (shots) await page.screenshot({ path: `${shots}/call-page.png`, fullPage: true });
  await expectNoSeriousAxe(page);
  await page.getByRole('button', { name: '接听来电' }).click();
  await expect(page).toHaveURL(/\/learn\/calls\/run\/[a-z0-9]{15}$/);
  const runUrl = page.url();
  await hydrated(page);

  // Turn 1: the customer's line plays from the rendered audio; the transcript only on demand; mood in words.
  await expect(page.locator('audio')).toHaveAttribute('src', '/audio/calls/sample-slow-broadband/opening.ogg');
  expect((await page.request.get('/audio/calls/sample-slow-broadband/opening.ogg')).status()).toBe(200);
  await expect(page.getByText(call.nodes.opening.customer.text)).toBeHidden();
  await page.getByRole('button', { name: '显示文字' }).click();
  await expect(page.getByText(call.nodes.opening.customer.text)).toBeVisible();
  await expect(page.getByTestId('mood')).toContainText('客户情绪：不满');
  // The mood's face is drawn (inline SVG, hidden from screen readers), not an emoji that needs an emoji font.
  await expect(page.getByTestId('mood').locator('svg[aria-hidden="true"][data-mood="upset"]')).toHaveCount(1);
  expect(await page.getByTestId('mood').textContent()).not.toMatch(/\p{Extended_Pictographic}/u);
  await expect(page.getByRole('timer')).toContainText(/\d\d:\d\d/);
  if (shots) await page.screenshot({ path: `${shots}/call-turn.png`, fullPage: true });
  // Nothing beyond the current turn reached the page.
  const html = await page.content();
  for (const secret of [
    'apologize-ask',
    'quality',
    'feedback',
    call.nodes.verify.customer.text,
    call.endings.resolved.title,
  ])
    expect(html).not.toContain(secret);
  await expectNoSeriousAxe(page);
  if (shots) await page.screenshot({ path: `${shots}/call-turn.png`, fullPage: true });
  await choose(page, 'opening', 'apologize-ask', 0);
  await expect(page.getByTestId('mood')).toContainText('客户情绪：缓和');
  await expect(page.getByTestId('flags')).toContainText('已道歉');
  await choose(page, 'verify', 'verify-identity', 1);

  // Reload: the run resumes exactly at the typed turn.
  await expect(page.getByLabel(call.nodes.diagnose.turn.prompt)).toBeVisible();
  await page.reload();
  await hydrated(page);
  await expect(page.getByRole('heading', { name: '第 3 轮 · 客户说' })).toBeVisible();
  await expect(page.getByTestId('flags')).toContainText('已道歉、已核实');
  await page.getByLabel(call.nodes.diagnose.turn.prompt).fill(call.nodes.diagnose.turn.modelAnswer);
  await expectNoSeriousAxe(page);
  await page.getByRole('button', { name: '回复客户' }).click();

  // Turn 4: recorded with the fake microphone, measured on the device, uploaded.
  await expect(page.getByText(call.nodes.callback.turn.delivery)).toBeVisible();
  await page.getByRole('button', { name: '开始录音' }).click();
  const stop = page.getByRole('button', { name: /^停止录音（([3-9]|\d{2,}) 秒/ });
  await expect(stop).toBeVisible({ timeout: 30_000 });
  await stop.click();
  await expect(page.locator('[data-phase]')).toHaveAttribute('data-phase', 'done', { timeout: 30_000 });
  await expect(page.getByTestId('call-metrics')).toContainText('字/分钟');
  if (shots) await page.screenshot({ path: `${shots}/call-recorded.png`, fullPage: true });
  await page.getByRole('button', { name: '提交录音' }).click();

  // Turn 5, then the debrief.
  await choose(page, 'closing', 'thank-close', 4);
  await expect(page.getByTestId('debrief')).toBeVisible();
  await expect(page.getByRole('heading', { name: /结果：\s*通过/ })).toBeVisible();
  await expect(page.getByText(`通话结局：${call.endings.resolved.title}`)).toBeVisible();
  await expect(page.getByTestId('path-taken').locator(':scope > li')).toHaveCount(5);
  await expect(page.getByTestId('path-taken')).toContainText('已包含「致歉」');
  await expect(page.getByTestId('path-taken')).toContainText('（录音，');
  const mine = await page.getByTestId('path-taken').locator('audio').getAttribute('src');
  const played = await page.request.get(mine!);
  expect(played.status()).toBe(200);
  expect(played.headers()['content-type']).toMatch(/^(audio|video)\/(webm|ogg|mp4)/);
  await expect(page.getByTestId('model-path').locator(':scope > li')).toHaveCount(5);
  await expect(page.getByTestId('dimension-scores').locator('tbody tr')).toHaveCount(5);
  await expectNoSeriousAxe(page);
  if (shots) await page.screenshot({ path: `${shots}/call-debrief.png`, fullPage: true });
  const admin = await e2eAdmin();
  const runs = await admin.collection('call_runs').getFullList({ filter: `user = "${trainee.id}"` });
  expect(runs).toHaveLength(1);
  expect(runs[0]).toMatchObject({ status: 'ended', ending: 'resolved', passed: true });
  const recordings = await admin.collection('call_run_recordings').getFullList({ filter: `run = "${runs[0]!.id}"` });
  expect(recordings).toHaveLength(1);
  expect(recordings[0]!.deviceMetrics.rate.charsPerMinute).toBeGreaterThan(0);

  // Back on the list: the best result; the ended run cannot be answered again (a replayed turn is refused).
  await page.goto(runUrl);
  await expect(page.getByTestId('debrief')).toBeVisible();
  const runId = runUrl.split('/').pop();
  const replay = await page.request.post('/_actions/submitCallTurn', {
    data: { runId, turnIndex: 4, reply: { kind: 'choice', key: '0' } },
  });
  expect(replay.status()).toBe(409);
  const huge = await page.request.post('/_actions/submitCallTurn', {
    data: { runId, turnIndex: 4, reply: { kind: 'typed', text: 'x'.repeat(2_000_000) } },
  });
  expect(huge.status()).toBe(413);
  await page.goto('/learn/calls');
  await expect(page.locator('[data-call="sample-slow-broadband"]')).toContainText('通过');
});

test('a poor start branches: the customer gets angry and hangs up; on a 390 px phone', async ({ page }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 390, height: 844 });
  const trainee = await freshTrainee('模拟来电学员二');
  await signIn(page, trainee.email, trainee.password);
  await page.goto('/learn/calls');
  await expectNoSideScroll(page);
  if (shots) await page.screenshot({ path: `${shots}/calls-list-phone.png`, fullPage: true });
  await page.goto('/learn/calls/sample-slow-broadband');
  await page.getByRole('button', { name: '接听来电' }).click();
  await hydrated(page);
  await expectNoSideScroll(page);
  if (shots) await page.screenshot({ path: `${shots}/call-turn-phone.png`, fullPage: true });
  await choose(page, 'opening', 'blame-peak', 0);
  await expect(page.getByTestId('mood')).toContainText('客户情绪：愤怒');
  // The server refuses to re-pick a submitted turn, even from a stale tab.
  const runId = page.url().split('/').pop();
  const again = await page.request.post('/_actions/submitCallTurn', {
    data: { runId, turnIndex: 0, reply: { kind: 'choice', key: '0' } },
  });
  expect(again.status()).toBe(409);
  expect((await again.json()).message).toContain('已经提交过');
  await choose(page, 'verify', 'skip-verify', 1);
  await page.getByLabel(call.nodes.diagnose.turn.prompt).fill('我保证明天一定给您修好');
  await page.getByRole('button', { name: '回复客户' }).click();
  await expect(page.getByTestId('debrief')).toBeVisible();
  await expect(page.getByRole('heading', { name: /结果：\s*未通过/ })).toBeVisible();
  await expect(page.getByText(`通话结局：${call.endings['hung-up'].title}`)).toBeVisible();
  await expect(page.getByTestId('path-taken')).toContainText('出现无条件承诺');
  await expectNoSideScroll(page);
  await expectNoSeriousAxe(page);
  if (shots) await page.screenshot({ path: `${shots}/call-debrief-phone.png`, fullPage: true });
});

/** Sign a request context in through the real form. */
async function signedInRequest(request: APIRequestContext, baseURL: string, email: string, password: string) {
  const response = await request.post('/signin?_action=signIn', {
    form: { email, password },
    headers: { origin: baseURL },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(303);
}
const han = /[\u4e00-\u9fff]/;

test("an attacker can neither read nor answer another trainee's call, whatever they send", async ({
  playwright,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const admin = await e2eAdmin();
  const [owner, attacker] = await Promise.all([freshTrainee('来电主人'), freshTrainee('来电攻击者')]);
  const ownerRequest = await playwright.request.newContext({ baseURL });
  await signedInRequest(ownerRequest, baseURL!, owner.email, owner.password);
  const started = await ownerRequest.post('/_actions/startCallRun', {
    multipart: { call: 'sample-slow-broadband' },
    headers: { origin: baseURL! },
  });
  expect(started.status()).toBe(200);
  const run = await admin.collection('call_runs').getFirstListItem(`user = "${owner.id}"`);
  const before = JSON.stringify(run);
  const request = await playwright.request.newContext({ baseURL });
  await signedInRequest(request, baseURL!, attacker.email, attacker.password);
  expect((await request.get(`/learn/calls/run/${run.id}`)).status()).toBe(404);
  const junk = fc.oneof(
    fc.anything({ maxDepth: 3 }),
    fc.string({ maxLength: 600 }),
    fc.constantFrom(null, 0, '', [], {}),
  );
  const payload = fc.oneof(
    junk,
    fc.record(
      {
        runId: fc.oneof(junk, fc.constant(run.id), fc.stringMatching(/^[a-z0-9]{15}$/)),
        turnIndex: fc.oneof(junk, fc.integer({ min: -2, max: 300 })),
        reply: fc.oneof(
          junk,
          fc.record(
            { kind: fc.constantFrom('choice', 'typed', 'recorded', 'x'), key: junk, text: junk },
            { requiredKeys: [] },
          ),
        ),
      },
      { requiredKeys: [] },
    ),
  );
  await fc.assert(
    fc.asyncProperty(payload, async (data) => {
      const response = await request.post('/_actions/submitCallTurn', {
        data: JSON.stringify(data ?? null),
        headers: { 'content-type': 'application/json' },
      });
      const body = await response.text();
      expect(response.status(), body.slice(0, 200)).toBeGreaterThanOrEqual(400);
      expect(response.status(), body.slice(0, 200)).toBeLessThan(500);
      expect(han.test(body), body.slice(0, 200)).toBe(true);
    }),
    { numRuns: 150 },
  );
  // Well-formed answers to the owner's run, and a recording, are refused like a missing run.
  for (const key of ['0', '1', '2']) {
    const r = await request.post('/_actions/submitCallTurn', {
      data: { runId: run.id, turnIndex: 0, reply: { kind: 'choice', key } },
    });
    expect(r.status()).toBe(404);
  }
  const audio = readFileSync('tests/fixtures/voice/closing-blessing.ogg');
  const recorded = await request.post('/_actions/submitCallRecording', {
    multipart: {
      runId: run.id,
      turnIndex: '0',
      metrics: '{}',
      audio: { name: 'a.ogg', mimeType: 'audio/ogg', buffer: audio },
    },
    headers: { origin: baseURL! },
  });
  expect(recorded.status()).toBe(404);
  expect(JSON.stringify(await admin.collection('call_runs').getOne(run.id))).toBe(before);
  expect(await admin.collection('call_run_recordings').getFullList({ filter: `run = "${run.id}"` })).toHaveLength(0);
});
