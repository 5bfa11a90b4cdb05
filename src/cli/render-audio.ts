// Renders the listening scripts (content/listening/<id>.json) and the voice-affinity model clips
// (content/voice/models.json) to speech with eSpeak NG (the npm WASM build, voice cmn, which reads Chinese
// characters correctly), normalises loudness, encodes Ogg Opus and records the timings.
//
// Usage: npm run audio [-- --force] [-- --check] [-- <script or model id> …]
//   --force  render even when the rendering is fresh (script hash and audio hash match)
//   --check  render nothing; exit 1 when a rendering is missing or stale
// Needs ffmpeg (loudness measurement) and opusenc (Debian: apt-get install ffmpeg opus-tools).
//
// Each line is synthesised on its own, trimmed of leading and trailing silence and joined with known gaps, so the
// recorded start/end of every line is exact (sample counts / sample rate). Same script → same bytes: eSpeak is
// deterministic, the gain is linear, and opusenc gets a serial number derived from the script hash.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { oggOpusDuration } from '../domain/listening/questions.ts';
import {
  lineVoice,
  listeningRenderingSchema,
  listeningScriptSchema,
  pauseBefore,
  phonemeProblems,
  renderInput,
  renderSettings,
  scriptProblems,
  spokenText,
  transcriptOf,
  type ListeningRendering,
  type ListeningScript,
  type SpeakerVoice,
} from '../domain/listening/schema.ts';
import { describeIssues } from '../platform/errors/validation-message.ts';
import { voiceExerciseFileSchema } from '../domain/voice/schema.ts';
import {
  modelProblems,
  modelRenderInput,
  modelRenderJob,
  modelTranscript,
  voiceModelFileSchema,
  type ModelContext,
  type VoiceModel,
} from '../domain/voice/model-schema.ts';

/** All clips together (listening calls and voice models) may not exceed this many bytes. */
export const audioBudgetBytes = 15 * 1024 * 1024;

/** Where scripts, renderings and audio live under a project root. */
export function listeningPaths(root: string) {
  return {
    scripts: join(root, 'content', 'listening'),
    rendered: join(root, 'content', 'listening', 'rendered'),
    audio: join(root, 'public', 'audio', 'listening'),
  };
}

/** Where the voice-affinity model clips live under a project root. */
export function modelPaths(root: string) {
  return {
    models: join(root, 'content', 'voice', 'models.json'),
    exercises: join(root, 'content', 'voice', 'exercises.json'),
    rendered: join(root, 'content', 'voice', 'rendered'),
    audio: join(root, 'public', 'audio', 'voice'),
  };
}

export const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** The hash a fresh rendering of `script` records. */
export const scriptHash = (script: ListeningScript): string => sha256(renderInput(script));

interface EspeakModule {
  FS: {
    readFile(path: string): Uint8Array;
    readFile(path: string, opts: { encoding: 'utf8' }): string;
    writeFile(path: string, data: string | Uint8Array): void;
  };
}
type EspeakFactory = (options: Record<string, unknown>) => Promise<EspeakModule>;

let factory: EspeakFactory | undefined;
async function espeak(): Promise<EspeakFactory> {
  // The package ships no types; it is an Emscripten module factory.
  factory ??= ((await import('espeak-ng' as string)) as { default: EspeakFactory }).default;
  return factory;
}

const dataDir = '/usr/local/share/espeak-ng-data';
let engineVersion: string | undefined;

/** The version line of the WASM eSpeak NG, e.g. 「eSpeak NG text-to-speech: 1.52-dev」. */
async function espeakVersion(): Promise<string> {
  if (engineVersion) return engineVersion;
  const out: string[] = [];
  await (
    await espeak()
  )({ arguments: ['--version'], print: (s: string) => out.push(s), printErr: () => {} });
  engineVersion = (out.join(' ').match(/eSpeak NG text-to-speech: (\S+)/)?.[1] ?? 'unknown').trim();
  return engineVersion;
}

/**
 * A voice variant file: the built-in variant's formants (timbre) with our pitch base and top in Hz.
 * eSpeak reads `pitch <base> <top>`; base = top gives a monotone.
 */
function variantFile(builtin: string, voice: SpeakerVoice): string {
  const kept = builtin.split('\n').filter((l) => !/^\s*(name|pitch|language)\b/.test(l));
  return ['language variant', 'name hotline', ...kept, `pitch ${voice.pitch} ${voice.pitch + voice.range}`, ''].join(
    '\n',
  );
}

