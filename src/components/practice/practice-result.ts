import { actions, isInputError } from 'astro:actions';
import type { PracticeGrade } from '../../domain/progress/practice-checks.ts';
import type { PracticeAnswer } from '../../domain/progress/practice-schema.ts';
import type { LessonStatus } from '../../domain/progress/service.ts';

/** Detail of the `practice:result` event a practice check dispatches on window once the server has graded it. */
export interface PracticeResult {
  id: string;
  /** Whether the check counts as passed for the signed-in learner (null for visitors: nothing is recorded). */
  passed: boolean | null;
  /** The learner's lesson status after the answer (null for visitors). */
  status: LessonStatus | null;
}

/**
 * Send an answer to the server, which grades it (the answers are not in the page) and, for a signed-in
 * learner, records the result. Returns the grade, or a Chinese message to show when it could not be graded.
 */
export async function submitPractice(
  lesson: string,
  id: string,
  answer: PracticeAnswer,
): Promise<{ grade: PracticeGrade } | { error: string }> {
  try {
    const { data, error } = await actions.checkPractice({ lesson, checkId: id, answer });
    if (error) return { error: isInputError(error) ? '答案格式不正确，请刷新页面后重试。' : error.message };
    window.dispatchEvent(
      new CustomEvent<PracticeResult>('practice:result', { detail: { id, passed: data.passed, status: data.status } }),
    );
    return { grade: data.grade };
  } catch {
    return { error: '网络连接中断，暂时无法批改。请恢复连接后再提交。' };
  }
}
