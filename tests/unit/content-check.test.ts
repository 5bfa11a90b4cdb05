import { describe, expect, it } from 'vitest';
import { checkCourse, countHanCharacters, type CourseFiles } from '../../src/lib/content-check.ts';

const seed = '002_ed981c7a5f5e5300.txt';
const body = (han: number, practice = '<ChooseReply id="c" />') => `${'服'.repeat(han)}\n\n${practice}\n`;
// Practice text without Han characters, so the character counts below are the body's.
const choice = (id: string) => ({ id, kind: 'choose-reply', prompt: 'p', options: [{ text: 'a', correct: true, feedback: 'f' }, { text: 'b', feedback: 'g' }] });
const lesson = (slug: string, order: number, extra: Record<string, unknown> = {}, text = body(1500, `<ChooseReply id="c-${slug}" />`)) => ({
  path: `content/modules/service-mindset/${slug}.mdx`,
  folder: 'service-mindset',
  slug,
  frontmatter: { title: '测试课', module: 'service-mindset', order, objectives: ['目标一一', '目标二二'], minutes: 10, sources: [seed], keyTerms: ['词'], practice: [choice(`c-${slug}`)], ...extra },
  body: text,
});
const question = (id: string, extra: Record<string, unknown> = {}) => ({
  id, type: 'single', prompt: '哪一句更好？', explanation: '因为先处理情绪。', lesson: 'service-mindset/01-a', tags: [], difficulty: 'easy',
  options: [{ id: 'a', text: '甲' }, { id: 'b', text: '乙' }], answer: 'a', ...extra,
});

function course(change: Partial<CourseFiles> = {}): CourseFiles {
  return {
    modules: [{ path: 'content/modules/service-mindset/module.json', name: 'service-mindset', data: { title: '服务心态', order: 1, summary: '理解优质服务的价值和心态。' } }],
    lessons: ['01-a', '02-b', '03-c', '04-d'].map((s, i) => lesson(s, i + 1)),
    banks: [{ path: 'quizzes/banks/service-mindset.json', name: 'service-mindset', data: { module: 'service-mindset', questions: [question('sm-001')] } }],
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
    const banks = [{ path: 'b.json', name: 'service-mindset', data: { module: 'service-mindset', questions: [
      question('sm-001', { lesson: 'service-mindset/99-gone' }),
      question('sm-002', { answer: 'z' }),
      question('sm-002'),
    ] } }];
    const found = checkCourse(course({ banks }));
    expect(found).toContain('b.json: sm-001: lesson "service-mindset/99-gone" does not exist');
    expect(found).toContain('b.json: sm-002: answer "z" is not among the options');
    expect(found).toContain('b.json: question id "sm-002" repeats (also in b.json)');
  });

  it('reports fill-blank prompts whose blanks do not match the answer lists', () => {
    const q = { ...question('sm-003', { type: 'fill-blank', prompt: '先处理＿＿，再处理＿＿。', blanks: [{ accepted: ['心情'] }] }) } as Record<string, unknown>;
    delete q.options;
    delete q.answer;
    const found = checkCourse(course({ banks: [{ path: 'b.json', name: 'service-mindset', data: { module: 'service-mindset', questions: [q] } }] }));
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
    expect(found).toContain('content/modules/service-mindset/01-a.mdx: has no practice check with an id (use one of ChooseReply, ReorderSteps, FlipCards)');
    expect(found).toContain('content/modules/service-mindset/02-b.mdx: body has 300 Chinese characters, expected 1200–2500');
    expect(found).toContain('content/modules/service-mindset/03-c.mdx: sources: seed file "999_0000000000000000.txt" does not exist');
  });

  it('reports practice checks placed without a definition, shown by the wrong component, never placed or defined twice', () => {
    const lessons = [
      lesson('01-a', 1, {}, body(1500, '<ChooseReply id="c-01-a" />\n<FlipCards id="nowhere" />')),
      lesson('02-b', 2, {}, body(1500, '<ReorderSteps id="c-02-b" />')),
      lesson('03-c', 3, { practice: [choice('c-03-c'), choice('unplaced')] }, body(1500, '<ChooseReply id="c-03-c" />')),
      lesson('04-d', 4, { practice: [choice('c-01-a')] }, body(1500, '<ChooseReply id="c-01-a" />')),
    ];
    const found = forModule(checkCourse(course({ lessons })));
    expect(found).toContain('content/modules/service-mindset/01-a.mdx: <FlipCards id="nowhere" /> has no entry with that id under `practice:` in the frontmatter');
    expect(found).toContain('content/modules/service-mindset/02-b.mdx: <ReorderSteps id="c-02-b" /> shows a check of kind "choose-reply"; use the component for that kind');
    expect(found).toContain('content/modules/service-mindset/03-c.mdx: practice check "unplaced" is never placed in the body (add <… id="unplaced" />)');
    expect(found).toContain('content/modules/service-mindset/04-d.mdx: practice check id "c-01-a" is also used in content/modules/service-mindset/01-a.mdx; ids must be unique across the course');
  });

  it('reports too few lessons, repeated orders and a lesson filed under the wrong module', () => {
    const lessons = [lesson('01-a', 1), lesson('02-b', 1, { module: 'voice-affinity' })];
    const found = checkCourse(course({ lessons }));
    expect(found).toContain('content/modules/service-mindset: has 2 lessons, expected 4–6');
    expect(found).toContain('content/modules/service-mindset: order 1 is used twice');
    expect(found).toContain('content/modules/service-mindset/02-b.mdx: module "voice-affinity" does not match its folder "service-mindset"');
  });
});
