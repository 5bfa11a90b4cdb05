import { z } from 'zod';
import { uniqueIdList } from '../../platform/util/unique-ids.ts';

/** Where a target value comes from: a publication, course material or a calibration, in a sentence or more. */
const sourceSchema = z.string().min(20);

/** A target window for one measure; an absent bound is open. */
export const targetRangeSchema = z
  .strictObject({ min: z.number().optional(), max: z.number().optional(), source: sourceSchema })
  .refine((r) => r.min !== undefined || r.max !== undefined, { message: 'A target needs min, max or both.' })
  .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, { message: 'min must not exceed max.' });
export type TargetRange = z.infer<typeof targetRangeSchema>;

/** An upper limit only. */
export const targetMaxSchema = z.strictObject({ max: z.number().min(0), source: sourceSchema });
export type TargetMax = z.infer<typeof targetMaxSchema>;

/** What a speaking rate is divided by: speech only (pauses ≥ 250 ms removed) or the whole recording. */
export const rateBases = ['speaking-time', 'whole-recording'] as const;

/**
 * The speaking-rate window, with which rate is measured and why the window is what it is (shown in the voice lab).
 * analyzeVoice measures over speaking time, so `measuredOver` must say so.
 */
export const rateTargetSchema = z
  .strictObject({
    min: z.number().optional(),
    max: z.number().optional(),
    source: sourceSchema,
    /** Which rate the window applies to; the analyser divides by speaking time. */
    measuredOver: z.literal('speaking-time'),
    /** The choice of window checked against published figures, with the publications named. */
    rateSource: z.string().min(40),
  })
  .refine((r) => r.min !== undefined || r.max !== undefined, { message: 'A target needs min, max or both.' })
  .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, { message: 'min must not exceed max.' });
export type RateTarget = z.infer<typeof rateTargetSchema>;

/** Targets of one exercise, compared with the metrics of src/domain/voice/metrics/analyze-voice.ts. */
export const voiceTargetsSchema = z.strictObject({
  /** Speaking rate, 字/分钟 (rate.charsPerMinute: syllables of the script ÷ speaking time without pauses). */
  rateCpm: rateTargetSchema,
  /** Pitch variability, semitones (pitch.variabilitySt: SD of F0 around its median). */
  pitchVariabilitySt: targetRangeSchema,
  /** Integrated loudness, LUFS (loudness.integratedLufs, ITU-R BS.1770-4). */
  loudnessLufs: targetRangeSchema,
  /** Longest pause between speech, seconds (pauses.maxSec). */
  maxPauseSec: targetMaxSchema,
  /** Share of clipped samples, 0..1 (clipping.share). */
  clippingShare: targetMaxSchema.extend({ max: z.number().min(0).max(1) }),
});
export type VoiceTargets = z.infer<typeof voiceTargetsSchema>;

/** Contrasts the 咬字 drill trains. */
export const pronunciationContrasts = ['z/zh', 'c/ch', 's/sh', 'n/l', 'en/eng', 'in/ing', 'an/ang', 'f/h'] as const;

/** Two words that differ only in one contrast, e.g. 自立 zìlì / 智力 zhìlì. */
export const minimalPairSchema = z.strictObject({
  contrast: z.enum(pronunciationContrasts),
  a: z.string().regex(/^\p{Script=Han}+$/u),
  b: z.string().regex(/^\p{Script=Han}+$/u),
});
export type MinimalPair = z.infer<typeof minimalPairSchema>;

/** Kinds of exercise in the voice-practice lab. */
export const voiceExerciseKinds = ['greeting', 'soothing', 'hold', 'closing', 'articulation'] as const;

/** One exercise: a script to read aloud and what the recording should achieve. */
export const voiceExerciseSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  title: z.string().min(2),
  kind: z.enum(voiceExerciseKinds),
  /** Shown to the trainee before recording. */
  instructions: z.string().min(8),
  /** The script; its syllables give the speaking rate (see src/domain/voice/metrics/syllable-count.ts). */
  text: z.string().min(4),
  /** Where the script comes from (course lesson, seed material). */
  textSource: z.string().min(8),
  /** Lesson ids (`<module>/<file>`) the exercise practises. */
  lessons: z.array(z.string().regex(/^[a-z-]+\/\d\d-[a-z0-9-]+$/)).default([]),
  /** For 咬字 drills: the minimal pairs to show with pinyin. */
  minimalPairs: z.array(minimalPairSchema).optional(),
  targets: voiceTargetsSchema,
});
export type VoiceExercise = z.infer<typeof voiceExerciseSchema>;

/** content/voice/exercises.json */
export const voiceExerciseFileSchema = z.strictObject({
  version: z.literal(1),
  exercises: uniqueIdList(voiceExerciseSchema, 'Exercise'),
});
export type VoiceExerciseFile = z.infer<typeof voiceExerciseFileSchema>;
