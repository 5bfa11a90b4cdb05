/**
 * Test audio with known properties: harmonic tones and glides, silence, seeded noise, WAV encoding, and speech
 * rendered by eSpeak NG compiled to WebAssembly (npm `espeak-ng`, voice `cmn`, reads Hanzi; no system binary).
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseWav } from '../../src/platform/audio/decode.ts';
import { cachedBytes } from './fixture-cache.ts';

/** Mono samples and their rate. */
export interface Audio {
  samples: Float32Array;
  sampleRate: number;
}

/** A plain sine of the given peak amplitude. */
export function sine(frequencyHz: number, durationSec: number, sampleRate: number, peak = 1): Float32Array {
  const out = new Float32Array(Math.round(durationSec * sampleRate));
  for (let i = 0; i < out.length; i++) out[i] = peak * Math.sin((2 * Math.PI * frequencyHz * i) / sampleRate);
  return out;
}

/** Options of {@link harmonicGlide}. */
export interface GlideOptions {
  fromHz: number;
  toHz: number;
  durationSec: number;
  sampleRate: number;
  /** Peak amplitude after normalisation. */
  peak?: number;
  /** Harmonics up to this frequency, amplitude falling 6 dB per octave like a glottal source. */
  maxHarmonicHz?: number;
  /** `exponential` moves evenly in semitones, `linear` evenly in Hz. */
  curve?: 'exponential' | 'linear';
}

/** Instantaneous F0 of a glide at time t (seconds). */
export function glideHzAt(options: Pick<GlideOptions, 'fromHz' | 'toHz' | 'durationSec' | 'curve'>, t: number): number {
  const x = Math.min(Math.max(t / options.durationSec, 0), 1);
  return (options.curve ?? 'exponential') === 'linear'
    ? options.fromHz + (options.toHz - options.fromHz) * x
    : options.fromHz * (options.toHz / options.fromHz) ** x;
}

/**
 * A voice-like harmonic signal whose F0 moves from `fromHz` to `toHz` (equal values give a steady tone), with
 * a phase-continuous sweep and 10 ms fades so the ends do not click.
 */
export function harmonicGlide(options: GlideOptions): Float32Array {
  const { durationSec, sampleRate, peak = 0.5, maxHarmonicHz = 4000 } = options;
  const out = new Float32Array(Math.round(durationSec * sampleRate));
  let phase = 0;
  for (let i = 0; i < out.length; i++) {
    const f0 = glideHzAt(options, i / sampleRate);
    phase += (2 * Math.PI * f0) / sampleRate;
    let v = 0;
    for (let k = 1; k * f0 <= Math.min(maxHarmonicHz, sampleRate / 2 - 100); k++) v += Math.sin(k * phase) / k;
    out[i] = v;
  }
  const fade = Math.round(0.01 * sampleRate);
  for (let i = 0; i < fade && i < out.length; i++) {
    out[i] = (out[i] as number) * (i / fade);
    out[out.length - 1 - i] = (out[out.length - 1 - i] as number) * (i / fade);
  }
  return normalizePeak(out, peak);
}

/** Scales the signal so that its largest absolute sample is `peak`. */
export function normalizePeak(samples: Float32Array, peak: number): Float32Array {
  let max = 0;
  for (const v of samples) max = Math.max(max, Math.abs(v));
  if (max > 0) for (let i = 0; i < samples.length; i++) samples[i] = ((samples[i] as number) / max) * peak;
  return samples;
}

/** Digital silence. */
export function silence(durationSec: number, sampleRate: number): Float32Array {
  return new Float32Array(Math.round(durationSec * sampleRate));
}

/** Deterministic Gaussian-ish white noise at an RMS level in dBFS (mulberry32 + sum of uniforms). */
export function noise(durationSec: number, sampleRate: number, rmsDbfs: number, seed = 1): Float32Array {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rms = 10 ** (rmsDbfs / 20);
  const out = new Float32Array(Math.round(durationSec * sampleRate));
  // The sum of 4 uniforms has variance 4/12 = 1/3.
  for (let i = 0; i < out.length; i++) out[i] = (random() + random() + random() + random() - 2) * Math.sqrt(3) * rms;
  return out;
}

