// Writes the xAPI statements of the learning events recorded in a period as JSON lines, for a bulk load into an LRS
// or a data warehouse. Built from the records by the same builders as the outbox (src/domain/xapi/), so history from
// before the outbox existed exports too, with the same statement ids.
// Usage: npm run xapi:export -- --from 2026-01-01 --to 2026-12-31 [--out statements.jsonl]   (default: stdout)
// Days are calendar days in China Standard Time (UTC+8), --to included; a full ISO timestamp is taken as it is.
// Needs XAPI_ACTIVITY_BASE and XAPI_HOMEPAGE (and XAPI_ACTOR=mbox to name learners by e-mail), and PocketBase as
// for `npm run seed` (PB_URL, PB_ADMIN_EMAIL/PB_ADMIN_PASSWORD or the credentials `npm start` saved).
import { createWriteStream, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { once } from 'node:events';
import { readCourseFiles } from '../domain/course/files.ts';
import { exportStatements, xapiSettingsFrom } from '../domain/xapi/service.ts';
import type { CourseNames } from '../domain/xapi/schema.ts';
import { adminFromEnv } from './admin-from-env.ts';

const usage = 'Usage: npm run xapi:export -- --from 2026-01-01 --to 2026-12-31 [--out statements.jsonl]';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

/** A day (UTC+8) or an ISO timestamp; `end` moves a day to the start of the next one. */
function parseMoment(value: string | undefined, flag: string, end: boolean): Date {
  if (!value) fail(`Missing ${flag}.\n${usage}`);
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const date = new Date(day ? `${value}T00:00:00+08:00` : value);
  if (Number.isNaN(date.getTime())) fail(`${flag} ${value} is not a date (YYYY-MM-DD or an ISO timestamp).\n${usage}`);
  return day && end ? new Date(date.getTime() + 86_400_000) : date;
}

/** Chinese titles of the course's things, read from the content files (the app reads its bundled catalogs). */
function courseNamesFrom(root: string): CourseNames {
  const files = readCourseFiles(root);
  const modules = new Map(files.modules.map((m) => [m.name, (m.data as { title?: string }).title]));
  const lessons = new Map(
    files.lessons.map((l) => [`${l.folder}/${l.slug}`, (l.frontmatter as { title?: string } | undefined)?.title]),
  );
  const quizzes = new Map(
    (files.quizzes ?? []).map((q) => {
      const data = q.data as { id?: string; title?: string; module?: string };
      return [data.id ?? q.name, data.title ? { title: data.title, module: data.module } : undefined];
    }),
  );
  const dir = join(root, 'content', 'certifications');
  const programs = new Map(
    readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => {
        const data = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { id: string; title: string };
        return [data.id, data.title];
      }),
  );
  return {
    module: (slug) => modules.get(slug),
    lesson: (id) => lessons.get(id),
    quiz: (id) => quizzes.get(id),
    program: (id) => programs.get(id),
  };
}

let args;
try {
  args = parseArgs({
    options: { from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' } },
  }).values;
} catch (error) {
  fail(`${(error as Error).message}\n${usage}`);
}
const from = parseMoment(args.from, '--from', false);
const to = parseMoment(args.to, '--to', true);
if (to <= from) fail(`--to must be after --from.\n${usage}`);

let settings;
try {
  settings = xapiSettingsFrom(process.env).statements;
} catch (error) {
  fail((error as Error).message);
}
if (!settings) fail('Set XAPI_ACTIVITY_BASE and XAPI_HOMEPAGE: statements are built on them (README, 配置).');

const admin = await adminFromEnv();
const { statements, skipped } = await exportStatements(admin, from, to, settings, courseNamesFrom(process.cwd()));
const out = args.out ? createWriteStream(args.out) : process.stdout;
for (const { statement } of statements) {
  if (!out.write(`${JSON.stringify(statement)}\n`)) await once(out, 'drain');
}
if (args.out) {
  out.end();
  await once(out, 'finish');
}
for (const s of skipped) console.error(`skipped ${s}`);
const counts = new Map<string, number>();
for (const { statement } of statements) {
  const verb = statement.verb.id.split('/').at(-1)!;
  counts.set(verb, (counts.get(verb) ?? 0) + 1);
}
console.error(
  `xapi:export: ${statements.length} statements from ${from.toISOString()} to ${to.toISOString()} ` +
    `(${[...counts].map(([v, n]) => `${v} ${n}`).join(', ') || 'none'})` +
    (skipped.length ? `; ${skipped.length} skipped` : '') +
    (args.out ? ` → ${args.out}` : ''),
);
