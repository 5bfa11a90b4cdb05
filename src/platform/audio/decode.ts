/**
 * Decodes a recording to mono float samples for the voice analysis (Node only).
 *
 * PCM and IEEE-float WAV files are parsed here (any channel count, mixed to mono, original sample rate), so WAV
 * needs no ffmpeg. Everything else (mp3, ogg, webm, m4a, compressed WAV …) goes through
 * `ffmpeg -i file -ac 1 -ar 16000 -f f32le -`.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';

/** Mono samples in -1..1 and their rate. */
export interface DecodedAudio {
  samples: Float32Array;
  sampleRate: number;
}

/** Why a recording could not be decoded; `message` is English and says what to do. */
export class AudioDecodeError extends Error {
  readonly code: 'not-found' | 'undecodable' | 'ffmpeg-missing';
  constructor(code: AudioDecodeError['code'], message: string) {
    super(message);
    this.name = 'AudioDecodeError';
    this.code = code;
  }
}

const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_IEEE_FLOAT = 3;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

/**
 * Parses a RIFF/WAVE file with integer PCM (8, 16, 24 or 32 bit) or IEEE float (32 or 64 bit) data, averaging
 * the channels. Returns null for anything else (not RIFF, compressed formats), so the caller can fall back to
 * ffmpeg; throws for a WAV header that is PCM but broken.
 */
export function parseWav(bytes: Uint8Array): DecodedAudio | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (offset: number) => String.fromCharCode(...bytes.subarray(offset, offset + 4));
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') return null;
  let format: { code: number; channels: number; sampleRate: number; bits: number } | null = null;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = tag(offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ' && size >= 16) {
      let code = view.getUint16(body, true);
      if (code === WAVE_FORMAT_EXTENSIBLE && size >= 26) code = view.getUint16(body + 24, true);
      format = {
        code,
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        bits: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (!format) throw new AudioDecodeError('undecodable', 'The WAV file has its data before the format chunk.');
      // Streams written while recording may leave the size at 0 or 0xFFFFFFFF: take what is there.
      const end = size === 0 || body + size > bytes.length ? bytes.length : body + size;
      return decodePcm(view, body, end, format);
    }
    offset = body + size + (size % 2);
  }
  if (format) throw new AudioDecodeError('undecodable', 'The WAV file has no data chunk.');
  return null;
}

function decodePcm(
  view: DataView,
  start: number,
  end: number,
  format: { code: number; channels: number; sampleRate: number; bits: number },
): DecodedAudio | null {
  const { code, channels, sampleRate, bits } = format;
  const isInt = code === WAVE_FORMAT_PCM && [8, 16, 24, 32].includes(bits);
  const isFloat = code === WAVE_FORMAT_IEEE_FLOAT && (bits === 32 || bits === 64);
  if (!isInt && !isFloat) return null;
  if (channels < 1 || sampleRate < 1)
    throw new AudioDecodeError('undecodable', 'The WAV header has no channels or no sample rate.');
  const bytesPerSample = bits / 8;
  const frameBytes = bytesPerSample * channels;
  const frames = Math.floor((end - start) / frameBytes);
  const samples = new Float32Array(frames);
  const read = (pos: number): number => {
    if (isFloat) return bits === 32 ? view.getFloat32(pos, true) : view.getFloat64(pos, true);
    if (bits === 8) return (view.getUint8(pos) - 128) / 128;
    if (bits === 16) return view.getInt16(pos, true) / 32768;
    if (bits === 24)
      return ((view.getUint8(pos) | (view.getUint8(pos + 1) << 8) | (view.getInt8(pos + 2) << 16)) >> 0) / 8388608;
    return view.getInt32(pos, true) / 2147483648;
  };
  for (let i = 0; i < frames; i++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += read(start + i * frameBytes + c * bytesPerSample);
    samples[i] = sum / channels;
  }
  return { samples, sampleRate };
}

/** Decodes any container/codec ffmpeg knows to mono 16 kHz float samples. */
export function decodeWithFfmpeg(path: string, ffmpeg = 'ffmpeg'): Promise<DecodedAudio> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      ffmpeg,
      ['-hide_banner', '-nostdin', '-loglevel', 'error', '-i', path, '-ac', '1', '-ar', '16000', '-f', 'f32le', '-'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT'
          ? new AudioDecodeError(
              'ffmpeg-missing',
              `ffmpeg is needed to decode ${path} but was not found. Install ffmpeg, or convert the recording to a PCM WAV file.`,
            )
          : error,
      );
    });
    child.on('close', (code) => {
      const data = Buffer.concat(chunks);
      if (code !== 0 || data.length < 4) {
        const reason = stderr.trim().split('\n').pop() ?? '';
        reject(
          new AudioDecodeError(
            'undecodable',
            `Could not decode ${path} as audio${reason ? ` (ffmpeg: ${reason})` : ''}.`,
          ),
        );
        return;
      }
      const samples = new Float32Array(data.length >> 2);
      for (let i = 0; i < samples.length; i++) samples[i] = data.readFloatLE(i * 4);
      resolve({ samples, sampleRate: 16000 });
    });
  });
}

/** Reads and decodes a recording: natively for PCM WAV, else with ffmpeg. */
export async function decodeAudioFile(path: string): Promise<DecodedAudio> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new AudioDecodeError('not-found', `File not found: ${path}`);
    if (code === 'EISDIR') throw new AudioDecodeError('not-found', `${path} is a directory, not an audio file.`);
    throw error;
  }
  if (bytes.length === 0) throw new AudioDecodeError('undecodable', `${path} is empty.`);
  const wav = parseWav(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return wav ?? decodeWithFfmpeg(path);
}
