// `npm run seed`: seed demo data into a running PocketBase whose database has no users yet.
// Uses PB_URL and PB_ADMIN_EMAIL/PB_ADMIN_PASSWORD, or the credentials `npm start` generated in PB_DATA_DIR.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { credentialsFile } from '../server/admin-credentials.ts';
import { adminClient } from '../server/admin-client.ts';
import { startEnvSchema } from '../server/config.ts';
import { seedDemoData } from '../server/seed.ts';

const env = startEnvSchema.parse(process.env);
const url = process.env.PB_URL ?? `http://127.0.0.1:${env.PB_PORT}`;
const file = credentialsFile(resolve(env.PB_DATA_DIR));
const saved = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { email: string; password: string }) : undefined;
const email = env.PB_ADMIN_EMAIL ?? saved?.email;
const password = env.PB_ADMIN_PASSWORD ?? saved?.password;
if (!email || !password) {
  console.error(`No admin credentials: set PB_ADMIN_EMAIL and PB_ADMIN_PASSWORD, or run \`npm start\` once to create ${file}.`);
  process.exit(1);
}
try {
  const seeded = await seedDemoData(await adminClient(url, email, password), env.DEMO_PASSWORD);
  console.log(seeded ? 'Demo data seeded.' : 'The database already has users; nothing seeded.');
} catch (error) {
  console.error(`Seeding failed against ${url}: ${(error as Error).message}`);
  process.exit(1);
}
