// Checks the course content (lessons, modules, question banks; certification programs, rubrics, role-play cases)
// and prints every problem.
// Usage: npm run content:check [-- --module <slug>] [-- --published]
// --published also checks the items trainers published at /trainer/questions, joined to their module's bank as the
// app joins them (needs the running PocketBase: PB_URL or PB_PORT, and the admin credentials, see admin-from-env.ts).
import { checkCertificationContent } from '../domain/certification/content.ts';
import { bankPoolReport, checkCalls, checkCourse } from '../domain/course/content-check.ts';
import { readCourseFiles } from '../domain/course/files.ts';
import { questionBankRepo } from '../domain/question-bank/repo.ts';
import { publishedItems } from '../domain/question-bank/service.ts';

const moduleArg = process.argv.indexOf('--module');
const only = moduleArg > 0 ? process.argv[moduleArg + 1] : undefined;
const files = readCourseFiles(process.cwd());
if (process.argv.includes('--published')) {
  const { adminFromEnv } = await import('./admin-from-env.ts');
  const items = await publishedItems(questionBankRepo(await adminFromEnv()));
  for (const item of items.filter((i) => i.status === 'active')) {
    const bank = files.banks.find((b) => b.name === item.module)?.data as { questions?: unknown[] } | undefined;
    bank?.questions?.push(item.question);
  }
  console.log(`Joined ${items.filter((i) => i.status === 'active').length} published item(s) from PocketBase.`);
}
// Pool sizes and surface-cue figures per bank (limits are enforced on the exam pool only).
for (const b of bankPoolReport(files).filter((b) => !only || b.module === only)) {
  console.log(`${b.path}: practice pool ${b.practice}, exam pool ${b.exam}`);
  console.log(`  practice: ${b.practiceCues}`);
  console.log(`  exam:     ${b.examCues}`);
}
// Simulated calls: coverage per seed situation, then their problems with the rest.
const lessonIds = new Set(files.lessons.map((l) => `${l.folder}/${l.slug}`));
const calls = checkCalls(files.calls ?? [], lessonIds, files.seedFiles);
if (!only) {
  console.log(`Simulated calls (${calls.calls.length}) per seed situation:\n  ${calls.coverage.join('\n  ')}`);
  console.log(`Simulated calls, choice turns: ${calls.cues}`);
}
const problems = [
  ...checkCourse(files),
  ...(only ? [] : [...checkCertificationContent(process.cwd()), ...calls.problems]),
].filter((p) => !only || p.includes(only));
if (problems.length) {
  console.error(`${problems.length} problem(s) in the course content:\n${problems.map((p) => `- ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(only ? `Module ${only}: no problems.` : 'Course content: no problems.');
