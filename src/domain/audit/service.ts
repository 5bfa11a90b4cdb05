import type PocketBase from 'pocketbase';
import { peopleByIds } from '../identity/repo.ts';
import { cohortRepo } from '../training/repo.ts';
import { auditLogPage, type AuditEntry } from './repo.ts';

export type { AuditEntry };

const isId = (v: unknown): v is string => typeof v === 'string' && /^[a-z0-9]{15}$/.test(v);

/** One page of the audit log as /hr/audit shows it, with the people and cohorts its entries name. */
export interface AuditLogView {
  entries: AuditEntry[];
  totalItems: number;
  totalPages: number;
  /** Actors and the staff named in the details (e.g. whose certificate was revoked), by id. */
  people: Map<string, { name: string; employeeNo: string }>;
  /** Current names of the cohorts that cohort entries target (the entry keeps the name at the time of the change). */
  cohortNames: Map<string, string>;
}

/**
 * A page of the audit log, newest first, read with the viewer's client `pb` (the collection's rules decide who may
 * list it). Actors are plain ids (no relation a filter could follow), so names are looked up in one request each.
 */
export async function auditLog(pb: PocketBase, page: number, perPage: number): Promise<AuditLogView> {
  const { entries, totalItems, totalPages } = await auditLogPage(pb, page, perPage);
  const ids = [...new Set(entries.flatMap((e) => [e.actor, e.details.user, e.details.trainee]).filter(isId))];
  const cohortIds = [
    ...new Set(
      entries
        .filter((e) => e.action.startsWith('cohort.'))
        .map((e) => e.target)
        .filter(isId),
    ),
  ];
  const people = await peopleByIds(pb, ids);
  const cohortNames = await cohortRepo(pb).names(cohortIds);
  return { entries, totalItems, totalPages, people, cohortNames };
}
