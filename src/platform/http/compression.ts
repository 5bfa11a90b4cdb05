/**
 * Compression of what the app server sends. Two paths:
 * - static files that the build precompressed (`precompressDir`, run after `astro build`: a `.br` and a `.gz`
 *   next to every compressible file of dist/client over 1 KiB, prerendered pages included) are sent as those
 *   files, negotiated from Accept-Encoding (`servePrecompressed`);
 * - everything else (server-rendered pages, action answers, JSON) goes through the `compression` middleware
 *   (brotli at quality 3 or gzip, on the fly), which skips tiny bodies (< 1 KiB), types that are
 *   already compressed (audio, images, .xlsx), HEAD, `Cache-Control: no-transform` and range requests.
 * Both answer `Vary: Accept-Encoding` and honour `q=0` and `identity`.
 */
import compression from 'compression';
import Negotiator from 'negotiator';
import { createReadStream, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import { filesUnder } from './static-files.ts';
import { brotliCompress, brotliCompressSync, constants, gzip, gzipSync } from 'node:zlib';
import { promisify } from 'node:util';

/** Bodies smaller than this are sent as they are: the encoding's overhead would eat the gain. */
export const compressionThreshold = 1024;

/** Types of the static files precompressed at build. */
const precompressedTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
};

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * Write `<file>.br` (quality 11) and `<file>.gz` (level 9) next to every compressible file of `dir` over the
 * threshold; a compressed copy that is not smaller than the original is not kept. Returns how many files.
 */
export async function precompressDir(dir: string): Promise<{ files: number; bytes: number; brotliBytes: number }> {
  const todo = [...filesUnder(dir)].filter(
    (f) => precompressedTypes[extname(f)] && statSync(f).size >= compressionThreshold,
  );
  let bytes = 0;
  let brotliBytes = 0;
  await Promise.all(
    todo.map(async (file) => {
      const body = readFileSync(file);
      const [br, gz] = await Promise.all([
        brotli(body, {
          params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
        }),
        gzipAsync(body, { level: 9 }),
      ]);
      bytes += body.length;
      brotliBytes += Math.min(br.length, body.length);
      if (br.length < body.length) writeFileSync(`${file}.br`, br);
      if (gz.length < body.length) writeFileSync(`${file}.gz`, gz);
    }),
  );
  return { files: todo.length, bytes, brotliBytes };
}

interface StaticVariant {
  path: string;
  size: number;
}
interface StaticEntry {
  type: string;
  etag: string;
  lastModified: string;
  immutable: boolean;
  variants: Partial<Record<'br' | 'gzip', StaticVariant>>;
}

/** A client file's precompressed copies and validators, or null when it has none. */
function precompressedEntry(file: string, url: string): StaticEntry | null {
  const type = precompressedTypes[extname(file)];
  if (!type) return null;
  const variants: StaticEntry['variants'] = {};
  for (const [coding, suffix] of [
    ['br', '.br'],
    ['gzip', '.gz'],
  ] as const) {
    if (existsSync(file + suffix)) variants[coding] = { path: file + suffix, size: statSync(file + suffix).size };
  }
  if (!variants.br && !variants.gzip) return null;
  const stat = statSync(file);
  return {
    type,
    etag: `"${stat.size.toString(36)}-${Math.floor(stat.mtimeMs).toString(36)}`,
    lastModified: stat.mtime.toUTCString(),
    immutable: url.startsWith('/_astro/'),
    variants,
  };
}

/**
 * The precompressed client files by the URLs they answer (`files`: see static-files.ts), read once at start-up.
 * `clientDir` is where they are.
 */
export function precompressedTable(clientDir: string, files: Map<string, string>): Map<string, StaticEntry> {
  const table = new Map<string, StaticEntry>();
  // Every URL a client file answers (a prerendered page's folder too, with or without the slash), one entry per file.
  const entries = new Map<string, StaticEntry | null>();
  for (const [url, fileUrl] of files) {
    if (!entries.has(fileUrl)) entries.set(fileUrl, precompressedEntry(join(clientDir, fileUrl), fileUrl));
    const entry = entries.get(fileUrl);
    if (entry) table.set(url, entry);
  }
  return table;
}

/** The coding to send, from the client's Accept-Encoding and what is on offer (brotli preferred on a tie). */
export function negotiateEncoding(
  acceptEncoding: string | undefined,
  offered: readonly ('br' | 'gzip')[],
): 'br' | 'gzip' | 'identity' {
  const negotiator = new Negotiator({ headers: { 'accept-encoding': acceptEncoding ?? 'identity' } });
  // negotiator 0.6.4 takes the preferred order as a second argument (its types do not list it yet).
  const encoding = negotiator.encoding as (available: string[], preferred?: string[]) => string | undefined;
  const chosen = encoding.call(negotiator, [...offered, 'identity'], [...offered]);
  return chosen === 'br' || chosen === 'gzip' ? chosen : 'identity';
}

