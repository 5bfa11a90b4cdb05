import { z } from 'zod';
import { moduleSlugSchema } from '../course/module-schema.ts';
import {
  fillBlankSchema,
  matchingSchema,
  multipleChoiceSchema,
  orderingSchema,
  scenarioSchema,
  singleChoiceSchema,
  trueFalseSchema,
  type PlainQuestion,
} from '../assessment/question-schema.ts';
import { plainModule } from '../assessment/question-types/plain.ts';

/**
 * Listening exercises: a simulated 10000-hotline call written as data (content/listening/<id>.json), rendered to
 * speech by `npm run audio` (src/cli/render-audio.ts) into public/audio/listening/<id>.ogg plus the measured line
 * timings in content/listening/rendered/<id>.json. Questions refer to lines; src/domain/listening/questions.ts turns
 * them into engine questions with times in seconds.
 */

/** Call situations the exercises are drawn from (one per script). */
export const listeningSituations = [
  'forbidden-phrases',
  'forbidden-tones',
  'angry-customer',
  'anxious-customer',
  'talkative-customer',
  'manager-request',
  'billing-dispute',
  'negative-wording',
  'monotone-voice',
  'closing',
  'hold-transfer',
  'opening',
] as const;
export type ListeningSituation = (typeof listeningSituations)[number];

/** Situations the course must cover with at least one exercise each. */
export const requiredSituations: readonly ListeningSituation[] = listeningSituations.filter((s) => s !== 'opening');

/** What a line demonstrates; the answer review and the transcript view can highlight marked lines. */
export const lineMarks = [
  /** A forbidden phrase (服务禁语): 喂、什么、不知道、应该、好像、不可能, 「这是公司规定」… */
  'taboo-phrase',
  /** One of the six forbidden tones: 反问、质问、机械、散漫、愤怒、讽刺. */
  'forbidden-tone',
  /** Negative wording: 「不能」「但是」, blaming 「你」. */
  'negative-wording',
  /** Positive wording, the 「因为」 reason, 「我」 instead of 「你」. */
  'positive-expression',
  'interrupts-customer',
  /** Flat pitch, read-from-the-script delivery; rendered with a narrow pitch range. */
  'monotone',
  /** Rushed delivery; rendered faster than the speaker's usual rate. */
  'too-fast',
  /** Deliberately slower, lower, steadier delivery; rendered slower than the speaker's usual rate. */
  'calm',
  /** Deliberately brisk delivery for a customer in a hurry; rendered faster than the speaker's usual rate. */
  'quick-pace',
  /** Acknowledges the customer's feelings (同理心、定心丸). */
  'empathy',
  /** One of the 五声十字: 您好、请、谢谢、对不起、再见. */
  'courtesy',
  /** Asking the customer to hold, or coming back from hold. */
  'hold',
  'transfer',
  'closing',
  /** Customer: angry, talking fast and loud. */
  'angry',
  /** Customer: anxious, in a hurry. */
  'anxious',
  /** Customer: talkative, repeating or drifting. */
  'rambling',
] as const;
export type LineMark = (typeof lineMarks)[number];

/** eSpeak NG voice variants the renderer may use as a speaker's timbre (formants); pitch is set separately. */
export const timbres = ['f2', 'f3', 'f4', 'm1', 'm2', 'm3', 'grandpa', 'grandma'] as const;

/** Prosody of a line, as eSpeak NG parameters. */
const prosody = {
  /** Speaking rate in eSpeak words per minute (for Mandarin roughly syllables per minute); 175 is ordinary. */
  rate: z.number().int().min(80).max(400),
  /** Base pitch in Hz. */
  pitch: z.number().int().min(50).max(320),
  /** Pitch range in Hz above the base; 0–10 sounds monotone. */
  range: z.number().int().min(0).max(200),
};

