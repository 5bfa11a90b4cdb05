import type { PracticeAnswer, PracticeCheck } from './practice-schema.ts';
import { hashString } from '../../platform/util/seeded-random.ts';

/**
 * What the browser gets of a practice check: no correct option, no feedback, no card backs, and options and
 * steps in an order computed from their text alone (so the authored order — correct first, or the correct
 * sequence — cannot be recovered from it). Positions in these lists are what answers refer to.
 */
export type PracticePublicView =
  | { kind: 'choose-reply'; id: string; prompt: string; options: string[] }
  | { kind: 'reorder-steps'; id: string; prompt: string; steps: string[] }
  | { kind: 'flip-cards'; id: string; title: string; fronts: string[] };

/** The result the server returns for an answer. */
export type PracticeGrade =
  | { kind: 'choose-reply'; passed: boolean; feedback: string }
  | { kind: 'reorder-steps'; passed: boolean; wrongPositions: number[] }
  | { kind: 'flip-cards'; card: number; back: string };

/** Thrown for an answer that does not fit its check (wrong kind, unknown position, not a permutation). */
export class PracticeAnswerError extends Error {}

/** Authored indexes in public order: sorted by a hash of the check id and the text, never the identity for steps. */
function publicOrder(id: string, texts: readonly string[], avoidIdentity: boolean): number[] {
  const order = texts
    .map((t, i) => ({ i, h: hashString(`${id}\u0000${t}`) }))
    .sort((a, b) => a.h - b.h || a.i - b.i)
    .map((x) => x.i);
  // An order that happens to be the correct one would make the exercise pointless.
  if (avoidIdentity && order.every((v, i) => v === i)) return [...order.slice(1), order[0]!];
  return order;
}

export function practicePublicView(check: PracticeCheck): PracticePublicView {
  switch (check.kind) {
    case 'choose-reply':
      return {
        kind: check.kind,
        id: check.id,
        prompt: check.prompt,
        options: publicOrder(
          check.id,
          check.options.map((o) => o.text),
          false,
        ).map((i) => check.options[i]!.text),
      };
    case 'reorder-steps':
      return {
        kind: check.kind,
        id: check.id,
        prompt: check.prompt,
        steps: publicOrder(check.id, check.steps, true).map((i) => check.steps[i]!),
      };
    case 'flip-cards':
      return {
        kind: check.kind,
        id: check.id,
        title: check.title ?? '翻卡记忆',
        fronts: check.cards.map((c) => c.front),
      };
  }
}

/** Grade a learner's answer to a practice check (pure; the server records the result). */
export function gradePractice(check: PracticeCheck, answer: PracticeAnswer): PracticeGrade {
  if (answer.kind !== check.kind)
    throw new PracticeAnswerError(`answer kind ${answer.kind} does not fit check ${check.id} (${check.kind})`);
  switch (check.kind) {
    case 'choose-reply': {
      const { option } = answer as Extract<PracticeAnswer, { kind: 'choose-reply' }>;
      const authored = publicOrder(
        check.id,
        check.options.map((o) => o.text),
        false,
      )[option];
      if (authored === undefined) throw new PracticeAnswerError(`option ${option} does not exist in ${check.id}`);
      const chosen = check.options[authored]!;
      return { kind: check.kind, passed: chosen.correct === true, feedback: chosen.feedback };
    }
    case 'reorder-steps': {
      const { order } = answer as Extract<PracticeAnswer, { kind: 'reorder-steps' }>;
      const n = check.steps.length;
      if (order.length !== n || new Set(order).size !== n || order.some((p) => p < 0 || p >= n)) {
        throw new PracticeAnswerError(
          `order ${JSON.stringify(order)} is not an arrangement of the ${n} steps of ${check.id}`,
        );
      }
      const toAuthored = publicOrder(check.id, check.steps, true);
      const wrongPositions = order
        .map((p, position) => (toAuthored[p] === position ? -1 : position))
        .filter((p) => p >= 0);
      return { kind: check.kind, passed: wrongPositions.length === 0, wrongPositions };
    }
    case 'flip-cards': {
      const { card } = answer as Extract<PracticeAnswer, { kind: 'flip-cards' }>;
      const found = check.cards[card];
      if (!found) throw new PracticeAnswerError(`card ${card} does not exist in ${check.id}`);
      return { kind: check.kind, card, back: found.back };
    }
  }
}

/** Every text of a check that must never reach the browser before the server grades an answer. */
export function practiceSecrets(check: PracticeCheck): string[] {
  switch (check.kind) {
    case 'choose-reply':
      return check.options.map((o) => o.feedback);
    case 'reorder-steps':
      return [check.steps.join('\u0000')];
    case 'flip-cards':
      return check.cards.map((c) => c.back);
  }
}

/** All text of a check (for the lesson length count and the content check). */
export function practiceText(check: PracticeCheck): string {
  switch (check.kind) {
    case 'choose-reply':
      return [check.prompt, ...check.options.flatMap((o) => [o.text, o.feedback])].join('\n');
    case 'reorder-steps':
      return [check.prompt, ...check.steps].join('\n');
    case 'flip-cards':
      return [check.title ?? '', ...check.cards.flatMap((c) => [c.front, c.back])].join('\n');
  }
}
