import { cpSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { callLineJobs, callLineStaleness } from '../../src/cli/render-audio.ts';
import { initialState, publicView } from '../../src/domain/calls/rules.ts';
import { callScenarioSchema } from '../../src/domain/calls/schema.ts';

const sampleText = readFileSync('tests/fixtures/calls/sample-slow-broadband.json', 'utf8');

describe('call audio', () => {
  it('renders one clip per customer line (nodes and endings with a line), fresh as committed', () => {
    const jobs = callLineJobs(process.cwd(), ['tests/fixtures/calls']).filter(
      (j) => j.call.id === 'sample-slow-broadband',
    );
    expect(jobs.map((j) => j.line).sort()).toEqual(
      ['callback', 'closing', 'diagnose', 'hung-up', 'opening', 'resolved', 'upgraded', 'verify'].sort(),
    );
    for (const j of jobs) expect(callLineStaleness(j, process.cwd())).toBeUndefined();
  });

  it('a changed line is stale; a line with a recorded clip is not rendered and must exist', () => {
    const root = mkdtempSync(join(tmpdir(), 'call-audio-'));
    const dir = join(root, 'calls');
    mkdirSync(dir);
    const call = JSON.parse(sampleText);
    call.nodes.opening.customer.text = '你们这宽带到底怎么回事？';
    call.nodes.verify.customer.audio = 'recorded/verify.ogg';
    writeFileSync(join(dir, 'sample-slow-broadband.json'), JSON.stringify(call));
    cpSync('tests/fixtures/calls/rendered', join(dir, 'rendered'), { recursive: true });
    cpSync('public/audio/calls/sample-slow-broadband', join(root, 'public/audio/calls/sample-slow-broadband'), {
      recursive: true,
    });
    const jobs = new Map(callLineJobs(root, [dir]).map((j) => [j.line, j]));
    expect(callLineStaleness(jobs.get('opening')!, root)).toBe('script changed since rendering');
    expect(callLineStaleness(jobs.get('diagnose')!, root)).toBeUndefined();
    expect(jobs.get('verify')!.recorded).toBe('recorded/verify.ogg');
    expect(callLineStaleness(jobs.get('verify')!, root)).toBe('recorded clip recorded/verify.ogg is missing');
    mkdirSync(join(root, 'public/audio/calls/recorded'));
    writeFileSync(join(root, 'public/audio/calls/recorded/verify.ogg'), 'x');
    expect(callLineStaleness(jobs.get('verify')!, root)).toBeUndefined();
  });

  it('the page plays the recorded clip instead of the rendering', () => {
    const call = callScenarioSchema.parse(JSON.parse(sampleText));
    expect(publicView(call, 's', initialState(call)).customer.audio).toBe(
      '/audio/calls/sample-slow-broadband/opening.ogg',
    );
    call.nodes.opening!.customer.audio = 'recorded/opening-real.ogg';
    expect(publicView(call, 's', initialState(call)).customer.audio).toBe('/audio/calls/recorded/opening-real.ogg');
  });
});