/** Synthesise one line: 16-bit mono PCM at renderSettings.sampleRate and the phoneme mnemonics (-x). */
async function synthesise(
  text: string,
  voice: SpeakerVoice & { volume: number },
): Promise<{ pcm: Int16Array; phonemes: string }> {
  const log: string[] = [];
  const mod: Record<string, unknown> & { FS?: EspeakModule['FS'] } = {
    arguments: [
      '-v',
      `${renderSettings.voice}+hotline`,
      '-s',
      String(voice.rate),
      '-a',
      String(voice.volume),
      '-w',
      '/out.wav',
      '-x',
      '--phonout',
      '/phonemes.txt',
      text,
    ],
    print: (s: string) => log.push(s),
    printErr: (s: string) => log.push(s),
    onRuntimeInitialized() {
      const fs = mod.FS!;
      const builtin = fs.readFile(`${dataDir}/voices/!v/${voice.timbre}`, { encoding: 'utf8' });
      fs.writeFile(`${dataDir}/voices/!v/hotline`, variantFile(builtin, voice));
    },
  };
  const create = await espeak();
  // eSpeak seeds the noise of breathy voices from time(); a fixed clock while it runs makes the audio reproducible.
  const realNow = Date.now;
  Date.now = () => 0;
  let instance: EspeakModule;
  try {
    instance = await create(mod);
  } finally {
    Date.now = realNow;
  }
  let wav: Uint8Array;
  try {
    wav = instance.FS.readFile('/out.wav');
  } catch {
    throw new Error(`eSpeak NG produced no audio for 「${text}」:\n${log.join('\n')}`);
  }
  const phonemes = instance.FS.readFile('/phonemes.txt', { encoding: 'utf8' }).replace(/\s+/g, ' ').trim();
  return { pcm: wavSamples(wav), phonemes };
}

