// Checks the course content (lessons, modules, question banks; certification programs, rubrics, role-play cases)
// and prints every problem.
// Usage: npm run content:check [-- --module <slug>]
import { checkCertificationContent } from '../domain/certification/content.ts';
import { bankPoolReport, checkCourse } from '../domain/course/content-check.ts';
import { readCourseFiles } from '../domain/course/files.ts';

const moduleArg = process.argv.indexOf('--module');
const only = moduleArg > 0 ? process.argv[moduleArg + 1] : undefined;
const files = readCourseFiles(process.cwd());
// Pool sizes and surface-cue figures per bank (limits are enforced on the exam pool only).
for (const b of bankPoolReport(files).filter((b) => !only || b.module === only)) {
  console.log(`${b.path}: practice pool ${b.practice}, exam pool ${b.exam}`);
  console.log(`  practice: ${b.practiceCues}`);
  console.log(`  exam:     ${b.examCues}`);
}
const problems = [...checkCourse(files), ...(only ? [] : checkCertificationContent(process.cwd()))].filter(
  (p) => !only || p.includes(only),
);
if (problems.length) {
  console.error(`${problems.length} problem(s) in the course content:\n${problems.map((p) => `- ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(only ? `Module ${only}: no problems.` : 'Course content: no problems.');
