// Checks the course content (lessons, modules, question banks) and prints every problem.
// Usage: npm run content:check [-- --module <slug>]
import { checkCourse } from '../lib/content-check.ts';
import { readCourseFiles } from '../lib/course-files.ts';

const moduleArg = process.argv.indexOf('--module');
const only = moduleArg > 0 ? process.argv[moduleArg + 1] : undefined;
const problems = checkCourse(readCourseFiles(process.cwd())).filter((p) => !only || p.includes(only));
if (problems.length) {
  console.error(`${problems.length} problem(s) in the course content:\n${problems.map((p) => `- ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(only ? `Module ${only}: no problems.` : 'Course content: no problems.');
