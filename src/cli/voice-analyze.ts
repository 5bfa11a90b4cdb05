// Analyses a recording with the voice-practice lab's metrics and prints them as JSON.
// Usage: npm run voice:analyze -- <audio file> [--text "<script>"] [--exercise <id>] [--contours]
//   --text       the script that was read (speaking rate from its syllables); without it, syllable nuclei are counted
//   --exercise   an exercise id from content/voice/exercises.json: its script (unless --text) and a target check
//   --contours   include the pitch and loudness contours (10 points per second)
// PCM WAV is read directly; other formats (mp3, ogg, webm, m4a …) need ffmpeg on the PATH.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { analyzeVoice } from '../domain/voice/metrics/analyze-voice.ts';
import { checkTargets } from '../domain/voice/metrics/check-targets.ts';
import { voiceExerciseFileSchema, type VoiceExercise } from '../domain/voice/schema.ts';
import { AudioDecodeError, decodeAudioFile } from '../platform/audio/decode.ts';

const usage = 'Usage: npm run voice:analyze -- <audio file> [--text "<script>"] [--exercise <id>] [--contours]';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    allowPositionals: true,
    options: {
      text: { type: 'string' },
      exercise: { type: 'string' },
      contours: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}
try {
  args = parse();
} catch (error) {
  fail(`${(error as Error).message}\n${usage}`);
}
if (args.values.help) {
  console.log(usage);
  process.exit(0);
}
const [file, ...extra] = args.positionals;
if (!file || extra.length) fail(`Give exactly one audio file.\n${usage}`);

let exercise: VoiceExercise | undefined;
if (args.values.exercise) {
  const catalog = voiceExerciseFileSchema.parse(
    JSON.parse(readFileSync(new URL('../../content/voice/exercises.json', import.meta.url), 'utf8')),
  );
  exercise = catalog.exercises.find((e) => e.id === args.values.exercise);
  if (!exercise)
    fail(`Unknown exercise "${args.values.exercise}". Known: ${catalog.exercises.map((e) => e.id).join(', ')}`);
}

let audio;
try {
  audio = await decodeAudioFile(file);
} catch (error) {
  fail(error instanceof AudioDecodeError ? error.message : `Could not read ${file}: ${(error as Error).message}`);
}
if (audio.samples.length === 0) fail(`${file} contains no audio samples.`);

const text = args.values.text ?? exercise?.text;
const metrics = analyzeVoice(audio.samples, audio.sampleRate, { text, contours: args.values.contours });
const output = {
  file,
  ...(text ? { text } : {}),
  ...(exercise ? { exercise: exercise.id } : {}),
  ...metrics,
  ...(exercise ? { targets: checkTargets(metrics, exercise.targets) } : {}),
};
console.log(JSON.stringify(output, null, 2));
