import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { createAdmin } from './process.ts';

const credentialsSchema = z.object({ email: z.email(), password: z.string().min(10) });
export type AdminCredentials = z.infer<typeof credentialsSchema>;

/** Generated credentials are kept next to the database they belong to, readable only by the owner. */
export const credentialsFile = (dataDir: string) => join(dataDir, 'academy-admin.json');

/**
 * The PocketBase admin the app server writes scores and certificates with.
 * Uses PB_ADMIN_EMAIL/PB_ADMIN_PASSWORD when given; otherwise reuses the credentials generated on first start,
 * or generates them now (then `generated` is true and the caller prints them once).
 */
export async function ensureAdminCredentials(
  bin: string,
  dataDir: string,
  fromEnv: Partial<AdminCredentials>,
): Promise<AdminCredentials & { generated: boolean }> {
  if (fromEnv.email && fromEnv.password) {
    await createAdmin(bin, dataDir, fromEnv.email, fromEnv.password);
    return { email: fromEnv.email, password: fromEnv.password, generated: false };
  }
  const file = credentialsFile(dataDir);
  if (existsSync(file)) return { ...credentialsSchema.parse(JSON.parse(readFileSync(file, 'utf8'))), generated: false };
  const credentials = { email: 'admin@academy.local', password: randomBytes(18).toString('base64url') };
  await createAdmin(bin, dataDir, credentials.email, credentials.password);
  writeFileSync(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  return { ...credentials, generated: true };
}
