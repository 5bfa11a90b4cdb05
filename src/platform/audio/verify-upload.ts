/**
 * Checks an uploaded recording before it is stored (Node only, uses Debian's ffprobe and ffmpeg): it must be a
 * container of the kind its first bytes and its declared type say, hold an audio stream that decodes, and last as
 * long as the uploader states. Magic bytes alone prove nothing (a text file behind "OggS", a WAV header over
 * anything), and a stated duration drives what trainees see (the timestamp questions' timeline, the voice lab's
 * rates), so both are checked against the decoded audio itself.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sniffAudio, type AudioContainer } from './sniff.ts';
import {
  AppError,
  UploadDecodeTimedOut,
  UploadDurationInvalid,
  UploadDurationMismatch,
  UploadHeaderDurationMismatch,
  UploadKindMismatch,
  UploadNotAudio,
  UploadNotValidContainer,
  UploadProbeTimedOut,
  UploadUndecodable,
} from '../errors/index.ts';

/** ffmpeg's demuxer for each container, and the format names ffprobe reports for it. */
const demuxers: Record<AudioContainer, { demuxer: string; formatNames: string[] }> = {
  webm: { demuxer: 'matroska', formatNames: ['matroska', 'webm'] },
  ogg: { demuxer: 'ogg', formatNames: ['ogg'] },
  mp4: { demuxer: 'mov', formatNames: ['mov', 'mp4', 'm4a'] },
  wav: { demuxer: 'wav', formatNames: ['wav'] },
  mp3: { demuxer: 'mp3', formatNames: ['mp3'] },
};

/** Declared MIME types (without parameters) and the container each one names. */
const declaredTypes: Record<string, AudioContainer> = {
  'audio/webm': 'webm',
  'video/webm': 'webm',
  'audio/ogg': 'ogg',
  'application/ogg': 'ogg',
  'audio/opus': 'ogg',
  'audio/mp4': 'mp4',
  'audio/x-m4a': 'mp4',
  'audio/m4a': 'mp4',
  'video/mp4': 'mp4',
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/wave': 'wav',
  'audio/vnd.wave': 'wav',
  'audio/mpeg': 'mp3',
  'audio/mp3': 'mp3',
  'audio/mpeg3': 'mp3',
  'audio/x-mpeg-3': 'mp3',
};

/** File extensions and the container each one names. */
const extensions: Record<string, AudioContainer> = {
  webm: 'webm',
  ogg: 'ogg',
  oga: 'ogg',
  opus: 'ogg',
  m4a: 'mp4',
  mp4: 'mp4',
  wav: 'wav',
  mp3: 'mp3',
};

/** Decoding rate for measuring the duration: 8 kHz mono 16-bit, 16,000 bytes per second. */
const MEASURE_RATE = 8000;

/** The stated and the decoded duration may differ by this much: 0.5 s or 5 %, whichever is larger. */
export function durationMatches(statedSec: number, decodedSec: number): boolean {
  return Math.abs(statedSec - decodedSec) <= Math.max(0.5, 0.05 * decodedSec);
}

/** What a checked upload is. */
export interface VerifiedAudio {
  container: AudioContainer;
  /** Seconds of audio that really decoded. */
  decodedSec: number;
}

/** Options of {@link verifyAudioUpload}. */
export interface VerifyAudioOptions {
  /** The duration the uploader states (form field or the browser's measurement). */
  statedSec: number;
  /** The upload's declared MIME type (`File.type`) and name; either may be empty. */
  declaredType?: string;
  fileName?: string;
  /** Give up decoding after this long (a refusal, not a server error). */
  timeoutMs?: number;
  ffmpeg?: string;
  ffprobe?: string;
}

const kindNames: Record<AudioContainer, string> = { webm: 'WebM', ogg: 'Ogg', mp4: 'M4A/MP4', wav: 'WAV', mp3: 'MP3' };

/** The container the upload declares by its MIME type or extension, or null when it declares none we know. */
export function declaredContainer(
  declaredType = '',
  fileName = '',
): { byType: AudioContainer | null; byName: AudioContainer | null } {
  const type = declaredType.split(';')[0]!.trim().toLowerCase();
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  return { byType: declaredTypes[type] ?? null, byName: extensions[ext] ?? null };
}

interface RunResult {
  code: number | null;
  stdout: Buffer;
  stdoutBytes: number;
  stderr: string;
  timedOut: boolean;
}

function run(command: string, args: string[], timeoutMs: number, keepStdout: boolean): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (keepStdout) chunks.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 4000) stderr += chunk.toString();
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        error.code === 'ENOENT'
          ? new Error(`${command} is needed to check uploaded audio but was not found (apt-get install ffmpeg)`)
          : error,
      );
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(chunks), stdoutBytes, stderr: stderr.trim(), timedOut });
    });
  });
}