/**
 * Send a precompressed static file when there is one for this GET/HEAD and the client accepts its coding;
 * false (nothing sent) otherwise, and for range requests, which static-files.ts answers uncompressed.
 */
export function servePrecompressed(
  req: IncomingMessage,
  res: ServerResponse,
  table: Map<string, StaticEntry>,
): boolean {
  if ((req.method !== 'GET' && req.method !== 'HEAD') || req.headers.range) return false;
  const path = (req.url ?? '/').split('?')[0]!;
  let entry: StaticEntry | undefined;
  try {
    entry = table.get(decodeURIComponent(path));
  } catch {
    return false;
  }
  if (!entry) return false;
  const coding = negotiateEncoding(
    req.headers['accept-encoding'],
    (['br', 'gzip'] as const).filter((c) => entry.variants[c]),
  );
  if (coding === 'identity') {
    // static-files.ts sends the original; it must still say that the answer depends on Accept-Encoding.
    res.setHeader('vary', 'Accept-Encoding');
    return false;
  }
  const variant = entry.variants[coding]!;
  const etag = `W/${entry.etag.slice(0, -1)}-${coding}"`;
  res.setHeader('vary', 'Accept-Encoding');
  res.setHeader('etag', etag);
  res.setHeader('last-modified', entry.lastModified);
  res.setHeader('cache-control', entry.immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=0');
  if (req.headers['if-none-match'] === etag) {
    res.statusCode = 304;
    res.end();
    return true;
  }
  res.setHeader('content-type', entry.type);
  res.setHeader('content-encoding', coding);
  res.setHeader('content-length', String(variant.size));
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  createReadStream(variant.path)
    .on('error', (error) => {
      console.error(`[http] cannot read ${variant.path}: ${error.message}`);
      res.destroy(error);
    })
    .pipe(res);
  return true;
}

/** Brotli for bodies compressed on the fly (see compressDynamic for why these settings). */
const dynamicBrotli = { [constants.BROTLI_PARAM_QUALITY]: 3, [constants.BROTLI_PARAM_LGWIN]: 18 };

/** Whether a response may be compressed at all: a compressible type, not a range, not an event stream. */
const compressibleAnswer = (req: IncomingMessage, res: ServerResponse) =>
  !req.headers.range &&
  !String(res.getHeader('content-type') ?? '').startsWith('text/event-stream') &&
  compression.filter(req as never, res as never);

/** The largest complete body compressed in one call; a longer one goes through the streaming middleware. */
const wholeBodyLimit = 1024 * 1024;

/**
 * A complete body as it should be sent: compressed in one synchronous call when the client accepts brotli or gzip
 * and the answer may be compressed (the middleware's rules: not HEAD, no `no-transform`, not already encoded, at least
 * the threshold). One call costs a 46 KB page (an exam page's size) about 0.2 ms of CPU, a zlib stream about 0.8
 * (its thread-pool round trips and stream machinery; README, Performance). The middleware passes an encoded body
 * through and adds `Vary: Accept-Encoding`.
 */
function compressComplete(req: IncomingMessage, res: ServerResponse, body: Buffer): Buffer {
  if (
    body.length < compressionThreshold ||
    body.length > wholeBodyLimit ||
    req.method === 'HEAD' ||
    res.hasHeader('content-encoding') ||
    /(?:^|,)\s*no-transform\s*(?:,|$)/i.test(String(res.getHeader('cache-control') ?? '')) ||
    !compressibleAnswer(req, res)
  )
    return body;
  const coding = negotiateEncoding(req.headers['accept-encoding'], ['br', 'gzip']);
  if (coding === 'identity') return body;
  res.setHeader('content-encoding', coding);
  return coding === 'br' ? brotliCompressSync(body, { params: dynamicBrotli }) : gzipSync(body);
}

/**
 * The headers given to `writeHead` set on the response itself, as writeHead would (an object's replace, a flat
 * name/value list's are added: repeated Set-Cookie lines stay); returns writeHead's remaining arguments.
 */
function applyHeadHeaders(res: ServerResponse, head: unknown[]): unknown[] {
  const [status, ...rest] = head;
  const message = typeof rest[0] === 'string' ? rest.shift() : undefined;
  const headers = rest[0];
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2) res.appendHeader(String(headers[i]), headers[i + 1] as string);
  } else if (headers && typeof headers === 'object') {
    for (const [name, value] of Object.entries(headers)) if (value !== undefined) res.setHeader(name, value as string);
  }
  return message === undefined ? [status] : [status, message];
}

