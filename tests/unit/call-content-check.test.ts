import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkCalls } from '../../src/domain/course/content-check.ts';
import { readCourseFiles } from '../../src/domain/course/files.ts';

const files = readCourseFiles(process.cwd());
const lessonIds = new Set(files.lessons.map((l) => `${l.folder}/${l.slug}`));
const sample = JSON.parse(readFileSync('tests/fixtures/calls/sample-slow-broadband.json', 'utf8'));
const file = (name: string, data: unknown) => ({ path: `content/calls/${name}.json`, name, data });

describe('content check of simulated calls', () => {
  it('is green with no calls, and lists every situation as missing', () => {
    const report = checkCalls([], lessonIds, files.seedFiles);
    expect(report.problems).toEqual([]);
    expect(report.coverage).toContainEqual('理性客户 (rational): 缺');
  });

  it('once a call exists, fails on the required situations that have none (chapter 8 optional)', () => {
    const report = checkCalls([file('sample-slow-broadband', sample)], lessonIds, files.seedFiles);
    expect(report.coverage).toContainEqual('情绪激动客户 (agitated): sample-slow-broadband');
    expect(report.problems).toContainEqual('content/calls: no call practises the required situation "rational"');
    expect(report.problems.filter((p) => p.includes('required situation'))).toHaveLength(19);
    expect(report.problems.some((p) => p.includes('journalist'))).toBe(false);
  });

  it('reports schema errors, an id differing from the file name, unknown seeds and graph problems', () => {
    const broken = structuredClone(sample);
    broken.sources = ['009_0000000000000000.txt'];
    broken.nodes.opening.turn.options[0].next = 'nowhere';
    const report = checkCalls(
      [file('other-name', broken), file('bad', { id: 'bad' })],
      lessonIds,
      files.seedFiles ?? ['001_d15d58a9e1cb70a3.txt'],
    );
    expect(report.problems).toContainEqual(
      expect.stringContaining('content/calls/other-name.json: id "sample-slow-broadband" differs'),
    );
    expect(report.problems).toContainEqual(
      expect.stringContaining('seed file "009_0000000000000000.txt" does not exist'),
    );
    expect(report.problems).toContainEqual(expect.stringContaining('leads to unknown "nowhere"'));
    expect(report.problems).toContainEqual(expect.stringContaining('content/calls/bad.json: title'));
  });
});