/** The samples of a 16-bit mono PCM WAV at the expected rate. */
function wavSamples(wav: Uint8Array): Int16Array {
  const view = new DataView(wav.buffer, wav.byteOffset, wav.byteLength);
  const tag = (at: number) => String.fromCharCode(...wav.subarray(at, at + 4));
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new Error('eSpeak output is not a WAV file');
  let at = 12;
  let format: { channels: number; rate: number; bits: number } | undefined;
  while (at + 8 <= wav.length) {
    const id = tag(at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ')
      format = {
        channels: view.getUint16(body + 2, true),
        rate: view.getUint32(body + 4, true),
        bits: view.getUint16(body + 14, true),
      };
    if (id === 'data') {
      if (!format || format.channels !== 1 || format.bits !== 16 || format.rate !== renderSettings.sampleRate) {
        throw new Error(`unexpected WAV format ${JSON.stringify(format)}`);
      }
      const end = Math.min(wav.length, body + size);
      const count = Math.floor((end - body) / 2);
      const out = new Int16Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt16(body + i * 2, true);
      return out;
    }
    at = body + size + (size % 2);
  }
  throw new Error('WAV file has no data chunk');
}

/** The line without leading and trailing silence (keeping a short margin). */
function trimSilence(pcm: Int16Array): Int16Array {
  const threshold = renderSettings.silenceThreshold * 32767;
  const margin = Math.round(renderSettings.trimMargin * renderSettings.sampleRate);
  let first = 0;
  while (first < pcm.length && Math.abs(pcm[first]!) < threshold) first++;
  let last = pcm.length - 1;
  while (last > first && Math.abs(pcm[last]!) < threshold) last--;
  if (first >= pcm.length) throw new Error('line rendered as silence');
  return pcm.subarray(Math.max(0, first - margin), Math.min(pcm.length, last + 1 + margin));
}

function wavFile(pcm: Int16Array, rate: number): Uint8Array {
  const out = new Uint8Array(44 + pcm.length * 2);
  const view = new DataView(out.buffer);
  const ascii = (at: number, s: string) => [...s].forEach((c, i) => (out[at + i] = c.charCodeAt(0)));
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + pcm.length * 2, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, pcm.length * 2, true);
  for (let i = 0; i < pcm.length; i++) view.setInt16(44 + i * 2, pcm[i]!, true);
  return out;
}

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error)
    throw new Error(
      `${command} is needed by npm run audio (Debian: apt-get install ffmpeg opus-tools): ${result.error.message}`,
    );
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr}`);
  return `${result.stdout}\n${result.stderr}`;
}

/** Integrated loudness (LUFS) and true peak (dBTP) of a WAV file, measured by ffmpeg's loudnorm filter. */
function measureLoudness(wavPath: string): { integrated: number; truePeak: number } {
  const out = run('ffmpeg', [
    '-hide_banner',
    '-nostats',
    '-i',
    wavPath,
    '-af',
    'loudnorm=print_format=json',
    '-f',
    'null',
    '-',
  ]);
  const json = out.slice(out.lastIndexOf('{'), out.lastIndexOf('}') + 1);
  const stats = JSON.parse(json) as { input_i: string; input_tp: string };
  return { integrated: Number(stats.input_i), truePeak: Number(stats.input_tp) };
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** Scale by `gainDb`, then soft-clip above the knee so no sample exceeds the ceiling (fractions of full scale). */
function applyGain(pcm: Int16Array, gainDb: number): Int16Array {
  const gain = 10 ** (gainDb / 20);
  const { knee, ceiling } = renderSettings.softClip;
  const out = new Int16Array(pcm.length);
  for (let i = 0; i < pcm.length; i++) {
    const x = (pcm[i]! / 32768) * gain;
    const a = Math.abs(x);
    const y = a <= knee ? a : knee + (ceiling - knee) * Math.tanh((a - knee) / (ceiling - knee));
    out[i] = Math.round(Math.sign(x) * y * 32767);
  }
  return out;
}

/** What one clip is rendered from and where it goes: a listening script or a voice model. */
interface RenderJob {
  /** File name (without extension) of the audio and the rendering. */
  id: string;
  script: Pick<ListeningScript, 'id' | 'title' | 'voices' | 'lines'>;
  hash: string;
  transcript: string;
  /** Folders for the rendering JSON and the .ogg, and the public URL folder (/audio/<folder>/). */
  rendered: string;
  audio: string;
  urlFolder: 'listening' | 'voice';
}

/** Render one script; returns the rendering written to content/listening/rendered/<id>.json. */
export function renderScript(script: ListeningScript, root: string): Promise<ListeningRendering> {
  const paths = listeningPaths(root);
  return renderClip({
    id: script.id,
    script,
    hash: scriptHash(script),
    transcript: transcriptOf(script),
    rendered: paths.rendered,
    audio: paths.audio,
    urlFolder: 'listening',
  });
}

/** Render one voice model; returns the rendering written to content/voice/rendered/<id>.json. */
export function renderModel(model: VoiceModel, root: string): Promise<ListeningRendering> {
  const paths = modelPaths(root);
  return renderClip({
    id: model.id,
    script: modelRenderJob(model),
    hash: sha256(modelRenderInput(model)),
    transcript: modelTranscript(model),
    rendered: paths.rendered,
    audio: paths.audio,
    urlFolder: 'voice',
  });
}

async function renderClip(job: RenderJob): Promise<ListeningRendering> {
  const { script } = job;
  const rate = renderSettings.sampleRate;
  const pieces: Int16Array[] = [];
  const lines: ListeningRendering['lines'] = [];
  let offset = 0;
  const silence = (seconds: number) => {
    const n = Math.round(seconds * rate);
    pieces.push(new Int16Array(n));
    offset += n;
  };
  for (const [i, line] of script.lines.entries()) {
    const spoken = spokenText(line);
    const { pcm, phonemes } = await synthesise(spoken, lineVoice(script, line));
    const problems = phonemeProblems(spoken, phonemes);
    if (problems.length)
      throw new Error(
        `${script.id} line ${i} 「${spoken}」 is mispronounced: ${problems.join('; ')}\n  phonemes: ${phonemes}`,
      );
    silence(pauseBefore(script, i));
    const speech = trimSilence(pcm);
    lines.push({ start: offset / rate, end: (offset + speech.length) / rate, phonemes });
    pieces.push(speech);
    offset += speech.length;
  }
  silence(renderSettings.tail);
  const pcm = new Int16Array(offset);
  let at = 0;
  for (const p of pieces) {
    pcm.set(p, at);
    at += p.length;
  }

  const work = mkdtempSync(join(tmpdir(), 'hotline-audio-'));
  try {
    const raw = join(work, 'raw.wav');
    writeFileSync(raw, wavFile(pcm, rate));
    // One gain for the whole clip to reach the loudness target; eSpeak's pulses are spiky, so the few peaks above
    // the knee are soft-clipped (sample by sample, no look-ahead, so no timing shift). A second pass corrects the
    // small loss the clipping causes.
    const measured = measureLoudness(raw).integrated;
    const normalised = join(work, 'normalised.wav');
    let gainDb = renderSettings.loudnessTarget - measured;
    let after = measured;
    for (let pass = 0; pass < 2; pass++) {
      writeFileSync(normalised, wavFile(applyGain(pcm, gainDb), rate));
      after = measureLoudness(normalised).integrated;
      gainDb += renderSettings.loudnessTarget - after;
    }

    const hash = job.hash;
    const ogg = join(job.audio, `${job.id}.ogg`);
    mkdirSync(job.audio, { recursive: true });
    run('opusenc', [
      '--quiet',
      '--bitrate',
      String(renderSettings.opusBitrateKbps),
      '--serial',
      String(Number.parseInt(hash.slice(0, 7), 16)),
      '--title',
      script.title,
      '--artist',
      'eSpeak NG synthetic voice (placeholder)',
      '--comment',
      'SYNTHETIC=1',
      normalised,
      ogg,
    ]);
    const bytes = readFileSync(ogg);
    const duration = round3(pcm.length / rate);
    const encoded = oggOpusDuration(bytes);
    if (encoded === undefined || Math.abs(encoded - duration) > 0.03)
      throw new Error(`${ogg}: encoded length ${encoded} s differs from ${duration} s`);

    const rendering: ListeningRendering = {
      id: job.id,
      synthetic: true,
      engine: `eSpeak NG ${await espeakVersion()} (npm espeak-ng, WASM), voice ${renderSettings.voice}`,
      scriptHash: hash,
      src: `/audio/${job.urlFolder}/${job.id}.ogg`,
      audioHash: sha256(bytes),
      bytes: bytes.length,
      duration,
      loudness: { target: renderSettings.loudnessTarget, measured: after },
      transcript: job.transcript,
      lines: lines.map((l) => ({ start: round3(l.start), end: round3(l.end), phonemes: l.phonemes })),
    };
    mkdirSync(job.rendered, { recursive: true });
    writeFileSync(
      join(job.rendered, `${job.id}.json`),
      `${JSON.stringify(listeningRenderingSchema.parse(rendering), null, 2)}\n`,
    );
    return rendering;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Parse every script under content/listening; throws with every problem listed. */
export function loadScripts(root: string): ListeningScript[] {
  const dir = listeningPaths(root).scripts;
  const problems: string[] = [];
  const scripts: ListeningScript[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const where = `content/listening/${file}`;
    const parsed = listeningScriptSchema.safeParse(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    if (!parsed.success) {
      problems.push(...describeIssues(where, parsed.error));
      continue;
    }
    if (parsed.data.id !== file.replace(/\.json$/, ''))
      problems.push(`${where}: id "${parsed.data.id}" does not match the file name`);
    problems.push(...scriptProblems(parsed.data).map((p) => `${where}: ${p}`));
    scripts.push(parsed.data);
  }
  if (problems.length) throw new Error(`Invalid listening scripts:\n  ${problems.join('\n  ')}`);
  return scripts;
}

/** The voice-lab exercise texts and the lesson bodies a model is checked against. */
export function modelContext(root: string): ModelContext {
  const exercises = voiceExerciseFileSchema.parse(
    JSON.parse(readFileSync(modelPaths(root).exercises, 'utf8')),
  ).exercises;
  const lessons = new Map<string, string>();
  const modules = join(root, 'content', 'modules');
  for (const m of readdirSync(modules)) {
    if (!statSync(join(modules, m)).isDirectory()) continue;
    for (const f of readdirSync(join(modules, m)).filter((f) => f.endsWith('.mdx'))) {
      // Only the body (after the frontmatter) counts as what the lesson says.
      lessons.set(
        `${m}/${f.replace(/\.mdx$/, '')}`,
        readFileSync(join(modules, m, f), 'utf8').replace(/^---\n[\s\S]*?\n---\n/, ''),
      );
    }
  }
  return { exercises: new Map(exercises.map((e) => [e.id, e.text])), lessons };
}

/** Parse content/voice/models.json; throws with every problem listed. */
export function loadModels(root: string): VoiceModel[] {
  const where = 'content/voice/models.json';
  const path = modelPaths(root).models;
  if (!existsSync(path)) return [];
  const parsed = voiceModelFileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`Invalid voice models:\n  ${describeIssues(where, parsed.error).join('\n  ')}`);
  const context = modelContext(root);
  const problems = parsed.data.models.flatMap((m) => modelProblems(m, context).map((p) => `${where}: ${m.id}: ${p}`));
  if (problems.length) throw new Error(`Invalid voice models:\n  ${problems.join('\n  ')}`);
  return parsed.data.models;
}

/** Why a rendering is missing or stale, or undefined when it is fresh. */
function clipStaleness(jsonPath: string, oggPath: string, hash: string): string | undefined {
  if (!existsSync(jsonPath)) return 'no rendering';
  if (!existsSync(oggPath)) return 'no audio file';
  const parsed = listeningRenderingSchema.safeParse(JSON.parse(readFileSync(jsonPath, 'utf8')));
  if (!parsed.success) return 'rendering does not validate';
  if (parsed.data.scriptHash !== hash) return 'script changed since rendering';
  if (parsed.data.audioHash !== sha256(readFileSync(oggPath))) return 'audio file changed since rendering';
  return undefined;
}

/** Why the rendering of `script` is missing or stale, or undefined when it is fresh. */
export function staleness(script: ListeningScript, root: string): string | undefined {
  const paths = listeningPaths(root);
  return clipStaleness(
    join(paths.rendered, `${script.id}.json`),
    join(paths.audio, `${script.id}.ogg`),
    scriptHash(script),
  );
}

/** Why the rendering of a voice model is missing or stale, or undefined when it is fresh. */
export function modelStaleness(model: VoiceModel, root: string): string | undefined {
  const paths = modelPaths(root);
  return clipStaleness(
    join(paths.rendered, `${model.id}.json`),
    join(paths.audio, `${model.id}.ogg`),
    sha256(modelRenderInput(model)),
  );
}

/** Bytes of the .ogg files in a folder. */
const folderBytes = (dir: string) =>
  (existsSync(dir) ? readdirSync(dir) : []).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);

/** Warn about audio files and renderings that belong to no script or model. */
function warnOrphans(audioDir: string, renderedDir: string, ids: string[], what: string, root: string) {
  for (const file of existsSync(audioDir) ? readdirSync(audioDir) : []) {
    if (!ids.includes(file.replace(/\.ogg$/, '')))
      console.warn(`warning: ${relative(root, join(audioDir, file))} belongs to no ${what}`);
  }
  for (const file of existsSync(renderedDir) ? readdirSync(renderedDir) : []) {
    if (!ids.includes(file.replace(/\.json$/, '')))
      console.warn(`warning: ${relative(root, join(renderedDir, file))} belongs to no ${what}`);
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const force = args.includes('--force');
  const check = args.includes('--check');
  const only = args.filter((a) => !a.startsWith('--'));
  const root = resolve(process.cwd());
  const allScripts = loadScripts(root);
  const allModels = loadModels(root);
  const clips = [
    ...allScripts.map((s) => ({ id: s.id, stale: () => staleness(s, root), render: () => renderScript(s, root) })),
    ...allModels.map((m) => ({
      id: `voice/${m.id}`,
      stale: () => modelStaleness(m, root),
      render: () => renderModel(m, root),
    })),
  ].filter((c) => !only.length || only.includes(c.id) || only.includes(c.id.replace(/^voice\//, '')));
  for (const id of only) {
    if (!clips.some((c) => c.id === id || c.id === `voice/${id}`))
      throw new Error(`no script ${id} in content/listening and no model ${id} in content/voice/models.json`);
  }

  let failed = 0;
  for (const clip of clips) {
    const why = clip.stale();
    if (check) {
      if (why) {
        failed++;
        console.error(`${clip.id}: ${why}`);
      }
      continue;
    }
    if (!why && !force) {
      console.log(`${clip.id}: fresh, skipped`);
      continue;
    }
    const started = Date.now();
    const r = await clip.render();
    console.log(
      `${clip.id}: ${r.lines.length} lines, ${r.duration.toFixed(1)} s, ${(r.bytes / 1024).toFixed(0)} KiB, ${r.loudness.measured} LUFS (${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
  }

  const paths = listeningPaths(root);
  const models = modelPaths(root);
  warnOrphans(
    paths.audio,
    paths.rendered,
    allScripts.map((s) => s.id),
    'script',
    root,
  );
  warnOrphans(
    models.audio,
    models.rendered,
    allModels.map((m) => m.id),
    'voice model',
    root,
  );
  const listeningBytes = folderBytes(paths.audio);
  const modelBytes = folderBytes(models.audio);
  const total = listeningBytes + modelBytes;
  console.log(
    `Listening audio: ${(listeningBytes / 1024 / 1024).toFixed(2)} MiB; voice models: ${(modelBytes / 1024 / 1024).toFixed(2)} MiB; together ${(total / 1024 / 1024).toFixed(2)} MiB of ${audioBudgetBytes / 1024 / 1024} MiB`,
  );
  if (total > audioBudgetBytes) {
    console.error('The audio clips exceed the size budget.');
    failed++;
  }
  if (check && failed) console.error('Run npm run audio to render the missing or stale clips.');
  if (failed) process.exit(1);
}

if (import.meta.main) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
