import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkCallScenario, modelPath } from '../../src/domain/calls/graph.ts';
import { callScenarioSchema, type CallScenario } from '../../src/domain/calls/schema.ts';

const lessonExists = (ref: string) => existsSync(`content/modules/${ref}.mdx`);
const sample = callScenarioSchema.parse(
  JSON.parse(readFileSync('tests/fixtures/calls/sample-slow-broadband.json', 'utf8')),
);
/** A fresh copy of the sample, changed by `edit`, checked. */
function problemsAfter(edit: (c: CallScenario) => void): string[] {
  const call = structuredClone(sample);
  edit(call);
  return checkCallScenario(call, { lessonExists });
}
const choice = (c: CallScenario, node: string) => {
  const t = c.nodes[node]!.turn;
  if (t.kind !== 'choice') throw new Error('not a choice');
  return t;
};
const typed = (c: CallScenario) => {
  const t = c.nodes.diagnose!.turn;
  if (t.kind !== 'typed') throw new Error('not typed');
  return t;
};

describe('checkCallScenario', () => {
  it('passes the sample call', () => {
    expect(checkCallScenario(sample, { lessonExists })).toEqual([]);
  });

  it('finds ids that do not resolve', () => {
    expect(problemsAfter((c) => (choice(c, 'opening').options[0]!.next = 'nowhere'))).toContainEqual(
      expect.stringContaining('unknown "nowhere"'),
    );
    expect(problemsAfter((c) => (c.start = 'nope'))).toContainEqual(expect.stringContaining('start "nope"'));
  });

  it('finds undeclared and unused flags', () => {
    expect(problemsAfter((c) => choice(c, 'verify').options[2]!.effects.set!.push('made-up'))).toContainEqual(
      expect.stringContaining('undeclared flag "made-up"'),
    );
    expect(problemsAfter((c) => (c.flags.extra = '多余'))).toContainEqual(
      expect.stringContaining('flag "extra" is declared'),
    );
  });

  it('needs exactly one best option per choice turn', () => {
    expect(problemsAfter((c) => (choice(c, 'verify').options[0]!.quality = 'best'))).toContainEqual(
      expect.stringContaining('has 2 best options'),
    );
    expect(problemsAfter((c) => (choice(c, 'verify').options[2]!.quality = 'poor'))).toContainEqual(
      expect.stringContaining('has 0 best options'),
    );
  });

  it('needs typed outcomes highest first, ending with 0', () => {
    expect(problemsAfter((c) => typed(c).outcomes.reverse())).toContainEqual(expect.stringContaining('not ordered'));
    expect(problemsAfter((c) => (typed(c).outcomes[2]!.atLeast = 0.2))).toContainEqual(
      expect.stringContaining('atLeast 0'),
    );
  });

  it('checks typed turns like typed-reply questions (model answer passes)', () => {
    expect(problemsAfter((c) => (typed(c).modelAnswer = '我保证今天一定修好，您放心等着吧。'))).toEqual(
      expect.arrayContaining([
        expect.stringContaining('lacks the required element "致歉"'),
        expect.stringContaining('forbidden phrase "保证"'),
      ]),
    );
  });

  it('finds cycles', () => {
    expect(problemsAfter((c) => (choice(c, 'closing').options[0]!.next = 'opening'))).toContainEqual(
      expect.stringContaining('cycle'),
    );
  });

  it('finds nodes and endings nobody reaches', () => {
    const problems = problemsAfter((c) => {
      c.nodes.orphan = structuredClone(c.nodes.callback!);
      c.endings.lost = structuredClone(c.endings.escalated!);
    });
    expect(problems).toContainEqual(expect.stringContaining('"orphan" cannot be reached'));
    expect(problems).toContainEqual(expect.stringContaining('"lost" cannot be reached'));
  });

  it('finds conditions that never hold and endings reachable only through them', () => {
    const problems = problemsAfter((c) => {
      const next = choice(c, 'closing').options[1]!.next;
      if (typeof next === 'string') throw new Error('branches expected');
      // Nothing ever clears `apologized` before the closing and the mood can't be calm and angry at once.
      next.branches[0]!.when = { moodAtLeast: 'calm', moodAtMost: 'angry' };
      const other = choice(c, 'closing').options[2]!.next;
      if (typeof other !== 'string') other.branches[0]!.when = { moodAtLeast: 'calm', moodAtMost: 'angry' };
    });
    expect(problems).toContainEqual(expect.stringContaining('branch 1 (to "resolved") never holds'));
    expect(problems).toContainEqual(expect.stringContaining('ending "resolved" is never reached'));
  });

  it('finds a branch always shadowed by an earlier one', () => {
    const problems = problemsAfter((c) => {
      const next = choice(c, 'closing').options[1]!.next;
      if (typeof next !== 'string') next.branches.unshift({ when: { moodAtLeast: 'angry' }, to: 'escalated' });
    });
    expect(problems).toContainEqual(expect.stringContaining('branch 2 (to "resolved") never holds'));
  });

  it('needs 3 endings, one passing and one failing', () => {
    expect(
      problemsAfter((c) => {
        for (const e of Object.values(c.endings)) e.pass = true;
      }),
    ).toContainEqual('no ending fails (pass: false)');
    expect(
      problemsAfter((c) => {
        for (const e of Object.values(c.endings)) e.pass = false;
      }),
    ).toContainEqual('no ending passes (pass: true)');
    const two = problemsAfter((c) => {
      delete c.endings['hung-up'];
      delete c.endings.upgraded;
    });
    expect(two).toContainEqual(expect.stringContaining('2 endings'));
  });

  it('needs a model path of at least 5 turns that passes, and no short passing path', () => {
    const problems = problemsAfter((c) => (choice(c, 'verify').options[2]!.next = 'closing'));
    expect(problems).toContainEqual(expect.stringContaining('the model path has 3 turns'));
    expect(problems).toContainEqual(expect.stringContaining('passing ending "escalated" can be reached after 3 turns'));
    expect(problemsAfter((c) => (c.endings.resolved!.pass = false))).toContainEqual(
      expect.stringContaining('does not pass'),
    );
  });

  it('checks lesson refs', () => {
    expect(problemsAfter((c) => (c.lessons = ['complaint-handling/99-missing']))).toContainEqual(
      'lessons: lesson "complaint-handling/99-missing" does not exist',
    );
    expect(
      problemsAfter((c) => (choice(c, 'verify').options[0]!.lesson = 'phone-communication/77-nope')),
    ).toContainEqual(expect.stringContaining('"phone-communication/77-nope" does not exist'));
  });

  it('needs a typed turn', () => {
    expect(
      problemsAfter((c) => {
        const d = c.nodes.diagnose!;
        d.turn = structuredClone(c.nodes.callback!.turn);
        if (d.turn.kind === 'recorded') d.turn.next = 'callback';
      }),
    ).toContainEqual('the call has no typed turn');
  });

  it('caps the exhaustive walk', () => {
    expect(checkCallScenario(sample, { lessonExists, maxStates: 3 })).toContainEqual(expect.stringContaining('capped'));
  });
});

describe('modelPath', () => {
  it('takes the best reply at every turn', () => {
    const path = modelPath(sample);
    expect(path.steps.map((s) => s.key)).toEqual([
      'option:apologize-ask',
      'option:verify-identity',
      'outcome:0',
      'recorded',
      'option:thank-close',
    ]);
    expect(path.ending).toBe('resolved');
    expect(path.points).toEqual({ courtesy: 3, empathy: 4, compliance: 2, accuracy: 2, efficiency: 0 });
  });
});
