import { describe, expect, it } from 'vitest';
import {
  bankPoolReport,
  checkCourse,
  countHanCharacters,
  type CourseFiles,
} from '../../src/domain/course/content-check.ts';

const seed = '002_ed981c7a5f5e5300.txt';
const body = (han: number, practice = '<ChooseReply id="c" />') => `${'服'.repeat(han)}\n\n${practice}\n`;
// Practice text without Han characters, so the character counts below are the body's.
const choice = (id: string) => ({
  id,
  kind: 'choose-reply',
  prompt: 'p',
  options: [
    { text: 'a', correct: true, feedback: 'f' },
    { text: 'b', feedback: 'g' },
  ],
});
const steps = (id: string) => ({ id, kind: 'reorder-steps', prompt: 'p', steps: ['x', 'y', 'z'] });
const lesson = (
  slug: string,
  order: number,
  extra: Record<string, unknown> = {},
  text = body(1500, `<ChooseReply id="c-${slug}" />\n\n<ReorderSteps id="r-${slug}" />`),
) => ({
  path: `content/modules/service-mindset/${slug}.mdx`,
  folder: 'service-mindset',
  slug,
  frontmatter: {
    title: '测试课',
    module: 'service-mindset',
    order,
    objectives: ['目标一一', '目标二二'],
    minutes: 10,
    sources: [seed],
    keyTerms: ['词'],
    practice: [choice(`c-${slug}`), steps(`r-${slug}`)],
    ...extra,
  },
  body: text,
});
const question = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'single',
  prompt: '哪一句更好？',
  explanation: '因为先处理情绪。',
  lesson: 'service-mindset/01-a',
  tags: [],
  difficulty: 'easy',
  options: [
    { id: 'a', text: '甲' },
    { id: 'b', text: '乙' },
  ],
  answer: 'a',
  ...extra,
});

function course(change: Partial<CourseFiles> = {}): CourseFiles {
  return {
    modules: [
      {
        path: 'content/modules/service-mindset/module.json',
        name: 'service-mindset',
        data: { title: '服务心态', order: 1, summary: '理解优质服务的价值和心态。' },
      },
    ],
    lessons: ['01-a', '02-b', '03-c', '04-d'].map((s, i) => lesson(s, i + 1)),
    banks: [
      {
        path: 'quizzes/banks/service-mindset.json',
        name: 'service-mindset',
        data: { module: 'service-mindset', questions: [question('sm-001')] },
      },
    ],
    seedFiles: [seed],
    ...change,
  };
}
const forModule = (problems: string[]) => problems.filter((p) => p.includes('service-mindset'));

