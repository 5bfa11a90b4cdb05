import { z } from 'zod';
import {
  accept,
  at,
  asRecord,
  baseFields,
  byId,
  duplicated,
  invalid,
  keyIndex,
  keyOf,
  keyed,
  only,
  option,
  pick,
  questionSeed,
  refuse,
  shuffleAway,
  type PublicChoice,
  type QuestionTypeModule,
} from './base.ts';

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
    items: keyed(layout.items, (id) => byId(q.items)(id).text),
  }),
  // `{ order }`: every item key exactly once (the learner's order).
  canonical: (q, r) => {
    const order = only(r, 'order');
    if (!order.ok || !Array.isArray(order.value)) return refuse('ordering answers are { order: [...] }');
    const list = order.value as unknown[];
    if (list.length !== q.items.length) return refuse(`order has ${list.length} keys for ${q.items.length} items`);
    if (list.some((k) => keyIndex(k, q.items.length) === undefined))
      return refuse(`order ${JSON.stringify(list)} names an unknown item key`);
    if (new Set(list).size !== list.length) return refuse(`order ${JSON.stringify(list)} repeats an item`);
    return accept({ order: [...(list as string[])] });
  },
  grade: (q, layout, r) => {
    if (!('order' in r)) return invalid;
    // Partial credit by absolute position.
    const placed = r.order.filter((k, i) => at(layout.items, k) === q.items[i]!.id).length;
    return { score: placed / q.items.length };
  },
  review: (q, layout, response) => {
    const text = (id?: string) => q.items.find((i) => i.id === id)?.text;
    const r = asRecord(response);
    const order = Array.isArray(r.order) ? r.order.map((k) => text(pick(layout.items, k))) : [];
    return { yours: order.filter((t): t is string => !!t), correct: q.items.map((i) => i.text) };
  },
  checks: (q) => duplicated(q.items.map((i) => i.id)).map((id) => `item id "${id}" repeats`),
  gift: () => ({ reason: 'ordering questions have no GIFT equivalent' }),
  cues: (q) => ({ texts: [q.explanation] }),
  correctResponse: (q, layout) => ({ order: q.items.map((i) => keyOf(layout.items, i.id)) }),
};
