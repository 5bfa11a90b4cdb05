import { installSyncDigest } from './sync-digest.ts';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { admissionPerWorker, admissionQueue, publishAdmissionLoad, type AdmissionOptions } from './admission.ts';
import { bodyLimitFor, type BodyLimit } from './body-limits.ts';
import { MalformedUrl, ServerBusy } from '../errors/errors-data.ts';
import { securityHeaders } from './security-headers.ts';
import { settleForwardedHeaders, trustedProxies } from './forwarded.ts';
import { compressDynamic, precompressedTable, servePrecompressed, holdCompleteBodies } from './compression.ts';
import { appEnv } from '../process/app-env.ts';
import { clientFileFor, clientFiles, sendClientFile } from './static-files.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** This process's share of the app's admission limits (APP_WORKERS is set for every worker by the primary). */
function admissionFromEnv(): AdmissionOptions {
  const env = appEnv();
  return admissionPerWorker(
    { maxActive: env.APP_MAX_ACTIVE, maxQueued: env.APP_MAX_QUEUED, maxWaitMs: env.APP_MAX_WAIT_MS },
    env.APP_WORKERS ?? 1,
  );
}

// Static assets and the health check cost next to nothing and are never queued.
const unqueued = (url: string) => url.startsWith('/_astro/') || url === '/api/health';
// Saving answers, submitting and recording progress carry work already done: they go ahead of page loads.
const urgent = (url: string) => /^\/_actions\/(saveAnswers|submitAttempt|recordProgress)\b/.test(url);

/**
 * 503 with Retry-After, in the shape the caller understands: an action error for actions, a page otherwise.
 * The longer the queue, the later clients are asked to come back (retries cost work too), with some spread.
 */
function sendBusy(req: IncomingMessage, res: ServerResponse, waiting: number) {
  const { status, title, message } = ServerBusy;
  const retryAfter = Math.min(30, 2 + Math.ceil(waiting / 100)) + Math.floor(Math.random() * 4);
  res.statusCode = status;
  res.setHeader('retry-after', String(retryAfter));
  res.setHeader('cache-control', 'no-store');
  if (req.url?.startsWith('/_actions/')) {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ type: 'AstroActionError', code: 'SERVICE_UNAVAILABLE', status, message }));
    return;
  }
  res.setHeader('content-type', 'text/html; charset=utf-8');
  // A GET reloads itself; a form post is never resent without the user.
  const refresh = req.method === 'GET' ? `<meta http-equiv="refresh" content="${retryAfter}">` : '';
  res.end(
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">${refresh}<title>${title} - 热线学堂</title></head>` +
      `<body><main><h1>${title}</h1><p>${message}</p><p><a href="${req.method === 'GET' ? '' : '/learn'}">${req.method === 'GET' ? '重新加载' : '返回我的学习'}</a></p></main></body></html>`,
  );
}

