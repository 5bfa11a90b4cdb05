import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { expectNoSeriousAxe, expectNoSideScroll } from './axe.ts';
import { demo, signIn } from './demo-accounts.ts';
import { recordedReply, recordedReplyMetrics } from '../support/recorded-reply.ts';
import { e2eAdmin, freshTrainee } from './e2e-admin.ts';
import { scoreEveryCriterion } from './practical-form.ts';

// A trainee's ended run of the fixture call (tests/fixtures/calls/sample-slow-broadband.json, served with
// CALL_FIXTURES=on) along its model path, written as the server writes one (the trainee side is covered by
// calls.spec.ts), with the recorded reply of turn 4 stored as a protected file.
const call = JSON.parse(readFileSync('tests/fixtures/calls/sample-slow-broadband.json', 'utf8'));
const shots = process.env.CALL_SHOTS_DIR;

async function endedRun(userId: string): Promise<{ runId: string; recordingId: string }> {
  const admin = await e2eAdmin();
  const at = '2026-11-27T10:00:00.000Z';
  const option = (node: string, id: string) => ({
    kind: 'choice',
    optionId: id,
    text: call.nodes[node].turn.options.find((o: { id: string }) => o.id === id).text,
  });
  const points = { courtesy: 3, empathy: 4, compliance: 2, accuracy: 2, efficiency: 0 };
  const run = await admin.collection('call_runs').create({
    user: userId,
    call: call.id,
    status: 'ended',
    state: { node: 'resolved', mood: 'calm', flags: ['apologized', 'verified', 'promised-time'], points, turn: 5 },
    turns: [],
    ending: 'resolved',
    scores: { points, modelPoints: points, ratio: 1, passed: true },
    passed: true,
    startedAt: at,
    endedAt: at,
    version: 1,
  });
  const form = new FormData();
  Object.entries({
    user: userId,
    run: run.id,
    call: call.id,
    node: 'callback',
    turnIndex: '3',
    durationSec: '12.7',
  }).forEach(([k, v]) => form.set(k, v));
  const reply = recordedReply();
  form.set('deviceMetrics', reply.metrics);
  form.set('audio', reply.audio);
  const recording = await admin.collection('call_run_recordings').create(form);
  const turn = (index: number, node: string, submitted: object, outcome: string, p: object) => ({
    index,
    node,
    submitted,
    outcome,
    mood: 'calm',
    flags: [],
    points: p,
    at,
  });
  const typed = call.nodes.diagnose.turn.modelAnswer as string;
  await admin.collection('call_runs').update(run.id, {
    turns: [
      turn(0, 'opening', option('opening', 'apologize-ask'), 'option:apologize-ask', { courtesy: 1, empathy: 2 }),
      turn(1, 'verify', option('verify', 'verify-identity'), 'option:verify-identity', { compliance: 2 }),
      turn(
        2,
        'diagnose',
        { kind: 'typed', text: typed, present: [], missing: [], forbidden: [], score: 1 },
        'outcome:0',
        { accuracy: 2, empathy: 1 },
      ),
      turn(
        3,
        'callback',
        { kind: 'recorded', recordingId: recording.id, durationSec: 12.7, metrics: recordedReplyMetrics },
        'recorded',
        {
          empathy: 1,
        },
      ),
      turn(4, 'closing', option('closing', 'thank-close'), 'option:thank-close', { courtesy: 2 }),
    ],
    version: 2,
  });
  return { runId: run.id, recordingId: recording.id };
}

