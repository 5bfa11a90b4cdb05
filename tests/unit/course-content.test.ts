import { describe, expect, it } from 'vitest';
import { checkCourse } from '../../src/domain/course/content-check.ts';
import { readCourseFiles } from '../../src/domain/course/files.ts';

describe('the course content in this repository', () => {
  it('passes the content check (schemas, references, answers, practice checks, sizes)', () => {
    expect(checkCourse(readCourseFiles(process.cwd()))).toEqual([]);
  });
});
