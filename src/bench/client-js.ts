import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** JS a page makes the browser load: its module scripts and island components, following static imports. */
export function clientJsBytes(html: string, clientDir: string): { files: number; bytes: number; gzip: number } {
  const entry = new Set<string>();
  for (const m of html.matchAll(/<script[^>]+src="(\/_astro\/[^"]+\.js)"/g)) entry.add(m[1]!);
  for (const m of html.matchAll(/(?:component-url|renderer-url)="(\/_astro\/[^"]+\.js)"/g)) entry.add(m[1]!);
  for (const m of html.matchAll(/import\s*["'](\/_astro\/[^"']+\.js)["']/g)) entry.add(m[1]!);
  const seen = new Set<string>();
  const queue = [...entry];
  let inline = 0;
  let bytes = 0;
  let gzip = 0;
  // Inline module scripts (Astro inlines small ones) count too, and may import chunks.
  for (const m of html.matchAll(/<script type="module"[^>]*>([\s\S]*?)<\/script>/g)) {
    const code = Buffer.from(m[1]!);
    if (!code.length) continue;
    inline++;
    bytes += code.length;
    gzip += gzipSync(code).length;
    for (const i of m[1]!.matchAll(/["'](\/_astro\/[^"']+\.js)["']/g)) queue.push(i[1]!);
  }
  while (queue.length) {
    const url = queue.pop()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const path = join(clientDir, url);
    if (!existsSync(path)) continue;
    const code = readFileSync(path);
    bytes += code.length;
    gzip += gzipSync(code).length;
    for (const m of code.toString().matchAll(/(?:from\s*|import\s*\(?\s*)["'](\.\/[^"']+\.js)["']/g))
      queue.push(`/_astro/${m[1]!.slice(2)}`);
  }
  return { files: seen.size + inline, bytes, gzip };
}
