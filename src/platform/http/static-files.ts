import { readdirSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, relative, sep } from 'node:path';
import send from 'send';

/**
 * The build's client files (dist/client: scripts, styles, audio, prerendered pages), served by the app server itself.
 * The Astro node adapter's standalone handler asked the disk for every request (an lstat, then `send`'s failed
 * stat and its error) before rendering a page: about 6 % of an app worker's CPU. The files never change while the
 * server runs, so they are listed once at start-up and the adapter runs in middleware mode (pages only).
 */

export function* filesUnder(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else if (entry.isFile()) yield path;
  }
}

/** URL path → file (as a URL path under the client folder); a folder with an index.html answers with or without `/`. */
export function clientFiles(clientDir: string): Map<string, string> {
  const files = new Map<string, string>();
  let all: string[];
  try {
    all = [...filesUnder(clientDir)];
  } catch {
    return files; // no client folder (a server-only build): nothing to serve
  }
  for (const file of all) {
    const url = `/${relative(clientDir, file).split(sep).join('/')}`;
    files.set(url, url);
    if (url.endsWith('/index.html')) {
      const folder = url.slice(0, -'index.html'.length);
      files.set(folder, url);
      if (folder !== '/') files.set(folder.slice(0, -1), url);
    }
  }
  return files;
}

/** The client file a GET or HEAD asks for, if any. */
export function clientFileFor(req: IncomingMessage, files: Map<string, string>): string | undefined {
  if (req.method !== 'GET' && req.method !== 'HEAD') return undefined;
  const path = (req.url ?? '/').split('?')[0]!.split('#')[0]!;
  try {
    return files.get(decodeURIComponent(path));
  } catch {
    return undefined;
  }
}

/** Send a client file as the adapter did: ETag, Last-Modified, 304, ranges (audio seeking), a year's cache for hashed assets. */
export function sendClientFile(req: IncomingMessage, res: ServerResponse, clientDir: string, file: string): void {
  // send decodes the path it is given: hand it the file's URL-encoded name.
  send(req, encodeURI(file), {
    root: clientDir,
    dotfiles: file.startsWith('/.well-known/') ? 'allow' : 'deny',
    index: false,
  })
    .on('stream', () => {
      if (file.startsWith('/_astro/')) res.setHeader('cache-control', 'public, max-age=31536000, immutable');
    })
    .on('error', (error: Error & { statusCode?: number }) => {
      const status = error.statusCode ?? 500;
      if (status >= 500) console.error(`[http] cannot send ${file}: ${error.message}`);
      if (res.headersSent) return void res.destroy();
      res.statusCode = status;
      res.end();
    })
    .pipe(res);
}
