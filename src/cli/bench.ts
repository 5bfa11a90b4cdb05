// `npm run bench [-- --quick] [--out results.json]`: performance figures measured side by side in one run, on this
// machine, against its own PocketBase and app server (free ports, temporary data dir).
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { analyzeVoice } from '../lib/voice/analyze-voice.ts';
import { runLoad } from '../bench/load.ts';
import { clientJsBytes } from '../bench/client-js.ts';
import { adminClient } from '../server/admin-client.ts';
import { buildSite, startAppServer } from '../server/app-process.ts';
import { createAdmin, findFreePort, projectRoot, resolvePocketBaseBinary, startPocketBase } from '../server/pocketbase-process.ts';
import { createStaffUser } from '../server/seed.ts';
import { moduleSlugs } from '../schemas/module.ts';
import { authTokenMinter, bulkSeed } from '../bench/bulk-seed.ts';
import { examDaySchedule, scheduleTotals, type ExamDayPlan } from '../bench/exam-day-schedule.ts';
import { replayExamDay } from '../bench/open-model.ts';
import { traineeClient } from '../bench/virtual-trainee.ts';
import { authCookieName } from '../server/session.ts';
import { seededRandom } from '../lib/seeded-random.ts';

const quick = process.argv.includes('--quick');
const argValue = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const outFile = argValue('--out');
const size = quick
  ? { users: 4, submit: [5, 10], learners: 20, heartbeatSeconds: 3, volumes: { staff: 300, lessonProgress: 2_100, attempts: 900 }, hrRepeats: 3 }
  : { users: 40, submit: [50, 200], learners: 500, heartbeatSeconds: 20, volumes: { staff: 10_000, lessonProgress: 70_000, attempts: 30_000 }, hrRepeats: 10 };
const examDay: ExamDayPlan = quick
  ? { trainees: 30, startWindowSeconds: 3, sittingSeconds: [6, 9], autosaveEverySeconds: [2, 4] }
  : { trainees: 10_000, startWindowSeconds: 60, sittingSeconds: [150, 180], autosaveEverySeconds: [30, 90] };
// `--exam-trainees N`: a smaller (or larger) exam day, to find where this machine's limit lies.
if (argValue('--exam-trainees')) examDay.trainees = Number(argValue('--exam-trainees'));
size.volumes.staff = Math.max(size.volumes.staff, examDay.trainees);
const password = 'bench-password-1';
const results: Record<string, unknown> = { machine: { cpus: cpus().length, model: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version }, quick };
const rows: [string, string][] = [];
const log = (msg: string) => console.error(`[bench] ${msg}`);

const dir = mkdtempSync(join(tmpdir(), 'academy-bench-'));
const bin = resolvePocketBaseBinary();

