/**
 * Whether a voice-lab recording holds enough speech to be measured, judged the same way in the browser (before
 * any praise or coaching is shown) and on the server (before a take is stored).
 */

/** The parts of the voice metrics the judgement reads. */
export interface SpeechEvidenceInput {
  speakingTimeSec: number;
  pitch: { voicedSec: number };
  loudness: { speechRmsDbfs: number | null };
}

/** Below these, a recording is not measured: no speech at all, or too little to judge rate, pitch and loudness. */
export const speechMinimums = {
  /** Voiced (pitched) time under this: nobody spoke (silence, hum, steady noise, a click). */
  noSpeechVoicedSec: 0.3,
  /** Speech quieter than this (dBFS): the microphone picked up nothing usable. */
  noSpeechRmsDbfs: -60,
  /** Voiced time under this: a word or two, too little to measure a sentence's rate or intonation. */
  tooLittleVoicedSec: 1.0,
  /** Speaking time under this: same. */
  tooLittleSpeakingSec: 1.5,
} as const;

export type SpeechEvidence = 'ok' | 'none' | 'too-little';

export function speechEvidence(m: SpeechEvidenceInput, t = speechMinimums): SpeechEvidence {
  const rms = m.loudness.speechRmsDbfs;
  if (m.pitch.voicedSec < t.noSpeechVoicedSec || rms === null || rms < t.noSpeechRmsDbfs || m.speakingTimeSec <= 0)
    return 'none';
  if (m.pitch.voicedSec < t.tooLittleVoicedSec || m.speakingTimeSec < t.tooLittleSpeakingSec) return 'too-little';
  return 'ok';
}

/** What the lab says instead of a result, and what to check (shown in the browser; the server refuses alike). */
export const speechEvidenceText: Record<Exclude<SpeechEvidence, 'ok'>, { title: string; message: string }> = {
  none: {
    title: '没有检测到说话声',
    message: '这段录音里几乎听不到说话声，无法分析，也不能保存。',
  },
  'too-little': {
    title: '说话声太少，无法可靠分析',
    message: '这段录音里只有很短的说话声，测出的语速、语调和音量不可靠，因此不显示评价，也不能保存。',
  },
};

/** What to check before recording again. */
export const speechChecklist = [
  '麦克风：确认浏览器使用的是耳麦的麦克风，且没有静音（系统声音设置里可以看到输入音量在跳动）。',
  '距离：麦克风放在嘴角前方两指左右，不要离得太远或被衣物遮住。',
  '噪声：在安静的地方录音，关掉风扇和外放的声音，录音开始后完整朗读整段文字。',
] as const;

/** The pitch chart's vertical range: the default window, widened to the nearest 10 Hz to hold every point. */
export function chartRange(values: readonly (number | null)[], min: number, max: number): { min: number; max: number } {
  const seen = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (!seen.length) return { min, max };
  return {
    min: Math.min(min, Math.floor(Math.min(...seen) / 10) * 10),
    max: Math.max(max, Math.ceil(Math.max(...seen) / 10) * 10),
  };
}
