import type { APIRoute } from 'astro';

/** Liveness of the app server (used by `npm start` and tests to know it is up), and which worker process answered. */
export const GET: APIRoute = () =>
  Response.json({ ok: true, worker: process.pid }, { headers: { 'cache-control': 'no-store' } });
