// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import react from '@astrojs/react';
import node from '@astrojs/node';
import { pagefindSearch } from './src/platform/search/pagefind-integration.ts';

export default defineConfig({
  output: 'server',
  adapter: node({ mode: 'standalone' }),
  integrations: [mdx(), react(), pagefindSearch()],
  // Lessons are prerendered; sign-in, learner and admin pages render per request.
  security: {
    checkOrigin: true,
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