/** A speaker's usual voice in this call. */
export const speakerVoiceSchema = z.strictObject({ timbre: z.enum(timbres), ...prosody });
export type SpeakerVoice = z.infer<typeof speakerVoiceSchema>;

const latinOrDigit = /[A-Za-z0-9０-９Ａ-Ｚａ-ｚ]/;
const hanCharacter = /\p{Script=Han}/gu;

/** One utterance of the call. */
export const scriptLineSchema = z.strictObject({
  speaker: z.enum(['agent', 'customer']),
  /** What the transcript shows (digits allowed, e.g. 「10000号」「工号1023」). */
  text: z.string().min(1),
  /**
   * What the synthesiser reads when it differs from `text`: numbers written in Chinese characters
   * (「一万号」「工号幺零二三」). Spoken text must contain no Latin letters or digits.
   */
  say: z.string().min(1).optional(),
  /** What the line demonstrates. */
  marks: z.array(z.enum(lineMarks)).default([]),
  /** Why the line is marked, for the answer review (e.g. 「“不知道”是服务禁语」). */
  note: z.string().min(2).optional(),
  /** Overrides of the speaker's voice for this line. */
  rate: prosody.rate.optional(),
  pitch: prosody.pitch.optional(),
  range: prosody.range.optional(),
  /** eSpeak amplitude, 100 = normal; the whole clip is loudness-normalised afterwards. */
  volume: z.number().int().min(30).max(180).optional(),
  /** Silence before the line in seconds; default from `renderSettings` (turn change, same speaker, interruption). */
  pauseBefore: z.number().min(0).max(3).optional(),
});
export type ScriptLine = z.infer<typeof scriptLineSchema>;

/** Fields a script question shares with bank questions; ids live in their own range li-NNN. */
const questionBase = {
  id: z.string().regex(/^li-\d{3}$/, 'listening question ids look like li-001'),
  prompt: z.string().min(4),
  explanation: z.string().min(8),
  lesson: z
    .string()
    .regex(/^[a-z-]+\/[a-z0-9-]+$/, 'lesson looks like voice-affinity/04-smiling-voice-forbidden-tones'),
  tags: z.array(z.string().min(1)).default([]),
  difficulty: z.enum(['easy', 'medium', 'hard']),
};

/** Sub-question fields inherited from the listening question that wraps it. */
const inherited = { id: true, lesson: true, explanation: true, difficulty: true, tags: true, pool: true } as const;

/** A plain question about the call; id, lesson, explanation, difficulty and tags come from the wrapper. */
export const scriptSubQuestionSchema = z.discriminatedUnion('type', [
  singleChoiceSchema.omit(inherited),
  multipleChoiceSchema.omit(inherited),
  trueFalseSchema.omit(inherited),
  orderingSchema.omit(inherited),
  matchingSchema.omit(inherited),
  fillBlankSchema.omit(inherited),
  scenarioSchema.omit(inherited),
]);
export type ScriptSubQuestion = z.infer<typeof scriptSubQuestionSchema>;

/** 「听到……时点击」: the target lines (0-based indexes); their times come from the rendering. */
export const scriptTimestampQuestionSchema = z.strictObject({
  ...questionBase,
  type: z.literal('audio-timestamp'),
  targets: z
    .array(
      z.strictObject({
        line: z.number().int().min(0),
        /** Shown in the review; defaults to the line's note, else its text. */
        label: z.string().min(1).optional(),
      }),
    )
    .min(1),
  tolerance: z.number().min(0).max(5).default(1),
  extraClickPenalty: z.number().min(0).max(1).default(0.25),
});

/** The clip plus a plain question about it (best response = a `scenario` sub-question). */
export const scriptListeningQuestionSchema = z.strictObject({
  ...questionBase,
  type: z.literal('listening'),
  question: scriptSubQuestionSchema,
});

export const scriptQuestionSchema = z.discriminatedUnion('type', [
  scriptTimestampQuestionSchema,
  scriptListeningQuestionSchema,
]);
export type ScriptQuestion = z.infer<typeof scriptQuestionSchema>;

