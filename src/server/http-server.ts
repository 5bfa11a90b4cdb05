import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { pathToFileURL } from 'node:url';
import { admissionQueue, type AdmissionOptions } from '../lib/admission.ts';
import { appErrors } from '../lib/errors.ts';
import { securityHeaders } from '../lib/security-headers.ts';
import { appEnv } from './app-env.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

function admissionFromEnv(): AdmissionOptions {
  const env = appEnv();
  return { maxActive: env.APP_MAX_ACTIVE, maxQueued: env.APP_MAX_QUEUED, maxWaitMs: env.APP_MAX_WAIT_MS };
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
  const { status, title, message } = appErrors.ServerBusy;
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
  res.end(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">${refresh}<title>${title} - 热线学堂</title></head>` +
    `<body><main><h1>${title}</h1><p>${message}</p><p><a href="${req.method === 'GET' ? '' : '/learn'}">${req.method === 'GET' ? '重新加载' : '返回我的学习'}</a></p></main></body></html>`);
}

/**
 * Serve the built Astro app (the Node adapter's handler) with security headers on every response,
 * prerendered pages and assets included, which the adapter's own server cannot add, and with admission
 * control (see admission.ts) in front of everything the app renders.
 */
export async function serveBuiltApp(entry: string, host: string, port: number, admission = admissionFromEnv()): Promise<Server> {
  process.env.ASTRO_NODE_AUTOSTART = 'disabled';
  const { handler } = (await import(pathToFileURL(entry).href)) as { handler: Handler };
  const gate = admissionQueue(admission);
  let turnedAway = 0;
  const server = createServer(async (req, res) => {
    for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);
    if (unqueued(req.url ?? '')) return void handler(req, res);
    if (!(await gate.enter(urgent(req.url ?? '')))) {
      if (turnedAway++ % 100 === 0) console.warn(`[http] busy: ${turnedAway} requests turned away so far (${gate.active} running, ${gate.waiting} waiting)`);
      return sendBusy(req, res, gate.waiting);
    }
    if (req.socket.destroyed) return gate.leave(); // the client gave up while waiting
    res.once('close', () => gate.leave());
    void handler(req, res);
  });
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
