import { describe, expect, it } from 'vitest';
import { summarizePitch, trackPitch } from '../../src/domain/voice/metrics/pitch.ts';
import { median } from '../../src/domain/voice/metrics/stats.ts';
import { detectVoiceActivity } from '../../src/domain/voice/metrics/vad.ts';
import {
  concat,
  glideHzAt,
  harmonicGlide,
  mix,
  noise,
  silence,
  type GlideOptions,
} from '../support/synthetic-audio.ts';

/** Median F0 error of a harmonic tone or glide embedded in silence, against the known F0 of the same frames. */
function medianError(glide: Omit<GlideOptions, 'sampleRate' | 'durationSec'>, sampleRate: number, noiseDbfs?: number) {
  const options: GlideOptions = { ...glide, durationSec: 2, sampleRate };
  let samples = concat(silence(0.5, sampleRate), harmonicGlide(options), silence(0.5, sampleRate));
  if (noiseDbfs !== undefined) samples = mix(samples, noise(samples.length / sampleRate, sampleRate, noiseDbfs, 3));
  const frames = trackPitch(samples, sampleRate, detectVoiceActivity(samples, sampleRate));
  const summary = summarizePitch(frames);
  const truth = median(frames.filter((f) => f.hz != null).map((f) => glideHzAt(options, f.timeSec - 0.5)));
  return { error: (summary.medianHz ?? Number.NaN) / truth - 1, summary };
}

const tones = [80, 100, 130, 180, 250, 330, 400];
const glides: Array<[number, number]> = [
  [80, 160],
  [120, 240],
  [200, 400],
  [400, 200],
  [300, 90],
];

describe('pitch (McLeod pitch method on pitchy)', { timeout: 30_000 }, () => {
  for (const sampleRate of [16000, 22050, 48000]) {
    it(`finds the F0 of harmonic tones 80–400 Hz within 2 % at ${sampleRate} Hz`, () => {
      for (const hz of tones) {
        const { error, summary } = medianError({ fromHz: hz, toHz: hz }, sampleRate);
        expect(Math.abs(error), `tone ${hz} Hz @${sampleRate}: error ${(error * 100).toFixed(3)} %`).toBeLessThan(0.02);
        expect(summary.voicedSec).toBeGreaterThan(1.8);
        expect(summary.variabilitySt).toBeLessThan(0.05);
      }
    });

    it(`follows glides within 2 % of the median F0 at ${sampleRate} Hz`, () => {
      for (const [from, to] of glides) {
        const { error } = medianError({ fromHz: from, toHz: to }, sampleRate);
        expect(
          Math.abs(error),
          `glide ${from}→${to} Hz @${sampleRate}: error ${(error * 100).toFixed(3)} %`,
        ).toBeLessThan(0.02);
      }
    });
  }

  it('stays within 2 % with a noise floor 30 dB below the tone and on linear glides', () => {
    for (const hz of [90, 200, 380])
      expect(Math.abs(medianError({ fromHz: hz, toHz: hz }, 16000, -38).error)).toBeLessThan(0.02);
    expect(Math.abs(medianError({ fromHz: 100, toHz: 300, curve: 'linear' }, 16000).error)).toBeLessThan(0.02);
  });

  it('measures variability in semitones: an octave glide even in semitones has SD 12/√12 ≈ 3.46', () => {
    const { summary } = medianError({ fromHz: 120, toHz: 240 }, 16000);
    expect(summary.variabilitySt).toBeCloseTo(12 / Math.sqrt(12), 1);
    expect(summary.rangeSt).toBeGreaterThan(10);
  });

  it('finds no pitch in noise or silence, nor outside 70–500 Hz', () => {
    const sr = 16000;
    expect(summarizePitch(trackPitch(noise(1, sr, -20, 5), sr)).voicedSec).toBeLessThan(0.05);
    expect(summarizePitch(trackPitch(silence(1, sr), sr)).medianHz).toBeNull();
    const high = harmonicGlide({ fromHz: 800, toHz: 800, durationSec: 1, sampleRate: sr, maxHarmonicHz: 800 });
    expect(summarizePitch(trackPitch(high, sr)).voicedSec).toBeLessThan(0.05);
  });
});