/** content/listening/<id>.json */
export const listeningScriptSchema = z.strictObject({
  /** Equals the file name without .json; also names the audio file. */
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'script ids are lowercase words joined by dashes'),
  title: z.string().min(2),
  /** The module that links to this exercise. */
  module: moduleSlugSchema,
  situation: z.enum(listeningSituations),
  /** One or two sentences: what the learner listens for. */
  summary: z.string().min(10),
  voices: z.strictObject({ agent: speakerVoiceSchema, customer: speakerVoiceSchema }),
  lines: z.array(scriptLineSchema).min(4).max(30),
  questions: z.array(scriptQuestionSchema).min(3).max(5),
});
export type ListeningScript = z.infer<typeof listeningScriptSchema>;
export type ListeningScriptInput = z.input<typeof listeningScriptSchema>;

/** content/listening/rendered/<id>.json: what `npm run audio` measured. */
export const listeningRenderingSchema = z.strictObject({
  id: z.string().min(1),
  /** Always true: these are synthetic placeholder voices, and the UI says so. */
  synthetic: z.literal(true),
  /** Synthesiser and voice, e.g. 「eSpeak NG 1.52-dev (WASM), voice cmn」. */
  engine: z.string().min(1),
  /** sha256 of `renderInput(script)`: when it differs from the script's, the rendering is stale. */
  scriptHash: z.string().regex(/^[0-9a-f]{64}$/),
  /** Path under public/: listening calls in /audio/listening/, voice models (src/domain/voice/model-schema.ts) in /audio/voice/. */
  src: z.string().regex(/^\/audio\/(listening|voice)\/[a-z0-9-]+\.ogg$/),
  /** sha256 of the .ogg file. */
  audioHash: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().positive(),
  /** Clip length in seconds (PCM sample count / sample rate). */
  duration: z.number().positive(),
  /** Integrated loudness in LUFS after normalisation, and the target. */
  loudness: z.strictObject({ target: z.number(), measured: z.number() }),
  /** Full transcript, one 「坐席：…」/「客户：…」 line per utterance. */
  transcript: z.string().min(1),
  lines: z.array(
    z.strictObject({
      /** Seconds from the start of the clip, speech only (leading and trailing silence trimmed). */
      start: z.number().min(0),
      end: z.number().positive(),
      /** eSpeak NG phoneme mnemonics (-x) of what was spoken, kept for the pronunciation check. */
      phonemes: z.string().min(1),
    }),
  ),
});
export type ListeningRendering = z.infer<typeof listeningRenderingSchema>;

/** Fixed rendering parameters; part of the script hash, so changing them makes every rendering stale. */
export const renderSettings = {
  /** Bump when the pipeline changes in a way that changes the audio. */
  pipeline: 3,
  voice: 'cmn',
  sampleRate: 22050,
  leadIn: 0.4,
  tail: 0.6,
  /** Default silence before a line: when the speaker changes, when the same speaker goes on, when interrupting. */
  gaps: { turn: 0.6, sameSpeaker: 0.35, interrupt: 0.05 },
  /** Samples quieter than this (fraction of full scale) count as silence when trimming a line. */
  silenceThreshold: 0.01,
  /** Silence kept at either end of a trimmed line, seconds. */
  trimMargin: 0.02,
  /** Integrated loudness, LUFS (EBU R128, measured by ffmpeg). */
  loudnessTarget: -18,
  /** Peaks above `knee` are soft-clipped towards `ceiling` (fractions of full scale). */
  softClip: { knee: 0.5, ceiling: 0.89 },
  opusBitrateKbps: 24,
} as const;

/** The transcript name of a speaker. */
export const speakerLabel = { agent: '坐席', customer: '客户' } as const;

