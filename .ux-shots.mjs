import { chromium } from 'playwright-core';
import PocketBase from 'pocketbase';
const base = 'http://127.0.0.1:4391';
const admin = new PocketBase('http://127.0.0.1:8391'); admin.autoCancellation(false);
await admin.admins.authWithPassword('shot-admin@example.com', 'shot-admin-password');
const trainee = await admin.collection('users').getFirstListItem('email="trainee@example.com"');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
async function as(email, width) {
  const ctx = await browser.newContext({ viewport: { width, height: 900 }, locale: 'zh-CN' });
  const page = await ctx.newPage();
  await page.goto(base + '/signin');
  await page.getByLabel('邮箱').fill(email); await page.getByLabel('密码').fill('hotline-demo-2026');
  await page.getByRole('button', { name: '登录' }).click(); await page.waitForLoadState('networkidle');
  return page;
}
const pages = process.argv.slice(2);
for (const width of [1280, 390]) {
  for (const spec of pages) {
    const [who, path0] = spec.split(':');
    const path = path0.replace('TRAINEE', trainee.id);
    const page = await as(`${who}@example.com`, width);
    await page.goto(base + path); await page.waitForLoadState('networkidle');
    const over = await page.evaluate(() => {
      const w = window.innerWidth; const out = [];
      for (const el of document.querySelectorAll('body *')) { const r = el.getBoundingClientRect(); if (r.right > w + 1 && !el.closest('.table-scroll')) out.push(el.tagName + '.' + el.className + ' ' + Math.round(r.right)); }
      return { sw: document.documentElement.scrollWidth, w, out: out.slice(0, 5) };
    });
    console.log(width, path, JSON.stringify(over));
    await page.screenshot({ path: `/tmp/ux-trainer-app/${path.replace(/[^a-z0-9]+/gi, '_')}-${width}.png`, fullPage: false });
    await page.context().close();
  }
}
await browser.close();
