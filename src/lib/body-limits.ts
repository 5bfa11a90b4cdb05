/**
 * Request-body limits per route, enforced by the app's HTTP server (src/server/http-server.ts) before Astro reads a
 * byte. Every route gets the default; the two audio uploads their own (the file limits their handlers check, plus
 * room for the other form fields and multipart framing).
 */
const MB = 1024 * 1024;

export interface BodyLimit {
  /** Largest body accepted, in bytes. */
  bytes: number;
  /** Chinese message for a 413. */
  message: string;
}

export const defaultBodyLimit: BodyLimit = {
  bytes: 1 * MB,
  message: '提交的内容过大（超过 1 MB），服务器没有接收。请删减内容后重试；如需上传录音，请使用对应的上传页面。',
};

const uploadLimits: { method: string; path: string; limit: BodyLimit }[] = [
  // Voice-lab recordings: 10 MB of audio (maxRecordingBytes in src/server/voice-lab.ts) plus metrics.
  { method: 'POST', path: '/api/voice/recordings', limit: { bytes: 10 * MB + 512 * 1024, message: '录音文件过大（超过 10 MB），服务器没有接收。请录制两分钟以内的音频。' } },
  // Real call recordings: 20 MB of audio (maxCallRecordingBytes in src/server/call-recordings.ts) plus transcript and cues.
  { method: 'POST', path: '/trainer/listening', limit: { bytes: 21 * MB, message: '录音文件超过 20 MB，服务器没有接收。请压缩或截取后再上传。' } },
];

/** The body limit for a request line (`url` as it arrives: path and query). */
export function bodyLimitFor(method: string | undefined, url: string | undefined): BodyLimit {
  const path = (url ?? '/').split('?')[0]!.replace(/\/+$/, '') || '/';
  return uploadLimits.find((u) => u.method === method && u.path === path)?.limit ?? defaultBodyLimit;
}
