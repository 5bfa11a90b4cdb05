import type PocketBase from 'pocketbase';
import { programCatalog } from './catalog.ts';

/** Mirror content/certifications into the `programs` collection (used by the HR SQL views). */
export async function syncPrograms(admin: PocketBase): Promise<void> {
  const existing = await admin.collection('programs').getFullList({ requestKey: null });
  for (const program of programCatalog().programs.values()) {
    const found = existing.find((r) => r.key === program.id);
    if (!found)
      await admin.collection('programs').create({ key: program.id, title: program.title }, { requestKey: null });
    else if (found.title !== program.title)
      await admin.collection('programs').update(found.id, { title: program.title }, { requestKey: null });
  }
}
