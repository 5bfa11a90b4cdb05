import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeVoice } from '../../src/domain/voice/metrics/analyze-voice.ts';
import { scriptReading } from '../../src/domain/voice/metrics/syllable-count.ts';
import {
  concat,
  harmonicGlide,
  mix,
  noise,
  renderSpeech,
  resampleLinear,
  silence,
} from '../support/synthetic-audio.ts';

const script = '我能理解您现在的心情，给您添麻烦了，非常抱歉。您先别着急，我马上帮您核实扣费的原因，好吗？';
let speech22k: Float32Array;

beforeAll(async () => {
  speech22k = (await renderSpeech(scriptReading(script), { wpm: 120 })).samples;
}, 30_000);

/** About 30 s of speech with pauses and a light noise floor, at `sampleRate`. */
function thirtySeconds(sampleRate: number): Float32Array {
  const phrase = resampleLinear(speech22k, 22050, sampleRate);
  const parts: Float32Array[] = [silence(0.5, sampleRate)];
  let length = 0;
  while (length < 30 * sampleRate) {
    parts.push(phrase, silence(0.7, sampleRate));
    length += phrase.length + 0.7 * sampleRate;
  }
  const samples = concat(...parts).subarray(0, 30 * sampleRate);
  return mix(samples, noise(30, sampleRate, -65, 4));
}

describe('analyzeVoice', () => {
  it('analyses 30 s of speech at 16 and 48 kHz alike, well within the time budget', () => {
    const [low, high] = [16000, 48000].map((sampleRate) => {
      const samples = thirtySeconds(sampleRate);
      analyzeVoice(samples, sampleRate, { text: script }); // warm-up (JIT)
      const start = performance.now();
      const metrics = analyzeVoice(samples, sampleRate, { text: script, contours: true });
      // Loose: the target is < 1.5 s; this only catches gross regressions on a slow, loaded machine.
      expect(performance.now() - start, `analysis of 30 s at ${sampleRate} Hz (ms)`).toBeLessThan(5000);
      return metrics;
    });
    // The same recording at two sample rates gives the same figures: about 30 s, speech most of it, one script.
    for (const m of [low!, high!]) {
      expect(m.durationSec).toBeCloseTo(30, 1);
      expect(m.speakingTimeSec).toBeGreaterThan(20);
      expect(m.rate.method).toBe('script');
      expect(m.pauses.count).toBeGreaterThan(3);
    }
    expect(high!.rate.charsPerMinute! / low!.rate.charsPerMinute! - 1).toBeCloseTo(0, 1);
    expect(high!.pitch.medianHz! / low!.pitch.medianHz! - 1).toBeCloseTo(0, 1);
    expect(high!.loudness.integratedLufs! - low!.loudness.integratedLufs!).toBeCloseTo(0, 0);
    expect(high!.pauses.count).toBe(low!.pauses.count);
  }, 60_000);

  it('returns every metric, rounded, with contours of 10 points per second on request', () => {
    const sr = 16000;
    const samples = resampleLinear(speech22k, 22050, sr);
    const m = analyzeVoice(samples, sr, { text: script, contours: true });
    expect(m.durationSec).toBeCloseTo(samples.length / sr, 2);
    expect(m.rate.method).toBe('script');
    expect(m.rate.syllables).toBe(39);
    expect(m.pitch.medianHz).toBeGreaterThan(70);
    expect(m.pitch.medianHz).toBeLessThan(130);
    expect(m.loudness.integratedLufs).toBeLessThan(0);
    expect(m.loudness.stabilityLu).toBeGreaterThan(0);
    expect(m.contours?.pitch.length).toBe(Math.ceil(m.durationSec * 10));
    expect(m.contours?.pitch.some((p) => p.hz !== null)).toBe(true);
    expect(m.contours?.loudness[1]?.t).toBeCloseTo(0.3, 5);
    expect(analyzeVoice(samples, sr, { text: script }).contours).toBeUndefined();
    expect(JSON.parse(JSON.stringify(m))).toEqual(m);
  });

  it('reads a voice-like signal of known F0 and level as such', () => {
    const sr = 16000;
    const tone = harmonicGlide({ fromHz: 180, toHz: 180, durationSec: 3, sampleRate: sr, peak: 0.3 });
    const m = analyzeVoice(concat(silence(1, sr), tone, silence(1, sr)), sr);
    expect(m.pitch.medianHz).toBeCloseTo(180, 0);
    expect(m.speakingTimeSec).toBeCloseTo(3, 1);
    expect(m.speechStartSec).toBeCloseTo(1, 1);
  });

  it('rejects an invalid sample rate', () => {
    expect(() => analyzeVoice(new Float32Array(10), 0)).toThrow(RangeError);
  });
});