const lastLine = (text: string) => text.split('\n').pop() ?? '';

/**
 * Accepts `bytes` only if they decode as audio of the declared kind and last `statedSec` (± 0.5 s or 5 %).
 * Throws an {@link AppError} (415 wrong or unknown kind, 422 undecodable or wrong duration) with a Chinese message;
 * anything else thrown is a server fault (e.g. ffmpeg missing).
 */
export async function verifyAudioUpload(bytes: Uint8Array, options: VerifyAudioOptions): Promise<VerifiedAudio> {
  const { statedSec, timeoutMs = 120_000, ffmpeg = 'ffmpeg', ffprobe = 'ffprobe' } = options;
  const container = sniffAudio(bytes.subarray(0, 16));
  if (!container) throw new AppError(UploadNotAudio);
  const declared = declaredContainer(options.declaredType, options.fileName);
  for (const kind of [declared.byType, declared.byName]) {
    if (kind && kind !== container) {
      throw new AppError(UploadKindMismatch, {
        message: [kindNames[kind], kindNames[container]],
        log: [kind, container],
      });
    }
  }
  if (!Number.isFinite(statedSec) || statedSec <= 0) throw new AppError(UploadDurationInvalid, { log: [statedSec] });
  const { demuxer, formatNames } = demuxers[container];
  const dir = await mkdtemp(join(tmpdir(), 'upload-audio-'));
  const path = join(dir, `upload.${container}`);
  try {
    await writeFile(path, bytes);
    // Parse the file strictly as the container it claims to be.
    const probe = await run(
      ffprobe,
      [
        '-v',
        'error',
        '-f',
        demuxer,
        '-show_entries',
        'format=format_name,duration:stream=codec_type,codec_name,duration',
        '-of',
        'json',
        path,
      ],
      timeoutMs,
      true,
    );
    if (probe.timedOut) throw new AppError(UploadProbeTimedOut, { log: [container] });
    let info: {
      format?: { format_name?: string; duration?: string };
      streams?: { codec_type?: string; codec_name?: string; duration?: string }[];
    } = {};
    try {
      info = JSON.parse(probe.stdout.toString() || '{}');
    } catch {
      info = {};
    }
    const formatName = info.format?.format_name ?? '';
    const audioStreams = (info.streams ?? []).filter((s) => s.codec_type === 'audio');
    if (probe.code !== 0 || !formatName.split(',').some((n) => formatNames.includes(n)) || audioStreams.length === 0) {
      throw new AppError(UploadNotValidContainer, {
        message: [kindNames[container]],
        log: [
          container,
          `exit ${probe.code}, format "${formatName}", ${audioStreams.length} audio streams: ${lastLine(probe.stderr)}`,
        ],
      });
    }
    // Decode the first audio stream completely; the bytes of 8 kHz mono 16-bit PCM give its real duration.
    const decode = await run(
      ffmpeg,
      [
        '-hide_banner',
        '-nostdin',
        '-v',
        'error',
        '-f',
        demuxer,
        '-i',
        path,
        '-map',
        '0:a:0',
        '-vn',
        '-ac',
        '1',
        '-ar',
        String(MEASURE_RATE),
        '-f',
        's16le',
        '-',
      ],
      timeoutMs,
      false,
    );
    if (decode.timedOut) throw new AppError(UploadDecodeTimedOut, { log: [container] });
    const decodedSec = decode.stdoutBytes / (2 * MEASURE_RATE);
    if (decode.code !== 0 || decodedSec < 0.1) {
      throw new AppError(UploadUndecodable, {
        message: [kindNames[container]],
        log: [container, `exit ${decode.code}, ${decodedSec.toFixed(2)} s decoded: ${lastLine(decode.stderr)}`],
      });
    }
    // A header may claim far more than is there (a "huge" duration): that must match the audio too.
    const claimed = [info.format?.duration, ...audioStreams.map((s) => s.duration)]
      .map((d) => Number(d))
      .filter((d) => Number.isFinite(d) && d > 0);
    const overclaim = claimed.find((d) => d > decodedSec && !durationMatches(d, decodedSec));
    if (overclaim !== undefined) {
      throw new AppError(UploadHeaderDurationMismatch, {
        message: [overclaim, decodedSec],
        log: [container, overclaim, decodedSec],
      });
    }
    if (!durationMatches(statedSec, decodedSec)) {
      throw new AppError(UploadDurationMismatch, {
        message: [statedSec, decodedSec],
        log: [container, statedSec, decodedSec],
      });
    }
    return { container, decodedSec };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
