// Crop tall screenshots into viewable parts with Chromium (no image library needed).
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
const [file, top, height, width] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: Number(width), height: Number(height) } });
await page.setContent(`<body style="margin:0"><img src="data:image/png;base64,${readFileSync(file).toString('base64')}" style="position:absolute;top:-${top}px;left:0"></body>`);
await page.screenshot({ path: '/tmp/ux-trainer-shots/crop.png' });
await browser.close();