/** Answer in the shape the caller understands: an action error for actions, JSON for /api/, a page otherwise. */
function sendRefusal(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  title: string,
  message: string,
  code: string,
) {
  res.statusCode = status;
  res.setHeader('cache-control', 'no-store');
  if (req.url?.startsWith('/_actions/')) {
    res.setHeader('content-type', 'application/json');
    return res.end(JSON.stringify({ type: 'AstroActionError', code, status, message }));
  }
  if (req.url?.startsWith('/api/')) {
    res.setHeader('content-type', 'application/json');
    return res.end(JSON.stringify({ message }));
  }
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.end(
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${title} - 热线学堂</title></head>` +
      `<body><main><h1>${title}</h1><p>${message}</p><p><a href="/">返回首页</a></p></main></body></html>`,
  );
}

/** How long a refused upload's connection stays open (not read) so the client can read the 413 before it closes. */
const refusedBodyLingerMs = 2000;

/**
 * 413 for a body over its route's limit, without reading the rest of it: the request stream stays paused (Node
 * stops reading the socket once its small buffer is full, so the sender is held back by TCP), the answer goes out,
 * and the connection is closed a little later. Closing at once would make many clients see a reset, not the answer.
 */
function refuseTooLarge(req: IncomingMessage, res: ServerResponse, limit: BodyLimit, seen: string) {
  console.warn(
    `[http] ${limit.error.name}: ${limit.error.log(`${req.method} ${req.url?.split('?')[0]}`, seen, limit.bytes)}, refused with 413`,
  );
  req.pause();
  // Marks the request as being consumed, so Node does not drain (read and discard) the rest of the body at the end.
  req.read(0);
  res.shouldKeepAlive = true; // no immediate close: see above
  res.once('finish', () => setTimeout(() => req.socket.destroy(), refusedBodyLingerMs).unref());
  sendRefusal(req, res, limit.error.status, limit.error.title, limit.error.message, 'CONTENT_TOO_LARGE');
}

/**
 * A request's body read into memory up to its route's limit, so the app gets it whole (Astro's form and JSON parsing
 * would read it all anyway); null once it goes over (nothing more is read: only a chunked body can, Node never reads
 * past a Content-Length). Rejects, saying how far it got, when the client goes away before the end (gave up, timed
 * out, went offline): read here, that is one log line, where Astro would log the stream's error with a stack trace
 * as a failed render.
 */
function readBounded(req: IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (result: Buffer | null, error?: Error) => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      if (error) reject(error);
      else resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) done(null);
      else chunks.push(chunk);
    };
    const onEnd = () => done(Buffer.concat(chunks));
    const onError = (error: Error) => done(null, new Error(`${size} bytes arrived, then ${error.message}`));
    const onClose = () => done(null, new Error(`${size} bytes arrived, then the connection closed`));
    req.on('data', onData).once('end', onEnd).once('error', onError).once('close', onClose);
  });
}

/**
 * Serve the built Astro app (the Node adapter's handler) with security headers on every response,
 * prerendered pages and assets included, which the adapter's own server cannot add, and with admission
 * control (see admission.ts) in front of everything the app renders.
 */
export async function serveBuiltApp(
  entry: string,
  host: string,
  port: number,
  admission = admissionFromEnv(),
): Promise<Server> {
  installSyncDigest();
  // The adapter runs in middleware mode: its handler renders pages only; the client files are served here.
  const { handler } = (await import(pathToFileURL(entry).href)) as { handler: Handler };
  const gate = admissionQueue(admission);
  publishAdmissionLoad(gate); // background work yields to requests (src/domain/progress/follow-ups.ts)
  // The build's client files (dist/client next to dist/server/entry.mjs), listed once, and their precompressed copies.
  const clientDir = join(dirname(entry), '..', 'client');
  const files = clientFiles(clientDir);
  const precompressed = precompressedTable(clientDir, files);
  const compressed = (req: IncomingMessage, res: ServerResponse) => {
    if (servePrecompressed(req, res, precompressed)) return;
    compressDynamic(req as never, res as never, () => {
      holdCompleteBodies(req, res);
      const file = clientFileFor(req, files);
      if (file) sendClientFile(req, res, clientDir, file);
      else void handler(req, res);
    });
  };
  const trusted = trustedProxies(appEnv().APP_TRUSTED_PROXIES);
  let turnedAway = 0;
  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);
    settleForwardedHeaders(req, trusted);
    try {
      decodeURI(req.url ?? '/');
    } catch {
      console.warn(`[http] ${MalformedUrl.name}: ${MalformedUrl.log(req.url ?? '')}, refused with 400`);
      return sendRefusal(req, res, MalformedUrl.status, MalformedUrl.title, MalformedUrl.message, 'BAD_REQUEST');
    }
    // Every body has a limit, checked before anything is read or queued (Node never reads past a Content-Length).
    const limit = bodyLimitFor(req.method, req.url);
    const declared = req.headers['content-length'];
    if (declared !== undefined && !(Number(declared) <= limit.bytes))
      return refuseTooLarge(req, res, limit, `of ${declared} bytes (Content-Length)`);
    const chunked = declared === undefined && req.headers['transfer-encoding'] !== undefined;
    if (req.headers.expect?.toLowerCase() === '100-continue') res.writeContinue();
    if (unqueued(req.url ?? '') && !chunked) return compressed(req, res);
    if (!(await gate.enter(urgent(req.url ?? '')))) {
      if (turnedAway++ % 100 === 0)
        console.warn(
          `[http] busy: ${turnedAway} requests turned away so far (${gate.active} running, ${gate.waiting} waiting)`,
        );
      return sendBusy(req, res, gate.waiting);
    }
    if (req.socket.destroyed) return gate.leave(); // the client gave up while waiting
    res.once('close', () => gate.leave());
    if (chunked || Number(declared) > 0) {
      let body: Buffer | null;
      try {
        body = await readBounded(req, limit.bytes);
      } catch (error) {
        const path = req.url?.split('?')[0];
        console.warn(
          `[http] ${req.method} ${path}: the client went away before its body arrived (${(error as Error).message})`,
        );
        return; // nobody to answer; the gate is left when the response closes
      }
      if (!body) return refuseTooLarge(req, res, limit, 'sent in chunks');
      // The Node adapter takes a request's `body` when one is set instead of reading the stream.
      (req as IncomingMessage & { body?: Buffer }).body = body;
    }
    compressed(req, res);
  };
  const server = createServer(serve);
  // Node answers `Expect: 100-continue` itself unless asked: decide here, so an oversized upload is never invited.
  server.on('checkContinue', (req, res) => void serve(req, res));
  // Node closes idle keep-alive connections after 5 s; a client that picks one up at that moment gets a reset.
  // A minute, as load balancers use, makes that rare even for clients that reuse connections slowly.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host, backlog: 4096 }, resolve);
  });
  return server;
}
