// `npm run seed`: seed demo data into a running PocketBase whose database has no users yet.
// Uses PB_URL and PB_ADMIN_EMAIL/PB_ADMIN_PASSWORD, or the credentials `npm start` generated in PB_DATA_DIR.
import { startEnvSchema } from './config.ts';
import { seedDemoData } from '../domain/identity/seed.ts';
import { adminFromEnv } from './admin-from-env.ts';

const env = startEnvSchema.parse(process.env);
try {
  const seeded = await seedDemoData(await adminFromEnv(), env.DEMO_PASSWORD);
  console.log(seeded ? 'Demo data seeded.' : 'The database already has users; nothing seeded.');
} catch (error) {
  console.error(`Seeding failed: ${(error as Error).message}`);
  process.exit(1);
}