/** Concatenates signals. */
export function concat(...parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Adds `b` onto a copy of `a` (b is cycled or cut to a's length). */
export function mix(a: Float32Array, b: Float32Array): Float32Array {
  const out = Float32Array.from(a);
  if (b.length === 0) return out;
  for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) + (b[i % b.length] as number);
  return out;
}

/** Linear-interpolation resampling (good enough for timing and level tests, not for pitch-critical audio). */
export function resampleLinear(samples: Float32Array, fromRate: number, toRate: number): Float32Array {
  const out = new Float32Array(Math.round((samples.length * toRate) / fromRate));
  for (let i = 0; i < out.length; i++) {
    const x = (i * fromRate) / toRate;
    const j = Math.floor(x);
    const frac = x - j;
    out[i] = (samples[j] ?? 0) * (1 - frac) + (samples[j + 1] ?? 0) * frac;
  }
  return out;
}

/** 16-bit PCM mono WAV file bytes (values clipped to ±1). */
export function encodeWav16(samples: Float32Array, sampleRate: number): Uint8Array {
  const bytes = new Uint8Array(44 + samples.length * 2);
  const view = new DataView(bytes.buffer);
  const text = (offset: number, s: string) => [...s].forEach((c, i) => view.setUint8(offset + i, c.charCodeAt(0)));
  text(0, 'RIFF');
  view.setUint32(4, 36 + samples.length * 2, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  text(36, 'data');
  view.setUint32(40, samples.length * 2, true);
  for (let i = 0; i < samples.length; i++) {
    const v = Math.max(-1, Math.min(1, samples[i] as number));
    view.setInt16(44 + i * 2, Math.round(v < 0 ? v * 32768 : v * 32767), true);
  }
  return bytes;
}

/**
 * Speaking time of a clean synthetic recording, measured on its samples: from the first to the last non-zero
 * sample, minus runs of exact digital silence of at least `minPauseSec` (eSpeak writes exact zeros between
 * phrases, and inserted pauses are zeros too). This is the quantity the analysis estimates as speaking time.
 */
export function trueSpeakingTime(samples: Float32Array, sampleRate: number, minPauseSec = 0.25): number {
  let first = -1;
  let last = -1;
  for (let i = 0; i < samples.length; i++) {
    if (samples[i] !== 0) {
      if (first < 0) first = i;
      last = i;
    }
  }
  if (first < 0) return 0;
  let silent = 0;
  let run = 0;
  for (let i = first; i <= last + 1; i++) {
    if (i <= last && samples[i] === 0) run++;
    else {
      if (run >= minPauseSec * sampleRate) silent += run;
      run = 0;
    }
  }
  return (last - first + 1 - silent) / sampleRate;
}

/** Splits a signal at its runs of digital silence of at least `minSec`: the voiced stretches, in order. */
export function splitAtSilence(samples: Float32Array, sampleRate: number, minSec: number): Float32Array[] {
  const parts: Float32Array[] = [];
  let start = -1;
  let zeros = 0;
  for (let i = 0; i <= samples.length; i++) {
    const v = i < samples.length ? samples[i] : 0;
    if (v !== 0) {
      if (start < 0) start = i;
      zeros = 0;
    } else if (start >= 0) {
      zeros++;
      if (zeros >= minSec * sampleRate || i === samples.length) {
        parts.push(samples.slice(start, i - zeros + 1));
        start = -1;
        zeros = 0;
      }
    }
  }
  return parts;
}

/** Options of {@link renderSpeech}. */
export interface SpeechOptions {
  /** eSpeak voice; `cmn` (Mandarin) reads Hanzi. */
  voice?: string;
  /** eSpeak -s, "words per minute" (for Mandarin roughly syllables, scaled). Default 175. */
  wpm?: number;
  /** eSpeak -p base pitch, 0–99. Default 50. */
  pitch?: number;
  /** SSML prosody range (e.g. `x-low`, `x-high`, `0%`, `200%`): how far intonation moves. */
  range?: string;
}

/** A rendering with the phonemes eSpeak says it spoke (its -x output). */
export interface SpeechRendering extends Audio {
  phonemes: string;
}

type EspeakFactory = (module: {
  arguments: string[];
  print?: (line: string) => void;
  printErr?: (line: string) => void;
  instantiateWasm?: (imports: WebAssembly.Imports, done: (instance: WebAssembly.Instance) => void) => object;
}) => Promise<{ FS: { readFile(path: string): Uint8Array } }>;

let espeak: Promise<{ factory: EspeakFactory; wasm: WebAssembly.Module }> | undefined;

function loadEspeak(): Promise<{ factory: EspeakFactory; wasm: WebAssembly.Module }> {
  espeak ??= (async () => {
    const entry = createRequire(import.meta.url).resolve('espeak-ng');
    // A computed specifier: the package ships no type declarations.
    const specifier: string = pathToFileURL(entry).href;
    const glue = (await import(specifier)) as { default: EspeakFactory };
    // Compile the 18 MB module once; every rendering instantiates it afresh (main() runs once per instance).
    const wasm = await WebAssembly.compile(await readFile(join(dirname(entry), 'espeak-ng.wasm')));
    return { factory: glue.default, wasm };
  })();
  return espeak;
}

/**
 * Renders text with eSpeak NG (WASM) to 22 050 Hz mono samples, with its phoneme mnemonics. Renderings are cached
 * by content (text, arguments, eSpeak version; see fixture-cache.ts): only the first run on a machine pays for them.
 */
export async function renderSpeech(text: string, options: SpeechOptions = {}): Promise<SpeechRendering> {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const input = options.range ? `<speak><prosody range="${options.range}">${escaped}</prosody></speak>` : text;
  const args = [
    '-v',
    options.voice ?? 'cmn',
    '-s',
    String(options.wpm ?? 175),
    '-p',
    String(options.pitch ?? 50),
    '-x',
    '-w',
    '/out.wav',
  ];
  if (options.range) args.push('-m');
  const bytes = await cachedBytes('espeak', { version: espeakVersion(), args, input }, async () =>
    encodeRendering(await runEspeak(text, args, input)),
  );
  return decodeRendering(bytes);
}

function espeakVersion(): string {
  const entry = createRequire(import.meta.url).resolve('espeak-ng');
  return (JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string }).version;
}

async function runEspeak(text: string, args: string[], input: string): Promise<SpeechRendering> {
  const { factory, wasm } = await loadEspeak();
  const lines: string[] = [];
  const errors: string[] = [];
  const instance = await factory({
    arguments: [...args, input],
    print: (line) => lines.push(line),
    printErr: (line) => errors.push(line),
    instantiateWasm: (imports, done) => {
      void WebAssembly.instantiate(wasm, imports).then(done);
      return {};
    },
  });
  const decoded = parseWav(instance.FS.readFile('/out.wav'));
  if (!decoded) throw new Error(`eSpeak wrote no WAV for ${text}: ${errors.join(' ')}`);
  return { ...decoded, phonemes: lines.join(' ').trim() };
}

/** Cache entry: 4-byte header length, JSON header (sample rate, phonemes), then the float32 samples. */
function encodeRendering(r: SpeechRendering): Uint8Array {
  const header = Buffer.from(JSON.stringify({ sampleRate: r.sampleRate, phonemes: r.phonemes }));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  return Buffer.concat([length, header, Buffer.from(r.samples.buffer, r.samples.byteOffset, r.samples.byteLength)]);
}

function decodeRendering(bytes: Buffer): SpeechRendering {
  const headerLength = bytes.readUInt32LE(0);
  const { sampleRate, phonemes } = JSON.parse(bytes.subarray(4, 4 + headerLength).toString('utf8')) as {
    sampleRate: number;
    phonemes: string;
  };
  const body = bytes.subarray(4 + headerLength);
  // Copy: the samples must start on a 4-byte boundary.
  const samples = new Float32Array(body.byteLength / 4);
  new Uint8Array(samples.buffer).set(body);
  return { samples, sampleRate, phonemes };
}

/** Syllables in eSpeak `-x` output for Mandarin: each syllable carries one tone number (55, 35, 214, 51 …). */
export function countPhonemeSyllables(phonemes: string): number {
  return phonemes.match(/\d+/g)?.length ?? 0;
}
