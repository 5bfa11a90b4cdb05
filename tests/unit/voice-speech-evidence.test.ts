import { describe, expect, it } from 'vitest';
import { chartRange, speechEvidence, speechMinimums } from '../../src/domain/voice/speech-rules.ts';
import { analyzeVoice } from '../../src/domain/voice/metrics/analyze-voice.ts';
import { harmonicGlide } from '../support/synthetic-audio.ts';

const evidence = (speakingTimeSec: number, voicedSec: number, speechRmsDbfs: number | null) =>
  speechEvidence({ speakingTimeSec, pitch: { voicedSec }, loudness: { speechRmsDbfs } });

describe('speech evidence', () => {
  it('finds no speech in silence, faint noise or a click, too little in a word, enough in a sentence', () => {
    expect(evidence(0, 0, null)).toBe('none');
    expect(evidence(3, 0.1, -40)).toBe('none'); // steady noise: "active" but never pitched
    expect(evidence(3, 2, -70)).toBe('none'); // far too quiet
    expect(evidence(0.8, 0.6, -30)).toBe('too-little');
    expect(evidence(speechMinimums.tooLittleSpeakingSec, speechMinimums.tooLittleVoicedSec, -30)).toBe('ok');
  });

  it('judges measured audio: silence and noise are not speech, a voiced glide is', () => {
    const rate = 16000;
    const silence = new Float32Array(rate * 3);
    expect(speechEvidence(analyzeVoice(silence, rate))).toBe('none');
    const noise = Float32Array.from({ length: rate * 3 }, () => (Math.random() - 0.5) * 0.002);
    expect(speechEvidence(analyzeVoice(noise, rate))).toBe('none');
    const voice = harmonicGlide({ fromHz: 180, toHz: 240, durationSec: 3, sampleRate: rate });
    expect(speechEvidence(analyzeVoice(voice, rate))).toBe('ok');
  });
});

describe('pitch chart range', () => {
  it('keeps the default window and widens it to hold every point (nothing is clipped)', () => {
    expect(chartRange([120, 300, null], 70, 400)).toEqual({ min: 70, max: 400 });
    expect(chartRange([62, 455], 70, 400)).toEqual({ min: 60, max: 460 });
    expect(chartRange([null], 70, 400)).toEqual({ min: 70, max: 400 });
  });
});
