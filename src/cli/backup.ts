// `npm run backup [-- <file.zip>]`: a consistent backup of the running PocketBase, written to ./backups/ by default.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { downloadBackup } from '../platform/pocketbase/backups.ts';
import { adminFromEnv } from './admin-from-env.ts';

const now = new Date();
const out = process.argv[2]
  ? resolve(process.argv[2])
  : join(resolve('backups'), `academy-${now.toISOString().replace(/[:.]/g, '-')}.zip`);
mkdirSync(resolve(out, '..'), { recursive: true });
try {
  console.log(`Backup written to ${await downloadBackup(await adminFromEnv(), out, now)}`);
} catch (error) {
  console.error(`Backup failed: ${(error as Error).message}`);
  process.exit(1);
}
