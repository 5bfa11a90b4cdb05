import type PocketBase from 'pocketbase';
import { firstOrNull, getOneOrNull } from '../../platform/pocketbase/records.ts';
import { assignmentRecordSchema, type AssignmentRecord } from './assignment-schema.ts';

const opts = { requestKey: null };

/** Data access for `assignments` (the only file of the training area naming that collection). */
export function assignmentRepo(admin: PocketBase) {
  const collection = () => admin.collection('assignments');
  return {
    async get(id: string): Promise<AssignmentRecord | null> {
      const record = await getOneOrNull(collection(), id, opts);
      return record ? assignmentRecordSchema.parse(record) : null;
    },
    /** The assignment of the same module/program to the same cohort or trainee, if there is one. */
    async same(kind: string, ref: string, to: { cohort?: string; trainee?: string }): Promise<AssignmentRecord | null> {
      const filter = to.cohort
        ? admin.filter('kind = {:kind} && ref = {:ref} && cohort = {:c}', { kind, ref, c: to.cohort })
        : admin.filter('kind = {:kind} && ref = {:ref} && trainee = {:t}', { kind, ref, t: to.trainee ?? '' });
      const record = await firstOrNull(collection(), filter, opts);
      return record ? assignmentRecordSchema.parse(record) : null;
    },
    /** Assignments of these cohorts and trainees, earliest due first. */
    async of(to: { cohorts?: string[]; trainees?: string[] }): Promise<AssignmentRecord[]> {
      const parts = [
        ...(to.cohorts ?? []).map((c) => admin.filter('cohort = {:c}', { c })),
        ...(to.trainees ?? []).map((t) => admin.filter('trainee = {:t}', { t })),
      ];
      if (parts.length === 0) return [];
      const list = await collection().getFullList({ filter: parts.join(' || '), sort: 'dueAt', ...opts });
      return list.map((r) => assignmentRecordSchema.parse(r));
    },
    async create(data: Omit<AssignmentRecord, 'id'>): Promise<AssignmentRecord> {
      return assignmentRecordSchema.parse(await collection().create(data, opts));
    },
    async update(id: string, data: { dueAt: string; note: string }): Promise<AssignmentRecord> {
      return assignmentRecordSchema.parse(await collection().update(id, data, opts));
    },
    async delete(id: string): Promise<void> {
      await collection().delete(id, opts);
    },
  };
}
