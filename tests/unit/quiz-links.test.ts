import { describe, expect, it } from 'vitest';
import { quizPageHref } from '../../src/domain/assessment/links.ts';

describe('quiz page links', () => {
  it('points each kind of quiz to the page where it is taken', () => {
    expect(quizPageHref({ id: 'exam-hotline-agent' })).toBe('/learn/exam/hotline-agent');
    expect(quizPageHref({ id: 'quiz-listening-closing-broadband-expiry', module: 'service-etiquette' })).toBe(
      '/learn/listening/closing-broadband-expiry',
    );
    expect(quizPageHref({ id: 'quiz-upload-abc123def456ghi', module: 'complaint-handling' })).toBe(
      '/learn/listening/u-abc123def456ghi',
    );
    expect(quizPageHref({ id: 'quiz-service-mindset', module: 'service-mindset' })).toBe('/learn/quiz/service-mindset');
  });
});
