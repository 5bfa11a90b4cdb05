import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type PocketBase from 'pocketbase';
import { adminClient } from './admin-client.ts';
import { createAdmin, findFreePort, startPocketBase } from './process.ts';

/**
 * A consistent backup of the running PocketBase: PocketBase's own backup API copies the data dir while
 * holding its write lock, so the app keeps running. Returns the local file written.
 */
export async function downloadBackup(admin: PocketBase, outFile: string, now: Date): Promise<string> {
  // PocketBase accepts backup names matching ^[a-z0-9_-]+\.zip$.
  const name = `academy-${now
    .toISOString()
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '-')}.zip`;
  await admin.backups.create(name, { requestKey: null });
  const token = await admin.files.getToken({ requestKey: null });
  const response = await fetch(admin.backups.getDownloadUrl(token, name));
  if (!response.ok) throw new Error(`Downloading backup ${name} failed with HTTP ${response.status}`);
  writeFileSync(outFile, Buffer.from(await response.arrayBuffer()));
  return outFile;
}

/**
 * Restore a backup zip into the running PocketBase: upload it, then ask PocketBase to restore it, which replaces
 * the data dir and restarts the PocketBase process in place. Resolves once PocketBase answers again.
 */
export async function restoreBackup(admin: PocketBase, file: string): Promise<void> {
  const name = `${basename(file, '.zip')
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '-')}.zip`;
  const existing = await admin.backups.getFullList({ requestKey: null });
  if (!existing.some((b) => b.key === name)) {
    const blob = new Blob([readFileSync(file)], { type: 'application/zip' });
    await admin.backups.upload({ file: new File([blob], name, { type: 'application/zip' }) }, { requestKey: null });
  }
  await admin.backups.restore(name, { requestKey: null });
  // PocketBase answers at once, restores in the background and then restarts its process in place:
  // wait until it has gone away and answers again.
  const up = async () =>
    fetch(`${admin.baseUrl}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
  const started = Date.now();
  let wentDown = false;
  while (Date.now() - started < 60_000) {
    const ok = await up();
    if (!ok) wentDown = true;
    else if (wentDown || Date.now() - started > 15_000) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('PocketBase did not come back within 30 s after the restore');
}

/** PocketBase's own scheduled backups (settings › backups): a cron expression and how many to keep. */
export interface BackupSchedule {
  cron: string;
  keep: number;
}

/** Turn on (or change) PocketBase's scheduled backups; they are written to `<data dir>/backups/`. */
export async function scheduleBackups(admin: PocketBase, schedule: BackupSchedule): Promise<BackupSchedule> {
  const saved = (await admin.settings.update(
    { backups: { cron: schedule.cron, cronMaxKeep: schedule.keep } },
    { requestKey: null },
  )) as {
    backups?: { cron?: string; cronMaxKeep?: number };
  };
  return { cron: saved.backups?.cron ?? '', keep: saved.backups?.cronMaxKeep ?? 0 };
}

/** What a restore drill found in a backup. */
export interface DrillReport {
  /** `ok`, or what SQLite's integrity check reported. */
  integrity: string;
  /** Records per collection. */
  counts: Record<string, number>;
  /** Seconds from start to a PocketBase serving the restored data. */
  seconds: number;
}

/**
 * Restore drill: restore `file` into a throwaway PocketBase (its own data dir and port, nothing shared with the
 * running one) through the same API as a real restore, check the restored database with SQLite's integrity
 * check, count the records of every collection, and start PocketBase on it once more with this version's
 * migrations, as an upgrade after a restore would.
 */
export async function restoreDrill(bin: string, file: string): Promise<DrillReport> {
  const t0 = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'academy-drill-'));
  const dataDir = join(dir, 'pb');
  const credentials = {
    email: 'restore-drill@example.com',
    password: `drill-${Math.random().toString(36).slice(2)}-pass`,
  };
  try {
    let pb = await startPocketBase({ bin, dataDir, port: await findFreePort(), origins: ['http://127.0.0.1'] });
    try {
      await createAdmin(bin, dataDir, credentials.email, credentials.password);
      await restoreBackup(await adminClient(pb.url, credentials.email, credentials.password), file);
    } finally {
      await pb.stop();
    }
    const db = new DatabaseSync(join(dataDir, 'data.db'), { readOnly: true });
    let integrity: string;
    const counts: Record<string, number> = {};
    try {
      integrity = (db.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[])
        .map((r) => r.integrity_check)
        .join('; ');
      const collections = db.prepare("SELECT name FROM _collections WHERE type != 'view' ORDER BY name").all() as {
        name: string;
      }[];
      for (const { name } of collections)
        counts[name] = Number(
          (db.prepare(`SELECT COUNT(*) AS n FROM "${name.replace(/"/g, '""')}"`).get() as { n: number }).n,
        );
    } finally {
      db.close();
    }
    pb = await startPocketBase({ bin, dataDir, port: await findFreePort(), origins: ['http://127.0.0.1'] });
    await pb.stop();
    return { integrity, counts, seconds: +((performance.now() - t0) / 1000).toFixed(1) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
