/** Compares measured voice metrics with an exercise's targets (content/voice/exercises.json). */
import type { VoiceTargets } from '../schema.ts';
import type { VoiceMetrics } from './analyze-voice.ts';

/** Outcome of one target: inside the window, below it, above it, or not measurable (e.g. no speech). */
export type TargetStatus = 'ok' | 'low' | 'high' | 'unmeasured';

/** One row of the comparison, ready to show. */
export interface TargetCheck {
  measure: keyof VoiceTargets;
  /** Chinese name and unit for the UI. */
  label: string;
  unit: string;
  value: number | null;
  min: number | null;
  max: number | null;
  status: TargetStatus;
  source: string;
  /** For the speaking rate: which rate is measured and how the window was checked against published figures. */
  basis: string | null;
}

/** Chinese names of the rate bases (src/domain/voice/schema.ts rateBases). */
export const rateBasisText = {
  'speaking-time': '按说话时间计（去掉 250 毫秒以上的停顿）',
  'whole-recording': '按整段录音时长计（含停顿）',
} as const;

const measures: Record<keyof VoiceTargets, { label: string; unit: string; value: (m: VoiceMetrics) => number | null }> =
  {
    rateCpm: { label: '语速', unit: '字/分钟', value: (m) => m.rate.charsPerMinute },
    pitchVariabilitySt: { label: '语调变化', unit: '半音', value: (m) => m.pitch.variabilitySt },
    loudnessLufs: { label: '响度', unit: 'LUFS', value: (m) => m.loudness.integratedLufs },
    // No pause at all is within any maximum.
    maxPauseSec: {
      label: '最长停顿',
      unit: '秒',
      value: (m) => (m.speakingTimeSec > 0 ? (m.pauses.maxSec ?? 0) : null),
    },
    clippingShare: { label: '削波比例', unit: '', value: (m) => m.clipping.share },
  };

/** Every target of an exercise against the metrics, in the order of {@link VoiceTargets}. */
export function checkTargets(metrics: VoiceMetrics, targets: VoiceTargets): TargetCheck[] {
  return (Object.keys(measures) as Array<keyof VoiceTargets>).map((measure) => {
    const { label, unit, value: read } = measures[measure];
    const target = targets[measure];
    const min = 'min' in target && target.min !== undefined ? target.min : null;
    const max = target.max ?? null;
    const value = read(metrics);
    const status: TargetStatus =
      value == null ? 'unmeasured' : min != null && value < min ? 'low' : max != null && value > max ? 'high' : 'ok';
    const basis =
      'rateSource' in target ? `测量方式：${rateBasisText[target.measuredOver]}。${target.rateSource}` : null;
    return { measure, label, unit, value, min, max, status, source: target.source, basis };
  });
}
