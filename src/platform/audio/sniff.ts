/** Audio container types recognised from a file's first bytes (the name and declared type are not trusted). */
export type AudioContainer = 'webm' | 'ogg' | 'mp4' | 'wav' | 'mp3';

const startsWith = (b: Uint8Array, sig: number[], offset = 0) => sig.every((x, i) => b[offset + i] === x);

/** The container of an audio file from its magic bytes, or null when it is not a supported audio file. */
export function sniffAudio(bytes: Uint8Array): AudioContainer | null {
  if (startsWith(bytes, [0x1a, 0x45, 0xdf, 0xa3])) return 'webm'; // EBML (WebM/Matroska)
  if (startsWith(bytes, [0x4f, 0x67, 0x67, 0x53])) return 'ogg'; // "OggS"
  if (startsWith(bytes, [0x66, 0x74, 0x79, 0x70], 4)) return 'mp4'; // "ftyp" (m4a, Safari's audio/mp4)
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x41, 0x56, 0x45], 8)) return 'wav'; // RIFF....WAVE
  if (startsWith(bytes, [0x49, 0x44, 0x33])) return 'mp3'; // ID3 tag
  if (bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0) return 'mp3'; // MPEG frame sync
  return null;
}

export const containerMime: Record<AudioContainer, string> = {
  webm: 'audio/webm',
  ogg: 'audio/ogg',
  mp4: 'audio/mp4',
  wav: 'audio/wav',
  mp3: 'audio/mpeg',
};
