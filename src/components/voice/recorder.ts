// Microphone recording shared by the voice lab and the call simulator's recorded replies.
import type { VoiceMetrics } from '../../domain/voice/metrics/analyze-voice.ts';

/** Longest recording, in seconds (both the lab and a recorded reply). */
export const maxRecordingSeconds = 120;

/** Recording without the browser's voice processing, so loudness and pitch are measured as spoken. */
const constraints: MediaStreamConstraints = {
  audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false, channelCount: 1 },
};
const mimeTypes = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/mp4', 'audio/webm'];

/**
 * Start recording the microphone. `onTick` gets the seconds recorded so far (0 at once, then every 250 ms); the
 * recording stops by itself after {@link maxRecordingSeconds}; `onDone` gets the audio once it has stopped. Rejects
 * when the microphone cannot be used (the caller explains why).
 */
export async function startRecording(handlers: {
  onTick: (seconds: number) => void;
  onDone: (audio: Blob) => void;
}): Promise<MediaRecorder> {
  const stream = await navigator.mediaDevices.getUserMedia(constraints);
  const mimeType = mimeTypes.find((t) => MediaRecorder.isTypeSupported(t));
  const rec = new MediaRecorder(stream, mimeType ? { mimeType } : undefined);
  const chunks: Blob[] = [];
  rec.ondataavailable = (e) => {
    if (e.data.size) chunks.push(e.data);
  };
  rec.onstop = () => {
    stream.getTracks().forEach((t) => t.stop());
    clearInterval(timer);
    handlers.onDone(new Blob(chunks, { type: rec.mimeType || mimeType || 'audio/webm' }));
  };
  rec.start(1000);
  const t0 = Date.now();
  handlers.onTick(0);
  const timer = setInterval(() => {
    const s = Math.floor((Date.now() - t0) / 1000);
    handlers.onTick(s);
    if (s >= maxRecordingSeconds && rec.state === 'recording') rec.stop();
  }, 250);
  return rec;
}

/**
 * Decode a recording in the browser and measure it in the voice-analysis worker (started on first use and kept in
 * `worker`; the caller terminates it). `syllables` is the script's count from the server; without it (free speech)
 * the analysis estimates the rate from syllable nuclei. Rejects when the audio cannot be decoded or measured.
 */
export async function analyseRecording(
  recording: Blob,
  worker: { current: Worker | null },
  syllables: number | undefined,
): Promise<VoiceMetrics> {
  const context = new AudioContext();
  const audio = await context.decodeAudioData(await recording.arrayBuffer());
  void context.close();
  const samples = audio.getChannelData(0).slice();
  worker.current ??= new Worker(new URL('./voice-analysis.worker.ts', import.meta.url), { type: 'module' });
  const result = await new Promise<{ ok: boolean; metrics?: VoiceMetrics; error?: string }>((resolve) => {
    worker.current!.onmessage = (e) => resolve(e.data);
    worker.current!.postMessage({ samples, sampleRate: audio.sampleRate, syllables }, [samples.buffer]);
  });
  if (!result.ok || !result.metrics) throw new Error(result.error);
  return result.metrics;
}
