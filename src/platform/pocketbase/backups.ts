import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type PocketBase from 'pocketbase';

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
