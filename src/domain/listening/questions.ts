import type { ListeningRendering, ListeningScript, ScriptQuestion } from './schema.ts';
import { transcriptOf } from './schema.ts';
import type { PlainQuestion, Question } from '../assessment/question-schema.ts';

/** The clip every question of a script plays: public path, transcript and measured duration. */
export function listeningClip(
  script: ListeningScript,
  rendering: ListeningRendering,
): { src: string; transcript: string; duration: number } {
  return { src: `/audio/listening/${script.id}.ogg`, transcript: transcriptOf(script), duration: rendering.duration };
}

/**
 * The engine questions of a listening script: `audio-timestamp` questions with their target lines turned into
 * seconds from the rendering (a target spans the line's [start, end]), and `listening` questions whose
 * sub-question inherits id, lesson, explanation, difficulty and tags. Pure; throws when the rendering does not
 * belong to the script (other id or line count) or a target line is out of range.
 */
export function listeningQuestions(script: ListeningScript, rendering: ListeningRendering): Question[] {
  if (rendering.id !== script.id) throw new Error(`rendering ${rendering.id} does not belong to script ${script.id}`);
  if (rendering.lines.length !== script.lines.length) {
    throw new Error(
      `rendering of ${script.id} has ${rendering.lines.length} line timings for ${script.lines.length} lines; run npm run audio`,
    );
  }
  const audio = listeningClip(script, rendering);
  return script.questions.map((q) => toQuestion(q, script, rendering, audio));
}

function toQuestion(
  q: ScriptQuestion,
  script: ListeningScript,
  rendering: ListeningRendering,
  audio: ReturnType<typeof listeningClip>,
): Question {
  // Listening exercises are practice: their reviews show every answer.
  const base = {
    id: q.id,
    prompt: q.prompt,
    explanation: q.explanation,
    lesson: q.lesson,
    tags: [...q.tags],
    difficulty: q.difficulty,
    pool: 'practice' as const,
  };
  if (q.type === 'audio-timestamp') {
    const targets = q.targets.map((t) => {
      const line = script.lines[t.line];
      const timing = rendering.lines[t.line];
      if (!line || !timing) throw new Error(`${q.id}: target line ${t.line} is out of range`);
      return { start: timing.start, end: timing.end, label: t.label ?? line.note ?? line.text };
    });
    return {
      ...base,
      type: 'audio-timestamp',
      audio,
      targets,
      tolerance: q.tolerance,
      extraClickPenalty: q.extraClickPenalty,
    };
  }
  const sub = {
    ...q.question,
    id: q.id,
    lesson: q.lesson,
    explanation: q.explanation,
    difficulty: q.difficulty,
    tags: [...q.tags],
    pool: 'practice',
  } as PlainQuestion;
  return { ...base, type: 'listening', audio, question: sub };
}

/**
 * Length in seconds of an Ogg Opus file, from the granule position of its last page minus the pre-skip of the
 * OpusHead header (Opus granules count 48 kHz samples). Returns undefined when the bytes are not Ogg Opus.
 */
export function oggOpusDuration(bytes: Uint8Array): number | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const isCapture = (at: number) =>
    bytes[at] === 0x4f && bytes[at + 1] === 0x67 && bytes[at + 2] === 0x67 && bytes[at + 3] === 0x53; // OggS
  let at = 0;
  let preSkip: number | undefined;
  let serial: number | undefined;
  let lastGranule: bigint | undefined;
  while (at + 27 <= bytes.length && isCapture(at)) {
    const granule = view.getBigInt64(at + 6, true);
    const pageSerial = view.getUint32(at + 14, true);
    const segments = bytes[at + 26]!;
    if (at + 27 + segments > bytes.length) return undefined;
    let body = 0;
    for (let i = 0; i < segments; i++) body += bytes[at + 27 + i]!;
    const start = at + 27 + segments;
    if (start + body > bytes.length) return undefined;
    if (preSkip === undefined) {
      // First page: the OpusHead identification header ("OpusHead", version, channels, pre-skip u16 LE, …).
      const magic = String.fromCharCode(...bytes.subarray(start, start + 8));
      if (magic !== 'OpusHead' || body < 19) return undefined;
      preSkip = view.getUint16(start + 10, true);
      serial = pageSerial;
    } else if (pageSerial === serial && granule !== -1n) {
      lastGranule = granule;
    }
    at = start + body;
  }
  if (preSkip === undefined || lastGranule === undefined) return undefined;
  return Number(lastGranule - BigInt(preSkip)) / 48000;
}
