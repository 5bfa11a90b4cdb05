// Runs the built app server (dist/) with security headers. Started by `npm start`; HOST and PORT from the env.
import { serveBuiltApp } from '../platform/http/server.ts';
import { serverEntry } from '../platform/process/app-process.ts';

// React (and other libraries) pick their build from NODE_ENV when first loaded, which happens inside serveBuiltApp.
// The site is always built for production (see buildSite); unset, the server rendered with React's development
// build at about half the speed.
process.env.NODE_ENV = 'production';
const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 4321);
const server = await serveBuiltApp(serverEntry, host, port);
console.log(`App server listening on http://${host}:${port}`);
// The first request starts the per-process background work (the notifications scheduler, src/middleware.ts).
fetch(`http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}/api/health`).catch(() => {});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
