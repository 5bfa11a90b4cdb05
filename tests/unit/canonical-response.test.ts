import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalResponse,
  canonicalResponses,
  clickEndSlackSeconds,
  keyIndex,
  maxReplyLength,
} from '../../src/domain/assessment/canonical-response.ts';
import { gradeQuestion } from '../../src/domain/assessment/grading.ts';
import { layoutFor } from '../../src/domain/assessment/layout.ts';
import { quizCatalog } from '../../src/domain/assessment/catalog.ts';
import type { PlainQuestion, Question, QuestionType } from '../../src/domain/assessment/question-schema.ts';
import { correctResponse } from '../support/answer-key.ts';

// Every question of the course (banks of both pools and listening exercises): each type occurs many times.
const all = [...quizCatalog().questions.values()];
const types: QuestionType[] = [
  'single',
  'multiple',
  'true-false',
  'ordering',
  'matching',
  'fill-blank',
  'scenario',
  'listening',
  'audio-timestamp',
  'typed-reply',
];
const ofType = (t: QuestionType) => all.filter((q) => q.type === t);

/** Arbitrary well-formed responses (any canonical or near-canonical choice of real keys) to a plain question. */
function plainResponse(q: PlainQuestion): fc.Arbitrary<Record<string, unknown>> {
  const index = (n: number) => fc.nat({ max: n - 1 }).map(String);
  switch (q.type) {
    case 'single':
    case 'scenario':
      return index(q.options.length).map((choice) => ({ choice }));
    case 'multiple':
      return fc.shuffledSubarray(q.options.map((_, i) => String(i))).map((choices) => ({ choices }));
    case 'true-false':
      return fc.boolean().map((value) => ({ value }));
    case 'ordering':
      return fc
        .shuffledSubarray(
          q.items.map((_, i) => String(i)),
          { minLength: q.items.length },
        )
        .map((order) => ({ order }));
    case 'matching':
      return fc
        .shuffledSubarray(q.pairs.map((_, i) => String(i)))
        .chain((lefts) =>
          fc
            .tuple(...lefts.map(() => index(q.pairs.length + q.distractors.length)))
            .map((rights) => ({ matches: Object.fromEntries(lefts.map((l, i) => [l, rights[i]!])) })),
        );
    case 'fill-blank': {
      const text = fc.oneof(
        fc.constantFrom(...q.blanks.flatMap((b) => b.accepted), '', '　'),
        fc.string({ maxLength: 12 }),
      );
      return fc.array(text, { maxLength: q.blanks.length }).map((blanks) => ({ blanks }));
    }
  }
}

function anyResponse(q: Question): fc.Arbitrary<Record<string, unknown>> {
  if (q.type === 'listening') return plainResponse(q.question).map((sub) => ({ sub }));
  if (q.type === 'audio-timestamp')
    return fc
      .array(fc.double({ min: 0, max: q.audio.duration, noNaN: true }), { maxLength: 12 })
      .map((clicks) => ({ clicks }));
  if (q.type === 'typed-reply') {
    // Pieces of the key and of the forbidden phrases, in any width, spacing and punctuation, among arbitrary text.
    const piece = fc.constantFrom(
      q.modelAnswer,
      ...q.required.flatMap((e) => e.phrasings),
      ...q.forbidden.flatMap((f) => f.phrasings),
      '，',
      '　',
      'ＡＢ',
      '',
    );
    return fc
      .array(fc.oneof(piece, fc.string({ maxLength: 8 })), { maxLength: 4 })
      .map((parts) => ({ text: parts.join('').slice(0, maxReplyLength) }));
  }
  return plainResponse(q);
}

/** Spellings of a display key that are not the key: the alias bug ("0" and "00" both meaning option 0). */
const aliasesOf = (key: string) => [
  `0${key}`,
  `+${key}`,
  ` ${key}`,
  `${key} `,
  `${key}.0`,
  `${key}e0`,
  `\u0660${key}`,
  `${key}\n`,
  `0x${key}`,
  `-0${key}`,
];

