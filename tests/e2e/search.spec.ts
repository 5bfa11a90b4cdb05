import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { axeTags } from './axe-tags.ts';

/** Built lesson pages whose text (the part the index covers) contains every one of `words`. */
function lessonsContaining(...words: string[]): string[] {
  const dir = 'dist/client/modules';
  return readdirSync(dir, { recursive: true })
    .filter((f): f is string => typeof f === 'string' && f.endsWith('.html'))
    .flatMap((f) => {
      const article = /<article[^>]*data-pagefind-body[^>]*>([\s\S]*)<\/article>/.exec(
        readFileSync(join(dir, f), 'utf8'),
      )?.[1];
      if (!article) return [];
      const text = article
        .replace(/<nav class="prev-next"[\s\S]*?<\/nav>/, '')
        .replace(/<script[\s\S]*?<\/script>/g, '')
        .replace(/<[^>]+>/g, '');
      return words.every((w) => text.includes(w)) ? [`/modules/${f.replace(/\/index\.html$/, '')}`] : [];
    })
    .sort();
}

/** Every result of the search page for `q`, page by page (through the pager, as a user would). */
async function allResults(page: Page, q: string): Promise<string[]> {
  await page.goto(`/search?q=${encodeURIComponent(q)}`);
  await expect(page.getByRole('status')).toContainText(/找到|没有找到/);
  const urls: string[] = [];
  for (;;) {
    urls.push(
      ...(await page
        .locator('#search-results li > a')
        .evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname))),
    );
    const next = page.getByRole('button', { name: '下一页' });
    if (!(await next.isVisible()) || (await next.isDisabled())) break;
    const label = await page.locator('#search-page').innerText();
    await next.click();
    await expect(page.locator('#search-page')).not.toHaveText(label);
  }
  return urls;
}

test('「投诉」 finds every lesson that mentions it, paged, never capped', async ({ page }) => {
  const expected = lessonsContaining('投诉');
  expect(expected.length).toBeGreaterThan(10);
  const found = await allResults(page, '投诉');
  expect(found.filter((u) => u.startsWith('/modules/')).sort()).toEqual(expected);
  expect(new Set(found).size).toBe(found.length);
  await page.goto('/search?q=投诉');
  await expect(page.getByRole('status')).toContainText(`找到 ${found.length} 个结果`);
  await expect(page.locator('#search-results li')).toHaveCount(10);
});

test('full- and half-width forms match; a phrase finds the lessons that teach it; listening exercises are found', async ({
  page,
}) => {
  const half = await allResults(page, '7A');
  const full = await allResults(page, '７Ａ');
  expect(half.length).toBeGreaterThan(0);
  expect(full).toEqual(half);
  expect(half).toContain('/modules/complaint-handling/04-six-steps-and-7a');
  // A phrase: every lesson with the phrase as written is found, the lesson that teaches it first; lessons with all its
  // words (投诉、处理、流程) follow.
  const phrase = await allResults(page, '「投诉处理流程」');
  const literal = lessonsContaining('投诉处理流程');
  expect(literal).toContain('/modules/complaint-handling/01-standards-and-principles');
  expect(phrase).toEqual(expect.arrayContaining(literal));
  expect(phrase[0]).toBe('/modules/complaint-handling/01-standards-and-principles');
  const words = new Set(lessonsContaining('投诉', '处理', '流程'));
  expect(phrase.every((u) => words.has(u))).toBe(true);
  const listening = await allResults(page, '经理');
  expect(listening).toContain('/learn/listening/manager-request-membership');
  await page.goto('/search?q=经理');
  await expect(page.locator('#search-results li').filter({ hasText: '听力练习' }).first()).toBeVisible();
});

test('the search runs on this server only (no request leaves it) and the index loads in chunks', async ({
  page,
  baseURL,
}) => {
  const origins = new Set<string>();
  const pagefindFiles: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    origins.add(url.origin);
    if (url.pathname.startsWith('/pagefind/')) pagefindFiles.push(url.pathname);
  });
  await page.goto('/search?q=首问负责');
  await expect(page.getByRole('status')).toContainText('找到');
  expect(
    [...origins].filter((o) => o !== new URL(baseURL!).origin && !o.startsWith('data:') && !o.startsWith('blob:')),
  ).toEqual([]);
  expect(pagefindFiles.some((p) => p.endsWith('.pf_index'))).toBe(true);
  const allChunks = readdirSync('dist/client/pagefind/index').length;
  expect(pagefindFiles.filter((p) => p.endsWith('.pf_index')).length).toBeLessThan(allChunks);
});

for (const viewport of [
  { width: 1280, height: 900 },
  { width: 390, height: 844 },
]) {
  test(`the search page at ${viewport.width} px: the 搜索 button stays on one line, results are readable, axe is clean`, async ({
    page,
  }) => {
    await page.setViewportSize(viewport);
    await page.goto('/search?q=投诉');
    await expect(page.getByRole('status')).toContainText('找到');
    const button = page.getByRole('button', { name: '搜索', exact: true });
    const box = (await button.boundingBox())!;
    const lineHeight = await button.evaluate((b) => Number.parseFloat(getComputedStyle(b).lineHeight) || 24);
    expect(box.height).toBeLessThan(lineHeight * 2);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: test.info().outputPath(`search-${viewport.width}.png`), fullPage: true });
    const axe = await new AxeBuilder({ page }).withTags(axeTags).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });
}