/** The text the synthesiser reads for a line. */
export const spokenText = (line: Pick<ScriptLine, 'text' | 'say'>): string => line.say ?? line.text;

/** The voice a line is rendered with: the speaker's voice with the line's overrides. */
export function lineVoice(
  script: Pick<ListeningScript, 'voices'>,
  line: ScriptLine,
): SpeakerVoice & { volume: number } {
  const v = script.voices[line.speaker];
  return {
    timbre: v.timbre,
    rate: line.rate ?? v.rate,
    pitch: line.pitch ?? v.pitch,
    range: line.range ?? v.range,
    volume: line.volume ?? 100,
  };
}

/** Silence before line `i`, seconds. */
export function pauseBefore(script: Pick<ListeningScript, 'lines'>, i: number): number {
  const line = script.lines[i]!;
  if (line.pauseBefore !== undefined) return line.pauseBefore;
  if (i === 0) return renderSettings.leadIn;
  const prev = script.lines[i - 1]!;
  if (line.marks.includes('interrupts-customer')) return renderSettings.gaps.interrupt;
  return prev.speaker === line.speaker ? renderSettings.gaps.sameSpeaker : renderSettings.gaps.turn;
}

/** JSON with object keys sorted, so equal data always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Everything the audio and the recorded timings depend on, as canonical JSON: settings, voices and lines
 * (questions are excluded, they are resolved against the timings later). Its sha256 is the rendering's scriptHash.
 */
export function renderInput(script: Pick<ListeningScript, 'id' | 'voices' | 'lines'>): string {
  return canonicalJson({ settings: renderSettings, id: script.id, voices: script.voices, lines: script.lines });
}

/** The transcript shown with the clip: 「坐席：……」 and 「客户：……」, one line each. */
export function transcriptOf(script: Pick<ListeningScript, 'lines'>): string {
  return script.lines.map((l) => `${speakerLabel[l.speaker]}：${l.text}`).join('\n');
}

/**
 * eSpeak NG mnemonics of English number words (from `espeak-ng -v en -x`: one, two, three, … ten, zero,
 * hundred, thousand). Debian's espeak-ng 1.51 `cmn` voice reads digits and Latin text this way
 * (「nin two」 = 「(en)nI55nt'u:55」), with Mandarin tone numbers mixed in; they are matched after removing
 * stress marks and tone numbers.
 */
const englishNumberWords = [
  'w0n',
  'tu:',
  'Tri:',
  'fo@',
  'faIv',
  'sIks',
  'sEv@n',
  'eIt',
  'naIn',
  'tEn',
  'zi@roU',
  'h0ndr@d',
  'TaUz@nd',
];

/** Mandarin syllables end with a tone number in eSpeak's mnemonics: 11, 21, 214, 33, 35, 44, 51, 53, 55 … */
const toneNumber = /[1-5]{2,3}/g;

/**
 * Problems with the phonemes eSpeak produced for a line (empty when fine): a switch to another language
 * (「(en)」), English number words, or a syllable count that differs from the number of Chinese characters
 * spoken (each Han character is one syllable with one tone number; digits read as 「十千」 or English break this).
 */
