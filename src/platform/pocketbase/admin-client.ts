import type PocketBase from 'pocketbase';
import { pocketBaseClient } from './client.ts';

/**
 * A PocketBase client signed in as admin. Only server modules that write scores, certificates,
 * audit entries or accounts use it; request handlers get a per-user client from middleware.
 */
export async function adminClient(url: string, email: string, password: string): Promise<PocketBase> {
  const pb = pocketBaseClient(url);
  await pb.admins.authWithPassword(email, password);
  return pb;
}
