// Writes a question bank as Moodle GIFT or Moodle XML and lists the questions the format cannot express.
// Usage: npm run quiz:export -- <bank name or path> [--format gift|xml] [--out <file>]   (default: stdout)
// The whole bank including items published in the app: /trainer/questions (导出整个题库).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { toGift } from '../domain/assessment/gift.ts';
import { toMoodleXml } from '../domain/question-bank/moodle-xml.ts';
import { parseOrExplain } from '../platform/errors/validation-message.ts';
import { bankSchema, type Bank } from '../domain/assessment/question-schema.ts';

const usage = 'Usage: npm run quiz:export -- <bank name or path> --format gift|xml [--out <file>]';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function readArgs() {
  try {
    const options = { format: { type: 'string', default: 'gift' }, out: { type: 'string' } } as const;
    return parseArgs({ allowPositionals: true, options });
  } catch (error) {
    return fail(`${(error as Error).message}\n${usage}`);
  }
}

const { positionals, values } = readArgs();
const name = positionals[0];
if (!name) fail(usage);
if (values.format !== 'gift' && values.format !== 'xml')
  fail(`Unknown --format ${values.format}: use gift or xml.\n${usage}`);
const path = name.endsWith('.json') || name.includes('/') ? name : join('quizzes', 'banks', `${name}.json`);

let bank: Bank;
try {
  bank = parseOrExplain(bankSchema, JSON.parse(readFileSync(path, 'utf8')), path);
} catch (error) {
  fail(`Cannot export ${path}: ${(error as Error).message}`);
}

const { text, skipped } = values.format === 'xml' ? toMoodleXml(bank.questions) : toGift(bank.questions);
const out =
  values.format === 'xml' ? text : `// ${bank.module}: exported from ${path} by npm run quiz:export\n\n${text}`;
if (values.out) writeFileSync(values.out, out);
else process.stdout.write(out);
const exported = bank.questions.length - skipped.length;
console.error(
  `Exported ${exported} of ${bank.questions.length} question(s) from ${path}${values.out ? ` to ${values.out}` : ''}.`,
);
if (skipped.length)
  console.error(`Skipped ${skipped.length}:\n${skipped.map((s) => `- ${s.id}: ${s.reason}`).join('\n')}`);
