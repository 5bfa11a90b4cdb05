// `npm run restore:drill -- <backup.zip>`: prove a backup restores, without touching the running PocketBase:
// restored into a throwaway PocketBase, integrity-checked, counted, started once more. Exit 1 if anything fails.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { restoreDrill } from '../platform/pocketbase/backups.ts';
import { resolvePocketBaseBinary } from '../platform/pocketbase/process.ts';

const file = process.argv[2] ? resolve(process.argv[2]) : '';
if (!file || !existsSync(file)) {
  console.error(
    "Usage: npm run restore:drill -- <backup.zip> (written by `npm run backup` or PocketBase's scheduled backups).",
  );
  process.exit(1);
}
try {
  const report = await restoreDrill(resolvePocketBaseBinary(), file);
  const width = Math.max(...Object.keys(report.counts).map((k) => k.length));
  console.log(`Restore drill of ${file}: integrity ${report.integrity}, ${report.seconds} s`);
  for (const [name, n] of Object.entries(report.counts))
    if (!name.startsWith('_')) console.log(`  ${name.padEnd(width)}  ${n}`);
  if (report.integrity !== 'ok' || !report.counts.users) {
    console.error('Restore drill FAILED: the restored database is damaged or has no users.');
    process.exit(1);
  }
  console.log('Restore drill passed.');
} catch (error) {
  console.error(`Restore drill FAILED: ${(error as Error).message}`);
  process.exit(1);
}
