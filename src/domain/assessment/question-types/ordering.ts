import { z } from 'zod';
import {
  accept,
  at,
  asRecord,
  baseFields,
  invalid,
  keyOf,
  option,
  questionSeed,
  refuse,
  shuffleAway,
  type PublicChoice,
  type QuestionTypeModule,
} from './base.ts';
import { publicOptions, chosenTexts, repeatedIds, distinctKeys } from './choice-options.ts';

/** Items are listed in the correct order; the engine shuffles them for the learner. */
export const orderingSchema = z.strictObject({
  ...baseFields,
  type: z.literal('ordering'),
  items: z.array(option).min(3).max(8),
});
export type OrderingQuestion = z.infer<typeof orderingSchema>;
export type OrderResponse = { order: string[] };
export type PublicOrdering = { id: string; type: 'ordering'; prompt: string; items: PublicChoice[] };

export const ordering: QuestionTypeModule<OrderingQuestion, OrderResponse, PublicOrdering> = {
  schema: orderingSchema,
  layout: (q, seed) => ({
    items: shuffleAway(
      q.items.map((i) => i.id),
      questionSeed(seed, q.id),
    ),
  }),
  publicView: (q, layout) => ({
    id: q.id,
    type: 'ordering',
    prompt: q.prompt,
    items: publicOptions(q.items, layout.items),
  }),
  // `{ order }`: every item key exactly once (the learner's order).
  canonical: (q, r) => {
    const keys = distinctKeys(q.type, r, 'order', q.items.length, 'item');
    if (keys.ok && keys.response.length !== q.items.length)
      return refuse(`order has ${keys.response.length} keys for ${q.items.length} items`);
    return keys.ok ? accept({ order: keys.response }) : keys;
  },
  grade: (q, layout, r) => {
    if (!('order' in r)) return invalid;
    // Partial credit by absolute position.
    const placed = r.order.filter((k, i) => at(layout.items, k) === q.items[i]!.id).length;
    return { score: placed / q.items.length };
  },
  review: (q, layout, response) => ({
    yours: chosenTexts(q.items, layout.items, asRecord(response).order),
    correct: q.items.map((i) => i.text),
  }),
  checks: (q) =>
    repeatedIds(
      q.items.map((i) => i.id),
      'item',
    ),
  gift: () => ({ reason: 'ordering questions have no GIFT equivalent' }),
  cues: (q) => ({ texts: [q.explanation] }),
  correctResponse: (q, layout) => ({ order: q.items.map((i) => keyOf(layout.items, i.id)) }),
};
