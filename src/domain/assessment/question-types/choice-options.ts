// The option pieces the choice-like types share (single, multiple and scenario; ordering's items and matching's
// pairs for the id check and key lists): the seeded option layout, the public view, option texts for the review,
// the repeated-id content check and the canonical list of display keys.
import {
  accept,
  byId,
  duplicated,
  keyIndex,
  keyed,
  only,
  pick,
  questionSeed,
  refuse,
  seededShuffle,
  type CanonicalResult,
  type PublicChoice,
  type QuestionLayout,
} from './base.ts';

type Option = { id: string; text: string };

/** The layout of an options question: its option ids shuffled by the question's seed. */
export const optionLayout = (q: { id: string; options: readonly Option[] }, seed: string): QuestionLayout => ({
  options: seededShuffle(
    q.options.map((o) => o.id),
    questionSeed(seed, q.id),
  ),
});

/** Options (or items) as the browser sees them in a layout's order: display keys and texts. */
export const publicOptions = (options: readonly Option[], order: readonly string[] | undefined): PublicChoice[] =>
  keyed(order, (id) => byId(options)(id).text);

/** The public view of a single, multiple or scenario question: prompt and options, nothing that gives the key. */
export const publicChoiceView = <T extends string>(
  q: { id: string; type: T; prompt: string; options: readonly Option[] },
  layout: QuestionLayout,
) => ({ id: q.id, type: q.type, prompt: q.prompt, options: publicOptions(q.options, layout.options) });

/** The text of the option with bank id `id`, if there is one. */
export const optionText = (options: readonly Option[], id: string | undefined) =>
  options.find((o) => o.id === id)?.text;

/** The texts of the options a stored list of display keys names, in its order; keys that name nothing are skipped. */
export const chosenTexts = (options: readonly Option[], order: readonly string[] | undefined, keys: unknown) =>
  (Array.isArray(keys) ? keys : []).map((k) => optionText(options, pick(order, k))).filter((t): t is string => !!t);

/** Content check: each id that repeats (`what` names the thing: option, item, pair). */
export const repeatedIds = (ids: readonly string[], what = 'option') =>
  duplicated(ids).map((id) => `${what} id "${id}" repeats`);

/**
 * The canonical list of distinct exact display keys among `count` that a response holds as its only field
 * (multiple: `choices`, ordering: `order`), or why it is refused. The keys keep the order they came in.
 */
export function distinctKeys(
  type: string,
  r: Record<string, unknown>,
  field: string,
  count: number,
  noun: string,
): CanonicalResult<string[]> {
  const value = only(r, field);
  if (!value.ok || !Array.isArray(value.value)) return refuse(`${type} answers are { ${field}: [...] }`);
  const list = value.value as unknown[];
  if (list.some((k) => keyIndex(k, count) === undefined))
    return refuse(`${field} ${JSON.stringify(list)} name an unknown ${noun} key`);
  if (new Set(list).size !== list.length) return refuse(`${field} ${JSON.stringify(list)} repeat an ${noun}`);
  return accept([...(list as string[])]);
}
