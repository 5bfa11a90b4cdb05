/** A lesson as the module page lists it for a signed-in learner. */
export type LessonState = 'completed' | 'started' | 'not-started';

export interface ModuleLessonStatus {
  lesson: string;
  state: LessonState;
}

/** Each lesson's state, in course order, and the lesson to continue with: the first one not completed (pure). */
export function moduleLessonStates(
  lessons: readonly string[],
  progress: readonly { lesson: string; completedAt: string | null }[],
): { lessons: ModuleLessonStatus[]; continueWith: string | null } {
  const byLesson = new Map(progress.map((p) => [p.lesson, p]));
  const states = lessons.map((lesson): ModuleLessonStatus => {
    const p = byLesson.get(lesson);
    return { lesson, state: !p ? 'not-started' : p.completedAt ? 'completed' : 'started' };
  });
  return { lessons: states, continueWith: states.find((s) => s.state !== 'completed')?.lesson ?? null };
}
