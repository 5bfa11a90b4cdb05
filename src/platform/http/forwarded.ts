/**
 * Which client a request comes from, when the app runs behind a reverse proxy. The app's throttles (sign-in,
 * certificate look-ups, practice checks) count per client address, which Astro takes from X-Forwarded-For when
 * present (astro.config.mjs: `security.allowedDomains`). A client can write that header itself, so it is believed
 * only from a configured proxy (APP_TRUSTED_PROXIES): from anyone else every X-Forwarded-* header is removed and
 * the connection's own address counts. From a trusted proxy the client is the right-most address of the chain
 * that is not itself a trusted proxy (what the client wrote on the left is not believed either).
 */
import type { IncomingMessage } from 'node:http';

const forwardedHeaders = [
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-forwarded-port',
  'forwarded',
] as const;

/** `::ffff:127.0.0.1` → `127.0.0.1`; other addresses as they are. */
export const plainAddress = (address: string) => address.trim().replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');

/** The trusted proxies from `APP_TRUSTED_PROXIES` (comma-separated addresses). */
export function trustedProxies(setting: string): ReadonlySet<string> {
  return new Set(setting.split(',').map(plainAddress).filter(Boolean));
}

/** The client's address given the connection's peer and the X-Forwarded-For chain (see the file comment). */
export function clientAddress(peer: string, forwardedFor: string | undefined, trusted: ReadonlySet<string>): string {
  const from = plainAddress(peer);
  if (!trusted.has(from) || !forwardedFor) return from;
  const chain = forwardedFor.split(',').map(plainAddress).filter(Boolean);
  for (let i = chain.length - 1; i >= 0; i--) if (!trusted.has(chain[i]!)) return chain[i]!;
  return chain[0] ?? from;
}

/**
 * Rewrite the request's forwarding headers before the app sees them: none from an untrusted peer; from a trusted
 * proxy, X-Forwarded-For reduced to the one client address (Astro reads its first entry).
 */
export function settleForwardedHeaders(req: IncomingMessage, trusted: ReadonlySet<string>): void {
  const peer = plainAddress(req.socket.remoteAddress ?? '');
  if (!trusted.has(peer)) {
    for (const name of forwardedHeaders) delete req.headers[name];
    return;
  }
  const forwardedFor = req.headers['x-forwarded-for'];
  if (forwardedFor === undefined) return;
  req.headers['x-forwarded-for'] = clientAddress(peer, String(forwardedFor), trusted);
}