/**
 * Non-canonical variants of a well-formed response, split by what must happen to them. `refused`: every key spelled
 * as an alias, duplicated entries, unknown keys, extra properties, wrong types, too many blanks or clicks, clicks
 * outside the clip. `equivalent`: the same answer written in another order (canonicalised to the same form).
 */
function variants(r: Record<string, unknown>): { refused: unknown[]; equivalent: unknown[] } {
  const refused: unknown[] = [{ ...r, extra: true }, { ...r, __proto__: { choice: '0' } }, [r], JSON.stringify(r), 0];
  const equivalent: unknown[] = [];
  const [[field, value]] = Object.entries(r) as [[string, unknown]];
  if (field === 'sub') {
    const inner = variants(value as Record<string, unknown>);
    return {
      refused: [...refused, ...inner.refused.map((sub) => ({ sub })), { sub: value, extra: 1 }],
      equivalent: inner.equivalent.map((sub) => ({ sub })),
    };
  }
  if (field === 'choice') {
    for (const alias of aliasesOf(value as string)) refused.push({ choice: alias });
    refused.push(
      { choice: Number(value) },
      { choice: '99' },
      { choice: '-1' },
      { choice: [value] },
      { choices: [value] },
    );
  }
  if (field === 'choices' || field === 'order') {
    const list = value as string[];
    list.forEach((k, i) => {
      for (const alias of aliasesOf(k)) refused.push({ [field]: list.map((x, j) => (j === i ? alias : x)) });
      refused.push({ [field]: [...list, k] }, { [field]: [...list, `0${k}`] });
    });
    refused.push({ [field]: [...list, '99'] }, { [field]: [...list, 0] });
    if (field === 'choices') equivalent.push({ choices: [...list].reverse() });
  }
  if (field === 'matches') {
    const entries = Object.entries(value as Record<string, string>);
    entries.forEach(([l, rk], i) => {
      for (const alias of aliasesOf(l))
        refused.push({ matches: Object.fromEntries(entries.map(([x, y], j) => (j === i ? [alias, y] : [x, y]))) });
      for (const alias of aliasesOf(rk))
        refused.push({ matches: Object.fromEntries(entries.map(([x, y], j) => (j === i ? [x, alias] : [x, y]))) });
    });
    refused.push(
      { matches: { ...Object.fromEntries(entries), 99: '0' } },
      { matches: entries },
      { matches: { ...Object.fromEntries(entries), 0: 7 } },
    );
    equivalent.push({ matches: Object.fromEntries([...entries].reverse()) });
  }
  if (field === 'blanks') {
    const list = value as string[];
    refused.push(
      { blanks: [...list, 'x', 'y', 'z', 'w', 'v'] },
      { blanks: [...list, 1] },
      { blanks: ['字'.repeat(201)] },
      { blanks: list.join('') },
    );
  }
  if (field === 'text')
    refused.push({ text: 1 }, { text: [value] }, { text: null }, { text: '字'.repeat(maxReplyLength + 1) });
  if (field === 'value') refused.push({ value: String(value) }, { value: value ? 1 : 0 }, { value: [value] });
  if (field === 'clicks') {
    const list = value as number[];
    refused.push(
      { clicks: [...list, -1] },
      { clicks: [...list, Number.POSITIVE_INFINITY] },
      { clicks: [...list, Number.NaN] },
      { clicks: [...list, 1e9] },
      { clicks: [...list, '1'] },
      { clicks: Array.from({ length: 51 }, () => 0) },
    );
    equivalent.push({ clicks: [...list].reverse() });
  }
  return { refused, equivalent };
}

