// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import react from '@astrojs/react';
import node from '@astrojs/node';

export default defineConfig({
  output: 'server',
  adapter: node({ mode: 'standalone' }),
  integrations: [mdx(), react()],
  // Lessons are prerendered; sign-in, learner and admin pages render per request.
  security: { checkOrigin: true },
  devToolbar: { enabled: false },
});
