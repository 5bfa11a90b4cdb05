import { expect, test } from '@playwright/test';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readCourseFiles } from '../../src/domain/course/files.ts';
import { lessonSchema } from '../../src/domain/course/lesson-schema.ts';

// The webServer has just built the site: dist/client holds every file a browser can fetch, prerendered lessons included.
const clientDir = 'dist/client';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const lessons = readCourseFiles(process.cwd()).lessons.map((l) => ({
  body: l.body,
  lesson: lessonSchema.parse(l.frontmatter),
}));
/** The lesson bodies: public by design (a card may repeat a sentence the lesson teaches). */
const bodies = lessons.map((l) => l.body).join('\n');
const checks = lessons.flatMap((l) => l.lesson.practice);

test('no practice check key reaches the browser: right option, feedback, card backs, correct order', () => {
  const secrets = checks
    .flatMap((c) =>
      c.kind === 'choose-reply'
        ? c.options.map((o) => ({ id: c.id, s: o.feedback }))
        : c.kind === 'flip-cards'
          ? c.cards.map((card) => ({ id: c.id, s: card.back }))
          : [],
    )
    .filter(({ s }) => [...s].length >= 8 && !bodies.includes(s));
  expect(secrets.length).toBeGreaterThan(100);
  const orders = checks.flatMap((c) => (c.kind === 'reorder-steps' ? [c] : []));
  expect(orders.length).toBeGreaterThan(5);

  const shipped = files(clientDir);
  expect(shipped.filter((f) => /modules\/.+\/index\.html$/.test(f)).length).toBeGreaterThanOrEqual(lessons.length);
  const hits: string[] = [];
  for (const file of shipped.filter((f) => /\.(html|js|json|css|txt|xml)$/.test(f))) {
    const text = readFileSync(file, 'utf8');
    for (const { id, s } of secrets) if (text.includes(s)) hits.push(`${file}: ${id}: ${s.slice(0, 30)}`);
    if (/"(correct|feedback|back)"\s*:|\\"(correct|feedback|back)\\"|&quot;(correct|feedback|back)&quot;/.test(text))
      hits.push(`${file}: contains a practice-key field name`);
    // A reorder check's steps, wherever the page lists all of them, must not be in the correct order.
    for (const c of orders) {
      const at = c.steps.map((s) => text.indexOf(JSON.stringify(s).slice(1, -1)));
      const listed = text.includes(c.id) && at.every((i) => i >= 0);
      if (listed && at.every((v, i) => i === 0 || v > at[i - 1]!)) {
        // The lesson prose may teach the sequence; only the island's own list counts.
        const from = text.indexOf(c.id);
        const end = text.indexOf('</astro-island>', from);
        const island = text.slice(from, end > 0 ? end : undefined);
        const inIsland = c.steps.map((s) => island.indexOf(JSON.stringify(s).slice(1, -1)));
        if (inIsland.every((v, i) => v >= 0 && (i === 0 || v > inIsland[i - 1]!)))
          hits.push(`${file}: ${c.id}: steps listed in the correct order`);
      }
    }
  }
  expect(hits).toEqual([]);
});
