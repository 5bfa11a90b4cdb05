// How the app server compresses what it renders, on a real HTTP server with the same two layers as
// src/platform/http/server.ts (the compression middleware, holdCompleteBodies over it) and a handler that answers
// the way Astro's Node adapter does (writeHead with the headers, the body, end): a body complete within one turn
// is compressed in one call and sent with its length; one written over several turns, or too long to hold, goes
// through the middleware's stream; what must not be compressed is not.
import { createServer, request, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compressDynamic, holdCompleteBodies } from '../../src/platform/http/compression.ts';
import { brotliWindowBits } from '../support/brotli-window.ts';

const page = Buffer.from(
  Array.from({ length: 400 }, (_, i) => `<p data-i="${i}">客户来电 ${i % 13} 投诉处理第 ${i} 步</p>\n`).join(''),
);
const huge = Buffer.alloc(1536 * 1024, 'abcdefghij'.repeat(100));
const html = { 'content-type': 'text/html; charset=utf-8' };
const turn = () => new Promise((resolve) => setTimeout(resolve, 5));

/** What each path answers, written as Astro's adapter writes a response. */
const answers: Record<string, (res: ServerResponse) => Promise<void> | void> = {
  '/page': (res) => {
    res.writeHead(200, html);
    res.write(page);
    res.end();
  },
  '/page-flat-headers': (res) => {
    res.writeHead(201, 'Made', ['content-type', 'text/html; charset=utf-8', 'x-extra', 'kept']);
    res.end(page);
  },
  '/page-with-cookies': (res) => {
    res.writeHead(200, ['content-type', 'text/html; charset=utf-8', 'set-cookie', 'a=1', 'set-cookie', 'b=2']);
    res.end(page);
  },
  // As `send` answers a HEAD for a static file: its length set, no body written.
  '/file-head': (res) => {
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    res.setHeader('content-length', '20000');
    res.end();
  },
  '/tiny': (res) => {
    res.writeHead(200, html);
    res.end('<p>短</p>');
  },
  '/streamed': async (res) => {
    res.writeHead(200, html);
    for (let i = 0; i < 5; i++) {
      res.write(page.subarray(i * 3000, (i + 1) * 3000));
      await turn();
    }
    res.end(page.subarray(15000));
  },
  '/huge': (res) => {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(huge);
  },
  '/no-transform': (res) => {
    res.writeHead(200, { ...html, 'cache-control': 'no-transform' });
    res.end(page);
  },
  '/image': (res) => {
    res.writeHead(200, { 'content-type': 'image/png' });
    res.end(page);
  },
  '/already-gzipped': (res) => {
    res.writeHead(200, { ...html, 'content-encoding': 'gzip' });
    res.end(gzipSync(page));
  },
};

let server: Server;
let port: number;
beforeAll(async () => {
  server = createServer((req, res) =>
    compressDynamic(req as never, res as never, () => {
      holdCompleteBodies(req, res);
      void answers[req.url ?? '']!(res);
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

interface Answer {
  status: number;
  message: string;
  headers: IncomingHttpHeaders;
  wire: Buffer;
  body: Buffer;
}

function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const wire = Buffer.concat(chunks);
        const coding = res.headers['content-encoding'];
        const body = coding === 'br' ? brotliDecompressSync(wire) : coding === 'gzip' ? gunzipSync(wire) : wire;
        resolve({ status: res.statusCode!, message: res.statusMessage!, headers: res.headers, wire, body });
      });
    })
      .on('error', reject)
      .end();
  });
}

describe('a body complete within one turn', () => {
  it('is compressed in one call with the coding the client prefers, and sent with its length', async () => {
    for (const [accept, coding] of [
      ['br, gzip', 'br'],
      ['gzip', 'gzip'],
      ['br;q=0, gzip', 'gzip'],
    ] as const) {
      const r = await get('/page', { 'accept-encoding': accept });
      expect(r.headers['content-encoding'], accept).toBe(coding);
      expect(r.headers['content-length']).toBe(String(r.wire.length));
      expect(r.headers['transfer-encoding']).toBeUndefined();
      expect(r.headers.vary).toMatch(/accept-encoding/i);
      expect(r.body.equals(page)).toBe(true);
      expect(r.wire.length).toBeLessThan(page.length / 3);
    }
  });

  it("uses brotli's 256 KiB window, as the streamed answers do", async () => {
    const r = await get('/page', { 'accept-encoding': 'br' });
    expect(brotliWindowBits(r.wire)).toBe(18);
  });

  it('keeps the status, its message and headers given to writeHead as a flat list', async () => {
    const r = await get('/page-flat-headers', { 'accept-encoding': 'br' });
    expect([r.status, r.message, r.headers['x-extra'], r.headers['content-type']]).toEqual([
      201,
      'Made',
      'kept',
      'text/html; charset=utf-8',
    ]);
    expect(r.headers['content-encoding']).toBe('br');
    expect(r.body.equals(page)).toBe(true);
  });

  it('keeps every Set-Cookie line of a flat header list', async () => {
    const r = await get('/page-with-cookies', { 'accept-encoding': 'br' });
    expect(r.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    expect(r.headers['content-encoding']).toBe('br');
    expect(r.body.equals(page)).toBe(true);
  });

  it('keeps the length a handler set for a HEAD answer that has no body', async () => {
    const r = await get('/file-head', { 'accept-encoding': 'br, gzip' }, 'HEAD');
    expect(r.headers['content-length']).toBe('20000');
    expect(r.headers['content-encoding']).toBeUndefined();
  });

  it('is sent as it is, with its length, when it should not be compressed', async () => {
    const cases: [string, Record<string, string>, string?][] = [
      ['/page', {}],
      ['/page', { 'accept-encoding': 'identity' }],
      ['/page', { 'accept-encoding': 'br, gzip', range: 'bytes=0-99' }],
      ['/tiny', { 'accept-encoding': 'br, gzip' }],
      ['/no-transform', { 'accept-encoding': 'br, gzip' }],
      ['/image', { 'accept-encoding': 'br, gzip' }],
      ['/page', { 'accept-encoding': 'br, gzip' }, 'HEAD'],
    ];
    for (const [path, headers, method] of cases) {
      const r = await get(path, headers, method);
      const expected = path === '/tiny' ? Buffer.from('<p>短</p>') : page;
      expect(r.headers['content-encoding'], `${method ?? 'GET'} ${path} ${JSON.stringify(headers)}`).toBeUndefined();
      expect(r.headers['content-length']).toBe(String(expected.length));
      expect(r.body.equals(method === 'HEAD' ? Buffer.alloc(0) : expected)).toBe(true);
    }
  });

  it('passes a body the handler encoded itself through untouched', async () => {
    const r = await get('/already-gzipped', { 'accept-encoding': 'br' });
    expect(r.headers['content-encoding']).toBe('gzip');
    expect(r.body.equals(page)).toBe(true);
  });
});

describe('a body that is not complete within one turn', () => {
  it('goes through the compression stream when written over several turns', async () => {
    const r = await get('/streamed', { 'accept-encoding': 'br, gzip' });
    expect(r.headers['content-encoding']).toBe('br');
    expect(r.headers['transfer-encoding']).toBe('chunked');
    expect(r.body.equals(page)).toBe(true);
  });

  it('goes through the compression stream when longer than what is held back (1 MiB)', async () => {
    const r = await get('/huge', { 'accept-encoding': 'gzip' });
    expect(r.headers['content-encoding']).toBe('gzip');
    expect(r.headers['transfer-encoding']).toBe('chunked');
    expect(r.body.equals(huge)).toBe(true);
  });
});
