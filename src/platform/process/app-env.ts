import { appEnvSchema, type AppEnv } from '../../cli/config.ts';

let cached: AppEnv | undefined;

/** The app server's environment, validated once. */
export function appEnv(): AppEnv {
  cached ??= appEnvSchema.parse(process.env);
  return cached;
}
