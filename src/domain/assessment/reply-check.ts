// Checking a typed reply to a caller: which required elements it contains and which forbidden phrases it uses,
// quoted from the learner's own text. Pure (plain data in, plain data out) so the quiz engine, the call simulator
// and lesson practice can share it. Server-side only: it uses pinyin-pro's dictionary for homophones.
import { pinyin } from 'pinyin-pro';

/** A required element of a reply: any one of its phrasings counts. */
export interface RequiredElement {
  /** What the element is, shown in feedback (e.g. 「致歉」「说明核实时限」). */
  label: string;
  phrasings: readonly string[];
}

/** A phrase a reply must not contain, with the kind of fault it is (e.g. 服务禁语, 无条件承诺, 推卸责任). */
export interface ForbiddenPhrase {
  label: string;
  phrasings: readonly string[];
}

export interface ReplyRules {
  required: readonly RequiredElement[];
  forbidden: readonly ForbiddenPhrase[];
}

export interface RequiredFinding {
  label: string;
  /** The learner's words that matched (verbatim from their text), when found. */
  quote?: string;
}

export interface ForbiddenFinding {
  label: string;
  /** The phrasing that matched, as the author wrote it. */
  phrase: string;
  /** The learner's words that matched, verbatim. */
  quote: string;
}

export interface ReplyCheck {
  present: RequiredFinding[];
  missing: RequiredFinding[];
  forbidden: ForbiddenFinding[];
  /** See {@link replyScore}. */
  score: number;
}

/**
 * Characters that are read alike for this purpose but differ in pinyin: 幺 is how 一 is read in numbers
 * (「幺零零零零」), and Arabic digits are typed for spoken Chinese digits.
 */
const variants: Record<string, string> = {
  幺: '一',
  〇: '零',
  0: '零',
  1: '一',
  2: '二',
  3: '三',
  4: '四',
  5: '五',
  6: '六',
  7: '七',
  8: '八',
  9: '九',
};

/** One compared unit of a text: its normalised character, the readings it may have, and where it came from. */
interface Unit {
  char: string;
  readings: readonly string[];
  start: number;
  end: number;
}

const han = /\p{Script=Han}/u;
const dropped = /[\s\p{P}\p{S}]/u;
const readingCache = new Map<string, readonly string[]>();

/** Toneless pinyin readings of one Han character (every reading of a polyphone: 行 → xing, hang, heng). */
function readingsOf(char: string): readonly string[] {
  if (!han.test(char)) return [char];
  let readings = readingCache.get(char);
  if (!readings) {
    readings = pinyin(char, { toneType: 'none', multiple: true, type: 'array' }).map((r) => r.toLowerCase());
    if (!readings.length) readings = [char];
    readingCache.set(char, readings);
  }
  return readings;
}

/**
 * The units a text is compared by: NFKC (full-width letters, digits and punctuation become half-width), lower case,
 * spaces, punctuation and symbols dropped, number variants folded (幺 → 一, 1 → 一), and each Han character
 * carrying its pinyin readings so that homophones typed by a pinyin input method (帐/账, 在/再) compare equal.
 * Each unit remembers the span of the original text it came from, so findings can be quoted verbatim.
 */
export function replyUnits(text: string): Unit[] {
  const units: Unit[] = [];
  let offset = 0;
  for (const original of text) {
    const start = offset;
    offset += original.length;
    for (const c of original.normalize('NFKC').toLowerCase()) {
      if (dropped.test(c)) continue;
      const char = variants[c] ?? c;
      units.push({ char, readings: readingsOf(char), start, end: offset });
    }
  }
  return units;
}

/** The normalised text (for tests and authors' tools): what {@link replyUnits} compares, without readings. */
export function normalizeReply(text: string): string {
  return replyUnits(text)
    .map((u) => u.char)
    .join('');
}

const same = (a: Unit, b: Unit) => a.char === b.char || a.readings.some((r) => b.readings.includes(r));

/** Every place `phrase` occurs in `units` (as a run of units). An empty phrase matches nothing. */
function* occurrences(units: readonly Unit[], phrase: readonly Unit[]): Generator<{ from: number; to: number }> {
  if (!phrase.length) return;
  for (let i = 0; i + phrase.length <= units.length; i++) {
    if (phrase.every((p, j) => same(units[i + j]!, p))) yield { from: i, to: i + phrase.length - 1 };
  }
}

/**
 * Words that, right before a forbidden phrase, turn it into its opposite: 「我不能保证今天修好」 promises nothing,
 * 「这不是你自己的问题」 blames nobody, 「不一定退」 is no promise. A forbidden phrase directly after one of them does not count.
 */
export const negations = [
  '不',
  '没',
  '别',
  '不能',
  '无法',
  '不会',
  '不敢',
  '没法',
  '没办法',
  '不可以',
  '不应该',
  '并非',
] as const;
const negationUnits = negations.map((n) => replyUnits(n));

function negated(units: readonly Unit[], from: number): boolean {
  return negationUnits.some((n) => from >= n.length && n.every((u, j) => same(units[from - n.length + j]!, u)));
}

/**
 * The first of `phrasings` found in the text, with the learner's matching words quoted verbatim. With `skipNegated`,
 * occurrences right after a negation ({@link negations}) are passed over.
 */
function firstMatch(
  text: string,
  units: readonly Unit[],
  phrasings: readonly string[],
  skipNegated = false,
): { phrase: string; quote: string } | undefined {
  for (const phrase of phrasings) {
    for (const hit of occurrences(units, replyUnits(phrase))) {
      if (skipNegated && negated(units, hit.from)) continue;
      return { phrase, quote: text.slice(units[hit.from]!.start, units[hit.to]!.end) };
    }
  }
  return undefined;
}

/**
 * Scoring rule: the share of required elements present (each element counts equally), and 0 when any forbidden
 * phrase appears — one 服务禁语, unconditional promise or blame spoils a reply however complete it is.
 */
export function replyScore(present: number, required: number, forbidden: number): number {
  if (forbidden > 0 || required === 0) return 0;
  return present / required;
}

/**
 * Check a typed reply against its rules: what was present, missing and forbidden, quoted, and the score. A forbidden
 * phrase right after a negation (「不能保证」) does not count.
 */
export function checkReply(text: string, rules: ReplyRules): ReplyCheck {
  const units = replyUnits(text);
  const present: RequiredFinding[] = [];
  const missing: RequiredFinding[] = [];
  for (const element of rules.required) {
    const hit = firstMatch(text, units, element.phrasings);
    if (hit) present.push({ label: element.label, quote: hit.quote });
    else missing.push({ label: element.label });
  }
  const forbidden: ForbiddenFinding[] = [];
  for (const f of rules.forbidden) {
    const hit = firstMatch(text, units, f.phrasings, true);
    if (hit) forbidden.push({ label: f.label, ...hit });
  }
  return { present, missing, forbidden, score: replyScore(present.length, rules.required.length, forbidden.length) };
}

/** The findings as Chinese feedback lines quoting the learner's words. */
export function replyFeedback(check: ReplyCheck): string[] {
  return [
    ...check.present.map((p) => `已包含「${p.label}」：你写了“${p.quote}”`),
    ...check.missing.map((m) => `缺少「${m.label}」`),
    ...check.forbidden.map((f) => `出现${f.label}：“${f.quote}”`),
  ];
}
