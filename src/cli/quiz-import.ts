// Converts a Moodle GIFT or Moodle XML file into a question bank with the same parser and report as the browser's
// import at /trainer/questions, and reports, by line (GIFT) or question number (XML), every item it could not
// convert and every item that still lacks something (缺少解析, no lesson…: those are left for the browser, where
// they become drafts to finish).
// Usage: npm run quiz:import -- <file.gift|file.xml> --module <slug> [--lesson <module>/<lesson>] [--prefix sm]
//        [--start 101] [--out quizzes/banks/imported-<name>.json]   (without --out the bank JSON goes to stdout)
// --prefix defaults to the one used in quizzes/banks/<module>.json, --start to the first free number after it.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { courseOutlineFromFiles } from '../domain/course/files.ts';
import { mapCategories, readImportFile, reportLines } from '../domain/question-bank/schema.ts';
import { validateDraft } from '../domain/question-bank/rules.ts';
import { moduleSlugSchema } from '../domain/course/module-schema.ts';
import type { Question } from '../domain/assessment/question-schema.ts';

const usage =
  'Usage: npm run quiz:import -- <file.gift|file.xml> --module <slug> [--lesson <module>/<lesson>] [--prefix sm] [--start 101] [--out <bank.json>]';
const banksDir = join(process.cwd(), 'quizzes', 'banks');

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function readArgs() {
  try {
    const options = {
      module: { type: 'string' },
      lesson: { type: 'string' },
      prefix: { type: 'string' },
      start: { type: 'string' },
      out: { type: 'string' },
    } as const;
    return parseArgs({ allowPositionals: true, options });
  } catch (error) {
    return fail(`${(error as Error).message}\n${usage}`);
  }
}

/** Question ids in one bank file; an unreadable bank has none (content:check reports it). */
function idsIn(path: string): string[] {
  try {
    const questions: unknown = JSON.parse(readFileSync(path, 'utf8')).questions;
    return Array.isArray(questions) ? questions.map((q: { id?: unknown }) => String(q.id)) : [];
  } catch {
    return [];
  }
}

const { positionals, values } = readArgs();
const file = positionals[0];
if (!file || !values.module) fail(usage);
const moduleSlug = moduleSlugSchema.safeParse(values.module);
if (!moduleSlug.success) fail(`--module: ${moduleSlug.error.issues[0]!.message}`);

const usedIds = existsSync(banksDir)
  ? readdirSync(banksDir)
      .filter((f) => f.endsWith('.json'))
      .flatMap((f) => idsIn(join(banksDir, f)))
  : [];
const prefix = values.prefix ?? idsIn(join(banksDir, `${moduleSlug.data}.json`))[0]?.slice(0, 2);
if (!prefix || !/^[a-z]{2}$/.test(prefix))
  fail(`--prefix must be two lowercase letters, the module's id prefix (e.g. sm)\n${usage}`);
const taken = usedIds.filter((id) => id.startsWith(`${prefix}-`)).map((id) => Number(id.slice(3)));
const start = values.start === undefined ? Math.max(0, ...taken) + 1 : Number(values.start);
if (!Number.isInteger(start) || start < 1) fail(`--start must be a whole number from 1\n${usage}`);

let text: string;
try {
  text = readFileSync(file, 'utf8');
} catch (error) {
  fail(`Cannot read ${file}: ${(error as Error).message}`);
}

const report = mapCategories(readImportFile(text, file), courseOutlineFromFiles(process.cwd()));
const questions: Question[] = [];
const left: string[] = [];
for (const item of report.items) {
  const lesson = item.lesson ?? values.lesson;
  const where = `${file}:${'line' in item.source ? item.source.line : `#${item.source.number}`}`;
  if (!lesson) {
    left.push(`- ${where}: 未指定课程：用 --lesson 指定，或在题目前加 $CATEGORY: <module>/<lesson>`);
    continue;
  }
  const id = `${prefix}-${String(start + questions.length).padStart(3, '0')}`;
  const checked = validateDraft({ ...item.question, lesson }, id);
  if (!checked.ok) {
    left.push(`- ${where}: ${checked.problems.join('；')}`);
    continue;
  }
  const q = checked.question;
  // Same key order as the hand-written banks.
  questions.push(
    Object.assign(
      { id: q.id, type: q.type, difficulty: q.difficulty, lesson: q.lesson, tags: q.tags, prompt: q.prompt },
      q,
    ),
  );
}
const clashes = questions.filter((q) => usedIds.includes(q.id)).map((q) => q.id);
if (clashes.length)
  fail(
    `Ids already used in quizzes/banks: ${clashes.join(', ')}. Pass another --start (first free: ${Math.max(0, ...taken) + 1}).`,
  );
if (questions.length) {
  const json = `${JSON.stringify({ module: moduleSlug.data, questions }, null, 2)}\n`;
  if (values.out) writeFileSync(values.out, json);
  else process.stdout.write(json);
  const range = questions.length > 1 ? `${questions[0]!.id} to ${questions.at(-1)!.id}` : questions[0]!.id;
  console.error(
    `Imported ${questions.length} question(s) from ${file} as ${range}${values.out ? ` into ${values.out}` : ''}.`,
  );
} else {
  console.error(`No questions imported from ${file}.`);
}
const notes = report.items
  .filter((it) => it.notes.length)
  .map((it) => `- ${file}:${'line' in it.source ? it.source.line : `#${it.source.number}`}: ${it.notes.join('；')}`);
if (notes.length) console.error(`Carried differently (check these):\n${notes.join('\n')}`);
const problems = reportLines({ ...report, items: [] }, file);
if (problems.length || left.length) {
  const all = [...problems, ...left];
  fail(
    `${all.length} item(s) not imported (items that only lack an explanation or a lesson can be imported as drafts at /trainer/questions):\n${all.join('\n')}`,
  );
}
