import { z } from 'zod';
import {
  at,
  asRecord,
  baseFields,
  byId,
  giftBlock,
  giftEscape,
  giftNumber,
  invalid,
  keyOf,
  option,
  pick,
  type PublicChoice,
  type QuestionTypeModule,
} from './base.ts';
import { optionLayout, publicChoiceView, repeatedIds } from './choice-options.ts';
import { canonicalChoice, type ChoiceResponse } from './single-choice.ts';

/** A scenario's best response scores 1; every other option scores at most this (so the best is clearly best). */
export const scenarioOtherOptionMax = 0.7;

/**
 * The one definition of a sound scenario (best-response) item: exactly one option scores 1 and every other
 * option scores at most {@link scenarioOtherOptionMax}. Returns the problems in English; empty when sound.
 * Used by the bank content check and by listening scripts.
 */
export function scenarioScoreProblems(options: readonly { score: number }[]): string[] {
  const best = options.filter((o) => o.score === 1).length;
  const problems = best === 1 ? [] : [`${best} options score 1; exactly one must (the best response)`];
  if (options.some((o) => o.score < 1 && o.score > scenarioOtherOptionMax))
    problems.push(`the other options must score at most ${scenarioOtherOptionMax}`);
  return problems;
}

/** Best response to a call situation: every option carries a score (0–1) and feedback. */
export const scenarioSchema = z.strictObject({
  ...baseFields,
  type: z.literal('scenario'),
  options: z
    .array(option.extend({ score: z.number().min(0).max(1), feedback: z.string().min(4) }))
    .min(3)
    .max(5),
});
export type ScenarioQuestion = z.infer<typeof scenarioSchema>;
export type PublicScenario = { id: string; type: 'scenario'; prompt: string; options: PublicChoice[] };

export const scenario: QuestionTypeModule<ScenarioQuestion, ChoiceResponse, PublicScenario> = {
  schema: scenarioSchema,
  layout: optionLayout,
  publicView: publicChoiceView,
  canonical: (q, r) => canonicalChoice(q.type, q.options.length, r),
  grade: (q, layout, r) => ('choice' in r ? { score: byId(q.options)(at(layout.options, r.choice)).score } : invalid),
  review: (q, layout, response) => {
    const chosen = q.options.find((o) => o.id === pick(layout.options, asRecord(response).choice));
    return {
      yours: chosen ? [chosen.text] : [],
      correct: q.options.filter((o) => o.score === 1).map((o) => o.text),
      ...(chosen?.feedback ? { feedback: chosen.feedback } : {}),
    };
  },
  checks: (q) => [...repeatedIds(q.options.map((o) => o.id)), ...scenarioScoreProblems(q.options)],
  gift: (q) => {
    if (q.options.filter((o) => o.score === 1).length !== 1)
      return { reason: 'GIFT needs exactly one scenario option scoring 1' };
    const weight = (s: number) => (s === 1 ? '=' : s ? `~%${giftNumber(s * 100)}%` : '~');
    return (
      giftEscape(q.prompt) +
      giftBlock(
        q,
        q.options.map((o) => `${weight(o.score)}${giftEscape(o.text)}#${giftEscape(o.feedback)}`),
      )
    );
  },
  cues: (q) => {
    const best = Math.max(...q.options.map((o) => o.score));
    return {
      choice: { options: q.options, key: q.options.find((o) => o.score === best)!.id },
      texts: [q.explanation, ...q.options.map((o) => o.feedback)],
    };
  },
  correctResponse: (q, layout) => ({ choice: keyOf(layout.options, q.options.find((o) => o.score === 1)!.id) }),
};
