// Checks simulated call files (schema + graph checks) and prints each call's model path — for authors — then the
// surface-cue figures of their choice turns (src/domain/calls/cues.ts), whose limits apply to the whole set only.
// Usage: npm run calls:check [-- <file.json> …]   (default: every content/calls/*.json)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { callCueProblems, describeCallCues, measureCallCues } from '../domain/calls/cues.ts';
import { checkCallScenario, modelPath } from '../domain/calls/graph.ts';
import { callScenarioSchema, type CallScenario } from '../domain/calls/schema.ts';
import { describeIssues } from '../platform/errors/validation-message.ts';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const args = process.argv.slice(2);
const dir = join(root, 'content', 'calls');
const files = args.length
  ? args
  : existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .map((f) => join(dir, f))
    : [];
const lessonExists = (ref: string) => existsSync(join(root, 'content', 'modules', `${ref}.mdx`));
let failed = 0;
const calls: CallScenario[] = [];
for (const file of files) {
  const parsed = callScenarioSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  const problems = parsed.success
    ? checkCallScenario(parsed.data, { lessonExists })
    : describeIssues(basename(file), parsed.error);
  if (parsed.success && parsed.data.id !== basename(file, '.json'))
    problems.push(`id "${parsed.data.id}" differs from the file name`);
  if (problems.length) failed++;
  console.log(`${file}: ${problems.length ? `${problems.length} problem(s)` : 'ok'}`);
  for (const p of problems) console.log(`  - ${p}`);
  if (parsed.success) {
    calls.push(parsed.data);
    const model = modelPath(parsed.data);
    console.log(
      `  model path (${model.steps.length} turns → ${model.ending}): ${model.steps.map((s) => s.key).join(' → ')}`,
    );
  }
}
if (!files.length) console.log('No call files.');
else {
  const cues = measureCallCues(calls);
  console.log(`Choice turns of ${calls.length} call(s): ${describeCallCues(cues)}`);
  // One call has too few turns to judge; the limits hold for the whole set (as in npm run content:check).
  const problems = args.length ? [] : callCueProblems(cues);
  for (const p of problems) console.log(`  - ${p}`);
  if (problems.length) failed++;
}
process.exit(failed ? 1 : 0);
