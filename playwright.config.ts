import { defineConfig, devices } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from './src/platform/pocketbase/process.ts';
import { chromiumLaunch } from './tests/e2e/chromium.ts';

// The config is loaded by the runner first and then by each worker; workers inherit these env vars,
// so everyone agrees on the ports and the temporary data dir.
process.env.E2E_PORT ??= String(await findFreePort());
process.env.E2E_PB_PORT ??= String(await findFreePort());
process.env.E2E_SMTP_PORT ??= String(await findFreePort());
process.env.E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'academy-e2e-'));
const baseURL = `http://127.0.0.1:${process.env.E2E_PORT}`;

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: false,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  globalTeardown: './tests/e2e/global-teardown.ts',
  use: {
    baseURL,
    locale: 'zh-CN',
    trace: 'retain-on-failure',
    launchOptions: chromiumLaunch,
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  // The real `npm start` path: build if stale, PocketBase with migrations, admin, demo data, app server.
  webServer: {
    command: 'node src/cli/start.ts',
    url: `${baseURL}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    stdout: 'ignore',
    env: {
      HOST: '127.0.0.1',
      PORT: process.env.E2E_PORT,
      PB_PORT: process.env.E2E_PB_PORT,
      PB_DATA_DIR: process.env.E2E_DATA_DIR,
      PB_ADMIN_EMAIL: 'e2e-admin@example.com',
      PB_ADMIN_PASSWORD: 'e2e-admin-password',
      // Serve the fixture calls (tests/fixtures/calls/) so the call e2e never depends on the course's calls.
      CALL_FIXTURES: 'on',
      // Reminders: a quick scheduler, no quiet hours, e-mail to the SMTP server tests/e2e/notifications.spec.ts starts.
      NOTIFY_CRON: '*/3 * * * * *',
      NOTIFY_QUIET_HOURS: 'off',
      NOTIFY_LEASE_SECONDS: '15',
      SMTP_URL: `smtp://127.0.0.1:${process.env.E2E_SMTP_PORT}`,
      APP_PUBLIC_URL: baseURL,
    },
  },
});
