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
