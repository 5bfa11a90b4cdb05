import { request, type IncomingHttpHeaders } from 'node:http';

/** An answer as it came over the wire: status, headers and the body's bytes (not decoded). */
export type RawAnswer = { status: number; headers: IncomingHttpHeaders; body: Buffer };

/**
 * A request to the app on 127.0.0.1:`port` with the path exactly as given (no normalisation of `..` or
 * percent-escapes by the client) and exactly these headers (no Accept-Encoding added).
 */
export function rawRequest(
  port: number,
  path: string,
  method = 'GET',
  headers: Record<string, string> = {},
): Promise<RawAnswer> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res
        .on('data', (c: Buffer) => chunks.push(c))
        .on('end', () => ok({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', fail).end();
  });
}
