import { z } from 'zod';
import { memberIdsSchema } from './schema.ts';

const moment = /^(\d{1,3}):([0-5]\d)\s*[-–~]\s*(\d{1,3}):([0-5]\d)\s*(.*)$/;

/** "1:05-1:12 说明" → seconds and label; one per line. */
export const timestampLinesSchema = z
  .string()
  .trim()
  .min(1, '请至少标出一个时间段，格式如「1:05-1:12 使用了服务禁语」。')
  .transform((text, ctx) => {
    const out: { start: number; end: number; label: string }[] = [];
    for (const [i, line] of text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .entries()) {
      const m = moment.exec(line);
      if (!m) {
        ctx.addIssue({
          code: 'custom',
          message: `第 ${i + 1} 行格式不对，应为「分:秒-分:秒 说明」，例如「1:05-1:12 使用了服务禁语」。`,
        });
        return z.NEVER;
      }
      const start = Number(m[1]) * 60 + Number(m[2]);
      const end = Number(m[3]) * 60 + Number(m[4]);
      if (end <= start) {
        ctx.addIssue({ code: 'custom', message: `第 ${i + 1} 行的结束时间要晚于开始时间。` });
        return z.NEVER;
      }
      out.push({ start, end, label: m[5]!.trim() || `第 ${i + 1} 处` });
    }
    return out;
  });

/** The trainer's upload form for a real call recording. */
export const callRecordingFormSchema = z.object({
  title: z.string().trim().min(2, '请填写练习标题（至少 2 个字）。').max(60, '标题不超过 60 个字。'),
  transcript: z
    .string()
    .trim()
    .min(2, '请填写通话文字稿：每段录音都要有文字稿。')
    .max(20000, '文字稿不超过 20000 个字。'),
  timestampPrompt: z.string().trim().min(4, '请填写点击题的题干。').max(200),
  moments: timestampLinesSchema,
  choicePrompt: z.string().trim().max(200).default(''),
  /** One option per line; the first is the best response (the page shuffles them). */
  choiceOptions: z.string().trim().max(2000).default(''),
  choiceExplanation: z.string().trim().max(500).default(''),
  cohorts: z.array(z.string().regex(/^[a-z0-9]{15}$/)).min(1, '请至少选择一个班组。'),
});
export type CallRecordingForm = z.infer<typeof callRecordingFormSchema>;

/** A trainer's real call recording as stored (`call_recordings`; uploader and cohorts are plain ids). */
export const callRecordingRecordSchema = z.object({
  id: z.string(),
  collectionId: z.string(),
  title: z.string(),
  uploadedBy: z.string().default(''),
  /** Ids of the cohorts whose members may listen (a JSON array; anything else counts as none). */
  cohorts: memberIdsSchema,
  /** The stored file's name. */
  audio: z.string(),
  durationSec: z.number(),
  transcript: z.string().default(''),
  /** Engine questions (parsed with the question schema where they are used). */
  questions: z
    .array(z.unknown())
    .nullish()
    .transform((q) => q ?? []),
  created: z.string().default(''),
});
export type CallRecordingRecord = z.infer<typeof callRecordingRecordSchema>;
