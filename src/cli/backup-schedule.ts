// `npm run backup:schedule [-- "<cron>" <keep>]`: turn on PocketBase's own scheduled backups (default: every day at
// 02:30, keeping 14). They land in PocketBase's `<data dir>/backups/`, which production mounts from a second disk
// (README, Production).
import { scheduleBackups } from '../platform/pocketbase/backups.ts';
import { adminFromEnv } from './admin-from-env.ts';

const cron = process.argv[2] ?? '30 2 * * *';
const keep = Number(process.argv[3] ?? 14);
if (cron.trim().split(/\s+/).length !== 5 || !Number.isInteger(keep) || keep < 1) {
  console.error('Usage: npm run backup:schedule -- "<minute hour day month weekday>" <backups to keep ≥ 1>');
  process.exit(1);
}
try {
  const saved = await scheduleBackups(await adminFromEnv(), { cron, keep });
  console.log(`PocketBase backs up on "${saved.cron}", keeping the last ${saved.keep}.`);
} catch (error) {
  console.error(`Could not set the backup schedule: ${(error as Error).message}`);
  process.exit(1);
}