// Build (timed: build time per lesson page).
const buildStart = performance.now();
await buildSite();
const buildSeconds = (performance.now() - buildStart) / 1000;
const lessonPages = readdirSync(join(projectRoot, 'content', 'modules'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.mdx')).length;
results.build = { seconds: Math.round(buildSeconds * 10) / 10, lessonPages, secondsPerLesson: Math.round((buildSeconds / lessonPages) * 1000) / 1000 };
rows.push(['site build (whole site / per lesson page)', `${buildSeconds.toFixed(1)} s / ${(buildSeconds / lessonPages).toFixed(2)} s`]);

const pbServer = await startPocketBase({ bin, dataDir: join(dir, 'pb'), port: await findFreePort(), origins: ['http://127.0.0.1'] });
await createAdmin(bin, join(dir, 'pb'), 'bench@example.com', 'bench-admin-password');
const admin = await adminClient(pbServer.url, 'bench@example.com', 'bench-admin-password');
const appPort = await findFreePort();
const app = await startAppServer({ host: '127.0.0.1', port: appPort, env: { PB_URL: pbServer.url, PB_ADMIN_EMAIL: 'bench@example.com', PB_ADMIN_PASSWORD: 'bench-admin-password' } });

try {
  // Users and sessions. Account creation and sign-in cost a bcrypt hash each in PocketBase: timed too.
  log(`creating and signing in ${size.users} trainees`);
  let t0 = performance.now();
  const users = await Promise.all(
    Array.from({ length: size.users }, (_, i) =>
      createStaffUser(admin, { email: `bench${i}@example.com`, name: `压测${i}`, employeeNo: `B${10000 + i}`, role: 'trainee', department: '压测部', team: `${i % 5}班`, password }),
    ),
  );
  const createSeconds = (performance.now() - t0) / 1000;
  t0 = performance.now();
  const cookies = await Promise.all(
    users.map(async (u) => {
      const res = await fetch(`${app.url}/signin`, { method: 'POST', redirect: 'manual', headers: { origin: app.url, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ email: u.email, password }) });
      return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    }),
  );
  const signInSeconds = (performance.now() - t0) / 1000;
  results.accounts = { created: users.length, createPerSecond: +(users.length / createSeconds).toFixed(1), signInPerSecond: +(users.length / signInSeconds).toFixed(1) };
  rows.push(['account creation / sign-in (bcrypt in PocketBase)', `${(users.length / createSeconds).toFixed(1)} /s / ${(users.length / signInSeconds).toFixed(1)} /s`]);

  const post = (path: string, cookie: string, body: unknown) =>
    fetch(`${app.url}${path}`, { method: 'POST', headers: { cookie, 'content-type': 'application/json', origin: app.url }, body: JSON.stringify(body) });

  // Quiz submissions: the full path (session, validation, grading, writes) vs raw PocketBase creates.
  const startAttempts = async (n: number) => {
    const ids: { attemptId: string; cookie: string }[] = [];
    for (let i = 0; ids.length < n; i++) {
      const user = users[i % users.length]!;
      const module = moduleSlugs[Math.floor(i / users.length) % moduleSlugs.length]!;
      const cookie = cookies[i % users.length]!;
      await fetch(`${app.url}/learn/quiz/${module}`, { method: 'POST', redirect: 'manual', headers: { cookie, origin: app.url } });
      const open = await admin.collection('attempts').getFirstListItem(admin.filter('user = {:u} && quiz = {:q} && status = "in-progress"', { u: user.id, q: `quiz-${module}` }), { requestKey: null });
      ids.push({ attemptId: open.id, cookie });
    }
    return ids;
  };
  const submits: Record<string, unknown> = {};
  for (const concurrency of size.submit) {
    log(`quiz submissions at ${concurrency} concurrent trainees`);
    const attempts = await startAttempts(concurrency);
    const submit = await runLoad(concurrency, attempts.length, async (_w, i) => {
      const a = attempts[i]!;
      const res = await post('/_actions/submitAttempt', a.cookie, { attemptId: a.attemptId, responses: {} });
      await res.arrayBuffer();
      return res.ok;
    });
    const raw = await runLoad(concurrency, attempts.length, async (_w, i) => {
      await admin.collection('audit_log').create({ actor: users[i % users.length]!.id, action: 'bench.raw', target: String(i), details: { i } }, { requestKey: null });
      return true;
    });
    submits[concurrency] = { submit, rawCreate: raw, ratio: +(submit.perSecond / raw.perSecond).toFixed(2) };
    rows.push([`quiz submit @${concurrency}: full path vs raw PB create`, `${submit.perSecond}/s vs ${raw.perSecond}/s (ratio ${(submit.perSecond / raw.perSecond).toFixed(2)}); p50/p95/p99 ${submit.p50}/${submit.p95}/${submit.p99} ms; errors ${submit.errors}`]);
  }
  results.quizSubmissions = submits;

  // Progress heartbeats: many concurrent learners, spread over the signed-in sessions.
  log(`heartbeats from ${size.learners} concurrent learners for ${size.heartbeatSeconds} s`);
  const lesson = 'service-mindset/01-why-service-matters';
  let n = 0;
  const heartbeats = await runLoad(size.learners, Number.MAX_SAFE_INTEGER, async (worker) => {
    const res = await post('/_actions/recordProgress', cookies[worker % cookies.length]!, { events: [{ id: `bench-${worker}-${n++}-${Date.now()}`, lesson, type: 'heartbeat', seconds: 15 }] });
    await res.arrayBuffer();
    return res.ok;
  }, size.heartbeatSeconds * 1000);
  results.heartbeats = heartbeats;
  rows.push([`progress heartbeats, ${size.learners} concurrent learners`, `${heartbeats.perSecond}/s; p50/p95 ${heartbeats.p50}/${heartbeats.p95} ms; errors ${heartbeats.errors}`]);

  // Client JavaScript per page type (gzip).
  const pages: Record<string, string> = {
    'module index page (no islands)': '/modules/service-mindset/index.html',
    'lesson with practice checks': '/modules/service-mindset/01-why-service-matters/index.html',
  };
  const js: Record<string, unknown> = {};
  for (const [name, file] of Object.entries(pages)) {
    const html = readFileSync(join(projectRoot, 'dist', 'client', file), 'utf8');
    js[name] = clientJsBytes(html, join(projectRoot, 'dist', 'client'));
  }
  await fetch(`${app.url}/learn/quiz/service-mindset`, { method: 'POST', redirect: 'manual', headers: { cookie: cookies[0]!, origin: app.url } });
  const serverPages: Record<string, string> = { 'quiz page (attempt open)': '/learn/quiz/service-mindset', 'voice lab': '/learn/voice' };
  for (const [name, path] of Object.entries(serverPages)) {
    const html = await (await fetch(`${app.url}${path}`, { headers: { cookie: cookies[0]! } })).text();
    js[name] = clientJsBytes(html, join(projectRoot, 'dist', 'client'));
  }
  results.clientJs = js;
  for (const [name, v] of Object.entries(js) as [string, { gzip: number; files: number }][]) rows.push([`client JS: ${name}`, `${(v.gzip / 1024).toFixed(1)} KiB gzip in ${v.files} files`]);

  // Realistic volumes, written straight into the database (see bulk-seed.ts for why), then the HR dashboard.
  const v = size.volumes;
  log(`seeding ${v.staff} staff, ${v.lessonProgress} lesson-progress records, ${v.attempts} attempts`);
  t0 = performance.now();
  const seeded = bulkSeed(join(dir, 'pb'), v, { contentDir: join(projectRoot, 'content'), passwordOf: users[0]!.id, program: 'hotline-agent', now: new Date() });
  results.volumes = { ...seeded.counts, seconds: +((performance.now() - t0) / 1000).toFixed(1) };
  const mint = authTokenMinter(join(dir, 'pb'));
  const cookieOf = (u: { id: string; tokenKey: string }) => `${authCookieName}=${mint(u)}`;

  const hrCookie = cookieOf(seeded.hr);
  const hrPages = {
    'default view': '/hr',
    'filtered view': `/hr?department=${encodeURIComponent(seeded.departments[1]!)}&status=expired&sort=-expiresAt`,
    '.xlsx export': '/hr/export?format=xlsx',
  };
  const hr: Record<string, unknown> = {};
  for (const [name, path] of Object.entries(hrPages)) {
    log(`HR ${name} × ${size.hrRepeats}`);
    let bytes = 0;
    const get = async () => {
      const res = await fetch(`${app.url}${path}`, { headers: { cookie: hrCookie } });
      bytes = (await res.arrayBuffer()).byteLength;
      if (!res.ok) throw new Error(`HR ${path}: HTTP ${res.status}`);
      return true;
    };
    await get(); // warms caches; not counted
    const timed = await runLoad(1, size.hrRepeats, get);
    if (timed.errors) throw new Error(`HR ${path} failed ${timed.errors} times`);
    hr[name] = { requests: timed.requests, p50: Math.round(timed.p50), p95: Math.round(timed.p95), bytes };
  }
  results.hrDashboard = hr;
  const hrRow = (k: string) => (hr[k] as { p95: number }).p95;
  rows.push([`HR dashboard @${v.staff} staff, ${v.lessonProgress} progress, ${v.attempts} attempts (p95)`, `default ${hrRow('default view')} ms / filtered ${hrRow('filtered view')} ms / .xlsx export ${hrRow('.xlsx export')} ms`]);

  // Exam day: an open-model replay of every seeded trainee sitting the certification exam.
  const schedule = examDaySchedule(examDay, seededRandom('exam-day'));
  const totals = scheduleTotals(schedule);
  log(`exam day: ${totals.starts} starts within ${examDay.startWindowSeconds} s, ${totals.autosaves} autosaves, ${totals.submits} submits over ${totals.seconds.toFixed(0)} s`);
  const busy = { start: 0, autosave: 0, submit: 0 };
  const clients = seeded.trainees.slice(0, examDay.trainees).map((u) =>
    traineeClient({ appUrl: app.url, cookie: cookieOf(u), examPath: '/learn/exam/hotline-agent', timeoutMs: 120_000, onBusy: (step) => busy[step]++ }),
  );
  const exam = await replayExamDay(
    schedule,
    {
      start: async (i, stop) => {
        await clients[i]!.start(stop);
        return clients[i]!;
      },
      autosave: (client, stop) => client.autosave(stop),
      submit: (client, stop) => client.submit(stop),
    },
    // Two minutes past the schedule's end, whatever is still open counts as an error (keeps the bench under 10 min).
    (totals.seconds + 120) * 1000,
  );
  results.examDay = { plan: examDay, schedule: totals, steps: exam, busyRetries: busy };
  for (const step of ['start', 'autosave', 'submit'] as const) {
    const r = exam[step];
    rows.push([`exam day @${examDay.trainees} trainees: ${step}`, `${r.requests} requests, ${r.errors} errors${r.unfinished ? ` (${r.unfinished} unfinished at the stop)` : ''}${r.skipped ? `, ${r.skipped} not sent` : ''}, ${busy[step]} busy retries; p50/p95/p99 ${r.p50}/${r.p95}/${r.p99} ms; send lag p95 ${r.lagP95} ms`]);
    for (const message of r.sampleErrors) log(`exam day ${step} error: ${message}`);
  }

  // Voice analysis real-time factor on a 30-second clip (speech-like synthetic signal).
  const rate = 16_000;
  const clip = new Float32Array(rate * 30);
  for (let i = 0; i < clip.length; i++) {
    const t = i / rate;
    const f0 = 160 + 30 * Math.sin(2 * Math.PI * 0.5 * t);
    const envelope = Math.sin(Math.PI * ((t * 4) % 1)) > 0.2 ? 0.3 : 0;
    clip[i] = envelope * (Math.sin(2 * Math.PI * f0 * t) + 0.5 * Math.sin(4 * Math.PI * f0 * t));
  }
  t0 = performance.now();
  analyzeVoice(clip, rate, { text: '您好，中国电信10000号，工号1234为您服务，请问有什么可以帮您？' });
  const analysisSeconds = (performance.now() - t0) / 1000;
  results.voice = { clipSeconds: 30, analysisSeconds: +analysisSeconds.toFixed(3), realTimeFactor: +(analysisSeconds / 30).toFixed(4) };
  rows.push(['voice analysis, 30 s clip', `${analysisSeconds.toFixed(2)} s (real-time factor ${(analysisSeconds / 30).toFixed(3)})`]);
} finally {
  await app.stop();
  await pbServer.stop();
  rmSync(dir, { recursive: true, force: true });
}

// Smoke checks: every load ran without errors and every figure was measured.
type Load = { errors: number; perSecond: number };
const loads: Load[] = [
  ...Object.values(results.quizSubmissions as Record<string, { submit: Load }>).map((r) => r.submit),
  results.heartbeats as Load,
  ...Object.values((results.examDay as { steps: Record<string, Load> }).steps),
];
const checks = [
  ...loads.map((l) => l.errors === 0 && l.perSecond > 0),
  Object.values(results.hrDashboard as Record<string, { p95: number; bytes: number }>).every((p) => p.p95 > 0 && p.bytes > 0),
  (results.voice as { analysisSeconds: number }).analysisSeconds > 0,
  rows.length >= 12,
];
const failed = checks.filter((ok) => !ok).length;

const width = Math.max(...rows.map(([k]) => k.length));
console.log(`\nHotline Academy bench${quick ? ' (quick smoke run)' : ''} — ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${process.version}\n`);
for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
if (outFile) writeFileSync(outFile, JSON.stringify(results, null, 2));
console.log(`\nbench: ${checks.length - failed} passed, ${failed} failed`);
if (failed) process.exit(1);
