import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { pathToFileURL } from 'node:url';
import { securityHeaders } from '../lib/security-headers.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/**
 * Serve the built Astro app (the Node adapter's handler) with security headers on every response,
 * prerendered pages and assets included, which the adapter's own server cannot add.
 */
export async function serveBuiltApp(entry: string, host: string, port: number): Promise<Server> {
  process.env.ASTRO_NODE_AUTOSTART = 'disabled';
  const { handler } = (await import(pathToFileURL(entry).href)) as { handler: Handler };
  const server = createServer((req, res) => {
    for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);
    void handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return server;
}
