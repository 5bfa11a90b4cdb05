import type { APIRoute } from 'astro';

/** Liveness of the app server (used by `npm start` and tests to know it is up). */
export const GET: APIRoute = () => Response.json({ ok: true }, { headers: { 'cache-control': 'no-store' } });
