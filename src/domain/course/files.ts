import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { CourseFiles, DataFile, LessonFile } from './content-check.ts';
import type { CourseOutline } from '../question-bank/schema.ts';

/** Where the seed training documents live: shared/seeds beside the checkout. */
export function seedsDir(root: string): string {
  return join(root, '..', 'shared', 'seeds');
}

const frontmatterPattern = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;

/** Split an MDX file into its YAML frontmatter (parsed) and body. */
export function splitFrontmatter(source: string): { frontmatter: unknown; body: string } {
  const match = frontmatterPattern.exec(source);
  if (!match) return { frontmatter: undefined, body: source };
  return { frontmatter: parseYaml(match[1]!), body: match[2]! };
}

function readJson(path: string, root: string, name: string): DataFile {
  const rel = relative(root, path);
  try {
    return { path: rel, name, data: JSON.parse(readFileSync(path, 'utf8')) };
  } catch (error) {
    return { path: rel, name, data: { __unreadable: (error as Error).message } };
  }
}

/** Read modules, lessons, question banks, quiz and exam definitions and seed names from a project root. */
export function readCourseFiles(root: string): CourseFiles {
  const modulesDir = join(root, 'content', 'modules');
  const modules: DataFile[] = [];
  const lessons: LessonFile[] = [];
  for (const folder of existsSync(modulesDir) ? readdirSync(modulesDir).sort() : []) {
    const dir = join(modulesDir, folder);
    if (existsSync(join(dir, 'module.json'))) modules.push(readJson(join(dir, 'module.json'), root, folder));
    for (const file of readdirSync(dir)
      .filter((f) => f.endsWith('.mdx'))
      .sort()) {
      const path = join(dir, file);
      const { frontmatter, body } = splitFrontmatter(readFileSync(path, 'utf8'));
      lessons.push({ path: relative(root, path), folder, slug: file.replace(/\.mdx$/, ''), frontmatter, body });
    }
  }
  const banksDir = join(root, 'quizzes', 'banks');
  const banks = (existsSync(banksDir) ? readdirSync(banksDir) : [])
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => readJson(join(banksDir, f), root, f.replace(/\.json$/, '')));
  const quizzes = ['quizzes', 'exams'].flatMap((kind) => {
    const dir = join(root, 'quizzes', kind);
    return (existsSync(dir) ? readdirSync(dir) : [])
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => readJson(join(dir, f), root, f.replace(/\.json$/, '')));
  });
  const seeds = seedsDir(root);
  const seedFiles = existsSync(seeds) ? readdirSync(seeds) : null;
  const callsDir = join(root, 'content', 'calls');
  const calls = (existsSync(callsDir) ? readdirSync(callsDir) : [])
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => readJson(join(callsDir, f), root, f.replace(/\.json$/, '')));
  return { modules, lessons, banks, quizzes, seedFiles, calls };
}

/**
 * Modules and lessons with their titles read from the files under `root` (the CLI's and tests' course outline; the
 * app reads the same from its content collections, ./outline.ts).
 */
export function courseOutlineFromFiles(root: string): CourseOutline {
  const files = readCourseFiles(root);
  const title = (data: unknown) => String((data as { title?: unknown })?.title ?? '');
  return files.modules.map((m) => ({
    slug: m.name,
    title: title(m.data),
    lessons: files.lessons
      .filter((l) => l.folder === m.name)
      .map((l) => ({ id: `${m.name}/${l.slug}`, title: title(l.frontmatter) })),
  }));
}
