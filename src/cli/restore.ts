// `npm run restore -- <file.zip>`: replace the running PocketBase's data with a backup made by `npm run backup`.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { restoreBackup } from '../platform/pocketbase/backups.ts';
import { adminFromEnv } from './admin-from-env.ts';

const file = process.argv[2] ? resolve(process.argv[2]) : '';
if (!file || !existsSync(file)) {
  console.error('Usage: npm run restore -- <backup.zip> (a file written by `npm run backup`).');
  process.exit(1);
}
try {
  await restoreBackup(await adminFromEnv(), file);
  console.log(`Restored ${file}. Users who were signed in may need to sign in again.`);
} catch (error) {
  console.error(`Restore failed: ${(error as Error).message}`);
  process.exit(1);
}
