import type PocketBase from 'pocketbase';
import { adminClient } from './admin-client.ts';
import { appEnv } from '../process/app-env.ts';
import { syncPrograms } from '../../domain/certification/program-sync.ts';

let client: PocketBase | undefined;
let signingIn: Promise<PocketBase> | undefined;

/**
 * The app server's admin client, for the modules that write scores, certificates and audit entries.
 * Signs in lazily and again when the admin token has expired.
 */
export async function appAdmin(): Promise<PocketBase> {
  if (client?.authStore.isValid) return client;
  const { PB_URL, PB_ADMIN_EMAIL, PB_ADMIN_PASSWORD } = appEnv();
  if (!PB_ADMIN_EMAIL || !PB_ADMIN_PASSWORD)
    throw new Error('PB_ADMIN_EMAIL and PB_ADMIN_PASSWORD must be set for the app server');
  signingIn ??= adminClient(PB_URL, PB_ADMIN_EMAIL, PB_ADMIN_PASSWORD)
    .then(async (c) => {
      if (!client) await syncPrograms(c); // once per process: content/certifications → programs
      return (client = c);
    })
    .finally(() => (signingIn = undefined));
  return signingIn;
}