test('a trainer reviews a call run: listens to a recorded reply, scores it, reads the statistics', async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const admin = await e2eAdmin();
  const trainee = await freshTrainee('来电点评学员');
  const trainer = await freshTrainee('来电点评考官', 'trainer');
  const otherTrainer = await freshTrainee('别班考官', 'trainer');
  await admin.collection('cohorts').create({ name: '来电点评班', trainer: trainer.id, members: [trainee.id] });
  const { runId, recordingId } = await endedRun(trainee.id);

  await signIn(page, trainer.email, trainer.password);
  await page.goto(`/trainer/trainees/${trainee.id}`);
  const runCard = page.locator(`[data-call-run="${runId}"]`);
  await expect(runCard).toContainText(call.title);
  await expect(runCard).toContainText('通过');
  await expect(runCard).toContainText(`结局：${call.endings.resolved.title}`);
  await runCard.getByText('通话路径（5 轮）').click();
  const audio = runCard.locator(`[data-call-recording="${recordingId}"]`);
  await expect(audio).toBeVisible();
  // The trainer hears the recording through the app; another trainer is refused like a missing one.
  const src = await audio.getAttribute('src');
  const heard = await page.request.get(src!);
  expect(heard.status()).toBe(200);
  expect(heard.headers()['content-type']).toMatch(/^audio\/ogg/);
  const other = await browser.newPage();
  await signIn(other, otherTrainer.email, otherTrainer.password);
  await expect(other).toHaveURL(/\/trainer/);
  expect((await other.request.get(src!)).status()).toBe(404);
  await other.close();
  // What each program still needs, including the required calls.
  await expect(page.locator('[data-cert-progress] [data-program="complaint-specialist"]')).toContainText(
    '通过模拟来电：',
  );
  await expectNoSeriousAxe(page);
  if (shots) await page.locator('#calls').screenshot({ path: `${shots}/trainer-call-runs.png` });

  // Score the run's recorded replies with the rubric: the practical names the run as its evidence.
  await runCard.getByRole('link', { name: '为这次通话的录音回复评分（作为实操考核证据）' }).click();
  await expect(page.getByLabel('证据：模拟来电录音')).toHaveValue(runId);
  await expect(page.getByLabel('考核方式')).toHaveValue('call-review');
  await page.getByLabel('认证项目').selectOption({ value: '' });
  await scoreEveryCriterion(page, 4);
  await page.getByLabel('评语').fill('录音回复语气温和，承诺时限清楚。');
  await page.getByRole('button', { name: '保存考核成绩' }).click();
  await expect(page.getByRole('status')).toContainText('实操考核成绩已保存');
  const newest = page.locator('#practical [data-practicals] tbody tr').first();
  await expect(newest.locator(`[data-evidence-run="${runId}"]`)).toContainText(`证据：模拟来电 ${call.title}`);
  expect((await admin.collection('practical_assessments').getFirstListItem(`trainee = "${trainee.id}"`)).callRun).toBe(
    runId,
  );

  // Statistics over the trainer's own cohorts: one run, below the minimum sample.
  await page.getByRole('navigation', { name: '培训管理' }).getByRole('link', { name: '模拟来电统计' }).click();
  await page.getByRole('link', { name: call.title }).click();
  await expect(page.getByRole('heading', { name: `${call.title} · 来电统计` })).toBeVisible();
  await expect(page.locator('[data-summary]')).toContainText('共 1 次通话（已结束 1 次，通过 1 次）');
  await expect(page.locator('[data-insufficient]')).toContainText('样本不足');
  const opening = page.locator('[data-node="opening"]');
  await expect(opening).toContainText('回答 1 次');
  await expect(opening.getByRole('row', { name: /最佳/ })).toContainText('100%');
  await expect(page.locator('[data-node="diagnose"] [data-typed-scores]')).toContainText('90–100%：1 次');
  await expectNoSeriousAxe(page);
  if (shots) await page.screenshot({ path: `${shots}/trainer-call-stats.png`, fullPage: true });

  // A 390 px phone: no sideways scrolling on either page.
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoSideScroll(page);
  if (shots) await page.screenshot({ path: `${shots}/trainer-call-stats-390.png`, fullPage: true });
  await page.goto(`/trainer/trainees/${trainee.id}#calls`);
  await expectNoSideScroll(page);
  if (shots) await page.locator('#calls').screenshot({ path: `${shots}/trainer-call-runs-390.png` });

  // The trainee: the assigned call on the dashboard with its status, and the exam page names the calls still missing.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/trainer/cohorts');
  await page.getByLabel('内容').selectOption(`call:${call.id}`);
  await page.getByLabel('截止日期').fill('2027-01-15');
  await page.getByRole('button', { name: '分配给全班' }).click();
  await expect(page.getByTestId('assignment-list')).toContainText(`模拟来电：${call.title} · 截止`);
  const context = await browser.newContext();
  const mine = await context.newPage();
  await signIn(mine, trainee.email, trainee.password);
  await mine.goto('/learn');
  const row = mine.getByTestId('assignments').getByRole('row', { name: new RegExp(`模拟来电：${call.title}`) });
  await expect(row).toContainText('已完成');
  if (shots) await mine.screenshot({ path: `${shots}/learn-assigned-call.png`, fullPage: true });
  await mine.goto('/learn/exam/complaint-specialist?confirm');
  if (shots) await mine.screenshot({ path: `${shots}/exam-still-missing.png`, fullPage: true });
  await expect(mine.locator('[data-confirm="missing"]')).toContainText('模拟来电 · ');
  await expectNoSeriousAxe(mine);
  await context.close();

  // HR sees the same progress on the staff page (390 px phone).
  const hrContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const hrPage = await hrContext.newPage();
  await signIn(hrPage, demo.hr.email);
  await hrPage.goto(`/hr/staff/${trainee.id}`);
  await expect(hrPage.locator('[data-cert-progress] [data-program="complaint-specialist"]')).toContainText(
    '通过模拟来电：',
  );
  await expectNoSideScroll(hrPage);
  await expectNoSeriousAxe(hrPage);
  if (shots) await hrPage.screenshot({ path: `${shots}/hr-staff-progress-390.png`, fullPage: true });
  await hrContext.close();
});
