/**
 * Real compressed recordings for upload tests: a synthetic signal encoded by Debian's ffmpeg into the containers
 * the app accepts (Ogg Opus, WebM Opus, MP3, M4A/AAC; WAV is written directly).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cachedBytesSync } from './fixture-cache.ts';
import { encodeWav16, harmonicGlide } from './synthetic-audio.ts';

export type EncodedKind = 'ogg' | 'webm' | 'mp3' | 'm4a' | 'wav';

const codecArgs: Record<Exclude<EncodedKind, 'wav'>, string[]> = {
  ogg: ['-c:a', 'libopus', '-b:a', '32k'],
  webm: ['-c:a', 'libopus', '-b:a', '32k'],
  mp3: ['-c:a', 'libmp3lame', '-b:a', '64k'],
  m4a: ['-c:a', 'aac', '-b:a', '64k'],
};

let ffmpegVersion: string | undefined;

/** A voice-like glide of `durationSec` seconds, encoded as `kind` (cached by content: see fixture-cache.ts). */
export function encodedRecording(kind: EncodedKind, durationSec: number): Buffer {
  const wav = Buffer.from(
    encodeWav16(harmonicGlide({ fromHz: 180, toHz: 240, durationSec, sampleRate: 16000 }), 16000),
  );
  if (kind === 'wav') return wav;
  ffmpegVersion ??= execFileSync('ffmpeg', ['-version'], { encoding: 'utf8' }).split('\n')[0] ?? '';
  const inputs = {
    ffmpeg: ffmpegVersion,
    kind,
    codec: codecArgs[kind],
    wav: createHash('sha256').update(wav).digest('hex'),
  };
  return cachedBytesSync('ffmpeg', inputs, () => encode(kind, wav));
}

function encode(kind: Exclude<EncodedKind, 'wav'>, wav: Buffer): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'encoded-audio-'));
  try {
    writeFileSync(join(dir, 'in.wav'), wav);
    const out = join(dir, `out.${kind}`);
    execFileSync('ffmpeg', [
      '-hide_banner',
      '-nostdin',
      '-v',
      'error',
      '-i',
      join(dir, 'in.wav'),
      ...codecArgs[kind],
      out,
    ]);
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