/**
 * Astro writes the status and headers first and the body after, without a Content-Length, so the compression
 * middleware cannot tell a 30-byte JSON answer from a long page, and would compress a page through a zlib stream.
 * This holds back the head and the body until either the body is complete, or the current turn of the event loop
 * ends (a streamed answer keeps its early first bytes), or more than `wholeBodyLimit` is held. A body complete by then
 * (every page and action answer: Astro renders them in one turn) goes out with its length, compressed in one call
 * when it should be (`compressComplete`); anything else goes on through the middleware's stream. Install it over the
 * compression middleware's own wrappers.
 */
export function holdCompleteBodies(req: IncomingMessage, res: ServerResponse): void {
  const writeHead = res.writeHead;
  const write = res.write as (...args: unknown[]) => boolean;
  const end = res.end as (...args: unknown[]) => ServerResponse;
  let head: unknown[] | null = null;
  let held: Buffer[] | null = [];
  let heldBytes = 0;
  const toBuffer = (chunk: unknown, encoding?: unknown) =>
    Buffer.isBuffer(chunk)
      ? chunk
      : typeof chunk === 'string'
        ? Buffer.from(chunk, (typeof encoding === 'string' ? encoding : 'utf8') as BufferEncoding)
        : Buffer.from(chunk as Uint8Array);
  const restore = () => {
    res.writeHead = writeHead;
    res.write = write as typeof res.write;
    res.end = end as typeof res.end;
  };
  const release = (complete: boolean) => {
    let body: Buffer = Buffer.concat(held ?? []);
    held = null;
    restore();
    if (complete && !res.headersSent && !res.hasHeader('transfer-encoding')) {
      if (head) head = applyHeadHeaders(res, head);
      const sent = compressComplete(req, res, body);
      // A length the handler set stays unless the body was compressed (a HEAD answer has none to measure).
      if (sent !== body || !res.hasHeader('content-length')) res.setHeader('content-length', String(sent.length));
      body = sent;
    }
    if (head) writeHead.apply(res, head as Parameters<typeof writeHead>);
    return body;
  };
  let scheduled = false;
  const releaseLater = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      if (!held || res.destroyed) return;
      const body = release(false);
      if (body.length) write.call(res, body);
    });
  };
  res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    head = args;
    releaseLater();
    return this;
  } as typeof res.writeHead;
  res.write = function (this: ServerResponse, chunk: unknown, encoding?: unknown, callback?: unknown) {
    if (!held) return write.call(this, chunk, encoding, callback);
    const buffer = toBuffer(chunk, encoding);
    held.push(buffer);
    heldBytes += buffer.length;
    releaseLater();
    const cb = typeof encoding === 'function' ? encoding : callback;
    if (heldBytes > wholeBodyLimit) return write.call(this, release(false), cb);
    if (typeof cb === 'function') queueMicrotask(cb as () => void);
    return true;
  } as typeof res.write;
  res.end = function (this: ServerResponse, chunk?: unknown, encoding?: unknown, callback?: unknown) {
    if (!held) return end.call(this, chunk, encoding, callback);
    if (typeof chunk === 'function') [callback, chunk] = [chunk, undefined];
    else if (typeof encoding === 'function') [callback, encoding] = [encoding, undefined];
    if (chunk !== undefined && chunk !== null) held.push(toBuffer(chunk, encoding));
    const body = release(true);
    return end.call(this, body, callback);
  } as typeof res.end;
}

/**
 * On-the-fly compression through zlib streams, for what was not precompressed and did not arrive whole in one turn
 * (see the file comment and holdCompleteBodies). Brotli quality 3: about 0.36 ms of CPU for a 59 KB page (→ 17.0 KB);
 * quality 4 takes 0.69 ms for 15.8 KB, and CPU is what exam starts are short of. Its window is 256 KiB (lgwin 18),
 * not brotli's default 4 MiB: every stream set up a window that size, about 3 ms of the app's CPU per exam start
 * beside gzip's, for the same bytes (no server-rendered page comes near 256 KiB; README, Performance).
 */
export const compressDynamic = compression({
  threshold: compressionThreshold,
  brotli: { params: dynamicBrotli },
  filter: (req, res) => compressibleAnswer(req as never, res as never),
});
