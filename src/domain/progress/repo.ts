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
