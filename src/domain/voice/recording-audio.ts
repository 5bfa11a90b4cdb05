import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { AudioContainer } from '../../platform/audio/sniff.ts';
import { analyzeVoice } from './metrics/analyze-voice.ts';
import { decodeWithFfmpeg } from '../../platform/audio/decode.ts';
import { speechEvidence, type SpeechEvidence } from './speech-rules.ts';

const run = promisify(execFile);

/** A voice-lab take as it will be stored, and whether it holds enough speech to be a take at all. */
export interface PreparedRecording {
  bytes: Uint8Array;
  evidence: SpeechEvidence;
  /** Speaking and voiced time the server measured on the decoded audio. */
  speakingTimeSec: number;
  voicedSec: number;
}

/**
 * Measures a checked upload on the server (the browser's metrics are claims) and, for WebM, rewrites the container
 * with `ffmpeg -c copy`: MediaRecorder writes WebM without a duration or cues, so a player cannot show its length
 * or seek in it; the remuxed file carries both, with the same Opus packets.
 */
export async function prepareRecording(
  bytes: Uint8Array,
  container: AudioContainer,
  ffmpeg = 'ffmpeg',
): Promise<PreparedRecording> {
  const dir = await mkdtemp(join(tmpdir(), 'voice-take-'));
  try {
    const input = join(dir, `take.${container}`);
    await writeFile(input, bytes);
    const audio = await decodeWithFfmpeg(input, ffmpeg);
    const metrics = analyzeVoice(audio.samples, audio.sampleRate);
    let stored = bytes;
    if (container === 'webm') {
      const output = join(dir, 'remuxed.webm');
      await run(
        ffmpeg,
        [
          '-hide_banner',
          '-nostdin',
          '-v',
          'error',
          '-f',
          'webm',
          '-i',
          input,
          '-map',
          '0:a:0',
          '-c',
          'copy',
          '-f',
          'webm',
          output,
        ],
        { timeout: 60_000 },
      );
      stored = new Uint8Array(await readFile(output));
    }
    return {
      bytes: stored,
      evidence: speechEvidence(metrics),
      speakingTimeSec: metrics.speakingTimeSec,
      voicedSec: metrics.pitch.voicedSec,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
