/**
 * Syllable count of a practice script, the numerator of the speaking rate (字/分钟).
 *
 * Rules (pragmatic; each Chinese syllable is written with one character, so "字" and syllable coincide):
 * - Every Han character is one syllable, except 儿 read as 儿化 (see below).
 * - 儿化: 儿 directly after a Han character merges into it (一会儿, 这儿, 哪儿, 一点儿: no extra syllable), unless
 *   it begins a word (儿童, 儿子, 儿科, 儿女, 儿歌, 儿时, 儿孙, 儿媳, 儿戏, 儿化) or ends one of the common words in
 *   which it is a full syllable (女儿, 婴儿, 幼儿, 孤儿, 健儿, 宠儿, 男儿, 胎儿, 患儿, 孙儿, 妻儿, 少儿, 托儿所,
 *   育儿, 弃儿, 新生儿, 混血儿, 幸运儿, 早产儿). 儿 after a non-Han character (start of a clause) is a syllable.
 * - Digits are read the way hotline agents read them (see {@link readNumber}): quantities as Chinese numerals
 *   (10000 → 一万, 128元 → 一百二十八元), codes digit by digit (10086 → 幺零零八六, 工号1234 → 幺二三四).
 * - Each ASCII letter is one syllable (VIP = 3); punctuation, spaces and other symbols are none.
 */

const HAN = /\p{Script=Han}/u;
const LETTER = /[A-Za-z]/;

/** Characters after which 儿 starts a new word (儿 + X). */
const ER_WORD_START = new Set([...'童子科女歌时孙媳戏化']);
/** Characters before 儿 in words where 儿 keeps its own syllable (X + 儿). */
const ER_FULL_AFTER = new Set([...'女婴幼孤健宠男胎患孙妻少托育弃生血运产']);

const NUMERALS = '零一二三四五六七八九';
/** Digit-by-digit reading; hotline agents say 幺 for 1 so that it is not confused with 七. */
const DIGIT_NAMES = '零幺二三四五六七八九';
/** Characters after a number that make it a quantity (元, 个, 分钟, 小时, 万 …). */
const QUANTITY_UNITS = new Set([...'元块角毛分秒个次天日月周岁人位台部张条件户家度倍兆小万千百亿多余']);

/** How a digit string is read aloud. */
export type NumberReadingMode = 'quantity' | 'digits';

/**
 * Chinese numeral reading of a non-negative integer written in digits: 10000 → 一万, 10001 → 一万零一,
 * 128 → 一百二十八, 12 → 十二. Numbers longer than 16 digits are read digit by digit.
 */
export function chineseNumeral(digits: string): string {
  const trimmed = digits.replace(/^0+/, '');
  if (trimmed === '') return '零';
  if (trimmed.length > 16) return readDigits(trimmed);
  const groupUnits = ['', '万', '亿', '万亿'];
  const groups: string[] = [];
  for (let end = trimmed.length; end > 0; end -= 4)
    groups.unshift(trimmed.slice(Math.max(0, end - 4), end).padStart(4, '0'));
  let out = '';
  let zeroPending = false;
  groups.forEach((group, index) => {
    const value = Number(group);
    if (value === 0) {
      zeroPending = out !== '';
      return;
    }
    if (out !== '' && (zeroPending || value < 1000)) out += '零';
    out += readGroup(group) + (groupUnits[groups.length - 1 - index] ?? '');
    zeroPending = false;
  });
  // 10–19 at the head are said 十X, not 一十X.
  return out.startsWith('一十') ? out.slice(1) : out;
}

function readGroup(group: string): string {
  const units = ['千', '百', '十', ''];
  let out = '';
  let zero = false;
  for (let i = 0; i < 4; i++) {
    const d = Number(group[i]);
    if (d === 0) {
      zero = out !== '';
      continue;
    }
    if (zero) out += '零';
    out += (NUMERALS[d] ?? '') + (units[i] ?? '');
    zero = false;
  }
  return out;
}

function readDigits(digits: string): string {
  return [...digits].map((d) => (d === '.' ? '点' : (DIGIT_NAMES[Number(d)] ?? ''))).join('');
}

/**
 * Decides how a digit run is read, from the run and its neighbours:
 * decimals and percentages, runs of 1–2 digits, runs followed by a measure word (元, 个, 分钟 …) and round
 * numbers (10000, 300) are quantities; runs chained with `-` or spaces (400-810-8000), four digits before 年
 * (2024年) and everything else (10086, 工号1234, phone numbers) are read digit by digit.
 */
export function numberReadingMode(run: string, before: string, after: string): NumberReadingMode {
  const integer = run.split('.')[0] ?? run;
  if (/^[-\s]?\d/.test(after) || /\d[-\s]?$/.test(before)) return 'digits';
  if (run.includes('.') || after.startsWith('%')) return 'quantity';
  if (integer.length === 4 && after.startsWith('年')) return 'digits';
  if (integer.length <= 2) return 'quantity';
  if (QUANTITY_UNITS.has(after.charAt(0))) return 'quantity';
  if (/^[1-9]0+$/.test(integer)) return 'quantity';
  return 'digits';
}

/** Reads one digit run (optionally with a decimal part) in the given mode. */
export function readNumber(run: string, mode: NumberReadingMode): string {
  if (mode === 'digits') return readDigits(run);
  const [integer = '', fraction] = run.split('.');
  return chineseNumeral(integer) + (fraction ? `点${readDigits(fraction)}` : '');
}

/**
 * The script as it is read aloud: full-width digits and letters made ASCII, digits replaced by their Chinese reading and
 * `%` by 百分之 before the number. Everything else is kept, so the result can also be given to a synthesiser.
 */
export function scriptReading(text: string): string {
  // Only full-width digits, letters, % and . become ASCII: full-width punctuation stays for synthesisers.
  const normalized = text.replace(/[\uFF05\uFF0E\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) =>
    String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  );
  return normalized.replace(/(\d+(?:\.\d+)?)(%?)/g, (_match: string, run: string, percent: string, offset: number) => {
    const before = normalized.slice(Math.max(0, offset - 2), offset);
    const after = normalized.slice(offset + run.length, offset + run.length + 2);
    const reading = readNumber(run, numberReadingMode(run, before, after));
    return percent ? `百分之${reading}` : reading;
  });
}

/** True when the 儿 at `index` of `chars` merges into the previous syllable (儿化). */
function isErhua(chars: readonly string[], index: number): boolean {
  const prev = chars[index - 1];
  const next = chars[index + 1];
  if (prev === undefined || !HAN.test(prev)) return false;
  if (next !== undefined && ER_WORD_START.has(next)) return false;
  return !ER_FULL_AFTER.has(prev);
}

/** Number of spoken syllables (字) in a script, by the rules at the top of this file. */
export function countSyllables(text: string): number {
  const chars = [...scriptReading(text)];
  let count = 0;
  chars.forEach((ch, i) => {
    if (ch === '儿') count += isErhua(chars, i) ? 0 : 1;
    else if (HAN.test(ch) || LETTER.test(ch)) count += 1;
  });
  return count;
}
