import type PocketBase from 'pocketbase';
import { programCatalog } from './catalog.ts';
import { createProgramRow, programRows, renameProgramRow } from './repo.ts';

/** Mirror content/certifications into the `programs` collection (used by the HR SQL views). */
export async function syncPrograms(admin: PocketBase): Promise<void> {
  const existing = await programRows(admin);
  for (const program of programCatalog().programs.values()) {
    const found = existing.find((r) => r.key === program.id);
    if (!found) await createProgramRow(admin, program.id, program.title);
    else if (found.title !== program.title) await renameProgramRow(admin, found.id, program.title);
  }
}
