import type PocketBase from 'pocketbase';
import { AppError, UnknownLesson } from '../../platform/errors/index.ts';
import { appAdmin } from '../../platform/pocketbase/app-admin.ts';
import { lessonsOf } from './lesson-index.ts';
import { lessonProgressInModule } from './repo.ts';
import { moduleLessonStates, type ModuleLessonStatus } from './lesson-state-rules.ts';

export interface ModuleStatus {
  module: string;
  lessons: ModuleLessonStatus[];
  completed: number;
  /** The lesson to continue with ("<module>/<lesson>"), null when every lesson is complete. */
  continueWith: { lesson: string; title: string } | null;
}

/** The signed-in learner's lessons in one module: ticks and 「继续学习」 on the module page. */
export async function moduleStatus(userId: string, module: string, admin?: PocketBase): Promise<ModuleStatus> {
  const lessons = lessonsOf(module);
  if (!lessons.length) throw new AppError(UnknownLesson, { log: [`module ${module}`] });
  const progress = await lessonProgressInModule(admin ?? (await appAdmin()), userId, module);
  const states = moduleLessonStates(
    lessons.map((l) => l.id),
    progress,
  );
  const next = lessons.find((l) => l.id === states.continueWith);
  return {
    module,
    lessons: states.lessons,
    completed: states.lessons.filter((s) => s.state === 'completed').length,
    continueWith: next ? { lesson: next.id, title: next.title } : null,
  };
}