export function phonemeProblems(spoken: string, phonemes: string): string[] {
  const problems: string[] = [];
  const switches = phonemes.match(/\([a-z]{2,3}(-[a-z]+)?\)/gi);
  if (switches) problems.push(`language switch ${[...new Set(switches)].join(' ')} in the phonemes`);
  const bare = phonemes.replace(/[',]/g, '').replace(/(?<=[^\s_|])[1-5]{2,3}/g, '');
  const english = englishNumberWords.filter((w) => bare.includes(w));
  if (english.length) problems.push(`English number words in the phonemes: ${english.join(' ')}`);
  if (latinOrDigit.test(spoken))
    problems.push('spoken text contains Latin letters or digits; write numbers in Chinese characters');
  const han = spoken.match(hanCharacter)?.length ?? 0;
  const syllables = phonemes.match(toneNumber)?.length ?? 0;
  if (han !== syllables) problems.push(`${han} Chinese characters but ${syllables} toned syllables in the phonemes`);
  return problems;
}

/** A sub-question's problems: the same checks as its type's bank items (question-types/<type>.ts). */
function subQuestionProblems(q: ScriptSubQuestion): string[] {
  // The checks read only the type's own fields; the inherited ones are filled so the question has its full shape.
  const full = {
    ...q,
    id: 'li-000',
    lesson: '',
    explanation: '',
    difficulty: 'medium',
    tags: [],
    pool: 'practice',
  } as PlainQuestion;
  return plainModule(full).checks(full);
}

/**
 * Rules the schema cannot express, one readable problem per entry (empty when sound): line references in range,
 * spoken text free of digits, distinct agent and customer voices, marked lines rendered the way their mark says,
 * answers among the options, and at least one audio-timestamp or best-response question.
 */
export function scriptProblems(script: ListeningScript): string[] {
  const problems: string[] = [];
  const { agent, customer } = script.voices;
  if (agent.timbre === customer.timbre && Math.abs(agent.pitch - customer.pitch) < 30) {
    problems.push('voices: agent and customer need a different timbre or pitches at least 30 Hz apart');
  }
  script.lines.forEach((line, i) => {
    const at = `lines.${i}`;
    if (latinOrDigit.test(spokenText(line)))
      problems.push(`${at}: spoken text has Latin letters or digits; add "say" with Chinese numerals`);
    if (!(spokenText(line).match(hanCharacter)?.length ?? 0))
      problems.push(`${at}: spoken text has no Chinese characters`);
    const usual = script.voices[line.speaker];
    const v = lineVoice(script, line);
    if (line.marks.includes('monotone') && v.range > 10)
      problems.push(`${at}: marked monotone but rendered with a ${v.range} Hz pitch range (use ≤ 10)`);
    if (line.marks.includes('too-fast') && v.rate < usual.rate + 60)
      problems.push(`${at}: marked too-fast but rate ${v.rate} is not well above the usual ${usual.rate}`);
    if (line.marks.includes('quick-pace') && v.rate <= usual.rate)
      problems.push(`${at}: marked quick-pace but rate ${v.rate} is not above the usual ${usual.rate}`);
    if (line.marks.includes('calm') && (v.rate >= usual.rate || v.pitch > usual.pitch)) {
      problems.push(`${at}: marked calm but not slower (rate ${v.rate}) and no higher (pitch ${v.pitch}) than usual`);
    }
    if (
      line.marks.includes('interrupts-customer') &&
      (line.speaker !== 'agent' || script.lines[i - 1]?.speaker !== 'customer')
    ) {
      problems.push(`${at}: interrupts-customer must be an agent line right after a customer line`);
    }
  });
  const ids = script.questions.map((q) => q.id);
  for (const id of ids.filter((id, i) => ids.indexOf(id) !== i)) problems.push(`questions: id ${id} repeats`);
  for (const q of script.questions) {
    const at = `questions.${q.id}`;
    if (q.type === 'audio-timestamp') {
      const lines = q.targets.map((t) => t.line);
      for (const n of lines)
        if (n >= script.lines.length)
          problems.push(`${at}: target line ${n} is out of range (0–${script.lines.length - 1})`);
      if (new Set(lines).size !== lines.length) problems.push(`${at}: a target line repeats`);
    } else {
      problems.push(...subQuestionProblems(q.question).map((p) => `${at}: ${p}`));
    }
  }
  const hasTimestamp = script.questions.some((q) => q.type === 'audio-timestamp');
  const hasBestResponse = script.questions.some((q) => q.type === 'listening' && q.question.type === 'scenario');
  if (!hasTimestamp && !hasBestResponse)
    problems.push('questions: needs an audio-timestamp or a best-response (scenario) question');
  return problems;
}
