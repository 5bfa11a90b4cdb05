import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { countSyllables } from '../../src/domain/voice/metrics/syllable-count.ts';
import { parseWav } from '../../src/platform/audio/decode.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
// The pinned Node 24 runs the TypeScript CLI with type stripping, as `npm run voice:analyze` does.
const node = join(root, 'node_modules/.bin/node');
const fixture = join(root, 'tests/fixtures/voice/closing-blessing.wav');
const script = '请问还有什么电信业务需要咨询吗？感谢您的来电，祝您生活愉快，再见！';
const hasFfmpeg = spawnSync('ffmpeg', ['-version']).status === 0;

function run(...args: string[]) {
  const result = spawnSync(node, ['src/cli/voice-analyze.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Speaking time of the fixture from its samples: first to last sample above the 16-bit noise, minus silences ≥ 250 ms. */
function fixtureTruth() {
  const { samples, sampleRate } = parseWav(new Uint8Array(readFileSync(fixture))) ?? {
    samples: new Float32Array(0),
    sampleRate: 1,
  };
  const quiet = (v: number) => Math.abs(v) < 2 / 32768;
  let first = samples.findIndex((v) => !quiet(v));
  let last = samples.length - 1;
  while (last > 0 && quiet(samples[last] as number)) last--;
  let silent = 0;
  let run = 0;
  for (let i = first; i <= last + 1; i++) {
    if (i <= last && quiet(samples[i] as number)) run++;
    else {
      if (run >= 0.25 * sampleRate) silent += run;
      run = 0;
    }
  }
  first = Math.max(first, 0);
  return countSyllables(script) / ((last - first + 1 - silent) / sampleRate / 60);
}

// Each spawn starts Node and loads the analysis: allow for a busy machine.
describe('npm run voice:analyze', { timeout: 60_000 }, () => {
  it('prints the metrics of a WAV fixture as JSON, without contours by default', () => {
    const { status, stdout, stderr } = run(fixture, '--text', script);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.sampleRate).toBe(16000);
    expect(out.durationSec).toBeCloseTo(12.73, 1);
    expect(out.rate.syllables).toBe(29);
    expect(Math.abs(out.rate.charsPerMinute / fixtureTruth() - 1)).toBeLessThan(0.1);
    expect(out.pauses.count).toBe(1);
    expect(out.pauses.maxSec).toBeGreaterThan(1.2);
    expect(out.pitch.medianHz).toBeGreaterThan(70);
    expect(out.loudness.integratedLufs).toBeLessThan(-10);
    expect(out.clipping.share).toBe(0);
    expect(out.contours).toBeUndefined();
  });

  it('adds contours with --contours and a target check with --exercise', () => {
    const out = JSON.parse(run(fixture, '--exercise', 'closing-blessing', '--contours').stdout);
    expect(out.text).toBe(script);
    expect(out.contours.pitch.length).toBeGreaterThan(100);
    expect(out.contours.loudness.length).toBeGreaterThan(100);
    expect(out.targets.find((t: { measure: string }) => t.measure === 'maxPauseSec').status).toBe('ok');
  });

  it.runIf(hasFfmpeg)('decodes other formats with ffmpeg (ogg/opus fixture) to the same metrics', () => {
    const { status, stdout } = run(join(root, 'tests/fixtures/voice/closing-blessing.ogg'), '--text', script);
    expect(status).toBe(0);
    const ogg = JSON.parse(stdout);
    const wav = JSON.parse(run(fixture, '--text', script).stdout);
    expect(ogg.rate.charsPerMinute).toBeCloseTo(wav.rate.charsPerMinute, -1);
    expect(Math.abs(ogg.loudness.integratedLufs - wav.loudness.integratedLufs)).toBeLessThan(0.5);
    expect(Math.abs(ogg.pitch.medianHz / wav.pitch.medianHz - 1)).toBeLessThan(0.02);
  });

  it('fails with a clear English message and exit code 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'voice-cli-'));
    const missing = run(join(dir, 'nope.wav'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/File not found: .*nope\.wav/);

    const bogus = join(dir, 'bogus.mp3');
    writeFileSync(bogus, 'this is not audio');
    const undecodable = run(bogus);
    expect(undecodable.status).toBe(1);
    expect(undecodable.stderr).toMatch(hasFfmpeg ? /Could not decode .*bogus\.mp3 as audio/ : /ffmpeg is needed/);

    expect(run().status).toBe(1);
    expect(run(fixture, '--exercise', 'no-such').stderr).toMatch(/Unknown exercise/);
  });
});
