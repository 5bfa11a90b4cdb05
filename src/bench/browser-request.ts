// The load generator's HTTP client for the app: what a browser sends (it accepts brotli and gzip) and what it gets
// (status, headers, the body decoded), through undici's request API. The global fetch cost this process about 1.2 ms
// of CPU per exam page (WHATWG streams, then a streaming decoder), this about 0.4 ms: on an exam day the load
// generator shares the 2 cores with the servers it measures, and the raw PocketBase creates beside which the app is
// measured already go through undici's request (src/platform/pocketbase/client.ts).
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { request } from 'undici';

export interface BrowserAnswer {
  status: number;
  header: (name: string) => string | undefined;
  text: string;
}

export async function browserRequest(
  url: string,
  init: { method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string; signal?: AbortSignal } = {},
): Promise<BrowserAnswer> {
  const { statusCode, headers, body } = await request(url, {
    method: init.method ?? 'GET',
    headers: { 'accept-encoding': 'br, gzip', ...init.headers },
    body: init.body,
    signal: init.signal,
  });
  const raw = Buffer.from(await body.arrayBuffer());
  const header = (name: string) => {
    const value = headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(', ') : value;
  };
  const coding = header('content-encoding');
  const decoded = coding === 'br' ? brotliDecompressSync(raw) : coding === 'gzip' ? gunzipSync(raw) : raw;
  return { status: statusCode, header, text: decoded.toString('utf8') };
}
