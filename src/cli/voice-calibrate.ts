// Calibrates the pitch-variability target of content/voice/exercises.json on reference recordings.
// Usage: npm run voice:calibrate [-- --json]
//
// How: every exercise script is rendered with eSpeak NG (WASM, voice cmn, -s 110, about 140 字/分钟) in three
// intonation settings — monotone (SSML prosody range "x-low"), normal (eSpeak's default range) and lively
// (range "x-high") — at two base pitches (-p 40 and -p 80, a lower and a higher voice), and analysed with the
// same analyzeVoice() as the lab. The threshold is the midpoint between the highest monotone and the lowest
// normal variability, rounded to 0.1 semitone; the script fails if the two do not separate. eSpeak's normal
// Mandarin intonation is narrower than human speech, so the threshold only flags a truly flat delivery.
import { readFileSync } from 'node:fs';
import { analyzeVoice } from '../domain/voice/metrics/analyze-voice.ts';
import { scriptReading } from '../domain/voice/metrics/syllable-count.ts';
import { voiceExerciseFileSchema } from '../domain/voice/schema.ts';
import { renderSpeech } from '../../tests/support/synthetic-audio.ts';

/** The intonation settings rendered, in order of increasing pitch movement. */
const settings = [
  { name: 'monotone', range: 'x-low' },
  { name: 'normal', range: undefined },
  { name: 'lively', range: 'x-high' },
] as const;
const basePitches = [40, 80];

const file = voiceExerciseFileSchema.parse(
  JSON.parse(readFileSync(new URL('../../content/voice/exercises.json', import.meta.url), 'utf8')),
);
const rows: Array<{
  exercise: string;
  setting: string;
  basePitch: number;
  medianHz: number | null;
  variabilitySt: number | null;
}> = [];
for (const exercise of file.exercises) {
  for (const basePitch of basePitches) {
    for (const setting of settings) {
      const speech = await renderSpeech(scriptReading(exercise.text), {
        wpm: 110,
        pitch: basePitch,
        range: setting.range,
      });
      const { pitch } = analyzeVoice(speech.samples, speech.sampleRate, { text: exercise.text });
      rows.push({
        exercise: exercise.id,
        setting: setting.name,
        basePitch,
        medianHz: pitch.medianHz,
        variabilitySt: pitch.variabilitySt,
      });
    }
  }
}

const values = (name: string) => rows.filter((r) => r.setting === name).map((r) => r.variabilitySt ?? Number.NaN);
const summary = Object.fromEntries(
  settings.map(({ name }) => {
    const v = values(name);
    return [name, { min: Math.min(...v), max: Math.max(...v), mean: v.reduce((a, b) => a + b, 0) / v.length }];
  }),
) as Record<(typeof settings)[number]['name'], { min: number; max: number; mean: number }>;
const separated = summary.monotone.max < summary.normal.min;
const threshold = Math.round(((summary.monotone.max + summary.normal.min) / 2) * 10) / 10;

if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ rows, summary, separated, thresholdSt: threshold }, null, 2));
} else {
  console.log(`${'exercise'.padEnd(28)}setting   -p  median Hz  variability (st)`);
  for (const r of rows) {
    console.log(
      `${r.exercise.padEnd(28)}${r.setting.padEnd(10)}${String(r.basePitch).padStart(3)}  ${String(r.medianHz).padStart(9)}  ${String(r.variabilitySt).padStart(6)}`,
    );
  }
  for (const { name } of settings) {
    const s = summary[name];
    console.log(`${name.padEnd(9)} min ${s.min.toFixed(2)}  mean ${s.mean.toFixed(2)}  max ${s.max.toFixed(2)} st`);
  }
  console.log(
    separated
      ? `Threshold (midpoint of monotone max and normal min): ${threshold.toFixed(1)} st`
      : 'Monotone and normal renderings overlap: no threshold.',
  );
}
if (!separated) process.exit(1);