describe('canonical responses', () => {
  it('accepts only exact display keys', () => {
    expect(keyIndex('0', 3)).toBe(0);
    expect(keyIndex('2', 3)).toBe(2);
    for (const alias of ['00', '+0', ' 0', '0 ', '0.0', '1e0', '-0', '3', '', '٠', '0x0'])
      expect(keyIndex(alias, 3), alias).toBeUndefined();
    expect(keyIndex(0, 3)).toBeUndefined();
  });

  it('refuses the alias bug: one option named twice under different spellings', () => {
    const q = ofType('multiple').find((m) => m.type === 'multiple' && m.answer.length >= 2)!;
    expect(canonicalResponse(q, { choices: ['0', '00'] })).toMatchObject({ ok: false });
    expect(canonicalResponse(q, { choices: ['0', '+0', ' 0'] })).toMatchObject({ ok: false });
    expect(gradeQuestion(q, layoutFor(q, 's'), { choices: ['0', '00', '1', '01'] })).toMatchObject({
      score: 0,
      status: 'invalid',
    });
  });

  it('names the question (by its number in the attempt) whose answer is refused', () => {
    const [a, b] = ofType('single');
    expect(canonicalResponses([a!, b!], { [b!.id]: { choice: '00' } })).toMatchObject({
      ok: false,
      refusal: { questionId: b!.id, questionNo: 2 },
    });
    expect(canonicalResponses([a!, undefined, b!], { 'zz-999': { value: true } })).toMatchObject({
      ok: false,
      refusal: { questionId: 'zz-999' },
    });
    expect(canonicalResponses([a!], { [a!.id]: { choice: '0' } })).toEqual({
      ok: true,
      responses: { [a!.id]: { choice: '0' } },
    });
  });

  it('accepts clicks up to the end of the clip plus a little slack, no further', () => {
    const q = ofType('audio-timestamp')[0]!;
    if (q.type !== 'audio-timestamp') throw new Error('type');
    const end = q.audio.duration;
    expect(canonicalResponse(q, { clicks: [end, 0, end + clickEndSlackSeconds] })).toEqual({
      ok: true,
      response: { clicks: [0, end, end + clickEndSlackSeconds] },
    });
    expect(canonicalResponse(q, { clicks: [end + clickEndSlackSeconds + 0.01] }).ok).toBe(false);
  });
});

describe.each(types)('grading %s questions (property tests)', (type) => {
  const questions = ofType(type);
  const drawn = fc
    .tuple(fc.constantFrom(...questions), fc.string({ minLength: 1, maxLength: 8 }))
    .map(([q, seed]) => ({ q, layout: layoutFor(q, seed) }));

  it('exists in the course', () => expect(questions.length).toBeGreaterThan(0));

  it('the correct response is canonical and scores 1; nothing scores higher than it', () => {
    fc.assert(
      fc.property(
        drawn.chain(({ q, layout }) =>
          fc.tuple(fc.constant(q), fc.constant(layout), fc.oneof(anyResponse(q), fc.anything())),
        ),
        ([q, layout, r]) => {
          const right = correctResponse(q, layout);
          expect(canonicalResponse(q, right).ok).toBe(true);
          expect(gradeQuestion(q, layout, right)).toMatchObject({ score: 1, status: 'correct' });
          const g = gradeQuestion(q, layout, r);
          expect(g.score).toBeGreaterThanOrEqual(0);
          expect(g.score).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('every non-canonical variant of a response is refused (and graded invalid), or scores exactly as its canonical form', () => {
    fc.assert(
      fc.property(
        drawn.chain(({ q, layout }) => fc.tuple(fc.constant(q), fc.constant(layout), anyResponse(q))),
        ([q, layout, r]) => {
          const canonical = canonicalResponse(q, r);
          expect(canonical.ok, JSON.stringify(r)).toBe(true);
          if (!canonical.ok) return;
          // The canonical form is a fixed point and grades as the response it came from.
          expect(canonicalResponse(q, canonical.response)).toEqual(canonical);
          const base = gradeQuestion(q, layout, canonical.response);
          expect(gradeQuestion(q, layout, r)).toEqual(base);
          for (const source of [r, correctResponse(q, layout) as Record<string, unknown>]) {
            const { refused, equivalent } = variants(source);
            for (const v of refused) {
              expect(canonicalResponse(q, v).ok, JSON.stringify(v)).toBe(false);
              expect(gradeQuestion(q, layout, v), JSON.stringify(v)).toMatchObject({ score: 0, status: 'invalid' });
            }
            for (const v of equivalent) {
              expect(canonicalResponse(q, v), JSON.stringify(v)).toEqual(canonicalResponse(q, source));
              expect(gradeQuestion(q, layout, v)).toEqual(gradeQuestion(q, layout, source));
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
