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
  幺: '一', 〇: '零', 0: '零', 1: '一', 2: '二', 3: '三', 4: '四', 5: '五', 6: '六', 7: '七', 8: '八', 9: '九',
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
  return replyUnits(text).map((u) => u.char).join('');
}

const same = (a: Unit, b: Unit) => a.char === b.char || a.readings.some((r) => b.readings.includes(r));

/** Where `phrase` first occurs in `units` (as a run of units), or undefined. An empty phrase matches nothing. */
function find(units: readonly Unit[], phrase: readonly Unit[]): { from: number; to: number } | undefined {
  if (!phrase.length) return undefined;
  for (let i = 0; i + phrase.length <= units.length; i++) {
    if (phrase.every((p, j) => same(units[i + j]!, p))) return { from: i, to: i + phrase.length - 1 };
  }
  return undefined;
}

/** The first of `phrasings` found in the text, with the learner's matching words quoted verbatim. */
function firstMatch(text: string, units: readonly Unit[], phrasings: readonly string[]): { phrase: string; quote: string } | undefined {
  for (const phrase of phrasings) {
    const hit = find(units, replyUnits(phrase));
    if (hit) return { phrase, quote: text.slice(units[hit.from]!.start, units[hit.to]!.end) };
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

/** Check a typed reply against its rules: what was present, missing and forbidden, quoted, and the score. */
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
    const hit = firstMatch(text, units, f.phrasings);
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
