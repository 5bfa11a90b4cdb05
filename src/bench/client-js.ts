import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

/** What a browser that accepts brotli and gzip gets for one URL: the bytes on the wire and the decoded body. */
export interface Fetched {
  status: number;
  /** Body bytes as sent (compressed when the server compressed them). */
  wire: number;
  body: Buffer;
  encoding: string;
}

/** GET `url` as a browser would (Accept-Encoding: br, gzip), counting the body's bytes as they came. */
export function fetchOnWire(url: string, headers: Record<string, string> = {}): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { 'accept-encoding': 'br, gzip', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const encoding = String(res.headers['content-encoding'] ?? 'identity');
        const body = encoding === 'br' ? brotliDecompressSync(raw) : encoding === 'gzip' ? gunzipSync(raw) : raw;
        resolve({ status: res.statusCode ?? 0, wire: raw.length, body, encoding });
      });
    });
    req.on('error', reject).end();
  });
}

/** A page's weight: its HTML and the JavaScript it makes the browser load, raw and on the wire. */
export interface PageWeight {
  htmlBytes: number;
  htmlWire: number;
  jsFiles: number;
  jsBytes: number;
  jsWire: number;
}

/** `/_astro/…` scripts a page names: module scripts, island components and renderers, inline imports. */
function scriptsOfPage(html: string): { urls: string[]; inline: string[] } {
  const urls = new Set<string>();
  for (const m of html.matchAll(/<script[^>]+src="(\/_astro\/[^"]+\.js)"/g)) urls.add(m[1]!);
  for (const m of html.matchAll(/(?:component-url|renderer-url)="(\/_astro\/[^"]+\.js)"/g)) urls.add(m[1]!);
  const inline: string[] = [];
  for (const m of html.matchAll(/<script type="module"[^>]*>([\s\S]*?)<\/script>/g)) {
    if (!m[1]) continue;
    inline.push(m[1]);
    for (const i of m[1].matchAll(/["'](\/_astro\/[^"']+\.js)["']/g)) urls.add(i[1]!);
  }
  return { urls: [...urls], inline };
}

/**
 * The page at `appUrl + path` and every script it loads, following static and dynamic imports (a chart engine
 * loaded with `import()` counts: the page loads it), each fetched from the server as the browser would, so the
 * figures are what goes over the wire with the server's compression. Inline scripts count with the HTML.
 * Workers started with `new Worker(new URL(…))` are not followed: they load only when their feature is used.
 */
export async function pageWeight(
  appUrl: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<PageWeight> {
  const page = await fetchOnWire(`${appUrl}${path}`, headers);
  if (page.status !== 200) throw new Error(`${path}: HTTP ${page.status}`);
  const html = page.body.toString();
  const { urls, inline } = scriptsOfPage(html);
  const seen = new Set<string>();
  const queue = [...urls];
  let jsBytes = inline.reduce((n, code) => n + Buffer.byteLength(code), 0);
  let jsWire = 0;
  while (queue.length) {
    const url = queue.pop()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const file = await fetchOnWire(`${appUrl}${url}`);
    if (file.status !== 200) throw new Error(`${url} (loaded by ${path}): HTTP ${file.status}`);
    jsBytes += file.body.length;
    jsWire += file.wire;
    const code = file.body.toString();
    for (const m of code.matchAll(/(?:from\s*|import\s*\(?\s*)["'`](\.\/[^"'`]+\.js)["'`]/g))
      queue.push(`/_astro/${m[1]!.slice(2)}`);
  }
  return { htmlBytes: page.body.length, htmlWire: page.wire, jsFiles: seen.size + inline.length, jsBytes, jsWire };
}
