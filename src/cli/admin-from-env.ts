import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { adminClient } from '../platform/pocketbase/admin-client.ts';
import { credentialsFile } from '../platform/pocketbase/admin-credentials.ts';
import { startEnvSchema } from './config.ts';

/**
 * An admin client for command-line tools: PB_URL (or 127.0.0.1:PB_PORT) and PB_ADMIN_EMAIL/PB_ADMIN_PASSWORD,
 * or the credentials `npm start` generated in PB_DATA_DIR.
 */
export async function adminFromEnv() {
  const env = startEnvSchema.parse(process.env);
  const url = process.env.PB_URL ?? `http://127.0.0.1:${env.PB_PORT}`;
  const file = credentialsFile(resolve(env.PB_DATA_DIR));
  const saved = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as { email: string; password: string })
    : undefined;
  const email = env.PB_ADMIN_EMAIL ?? saved?.email;
  const password = env.PB_ADMIN_PASSWORD ?? saved?.password;
  if (!email || !password) {
    console.error(
      `No admin credentials: set PB_ADMIN_EMAIL and PB_ADMIN_PASSWORD, or run \`npm start\` once to create ${file}.`,
    );
    process.exit(1);
  }
  try {
    return await adminClient(url, email, password);
  } catch (error) {
    console.error(
      `Cannot sign in to PocketBase at ${url} as ${email}: ${(error as Error).message}. Is \`npm start\` running?`,
    );
    process.exit(1);
  }
}
