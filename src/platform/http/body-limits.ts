/**
 * Request-body limits per route, enforced by the app's HTTP server (src/platform/http/server.ts) before Astro reads a
 * byte. Every route gets the default; the two audio uploads their own (the file limits their handlers check, plus
 * room for the other form fields and multipart framing).
 */
import { CallRecordingBodyTooLarge, RecordingBodyTooLarge, RequestTooLarge } from '../errors/errors-data.ts';

const MB = 1024 * 1024;

export interface BodyLimit {
  /** Largest body accepted, in bytes. */
  bytes: number;
  /** The 413 refusal (src/platform/errors/errors-data.ts). */
  error: typeof RequestTooLarge | typeof RecordingBodyTooLarge | typeof CallRecordingBodyTooLarge;
}

export const defaultBodyLimit: BodyLimit = {
  bytes: 1 * MB,
  error: RequestTooLarge,
};

const uploadLimits: { method: string; path: string; limit: BodyLimit }[] = [
  // Voice-lab recordings: 10 MB of audio (maxRecordingBytes in src/domain/voice/lab.ts) plus metrics.
  {
    method: 'POST',
    path: '/api/voice/recordings',
    limit: { bytes: 10 * MB + 512 * 1024, error: RecordingBodyTooLarge },
  },
  // Real call recordings: 20 MB of audio (maxCallRecordingBytes in src/domain/training/call-recordings.ts) plus transcript and cues.
  { method: 'POST', path: '/trainer/listening', limit: { bytes: 21 * MB, error: CallRecordingBodyTooLarge } },
];

/** The body limit for a request line (`url` as it arrives: path and query). */
export function bodyLimitFor(method: string | undefined, url: string | undefined): BodyLimit {
  const path = (url ?? '/').split('?')[0]!.replace(/\/+$/, '') || '/';
  return uploadLimits.find((u) => u.method === method && u.path === path)?.limit ?? defaultBodyLimit;
}
