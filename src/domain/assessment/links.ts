/** The page where a quiz, exam or listening exercise is taken, from its id. */
export function quizPageHref(quiz: { id: string; module?: string | undefined }): string {
  const [, kind, rest] = /^(exam|quiz-listening|quiz-upload|quiz)-(.+)$/.exec(quiz.id) ?? [];
  if (kind === 'exam') return `/learn/exam/${rest}`;
  if (kind === 'quiz-listening') return `/learn/listening/${rest}`;
  if (kind === 'quiz-upload') return `/learn/listening/u-${rest}`;
  return `/learn/quiz/${quiz.module ?? rest}`;
}
