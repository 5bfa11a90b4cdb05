import type PocketBase from 'pocketbase';
import { z } from 'zod';
import type { VoiceExercise } from './schema.ts';
import type { StaffUser } from '../identity/schema.ts';
import { audit } from '../audit/repo.ts';
import { rateWindowKey, writeRateWindow, type RateWindowSetting } from './repo.ts';
import { AppError, invalidInput, VoiceTargetsForbidden } from '../../platform/errors/index.ts';

/** The shipped default window (content/voice/exercises.json); exercises with other windows keep theirs. */
export const defaultRateWindow = { min: 120, max: 160 };

export const rateWindowSchema = z
  .object({
    min: z.coerce.number().int().min(60, '下限不能低于 60 字/分钟。').max(300),
    max: z.coerce.number().int().min(60).max(300, '上限不能超过 300 字/分钟。'),
  })
  .refine((w) => w.max - w.min >= 10, { message: '上限至少要比下限高 10 字/分钟。' });

/** The rate window trainers have set, if any. */
export { readRateWindow as rateWindowSetting } from './repo.ts';

/** Trainers and HR set the default speaking-rate window; the change is audited. */
export async function setRateWindow(admin: PocketBase, user: StaffUser, input: unknown, now: Date): Promise<void> {
  if (user.role !== 'trainer' && user.role !== 'hr')
    throw new AppError(VoiceTargetsForbidden, { log: [user.id, user.role] });
  const parsed = rateWindowSchema.safeParse(input);
  if (!parsed.success) throw invalidInput('speaking-rate window', parsed.error);
  const value: RateWindowSetting = { ...parsed.data, by: user.name, at: now.toISOString() };
  await writeRateWindow(admin, value);
  await audit(admin, user.id, 'voice.rate-window', rateWindowKey, { min: value.min, max: value.max });
}

/** Exercises with the trainers' window in place of the shipped default one (and a source saying so). */
export function withRateWindow(exercises: VoiceExercise[], setting: RateWindowSetting | null): VoiceExercise[] {
  if (!setting) return exercises;
  return exercises.map((e) =>
    e.targets.rateCpm.min === defaultRateWindow.min && e.targets.rateCpm.max === defaultRateWindow.max
      ? {
          ...e,
          targets: {
            ...e.targets,
            rateCpm: {
              ...e.targets.rateCpm,
              min: setting.min,
              max: setting.max,
              source: `培训师${setting.by ?? ''}调整的默认窗口（原为 ${defaultRateWindow.min}–${defaultRateWindow.max}）。${e.targets.rateCpm.source}`,
            },
          },
        }
      : e,
  );
}
