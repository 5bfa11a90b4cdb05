// Bank questions for unit tests: the fields every question has filled in, so a test writes only what it is about.
import { questionSchema, type Question } from '../../src/domain/assessment/question-schema.ts';

/** The fields every bank question has (prompt, explanation, lesson, difficulty), valid for every type. */
export const baseQuestionFields = {
  prompt: '测试题目',
  explanation: '这是用于测试评分的解析说明。',
  lesson: 'complaint-handling/04-six-steps-and-7a',
  difficulty: 'easy',
};

/** A parsed bank question: `data` gives its id, type and the type's own fields. */
export const testQuestion = (data: Record<string, unknown>): Question =>
  questionSchema.parse({ ...baseQuestionFields, ...data });

/** A 30-second clip for listening and timestamp questions. */
export const testClip = { src: '/audio/x.ogg', transcript: '坐席：您好。', duration: 30 };

/** A timestamp question on {@link testClip}: two targets, 1 s tolerance, 0.25 off per extra click. */
export const stampsQuestion = testQuestion({
  id: 'ch-909',
  type: 'audio-timestamp',
  audio: testClip,
  targets: [
    { start: 5, end: 7, label: '禁语一' },
    { start: 20, end: 21, label: '禁语二' },
  ],
  tolerance: 1,
  extraClickPenalty: 0.25,
});
