import PocketBase from 'pocketbase';
import { Agent, request } from 'undici';

/** Keep-alive connections to PocketBase (on loopback), shared by every client of this process. */
const pool = new Agent({ connections: 128, keepAliveTimeout: 30_000 });

/** What the PocketBase SDK reads of a response: its status, its URL and its JSON body. */
type SdkResponse = Pick<Response, 'status' | 'url' | 'json'>;

/**
 * The SDK's requests through undici's request API: on this machine it costs about a fifth of the global fetch's
 * client-side CPU per call (0.05 vs 0.25 ms, `fetch` wraps the same undici in WHATWG streams and objects), and a
 * page makes several calls. Bodies other than the SDK's JSON text (FormData uploads) keep the global fetch.
 */
async function loopbackFetch(url: RequestInfo | URL, init: RequestInit = {}): Promise<SdkResponse> {
  if (init.body != null && typeof init.body !== 'string') return fetch(url, init);
  const { statusCode, body } = await request(String(url), {
    method: (init.method ?? 'GET') as 'GET',
    headers: init.headers as Record<string, string> | undefined,
    body: init.body ?? undefined,
    signal: init.signal ?? undefined,
    dispatcher: pool,
  });
  const text = await body.text();
  return { status: statusCode, url: String(url), json: async () => JSON.parse(text) };
}

/** A PocketBase client for server code: no auto-cancellation (requests run concurrently), the loopback fetch above. */
export function pocketBaseClient(url: string): PocketBase {
  const pb = new PocketBase(url);
  pb.autoCancellation(false);
  pb.beforeSend = (target, options) => ({
    url: target,
    options: { ...options, fetch: loopbackFetch as typeof fetch },
  });
  return pb;
}
