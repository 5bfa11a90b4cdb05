import type PocketBase from 'pocketbase';
import { firstOrNull } from '../pocketbase/records.ts';
import { createVersioned, updateIfVersion } from '../pocketbase/versioned.ts';

/**
 * A named lease in PocketBase (`scheduler_leases`): which app process runs a periodic job until when. Several app
 * processes share one PocketBase; each asks for the lease before a run, and a compare-and-set on the row's `version`
 * (src/platform/pocketbase/versioned.ts) lets exactly one of them have it. A holder that dies simply stops renewing:
 * once `expiresAt` has passed, another process takes the lease over. Nothing here knows what the job does, so any
 * periodic job (notifications, an xAPI outbox…) can use it.
 */
export interface LeaseRecord {
  id: string;
  key: string;
  holder: string;
  expiresAt: number;
  version: number;
}

// It lives in platform, not a domain, and names its collection itself: a lease belongs to no business area, any
// periodic job takes one, and platform code may not depend on a domain repo.
const opts = { requestKey: null };

function toLease(r: Record<string, unknown>): LeaseRecord {
  return {
    id: String(r.id),
    key: String(r.key),
    holder: String(r.holder ?? ''),
    expiresAt: Number(r.expiresAt ?? 0),
    version: Number(r.version ?? 0),
  };
}

/** The lease row of `name`, or null when nobody has asked for it yet. */
export async function readLease(admin: PocketBase, name: string): Promise<LeaseRecord | null> {
  const r = await firstOrNull(admin.collection('scheduler_leases'), admin.filter('key = {:k}', { k: name }), opts);
  return r ? toLease(r) : null;
}

/**
 * Take or renew lease `name` for `holder` until `nowMs + ttlMs`. Succeeds when the lease is free, expired or already
 * held by `holder`, and no other process changed it in between (compare-and-set); returns whether `holder` holds it.
 */
export async function acquireLease(
  admin: PocketBase,
  name: string,
  holder: string,
  ttlMs: number,
  nowMs: number,
): Promise<boolean> {
  const current = await readLease(admin, name);
  const data = { holder, expiresAt: nowMs + ttlMs };
  if (!current) return (await createVersioned(admin, 'scheduler_leases', { key: name, ...data })) !== null;
  if (current.holder !== holder && current.expiresAt > nowMs) return false;
  return (await updateIfVersion(admin, 'scheduler_leases', current.id, current.version, data)) !== null;
}

/** Give lease `name` up at once (on shutdown) if `holder` still holds it, so another process need not wait. */
export async function releaseLease(admin: PocketBase, name: string, holder: string): Promise<void> {
  const current = await readLease(admin, name);
  if (!current || current.holder !== holder) return;
  await updateIfVersion(admin, 'scheduler_leases', current.id, current.version, { holder: '', expiresAt: 0 });
}
