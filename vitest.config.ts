import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/integration/global-setup.ts'],
          environment: 'node',
          // One PocketBase for the whole run; files create their own users, so they may run in parallel.
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
});
