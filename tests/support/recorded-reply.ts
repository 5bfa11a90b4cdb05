// A recorded reply the server accepts: a real Ogg Opus file and device metrics matching its length (no imports, so
// Playwright specs can use it as well as the service-level tests).
import { readFileSync } from 'node:fs';

/** The recording of the recorded reply. */
export const recordedReplyFile = 'tests/fixtures/voice/closing-blessing.ogg';

/** The browser's measurements of {@link recordedReplyFile}, as the voice worker reports them. */
export const recordedReplyMetrics = {
  durationSec: 12.7,
  speakingTimeSec: 10,
  rate: { charsPerMinute: 180, syllables: 30, method: 'script' },
  pitch: { medianHz: 200, variabilitySt: 2 },
  loudness: { integratedLufs: -20 },
  pauses: { count: 2, maxSec: 0.5 },
  clipping: { share: 0 },
};

/** The multipart fields of a recorded reply upload. */
export const recordedReply = () => ({
  audio: new File([readFileSync(recordedReplyFile)], 'reply.ogg', { type: 'audio/ogg' }),
  metrics: JSON.stringify(recordedReplyMetrics),
});
