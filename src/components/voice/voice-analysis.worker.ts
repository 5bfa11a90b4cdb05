// Runs the voice analysis off the main thread: the same pure code the Node CLI and tests use.
import { analyzeVoice } from '../../domain/voice/metrics/analyze-voice.ts';

// The script's syllables come counted by the server (src/domain/voice/rules.ts).
self.onmessage = (event: MessageEvent<{ samples: Float32Array; sampleRate: number; syllables: number }>) => {
  const { samples, sampleRate, syllables } = event.data;
  try {
    self.postMessage({ ok: true, metrics: analyzeVoice(samples, sampleRate, { syllables, contours: true }) });
  } catch (error) {
    self.postMessage({ ok: false, error: (error as Error).message });
  }
};
