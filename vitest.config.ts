import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        // A test that asserts nothing fails (no print-only cases), in both projects.
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          expect: { requireAssertions: true },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/integration/global-setup.ts'],
          environment: 'node',
          expect: { requireAssertions: true },
          // One PocketBase for the whole run; files create their own users, so they may run in parallel.
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
});
