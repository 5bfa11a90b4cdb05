import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeVoice } from '../../src/domain/voice/metrics/analyze-voice.ts';
import { countSyllables, scriptReading } from '../../src/domain/voice/metrics/syllable-count.ts';
import { voiceExerciseFileSchema } from '../../src/domain/voice/schema.ts';
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
  /** The rendering with pauses inserted ({@link withPauses}). */
  padded: Float32Array;
}
// Filled once before any test and only read by the tests (renderings come from the fixture cache after the first run).
const cases: Case[] = [];

beforeAll(async () => {
  for (const exercise of exercises) {
    for (const wpm of speeds) {
      const rendering = await renderSpeech(scriptReading(exercise.text), { wpm });
      cases.push({ script: exercise.text, wpm, rendering, padded: withPauses(rendering) });
    }
  }
}, 120_000);

/** analyzeVoice of a case's padded rendering with its script: two tests read it, so it is computed once. */
const paddedAnalyses = new WeakMap<Case, ReturnType<typeof analyzeVoice>>();
function analyzePadded(c: Case): ReturnType<typeof analyzeVoice> {
  let m = paddedAnalyses.get(c);
  if (!m) paddedAnalyses.set(c, (m = analyzeVoice(c.padded, c.rendering.sampleRate, { text: c.script })));
  return m;
}

/** Leading and trailing silence, and pauses of 0.6 s and 1.1 s at every phrase break eSpeak made. */
function withPauses(r: SpeechRendering): Float32Array {
  const sr = r.sampleRate;
  const phrases = splitAtSilence(r.samples, sr, 0.03);
  const parts: Float32Array[] = [silence(1.3, sr)];
  phrases.forEach((p, i) => parts.push(...(i ? [silence(i % 2 ? 0.6 : 1.1, sr), p] : [p])));
  parts.push(silence(1.7, sr));
  return concat(...parts);
}

function check(label: string, metrics: ReturnType<typeof analyzeVoice>, clean: Float32Array, c: Case): number {
  const truth = countSyllables(c.script) / (trueSpeakingTime(clean, c.rendering.sampleRate) / 60);
  const estimate = metrics.rate.charsPerMinute as number;
  const error = estimate / truth - 1;
  expect(
    Math.abs(error),
    `${label} ${c.script} at -s ${c.wpm}: truth ${truth.toFixed(1)}, estimate ${estimate.toFixed(1)}`,
  ).toBeLessThan(0.1);
  return truth;
}

describe('speaking rate on eSpeak NG renderings of the lab scripts', () => {
  it('renders exactly the syllables the counter counts', () => {
    for (const c of cases)
      expect(countPhonemeSyllables(c.rendering.phonemes), c.rendering.phonemes).toBe(countSyllables(c.script));
  });

  it('covers about 120–300 字/分钟', () => {
    const truths = cases.map(
      (c) => countSyllables(c.script) / (trueSpeakingTime(c.rendering.samples, c.rendering.sampleRate) / 60),
    );
    expect(Math.min(...truths)).toBeLessThan(125);
    expect(Math.max(...truths)).toBeGreaterThan(280);
  });

  it('estimates 字/分钟 within ±10 % as rendered', () => {
    for (const c of cases)
      check(
        'plain',
        analyzeVoice(c.rendering.samples, c.rendering.sampleRate, { text: c.script }),
        c.rendering.samples,
        c,
      );
  }, 60_000);

  it('within ±10 % with leading/trailing silence and inserted pauses', () => {
    for (const c of cases) check('padded', analyzePadded(c), c.padded, c);
  }, 60_000);

  it('within ±10 % with pauses and a noise floor at −60 dBFS', () => {
    for (const c of cases) {
      const sr = c.rendering.sampleRate;
      check(
        'padded+noise',
        analyzeVoice(mix(c.padded, noise(c.padded.length / sr, sr, -60, c.wpm)), sr, { text: c.script }),
        c.padded,
        c,
      );
    }
  }, 60_000);

  it('counts pauses at the inserted breaks only', () => {
    for (const c of cases) {
      const sr = c.rendering.sampleRate;
      const breaks = splitAtSilence(c.rendering.samples, sr, 0.03).length - 1;
      const m = analyzePadded(c);
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
    expect(
      meanAbs,
      `syllable nuclei (no script): range ${(Math.min(...errors) * 100).toFixed(0)}…${(Math.max(...errors) * 100).toFixed(0)} %`,
    ).toBeLessThan(0.3);
  }, 60_000);
});
