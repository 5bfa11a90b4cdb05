import { describe, expect, it } from 'vitest';
import { analyzeVoice } from '../../src/domain/voice/metrics/analyze-voice.ts';
import { filterSeries } from '../../src/domain/voice/metrics/biquad.ts';
import { integratedLoudness, kWeightingFilters, peakDbfs, rmsDbfs } from '../../src/domain/voice/metrics/loudness.ts';
import { concat, noise, silence, sine } from '../support/synthetic-audio.ts';

/** The level is within 0.5 dB of `expected`; a failure names the case and shows the measured level. */
function expectLevel(name: string, measured: number | null, expected: number) {
  expect(measured, name).not.toBeNull();
  expect(measured as number, `${name}: expected ${expected} ± 0.5 dB`).toBeGreaterThan(expected - 0.5);
  expect(measured as number, `${name}: expected ${expected} ± 0.5 dB`).toBeLessThan(expected + 0.5);
}

describe('RMS level', () => {
  it('reads a 1 kHz sine of peak −20 dBFS as −23.01 dBFS RMS', () => {
    const x = sine(1000, 2, 16000, 0.1);
    expectLevel('RMS 1 kHz −20 dBFS peak', rmsDbfs(x), -23.01);
    expect(rmsDbfs(x)).toBeCloseTo(-23.01, 1);
    expect(peakDbfs(x)).toBeCloseTo(-20, 1);
  });

  it('reads white noise at its RMS level', () => {
    expectLevel('RMS noise −30 dBFS', rmsDbfs(noise(3, 16000, -30)), -30);
  });
});

describe('ITU-R BS.1770-4 loudness', () => {
  it('derives the K-weighting coefficients tabulated for 48 kHz', () => {
    const [shelf, highPass] = kWeightingFilters(48000);
    expect(shelf.b0).toBeCloseTo(1.53512485958697, 8);
    expect(shelf.b1).toBeCloseTo(-2.69169618940638, 8);
    expect(shelf.b2).toBeCloseTo(1.19839281085285, 8);
    expect(shelf.a1).toBeCloseTo(-1.69065929318241, 8);
    expect(shelf.a2).toBeCloseTo(0.73248077421585, 8);
    expect(highPass.a1).toBeCloseTo(-1.99004745483398, 8);
    expect(highPass.a2).toBeCloseTo(0.99007225036621, 8);
  });

  for (const sampleRate of [48000, 44100, 22050, 16000]) {
    it(`reads a 997 Hz sine at 0 dBFS as −3.01 LUFS at ${sampleRate} Hz`, () => {
      expectLevel(`997 Hz 0 dBFS @${sampleRate}`, integratedLoudness(sine(997, 5, sampleRate, 1), sampleRate), -3.01);
    });
  }

  it('scales with level and applies the K-weighting (high shelf +4 dB, low cut)', () => {
    const sr = 48000;
    expectLevel('997 Hz −20 dBFS', integratedLoudness(sine(997, 5, sr, 0.1), sr), -23.01);
    // The K-weighting gain is about +0.7 dB at 1 kHz and +4.0 dB at 4 kHz; the RLB high-pass cuts 30 Hz.
    const at4k = integratedLoudness(sine(4000, 5, sr, 1), sr) as number;
    expect(at4k - -3.01).toBeGreaterThan(2.9);
    expect(at4k - -3.01).toBeLessThan(3.7);
    expect(integratedLoudness(sine(30, 5, sr, 1), sr) as number).toBeLessThan(-4.5);
  });

  it('gates out silence (absolute gate) and quiet passages (relative gate)', () => {
    const sr = 16000;
    const tone = sine(997, 4, sr, 0.5);
    expectLevel('tone between silences', integratedLoudness(concat(silence(5, sr), tone, silence(5, sr)), sr), -9.03);
    // A passage 30 dB quieter is more than 10 LU below the loud part and is gated out.
    expectLevel('loud + 30 dB quieter', integratedLoudness(concat(tone, sine(997, 4, sr, 0.5 / 31.6)), sr), -9.03);
    expect(integratedLoudness(silence(3, sr), sr)).toBeNull();
    expect(integratedLoudness(sine(997, 0.3, sr), sr)).toBeNull();
  });

  it('is stable on a steady tone and reports it through analyzeVoice', () => {
    const sr = 16000;
    const m = analyzeVoice(concat(silence(1, sr), sine(997, 4, sr, 0.1), silence(1, sr)), sr, { contours: true });
    // Blocks straddling the tone's edges pass the gates and pull the integrated value down a little.
    expectLevel('analyzeVoice integrated', m.loudness.integratedLufs, -23.01);
    expectLevel('analyzeVoice speech RMS', m.loudness.speechRmsDbfs, -23.01);
    expect(m.loudness.stabilityLu).toBeLessThan(0.5);
    expect(m.contours?.loudness.length).toBeGreaterThan(50);
    expect(m.contours?.loudness.find((p) => p.t > 2.5 && p.t < 4)?.lufs).toBeCloseTo(-23, 0);
  });

  it('keeps the K-weighting stable (no blow-up) on long inputs', () => {
    const y = filterSeries(noise(20, 8000, -10), kWeightingFilters(8000));
    expect(Number.isFinite(y[y.length - 1])).toBe(true);
  });
});
