// `npm test`: every suite in order, stopping at the first that fails, then each suite's wall time and the total
// (issue 15 asks for the test run's wall time to be printed; CI must stay under 30 minutes).
import { spawnSync } from 'node:child_process';

const suites = ['typecheck', 'lint', 'test:unit', 'test:integration', 'test:e2e', 'test:bench'] as const;

const times: { suite: string; seconds: number; status: number }[] = [];
const started = performance.now();
for (const suite of suites) {
  const t0 = performance.now();
  // npm_execpath is the npm that started `npm test`; its `run` puts this project's Node 24 first on PATH again.
  const npm = process.env.npm_execpath;
  const { status, error } = npm
    ? spawnSync(process.execPath, [npm, 'run', suite], { stdio: 'inherit' })
    : spawnSync('npm', ['run', suite], { stdio: 'inherit' });
  if (error) console.error(`[test] could not run ${suite}: ${error.message}`);
  times.push({ suite, seconds: (performance.now() - t0) / 1000, status: status ?? 1 });
  if (status !== 0) break;
}

const clock = (seconds: number) =>
  seconds >= 60 ? `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s` : `${seconds.toFixed(1)} s`;
const failed = times.find((t) => t.status !== 0);
console.log('\nnpm test wall time');
for (const t of times)
  console.log(`  ${t.suite.padEnd(18)} ${clock(t.seconds).padStart(12)}${t.status ? '  FAILED' : ''}`);
console.log(`  ${'total'.padEnd(18)} ${clock((performance.now() - started) / 1000).padStart(12)}`);
if (failed) console.log(`  stopped after ${failed.suite} failed; later suites did not run`);
process.exit(failed ? failed.status : 0);