describe('course content check', () => {
  it('counts Han characters but not import lines, Latin text or punctuation', () => {
    expect(countHanCharacters('import X from "y";\n客户，您好！Hello 123')).toBe(4);
  });

  it('reports a module with too few questions and too few question types', () => {
    expect(forModule(checkCourse(course()))).toEqual([
      'quizzes/banks/service-mindset.json: has 1 questions, expected at least 20',
      'quizzes/banks/service-mindset.json: uses 1 question types, expected at least 5',
    ]);
  });

  it('reports a question that tests a missing lesson or whose answer is not an option', () => {
    const banks = [
      {
        path: 'b.json',
        name: 'service-mindset',
        data: {
          module: 'service-mindset',
          questions: [
            question('sm-001', { lesson: 'service-mindset/99-gone' }),
            question('sm-002', { answer: 'z' }),
            question('sm-002'),
          ],
        },
      },
    ];
    const found = checkCourse(course({ banks }));
    expect(found).toContain('b.json: sm-001: lesson "service-mindset/99-gone" does not exist');
    expect(found).toContain('b.json: sm-002: answer "z" is not among the options');
    expect(found).toContain('b.json: question id "sm-002" repeats (also in b.json)');
  });

  it('reports fill-blank prompts whose blanks do not match the answer lists', () => {
    const q = {
      ...question('sm-003', {
        type: 'fill-blank',
        prompt: '先处理＿＿，再处理＿＿。',
        blanks: [{ accepted: ['心情'] }],
      }),
    } as Record<string, unknown>;
    delete q.options;
    delete q.answer;
    const found = checkCourse(
      course({
        banks: [{ path: 'b.json', name: 'service-mindset', data: { module: 'service-mindset', questions: [q] } }],
      }),
    );
    expect(found).toContain('b.json: sm-003: prompt has 2 blank(s) but 1 answer list(s)');
  });

  it('reports a lesson without a practice check, one too short, and an unknown seed', () => {
    const lessons = [
      lesson('01-a', 1, {}, body(1500, '')),
      lesson('02-b', 2, {}, body(300, '<ChooseReply id="c-02-b" />')),
      lesson('03-c', 3, { sources: ['999_0000000000000000.txt'] }),
      lesson('04-d', 4),
    ];
    const found = forModule(checkCourse(course({ lessons })));
    expect(found).toContain(
      'content/modules/service-mindset/01-a.mdx: has no practice check with an id (use one of ChooseReply, ReorderSteps, FlipCards)',
    );
    expect(found).toContain(
      'content/modules/service-mindset/02-b.mdx: body has 300 Chinese characters, expected 1200–2500',
    );
    expect(found).toContain(
      'content/modules/service-mindset/03-c.mdx: sources: seed file "999_0000000000000000.txt" does not exist',
    );
  });

  it('reports a lesson with fewer than two practice checks, or only one kind', () => {
    const one = lesson('02-b', 2, { practice: [choice('c-02-b')] }, body(1500, '<ChooseReply id="c-02-b" />'));
    const sameKind = lesson(
      '03-c',
      3,
      { practice: [choice('c-03-c'), choice('d-03-c')] },
      body(1500, '<ChooseReply id="c-03-c" />\n\n<ChooseReply id="d-03-c" />'),
    );
    const found = forModule(checkCourse(course({ lessons: [lesson('01-a', 1), one, sameKind, lesson('04-d', 4)] })));
    expect(found.filter((p) => p.includes('two different kinds'))).toEqual([
      'content/modules/service-mindset/02-b.mdx: needs at least 2 practice checks of two different kinds (has choose-reply)',
      'content/modules/service-mindset/03-c.mdx: needs at least 2 practice checks of two different kinds (has choose-reply, choose-reply)',
    ]);
  });

  it('reports practice checks placed without a definition, shown by the wrong component, never placed or defined twice', () => {
    const lessons = [
      lesson('01-a', 1, {}, body(1500, '<ChooseReply id="c-01-a" />\n<FlipCards id="nowhere" />')),
      lesson('02-b', 2, {}, body(1500, '<ReorderSteps id="c-02-b" />')),
      lesson(
        '03-c',
        3,
        { practice: [choice('c-03-c'), choice('unplaced')] },
        body(1500, '<ChooseReply id="c-03-c" />'),
      ),
      lesson('04-d', 4, { practice: [choice('c-01-a')] }, body(1500, '<ChooseReply id="c-01-a" />')),
    ];
    const found = forModule(checkCourse(course({ lessons })));
    expect(found).toContain(
      'content/modules/service-mindset/01-a.mdx: <FlipCards id="nowhere" /> has no entry with that id under `practice:` in the frontmatter',
    );
    expect(found).toContain(
      'content/modules/service-mindset/02-b.mdx: <ReorderSteps id="c-02-b" /> shows a check of kind "choose-reply"; use the component for that kind',
    );
    expect(found).toContain(
      'content/modules/service-mindset/03-c.mdx: practice check "unplaced" is never placed in the body (add <… id="unplaced" />)',
    );
    expect(found).toContain(
      'content/modules/service-mindset/04-d.mdx: practice check id "c-01-a" is also used in content/modules/service-mindset/01-a.mdx; ids must be unique across the course',
    );
  });

  it('reports too few lessons, repeated orders and a lesson filed under the wrong module', () => {
    const lessons = [lesson('01-a', 1), lesson('02-b', 1, { module: 'voice-affinity' })];
    const found = checkCourse(course({ lessons }));
    expect(found).toContain('content/modules/service-mindset: has 2 lessons, expected 4–6');
    expect(found).toContain('content/modules/service-mindset: order 1 is used twice');
    expect(found).toContain(
      'content/modules/service-mindset/02-b.mdx: module "voice-affinity" does not match its folder "service-mindset"',
    );
  });

  describe('pools and draws', () => {
    const tf = (id: string, answer: boolean, extra: Record<string, unknown> = {}) => {
      const q = question(id, { type: 'true-false', answer, ...extra }) as Record<string, unknown>;
      delete q.options;
      return q;
    };
    /** n single-choice items of the exam pool, medium, whose key is never the longest option. */
    const examItems = (n: number, from = 100) =>
      Array.from({ length: n }, (_, i) =>
        question(`sm-${from + i}`, {
          pool: 'exam',
          difficulty: 'medium',
          options: [
            { id: 'a', text: '甲' },
            { id: 'b', text: '乙乙' },
          ],
          answer: 'a',
        }),
      );
    const bank = (questions: unknown[]) => [
      {
        path: 'quizzes/banks/service-mindset.json',
        name: 'service-mindset',
        data: { module: 'service-mindset', questions },
      },
    ];
    const exam = (count: number, difficulty?: string[]) => ({
      path: 'quizzes/exams/x.json',
      name: 'x',
      data: {
        id: 'exam-x',
        kind: 'exam',
        title: '考试',
        description: '认证考试',
        draw: [{ module: 'service-mindset', count, ...(difficulty ? { difficulty } : {}) }],
      },
    });
    const moduleQuiz = (count: number) => ({
      path: 'quizzes/quizzes/service-mindset.json',
      name: 'service-mindset',
      data: {
        id: 'quiz-service-mindset',
        kind: 'module',
        module: 'service-mindset',
        title: '测验',
        description: '单元测验',
        draw: [{ module: 'service-mindset', count }],
      },
    });
    const draws = (problems: string[]) => problems.filter((p) => p.includes('needs'));

    it('fails an exam draw with fewer than 3× its count of matching exam-pool items, and passes at exactly 3×', () => {
      const practice = Array.from({ length: 20 }, (_, i) => question(`sm-${200 + i}`));
      expect(draws(checkCourse(course({ banks: bank([...examItems(14), ...practice]), quizzes: [exam(5)] })))).toEqual([
        'quizzes/exams/x.json: exam-x: needs 3 × 5 = 15 exam-pool questions from service-mindset but only 14 match',
      ]);
      expect(draws(checkCourse(course({ banks: bank([...examItems(15), ...practice]), quizzes: [exam(5)] })))).toEqual(
        [],
      );
    });

    it('counts only exam-pool items that match the rule’s filters; practice items never count for an exam', () => {
      const practice = Array.from({ length: 30 }, (_, i) => question(`sm-${200 + i}`, { difficulty: 'hard' }));
      const found = draws(
        checkCourse(course({ banks: bank([...examItems(15), ...practice]), quizzes: [exam(5, ['hard'])] })),
      );
      expect(found).toEqual([
        'quizzes/exams/x.json: exam-x: needs 3 × 5 = 15 exam-pool questions from service-mindset (difficulty hard) but only 0 match',
      ]);
    });

    it('a module quiz draws only practice items: exam items do not make it drawable', () => {
      const found = draws(
        checkCourse(course({ banks: bank([...examItems(30), question('sm-001')]), quizzes: [moduleQuiz(2)] })),
      );
      expect(found).toEqual([
        'quizzes/quizzes/service-mindset.json: quiz-service-mindset: needs 2 practice-pool questions from service-mindset but only 1 match',
      ]);
    });

    it('enforces surface-cue limits on each pool and on all exam pools together', () => {
      const leaning = (pool: string, from: number) =>
        Array.from({ length: 5 }, (_, i) => tf(`sm-${from + i}`, true, { pool }));
      const examProblems = checkCourse(course({ banks: bank(leaning('exam', 100)) })).filter((p) =>
        p.includes('true/false'),
      );
      expect(examProblems).toEqual([
        'quizzes/banks/service-mindset.json (exam pool): 5 of 5 true/false items are keyed true (100 %); keep it within 40–60 %',
        'all exam pools together: 5 of 5 true/false items are keyed true (100 %); keep it within 40–60 %',
      ]);
      expect(
        checkCourse(course({ banks: bank(leaning('practice', 100)) })).filter((p) => p.includes('true/false')),
      ).toEqual([
        'quizzes/banks/service-mindset.json (practice pool): 5 of 5 true/false items are keyed true (100 %); keep it within 40–60 %',
      ]);
    });

    it('limits how often the key sits in the middle of the option lengths (neither longest nor shortest)', () => {
      const middle = (id: string) =>
        question(id, {
          pool: 'exam',
          options: [
            { id: 'a', text: '甲乙丙' },
            { id: 'b', text: '甲' },
            { id: 'c', text: '甲乙丙丁戊' },
            { id: 'd', text: '甲乙' },
          ],
          answer: 'a',
        });
      const found = checkCourse(course({ banks: bank(Array.from({ length: 12 }, (_, i) => middle(`sm-${100 + i}`))) }));
      expect(found.filter((p) => p.includes('neither the longest nor the shortest'))).toEqual([
        'quizzes/banks/service-mindset.json (exam pool): the keyed option is neither the longest nor the shortest in 12 of 12 single/scenario items (chance ≈ 6.0); let the key be the longest or the shortest about as often as chance',
        'all exam pools together: the keyed option is neither the longest nor the shortest in 12 of 12 single/scenario items (chance ≈ 6.0); let the key be the longest or the shortest about as often as chance',
      ]);
    });

    it('reports each bank’s pool sizes and cue figures', () => {
      const [report] = bankPoolReport({ banks: bank([...examItems(2), tf('sm-001', true), tf('sm-002', false)]) });
      expect(report).toEqual({
        path: 'quizzes/banks/service-mindset.json',
        module: 'service-mindset',
        practice: 2,
        exam: 2,
        practiceCues:
          'key longest 0/0, shortest 0/0 (chance 0.0 each), middle 0/0 (chance 0.0), 1/2 true, no multiple, letter references 0',
        examCues:
          'key longest 0/2, shortest 2/2 (chance 1.0 each), middle 0/2 (chance 0.0), no true/false, no multiple, letter references 0',
      });
    });

    it('holds scenario items to one rule: exactly one option scores 1, every other at most 0.7', () => {
      const scenario = (id: string, scores: number[]) => {
        const q = question(id, {
          type: 'scenario',
          options: scores.map((score, i) => ({ id: `o${i}`, text: `回应${i}`, score, feedback: '点评内容' })),
        }) as Record<string, unknown>;
        delete q.answer;
        return q;
      };
      const found = checkCourse(
        course({
          banks: bank([
            scenario('sm-001', [1, 0.7, 0]),
            scenario('sm-002', [1, 1, 0]),
            scenario('sm-003', [0.9, 0.5, 0]),
            scenario('sm-004', [1, 0.8, 0]),
          ]),
        }),
      );
      const scenarioProblems = found.filter((p) => p.includes('score'));
      expect(scenarioProblems).toEqual([
        'quizzes/banks/service-mindset.json: sm-002: 2 options score 1; exactly one must (the best response)',
        'quizzes/banks/service-mindset.json: sm-003: 0 options score 1; exactly one must (the best response)',
        'quizzes/banks/service-mindset.json: sm-003: the other options must score at most 0.7',
        'quizzes/banks/service-mindset.json: sm-004: the other options must score at most 0.7',
      ]);
    });
  });
});
