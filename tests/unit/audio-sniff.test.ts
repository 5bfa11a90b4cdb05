import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sniffAudio } from '../../src/platform/audio/sniff.ts';

describe('audio type by content', () => {
  it('recognises real files regardless of their names', () => {
    expect(sniffAudio(readFileSync('tests/fixtures/voice/closing-blessing.wav'))).toBe('wav');
    expect(sniffAudio(readFileSync('tests/fixtures/voice/closing-blessing.ogg'))).toBe('ogg');
    expect(sniffAudio(readFileSync('public/audio/listening/closing-broadband-expiry.ogg'))).toBe('ogg');
    expect(sniffAudio(new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 1, 2]))).toBe('webm');
    expect(sniffAudio(new Uint8Array([0, 0, 0, 0x20, 0x66, 0x74, 0x79, 0x70, 0x4d, 0x34, 0x41]))).toBe('mp4');
    expect(sniffAudio(new Uint8Array([0x49, 0x44, 0x33, 4]))).toBe('mp3');
  });
  it('refuses anything else, e.g. a PNG or a text file renamed to .webm', () => {
    expect(sniffAudio(readFileSync('public/favicon.svg'))).toBeNull();
    expect(sniffAudio(new Uint8Array([0x89, 0x50, 0x4e, 0x47]))).toBeNull();
    expect(sniffAudio(new Uint8Array([]))).toBeNull();
  });
});
