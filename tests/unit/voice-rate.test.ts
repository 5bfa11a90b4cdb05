import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeVoice } from '../../src/lib/voice/analyze-voice.ts';
import { countSyllables, scriptReading } from '../../src/lib/voice/syllable-count.ts';
import { voiceExerciseFileSchema } from '../../src/schemas/voice.ts';
import {
  concat,
  countPhonemeSyllables,
  mix,
  noise,
  renderSpeech,
  silence,
  splitAtSilence,
  trueSpeakingTime,
  type SpeechRendering,
} from '../support/synthetic-audio.ts';

// Ground truth: eSpeak writes exact digital zeros between phrases, and the pauses inserted here are zeros too, so
// the true speaking time of a clean rendering is measured on its samples: first to last non-zero sample, minus
// the runs of zeros of at least 250 ms (the analysis' definition of a pause). True rate = the script's syllables
// (checked against the syllables eSpeak actually spoke, from its -x phonemes) ÷ that time.

const exercises = voiceExerciseFileSchema.parse(
  JSON.parse(readFileSync(new URL('../../content/voice/exercises.json', import.meta.url), 'utf8')),
).exercises;
const speeds = [90, 130, 180, 240];

interface Case {
  script: string;
  wpm: number;
  rendering: SpeechRendering;
}
const cases: Case[] = [];
const report: string[] = [];

beforeAll(async () => {
  for (const exercise of exercises) {
    for (const wpm of speeds) cases.push({ script: exercise.text, wpm, rendering: await renderSpeech(scriptReading(exercise.text), { wpm }) });
  }
}, 120_000);

/** Leading and trailing silence, and pauses of 0.6 s and 1.1 s at every phrase break eSpeak made. */
function withPauses(r: SpeechRendering): Float32Array {
  const sr = r.sampleRate;
  const phrases = splitAtSilence(r.samples, sr, 0.03);
  const parts: Float32Array[] = [silence(1.3, sr)];
  phrases.forEach((p, i) => parts.push(...(i ? [silence(i % 2 ? 0.6 : 1.1, sr), p] : [p])));
  parts.push(silence(1.7, sr));
  return concat(...parts);
}

function check(label: string, samples: Float32Array, clean: Float32Array, c: Case): number {
  const sr = c.rendering.sampleRate;
  const truth = countSyllables(c.script) / (trueSpeakingTime(clean, sr) / 60);
  const estimate = analyzeVoice(samples, sr, { text: c.script }).rate.charsPerMinute as number;
  const error = estimate / truth - 1;
  report.push(`${c.script.slice(0, 8)}… -s ${c.wpm} ${label}: truth ${truth.toFixed(1)}, estimate ${estimate.toFixed(1)}, error ${(error * 100).toFixed(2)} %`);
  expect(Math.abs(error), `${label} ${c.script} at -s ${c.wpm}`).toBeLessThan(0.1);
  return truth;
}

describe('speaking rate on eSpeak NG renderings of the lab scripts', () => {
  it('renders exactly the syllables the counter counts', () => {
    for (const c of cases) expect(countPhonemeSyllables(c.rendering.phonemes), c.rendering.phonemes).toBe(countSyllables(c.script));
  });

  it('covers about 120–300 字/分钟', () => {
    const truths = cases.map((c) => countSyllables(c.script) / (trueSpeakingTime(c.rendering.samples, c.rendering.sampleRate) / 60));
    expect(Math.min(...truths)).toBeLessThan(125);
    expect(Math.max(...truths)).toBeGreaterThan(280);
  });

  it('estimates 字/分钟 within ±10 % as rendered', () => {
    for (const c of cases) check('plain', c.rendering.samples, c.rendering.samples, c);
  }, 60_000);

  it('within ±10 % with leading/trailing silence and inserted pauses', () => {
    for (const c of cases) {
      const padded = withPauses(c.rendering);
      check('padded', padded, padded, c);
    }
  }, 60_000);

  it('within ±10 % with pauses and a noise floor at −60 dBFS', () => {
    for (const c of cases) {
      const padded = withPauses(c.rendering);
      check('padded+noise', mix(padded, noise(padded.length / c.rendering.sampleRate, c.rendering.sampleRate, -60, c.wpm)), padded, c);
    }
  }, 60_000);

  it('counts pauses at the inserted breaks only', () => {
    for (const c of cases) {
      const sr = c.rendering.sampleRate;
      const breaks = splitAtSilence(c.rendering.samples, sr, 0.03).length - 1;
      const m = analyzeVoice(withPauses(c.rendering), sr, { text: c.script });
      expect(m.pauses.count).toBe(breaks);
      expect(m.pauses.maxSec).toBeGreaterThan(1.05);
      expect(m.speechStartSec).toBeCloseTo(1.3, 1);
    }
  }, 60_000);

  it('estimates the rate roughly from syllable nuclei when no script is given (fallback)', () => {
    const errors = cases.map((c) => {
      const m = analyzeVoice(c.rendering.samples, c.rendering.sampleRate);
      expect(m.rate.method).toBe('syllable-nuclei');
      return m.rate.syllables / countSyllables(c.script) - 1;
    });
    const meanAbs = errors.reduce((a, e) => a + Math.abs(e), 0) / errors.length;
    report.push(`syllable nuclei (no script): mean |error| ${(meanAbs * 100).toFixed(1)} %, range ${(Math.min(...errors) * 100).toFixed(0)}…${(Math.max(...errors) * 100).toFixed(0)} %`);
    expect(meanAbs).toBeLessThan(0.3);
  }, 60_000);

  it('reports the errors', () => {
    console.log(`Rate (字/分钟):\n  ${report.join('\n  ')}`);
  });
});
