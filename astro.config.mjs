// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import react from '@astrojs/react';
import node from '@astrojs/node';
import { fileURLToPath } from 'node:url';
import { precompressDir } from './src/platform/http/compression.ts';

/** After the build: a .br and a .gz next to every compressible client file (served by src/platform/http/server.ts). */
const precompressAssets = {
  name: 'precompress-assets',
  hooks: {
    /** @param {{ dir: URL, logger: { info(message: string): void } }} options */
    'astro:build:done': async ({ dir, logger }) => {
      const t0 = performance.now();
      const done = await precompressDir(fileURLToPath(dir));
      const kib = (/** @type {number} */ n) => (n / 1024).toFixed(0);
      logger.info(
        `${done.files} files, ${kib(done.bytes)} KiB → ${kib(done.brotliBytes)} KiB brotli in ${Math.round(performance.now() - t0)} ms`,
      );
    },
  },
};
import { pagefindSearch } from './src/platform/search/pagefind-integration.ts';

export default defineConfig({
  output: 'server',
  // Stylesheets and scripts as files, never inlined: Astro hashes every inline style and script of a server-rendered
  // page for its CSP on each request (a measurable share of an exam page's CPU, issue 15); a file is hashed never
  // and cached by browsers.
  build: { inlineStylesheets: 'never' },
  vite: { build: { assetsInlineLimit: 0 } },
  adapter: node({ mode: 'middleware' }),
  // Pagefind indexes the built pages first; then every compressible file (the index's scripts too) is precompressed.
  integrations: [mdx(), react(), pagefindSearch(), precompressAssets],
  // Lessons are prerendered; sign-in, learner and admin pages render per request.
  security: {
    checkOrigin: true,
    // Lets Astro read X-Forwarded-For/-Proto/-Host (client address, https behind the proxy). The app server
    // removes them unless they come from a trusted proxy (APP_TRUSTED_PROXIES, src/platform/http/forwarded.ts).
    allowedDomains: [{}],
    // Hashes of Astro's own scripts and styles go into each page's CSP <meta>; no 'unsafe-inline' scripts.
    csp: {
      directives: [
        "default-src 'self'",
        "img-src 'self' data: blob:",
        "media-src 'self' blob:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "font-src 'self'",
        // Ignored in <meta> (prerendered pages get them from the HTTP header instead), honoured in SSR headers.
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
        "form-action 'self'",
      ],
    },
  },
  devToolbar: { enabled: false },
});
