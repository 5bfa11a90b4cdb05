import type PocketBase from 'pocketbase';
import { z } from 'zod';

/** What the module page needs of one `lesson_progress` row. */
const lessonProgressSummarySchema = z.object({
  lesson: z.string(),
  completedAt: z
    .string()
    .nullish()
    .transform((v) => v || null),
});
export type LessonProgressSummary = z.infer<typeof lessonProgressSummarySchema>;

/** The learner's lesson progress rows in one module (at most one per lesson). */
export async function lessonProgressInModule(
  admin: PocketBase,
  userId: string,
  module: string,
): Promise<LessonProgressSummary[]> {
  const rows = await admin.collection('lesson_progress').getFullList({
    filter: admin.filter('user = {:u} && module = {:m}', { u: userId, m: module }),
    fields: 'lesson,completedAt',
    requestKey: null,
  });
  return rows.map((r) => lessonProgressSummarySchema.parse(r));
}
