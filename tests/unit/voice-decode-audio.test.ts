import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AudioDecodeError, decodeAudioFile, parseWav } from '../../src/platform/audio/decode.ts';
import { encodeWav16, sine } from '../support/synthetic-audio.ts';

/** A WAV file with the given format code, bit depth and interleaved sample writer. */
function wav(
  format: number,
  bits: number,
  channels: number,
  sampleRate: number,
  frames: number,
  write: (view: DataView, offset: number, frame: number, channel: number) => void,
  extensible = false,
): Uint8Array {
  const bytesPerSample = bits / 8;
  const fmtSize = extensible ? 40 : 16;
  const dataSize = frames * channels * bytesPerSample;
  // A LIST chunk before the data checks that unknown chunks are skipped.
  const list = 'LIST\u0004\u0000\u0000\u0000INFO';
  const bytes = new Uint8Array(12 + 8 + fmtSize + list.length + 8 + dataSize);
  const view = new DataView(bytes.buffer);
  const text = (o: number, s: string) => [...s].forEach((c, i) => view.setUint8(o + i, c.charCodeAt(0)));
  text(0, 'RIFF');
  view.setUint32(4, bytes.length - 8, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, fmtSize, true);
  view.setUint16(20, extensible ? 0xfffe : format, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * channels * bytesPerSample, true);
  view.setUint16(32, channels * bytesPerSample, true);
  view.setUint16(34, bits, true);
  if (extensible) {
    view.setUint16(36, 22, true);
    view.setUint16(44, format, true);
  }
  let o = 20 + fmtSize;
  text(o, list);
  o += list.length;
  text(o, 'data');
  view.setUint32(o + 4, dataSize, true);
  o += 8;
  for (let f = 0; f < frames; f++)
    for (let c = 0; c < channels; c++) write(view, o + (f * channels + c) * bytesPerSample, f, c);
  return bytes;
}

describe('parseWav', () => {
  it('reads 16-bit PCM', () => {
    const decoded = parseWav(encodeWav16(sine(440, 0.1, 16000, 0.5), 16000));
    expect(decoded?.sampleRate).toBe(16000);
    expect(decoded?.samples.length).toBe(1600);
    expect(Math.max(...(decoded?.samples ?? []))).toBeCloseTo(0.5, 3);
  });

  it('reads 8-, 24- and 32-bit PCM, float32 and float64, and WAVE_FORMAT_EXTENSIBLE', () => {
    const value = 0.25;
    const cases = [
      wav(1, 8, 1, 8000, 10, (v, o) => v.setUint8(o, 128 + 32)),
      wav(1, 24, 1, 8000, 10, (v, o) => {
        const n = Math.round(value * 8388608);
        v.setUint8(o, n & 0xff);
        v.setUint8(o + 1, (n >> 8) & 0xff);
        v.setInt8(o + 2, n >> 16);
      }),
      wav(1, 32, 1, 8000, 10, (v, o) => v.setInt32(o, value * 2147483648, true)),
      wav(3, 32, 1, 8000, 10, (v, o) => v.setFloat32(o, value, true)),
      wav(3, 64, 1, 8000, 10, (v, o) => v.setFloat64(o, value, true)),
      wav(1, 16, 1, 8000, 10, (v, o) => v.setInt16(o, value * 32768, true), true),
    ];
    for (const bytes of cases) {
      const decoded = parseWav(bytes);
      expect(decoded?.samples.length).toBe(10);
      expect(decoded?.samples[3]).toBeCloseTo(value, 4);
    }
  });

  it('mixes stereo down to mono', () => {
    const decoded = parseWav(wav(1, 16, 2, 44100, 4, (v, o, _f, c) => v.setInt16(o, c === 0 ? 16384 : 0, true)));
    expect(decoded?.sampleRate).toBe(44100);
    expect(decoded?.samples[0]).toBeCloseTo(0.25, 4);
  });

  it('returns null for non-WAV data and compressed WAV, so ffmpeg can take over', () => {
    expect(parseWav(new TextEncoder().encode('ID3 not a wav file'))).toBeNull();
    expect(parseWav(wav(2, 4, 1, 8000, 10, () => undefined))).toBeNull();
  });
});

describe('decodeAudioFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'voice-decode-'));

  it('reads a PCM WAV without ffmpeg', async () => {
    const path = join(dir, 'tone.wav');
    writeFileSync(path, encodeWav16(sine(200, 0.5, 22050, 0.3), 22050));
    const decoded = await decodeAudioFile(path);
    expect(decoded.sampleRate).toBe(22050);
    expect(decoded.samples.length).toBe(11025);
  });

  it('fails with a clear error for a missing or empty file', async () => {
    await expect(decodeAudioFile(join(dir, 'missing.wav'))).rejects.toThrow(/File not found/);
    const empty = join(dir, 'empty.mp3');
    writeFileSync(empty, '');
    await expect(decodeAudioFile(empty)).rejects.toBeInstanceOf(AudioDecodeError);
  });
});
