// Runs the voice analysis off the main thread: the same pure code the Node CLI and tests use.
import { analyzeVoice } from '../../domain/voice/metrics/analyze-voice.ts';

self.onmessage = (event: MessageEvent<{ samples: Float32Array; sampleRate: number; text: string }>) => {
  const { samples, sampleRate, text } = event.data;
  try {
    self.postMessage({ ok: true, metrics: analyzeVoice(samples, sampleRate, { text, contours: true }) });
  } catch (error) {
    self.postMessage({ ok: false, error: (error as Error).message });
  }
};
