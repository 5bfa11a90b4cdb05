import { describe, expect, it } from 'vitest';
import { lessonSchema, minStudySeconds } from '../../src/domain/course/lesson-schema.ts';
import { describeIssues, parseOrExplain } from '../../src/platform/errors/validation-message.ts';

const valid = {
  title: '为什么服务决定口碑',
  module: 'service-mindset',
  order: 1,
  objectives: ['说出优质服务的价值', '辨认消极服务心态'],
  minutes: 12,
  sources: ['002_ed981c7a5f5e5300.txt'],
  keyTerms: ['客户满意度'],
  practice: [
    {
      id: 'cards-x',
      kind: 'flip-cards',
      cards: [
        { front: '甲', back: '甲面' },
        { front: '乙', back: '乙面' },
      ],
    },
  ],
};

function problems(data: unknown): string[] {
  const result = lessonSchema.safeParse(data);
  return result.success ? [] : describeIssues('content/modules/service-mindset/01-x.mdx', result.error);
}

describe('lesson frontmatter schema', () => {
  it('accepts a complete lesson', () => {
    expect(problems(valid)).toEqual([]);
  });

  it.each([
    ['too few objectives', { objectives: ['只有一条目标'] }, 'objectives'],
    ['too many objectives', { objectives: ['目标一一', '目标二二', '目标三三', '目标四四', '目标五五'] }, 'objectives'],
    ['unknown module', { module: 'sales' }, 'module'],
    ['non-integer order', { order: 1.5 }, 'order'],
    ['minutes as text', { minutes: '十二' }, 'minutes'],
    ['seed source that is not a seed file name', { sources: ['handout.docx'] }, 'sources.0'],
    ['no key terms', { keyTerms: [] }, 'keyTerms'],
    ['no practice check', { practice: [] }, 'practice'],
    [
      'a choice with two right options',
      {
        practice: [
          {
            id: 'c',
            kind: 'choose-reply',
            prompt: '问',
            options: [
              { text: '甲', correct: true, feedback: '好' },
              { text: '乙', correct: true, feedback: '好' },
            ],
          },
        ],
      },
      'practice.0.options',
    ],
    [
      'steps that repeat',
      { practice: [{ id: 'o', kind: 'reorder-steps', prompt: '排', steps: ['一', '一', '二'] }] },
      'practice.0.steps',
    ],
    ['a negative study minimum', { minStudyMinutes: -1 }, 'minStudyMinutes'],
  ])('rejects %s, naming the file and the field', (_, change, field) => {
    const found = problems({ ...valid, ...change });
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatch(new RegExp(`^content/modules/service-mindset/01-x\\.mdx: ${field.replace('.', '\\.')}: `));
  });

  it('asks for 40 % of the estimated minutes of study unless the lesson sets its own minimum', () => {
    expect(minStudySeconds({ minutes: 15 })).toBe(360);
    expect(minStudySeconds({ minutes: 15, minStudyMinutes: 10 })).toBe(600);
    expect(minStudySeconds({ minutes: 15, minStudyMinutes: 0 })).toBe(0);
  });

  it('rejects unknown fields so typos do not pass silently', () => {
    expect(problems({ ...valid, objectve: ['x'] })[0]).toContain('(root)');
  });

  it('reports a missing title and a wrong module with messages an author can act on', () => {
    const { title: _title, ...withoutTitle } = valid;
    expect(problems({ ...withoutTitle, module: 'sales' })).toMatchInlineSnapshot(`
      [
        "content/modules/service-mindset/01-x.mdx: title: Invalid input: expected string, received undefined",
        "content/modules/service-mindset/01-x.mdx: module: module must be one of: service-mindset, voice-affinity, service-etiquette, complaint-psychology, complaint-handling, stress-management, phone-communication",
      ]
    `);
  });

  it('parseOrExplain throws one message listing every problem', () => {
    expect(() => parseOrExplain(lessonSchema, { ...valid, minutes: 0, order: 0 }, 'a.mdx')).toThrow(
      /a\.mdx: order: .*\n\s+a\.mdx: minutes: /,
    );
  });
});
