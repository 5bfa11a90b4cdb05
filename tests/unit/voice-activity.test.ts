import { describe, expect, it } from 'vitest';
import { analyzeVoice } from '../../src/domain/voice/metrics/analyze-voice.ts';
import { measureClipping } from '../../src/domain/voice/metrics/clipping.ts';
import { findPauses } from '../../src/domain/voice/metrics/pauses.ts';
import { detectVoiceActivity, speakingTime } from '../../src/domain/voice/metrics/vad.ts';
import { concat, harmonicGlide, mix, noise, silence } from '../support/synthetic-audio.ts';

const sr = 16000;
const burst = (sec: number, hz = 140) =>
  harmonicGlide({ fromHz: hz, toHz: hz * 1.2, durationSec: sec, sampleRate: sr, peak: 0.4 });

describe('voice-activity detection and pauses', () => {
  // 0.8 s lead | 1.0 s speech | 0.15 s gap | 0.7 s | 0.4 s pause | 1.2 s | 1.5 s pause | 0.9 s | 1.0 s tail
  const signal = concat(
    silence(0.8, sr),
    burst(1),
    silence(0.15, sr),
    burst(0.7),
    silence(0.4, sr),
    burst(1.2),
    silence(1.5, sr),
    burst(0.9),
    silence(1, sr),
  );

  it('finds the speech, joins gaps under 250 ms and excludes leading/trailing silence', () => {
    for (const samples of [signal, mix(signal, noise(signal.length / sr, sr, -50, 9))]) {
      const activity = detectVoiceActivity(samples, sr);
      expect(activity.segments).toHaveLength(3);
      expect(activity.segments[0]?.startSec).toBeCloseTo(0.8, 1);
      expect(activity.segments[2]?.endSec).toBeCloseTo(0.8 + 1 + 0.15 + 0.7 + 0.4 + 1.2 + 1.5 + 0.9, 1);
      expect(speakingTime(activity.segments)).toBeCloseTo(1 + 0.15 + 0.7 + 1.2 + 0.9, 1);
      const pauses = findPauses(activity.segments);
      expect(pauses.count).toBe(2);
      expect(pauses.pauses[0]?.durationSec).toBeCloseTo(0.4, 1);
      expect(pauses.maxSec).toBeCloseTo(1.5, 1);
    }
  });

  it('drops isolated clicks', () => {
    const click = new Float32Array(80).fill(0.5);
    const activity = detectVoiceActivity(concat(burst(1), silence(1, sr), click, silence(1, sr)), sr);
    expect(activity.segments).toHaveLength(1);
  });

  it('finds no speech in silence or very faint noise, and all speech in a steady tone', () => {
    expect(detectVoiceActivity(silence(2, sr), sr).segments).toHaveLength(0);
    expect(detectVoiceActivity(noise(2, sr, -85), sr).segments).toHaveLength(0);
    expect(speakingTime(detectVoiceActivity(burst(2), sr).segments)).toBeCloseTo(2, 1);
  });

  it('gives null rate and pitch for a silent recording instead of failing', () => {
    const m = analyzeVoice(silence(3, sr), sr, { text: '您好', contours: true });
    expect(m.speakingTimeSec).toBe(0);
    expect(m.rate.charsPerMinute).toBeNull();
    expect(m.pitch.medianHz).toBeNull();
    expect(m.loudness.integratedLufs).toBeNull();
    expect(m.pauses.count).toBe(0);
    expect(m.contours?.pitch.every((p) => p.hz === null)).toBe(true);
    expect(analyzeVoice(new Float32Array(0), sr).durationSec).toBe(0);
  });
});

describe('clipping', () => {
  it('counts samples at |x| ≥ 0.999 and runs of them', () => {
    const x = new Float32Array(1000);
    x.fill(1, 100, 105);
    x.fill(-1, 200, 203);
    x[500] = 0.9995;
    x[600] = 0.998;
    const c = measureClipping(x);
    expect(c.clippedSamples).toBe(9);
    expect(c.runs).toBe(3);
    expect(c.longestRun).toBe(5);
    expect(c.share).toBeCloseTo(0.009, 6);
  });

  it('finds the clipping of an overdriven recording through analyzeVoice', () => {
    const loud = burst(1).map((v) => Math.max(-1, Math.min(1, v * 4)));
    const m = analyzeVoice(loud, sr);
    expect(m.clipping.share).toBeGreaterThan(0.05);
    expect(m.clipping.runs).toBeGreaterThan(100);
    expect(analyzeVoice(burst(1), sr).clipping.clippedSamples).toBe(0);
  });
});
