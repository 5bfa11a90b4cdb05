import { z } from 'zod';

/** Environment the app server needs at run time (set by `npm start`, tests and the bench). */
export const appEnvSchema = z.object({
  PB_URL: z.url().default('http://127.0.0.1:8090'),
  PB_ADMIN_EMAIL: z.email().optional(),
  PB_ADMIN_PASSWORD: z.string().optional(),
  // Admission control (src/platform/http/admission.ts); the defaults suit a 2-core machine.
  APP_MAX_ACTIVE: z.coerce.number().int().min(1).default(32),
  APP_MAX_QUEUED: z.coerce.number().int().min(0).default(3000),
  APP_MAX_WAIT_MS: z.coerce.number().int().min(1).default(30_000),
  // App worker processes sharing the port (src/platform/http/workers.ts); unset: one per core but one, at least 1.
  // The admission limits above are for all workers together.
  APP_WORKERS: z.coerce.number().int().min(1).max(256).optional(),
  // Addresses of reverse proxies whose X-Forwarded-For / -Proto / -Host are believed (comma-separated IPs).
  APP_TRUSTED_PROXIES: z.string().default(''),
});
export type AppEnv = z.infer<typeof appEnvSchema>;

let cached: AppEnv | undefined;

/** The app server's environment, validated once. */
export function appEnv(): AppEnv {
  cached ??= appEnvSchema.parse(process.env);
  return cached;
}
