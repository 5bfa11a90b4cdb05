import { z } from 'zod';
import { defaultDemoPassword } from '../domain/identity/demo-data.ts';

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);

/** Environment of `npm start`, with defaults. Documented in the README's configuration table. */
export const startEnvSchema = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: port(4321),
  PB_PORT: port(8090),
  PB_DATA_DIR: z.string().default('.data/pb'),
  PB_ADMIN_EMAIL: z.email().optional(),
  PB_ADMIN_PASSWORD: z.string().min(10, 'PB_ADMIN_PASSWORD needs at least 10 characters').optional(),
  DEMO_PASSWORD: z.string().min(8).default(defaultDemoPassword),
  SEED_DEMO: z.enum(['true', 'false']).default('true'),
});
export type StartEnv = z.infer<typeof startEnvSchema>;

/** Environment the app server needs at run time (set by `npm start`, tests and the bench). */
export const appEnvSchema = z.object({
  PB_URL: z.url().default('http://127.0.0.1:8090'),
  PB_ADMIN_EMAIL: z.email().optional(),
  PB_ADMIN_PASSWORD: z.string().optional(),
  // Admission control (src/platform/http/admission.ts); the defaults suit a 2-core machine.
  APP_MAX_ACTIVE: z.coerce.number().int().min(1).default(32),
  APP_MAX_QUEUED: z.coerce.number().int().min(0).default(3000),
  APP_MAX_WAIT_MS: z.coerce.number().int().min(1).default(30_000),
});
export type AppEnv = z.infer<typeof appEnvSchema>;
