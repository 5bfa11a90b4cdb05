import type { LessonStatus } from '../../domain/progress/service.ts';

/**
 * The learner's status in the lesson on this page, shared by the tracker and the practice checks (one module
 * instance per page). The tracker loads it from the server on arrival; every graded answer replaces it.
 */
type Listener = (status: LessonStatus) => void;
let current: LessonStatus | null = null;
const listeners = new Set<Listener>();

/** Publish the status the server returned. */
export function setLessonStatus(status: LessonStatus) {
  current = status;
  for (const listener of listeners) listener(status);
}

/** Call `listener` with the current status (if known) and with every later one. */
export function onLessonStatus(listener: Listener) {
  listeners.add(listener);
  if (current) listener(current);
}
