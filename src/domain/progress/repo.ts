import type PocketBase from 'pocketbase';
import { z } from 'zod';
import { pbDateSchema } from '../../platform/pocketbase/dates.ts';

// Reads of the progress area's collections for other areas (certification evidence). The progress service's own
// writes (lesson_progress, module_progress, study_clocks) live in service.ts and study-clock.ts for now.

const lessonRowSchema = z.object({
  lesson: z.string(),
  module: z.string(),
  completedAt: pbDateSchema,
  seconds: z
    .number()
    .nullish()
    .transform((v) => v || 0),
});
export type LessonProgressRow = z.output<typeof lessonRowSchema>;

/** Every lesson a user has opened: when it was completed (null if not yet) and the study seconds credited. */
export async function lessonProgressOf(admin: PocketBase, userId: string): Promise<LessonProgressRow[]> {
  const list = await admin.collection('lesson_progress').getFullList({
    filter: admin.filter('user = {:u}', { u: userId }),
    fields: 'lesson,module,completedAt,seconds',
    requestKey: null,
  });
  return list.map((r) => lessonRowSchema.parse(r));
}

const lessonDetailSchema = z.object({
  lesson: z.string(),
  module: z.string(),
  seconds: z
    .number()
    .nullish()
    .transform((v) => v || 0),
  /** PocketBase date text ('' while not completed). */
  completedAt: z.string().default(''),
  position: z.number().default(0),
  /** PocketBase date text of the last study event ('' for none). */
  lastEventAt: z.string().default(''),
});
export type LessonProgressDetail = z.output<typeof lessonDetailSchema>;

/** Every lesson a user has opened, by lesson id, with the last study event (a trainer's view of the trainee). */
export async function lessonProgressDetailOf(admin: PocketBase, userId: string): Promise<LessonProgressDetail[]> {
  const list = await admin.collection('lesson_progress').getFullList({
    filter: admin.filter('user = {:u}', { u: userId }),
    sort: 'lesson',
    fields: 'lesson,module,seconds,completedAt,position,lastEventAt',
    requestKey: null,
  });
  return list.map((r) => lessonDetailSchema.parse(r));
}
