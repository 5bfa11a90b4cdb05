// `npm run bench [-- --quick] [--out results.json] [--exam-trainees N] [--only a,b]`: performance figures measured
// side by side in one run, on this machine, against its own PocketBase and app server (free ports, temporary data
// dir). The scenarios and their checks live in src/bench/scenarios.ts; this file starts the servers, runs them and
// reports.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import {
  runScenario,
  summarizeChecks,
  type BenchMode,
  type Scenario,
  type ScenarioOutcome,
} from '../bench/scenario.ts';
import {
  accounts,
  benchSizes,
  certifiedSubmit,
  examDay,
  examStart,
  heartbeats,
  hrDashboard,
  pageWeights,
  quizSubmit,
  seedVolumes,
  siteBuild,
  voiceAnalysis,
  type BenchContext,
} from '../bench/scenarios.ts';
import { processTreeCpuMs } from '../bench/process-cpu.ts';
import { adminClient } from '../platform/pocketbase/admin-client.ts';
import { startAppServer } from '../platform/process/app-process.ts';
import { createAdmin, findFreePort, resolvePocketBaseBinary, startPocketBase } from '../platform/pocketbase/process.ts';

const argValue = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const mode: BenchMode = process.argv.includes('--quick') ? 'quick' : 'full';
const outFile = argValue('--out');
const examTrainees = argValue('--exam-trainees');
const sizes = benchSizes(mode, examTrainees === undefined ? undefined : Number(examTrainees));
const log = (message: string) => console.error(`[bench] ${message}`);

// `--only bulk-seed,exam-start`: just those scenarios (names as in the report, `quiz-submit` for every level), e.g.
// to profile one path; a scenario whose input another one makes says so and fails.
const only = argValue('--only')?.split(',');
const outcomes: ScenarioOutcome[] = [];
const run = async <C, R>(scenario: Scenario<C, R>, context: C) => {
  if (only && !only.includes(scenario.name) && !only.includes(scenario.name.replace(/@.*/, ''))) return;
  outcomes.push(await runScenario(scenario, context, mode, log));
};

await run(siteBuild, undefined);

const dir = mkdtempSync(join(tmpdir(), 'academy-bench-'));
const bin = resolvePocketBaseBinary();
const pbDataDir = join(dir, 'pb');
const pbServer = await startPocketBase({
  bin,
  dataDir: pbDataDir,
  port: await findFreePort(),
  origins: ['http://127.0.0.1'],
});
try {
  await createAdmin(bin, pbDataDir, 'bench@example.com', 'bench-admin-password');
  const admin = await adminClient(pbServer.url, 'bench@example.com', 'bench-admin-password');
  const app = await startAppServer({
    host: '127.0.0.1',
    port: await findFreePort(),
    // The reminders scheduler stays off: a run over the bench's 10,000 staff would distort the request figures.
    env: {
      PB_URL: pbServer.url,
      PB_ADMIN_EMAIL: 'bench@example.com',
      PB_ADMIN_PASSWORD: 'bench-admin-password',
      NOTIFY_SCHEDULER: 'off',
    },
  });
  try {
    const cpu = () => ({ app: processTreeCpuMs(app.process.pid), pb: processTreeCpuMs(pbServer.process.pid) });
    const context: BenchContext = { sizes, appUrl: app.url, pbDataDir, admin, password: 'bench-password-1', log, cpu };
    await run(accounts, context);
    for (const concurrency of sizes.submit) await run(quizSubmit(concurrency), context);
    await run(heartbeats, context);
    await run(seedVolumes, context);
    await run(pageWeights, context);
    await run(hrDashboard, context);
    await run(examStart, context);
    await run(certifiedSubmit, context);
    await run(examDay, context);
  } finally {
    await app.stop();
  }
} finally {
  await pbServer.stop();
  // BENCH_KEEP=1 keeps PocketBase's data (10,000 staff, the exam's attempts) to profile requests against afterwards.
  if (process.env.BENCH_KEEP) log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
await run(voiceAnalysis, undefined);

const rows = outcomes.flatMap((o) => o.rows);
const width = Math.max(...rows.map(([k]) => k.length));
console.log(
  `\nHotline Academy bench${mode === 'quick' ? ' (quick smoke run)' : ''} — ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${process.version}\n`,
);
for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
if (outFile) {
  const machine = {
    cpus: cpus().length,
    model: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
  const scenarios = Object.fromEntries(
    outcomes.map((o) => [o.scenario, { result: o.result, error: o.error, checks: o.checks }]),
  );
  writeFileSync(
    outFile,
    JSON.stringify(
      { machine, mode, sizes, scenarios },
      (_k, v: unknown) => (typeof v === 'number' && Number.isNaN(v) ? null : v),
      2,
    ),
  );
}
const summary = summarizeChecks(outcomes);
console.log('');
for (const line of summary.lines) console.log(line);
if (summary.failed) process.exit(1);
