// Runs the built app server (dist/) with security headers and compression, as several worker processes sharing
// one port (src/platform/http/workers.ts). Started by `npm start`; HOST, PORT and APP_WORKERS from the env.
import { serveBuiltApp } from '../platform/http/server.ts';
import { serverEntry } from '../platform/process/app-process.ts';
import { appEnv } from '../platform/process/app-env.ts';
import { defaultWorkerCount, isPrimary, runWorkers } from '../platform/http/workers.ts';

// React (and other libraries) pick their build from NODE_ENV when first loaded, which happens inside serveBuiltApp.
// The site is always built for production (see buildSite); unset, the server rendered with React's development
// build at about half the speed.
process.env.NODE_ENV = 'production';
const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 4321);
const count = appEnv().APP_WORKERS ?? defaultWorkerCount();
// APP_RETIRE_GRACE_MS: how long a worker replaced by a reload waits for its keep-alive connections (tests shorten it).
const retireGraceMs = process.env.APP_RETIRE_GRACE_MS ? Number(process.env.APP_RETIRE_GRACE_MS) : undefined;
await runWorkers({
  count,
  serve: () => serveBuiltApp(serverEntry, host, port),
  ...(retireGraceMs ? { retireGraceMs } : {}),
});
if (isPrimary()) {
  console.log(
    `App server listening on http://${host}:${port} (${count} worker process${count === 1 ? '' : 'es'}, pid ${process.pid})`,
  );
  // The first request starts the per-process background work (the notifications scheduler, src/middleware.ts).
  fetch(`http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}/api/health`).catch(() => {});
}
