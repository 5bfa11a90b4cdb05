import type PocketBase from 'pocketbase';
import { firstOrNull, getOneOrNull } from '../../platform/pocketbase/records.ts';
import type { z } from 'zod';
import { anyOf } from '../../platform/pocketbase/filters.ts';
import { updateIfVersion } from '../../platform/pocketbase/versioned.ts';
import { assignmentRecordSchema, type AssignmentRecord } from './assignment-schema.ts';
import { callRecordingRecordSchema, type CallRecordingRecord } from './call-recording-schema.ts';
import { cohortRecordSchema, type CohortRecord, type NewCohort } from './schema.ts';

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

/**
 * Data access for `cohorts`. Membership is a JSON array of plain user ids (see ./cohort-members.ts); `pb` is the
 * admin client, or a viewer's client where a page lists what that viewer may read (the HR audit log).
 */
export function cohortRepo(pb: PocketBase) {
  const collection = () => pb.collection('cohorts');
  const idAndMembers = cohortRecordSchema.pick({ id: true, name: true, members: true });
  return {
    get(id: string): Promise<CohortRecord | null> {
      return getOneOrNull(collection(), id, opts, cohortRecordSchema);
    },
    /** The cohorts `trainerId` leads (every cohort for null), by name. */
    async list(trainerId: string | null): Promise<CohortRecord[]> {
      const filter = trainerId === null ? '' : pb.filter('trainer = {:t}', { t: trainerId });
      const list = await collection().getFullList({ filter, sort: 'name', ...opts });
      return list.map((c) => cohortRecordSchema.parse(c));
    },
    /** The cohorts that have `userId` as a member, by name. */
    async withMember(userId: string): Promise<Pick<CohortRecord, 'id' | 'name' | 'members'>[]> {
      // Ids are 15 × [a-z0-9], so a match is a whole id; re-checked on the parsed array (the filter is a substring
      // match on the JSON text).
      const list = await collection().getFullList({
        filter: pb.filter('members ~ {:u}', { u: userId }),
        fields: 'id,name,members',
        sort: 'name',
        ...opts,
      });
      return list.map((c) => idAndMembers.parse(c)).filter((c) => c.members.includes(userId));
    },
    /** Current names of these cohorts (absent: deleted, or not visible to `pb`). */
    async names(ids: readonly string[]): Promise<Map<string, string>> {
      const filter = anyOf(pb, 'id', ids);
      if (!filter) return new Map();
      const list = await collection().getFullList({ filter, fields: 'id,name', ...opts });
      return new Map(list.map((c) => [c.id, cohortRecordSchema.pick({ id: true, name: true }).parse(c).name]));
    },
    async create(data: NewCohort): Promise<CohortRecord> {
      return cohortRecordSchema.parse(await collection().create(data, opts));
    },
    async rename(id: string, name: string): Promise<CohortRecord> {
      return cohortRecordSchema.parse(await collection().update(id, { name }, opts));
    },
    /** A cohort's members and version, for a compare-and-set (a missing cohort throws PocketBase's 404). */
    async members(id: string): Promise<Pick<CohortRecord, 'id' | 'members' | 'version'>> {
      const record = await collection().getOne(id, { fields: 'id,members,version', ...opts });
      return cohortRecordSchema.pick({ id: true, members: true, version: true }).parse(record);
    },
    /** Write the members if the cohort is still at `version`; null when another write landed first. */
    async setMembersIfVersion(id: string, version: number, members: string[]): Promise<CohortRecord | null> {
      const written = await updateIfVersion(pb, 'cohorts', id, version, { members });
      return written ? cohortRecordSchema.parse(written) : null;
    },
  };
}

/** Data access for `call_recordings` (trainers' real call recordings; cohorts and uploader are plain ids). */
export function callRecordingRepo(admin: PocketBase) {
  const collection = () => admin.collection('call_recordings');
  const audioRefSchema = callRecordingRecordSchema.pick({
    id: true,
    collectionId: true,
    audio: true,
    uploadedBy: true,
    cohorts: true,
  });
  const listedSchema = callRecordingRecordSchema.pick({ id: true, title: true, durationSec: true, created: true });
  return {
    get(id: string): Promise<CallRecordingRecord | null> {
      return getOneOrNull(collection(), id, opts, callRecordingRecordSchema);
    },
    /** Enough of a recording to decide who may listen and to fetch its file. */
    audioRef(id: string): Promise<z.output<typeof audioRefSchema> | null> {
      return getOneOrNull(
        collection(),
        id,
        { fields: 'id,collectionId,audio,uploadedBy,cohorts', ...opts },
        audioRefSchema,
      );
    },
    /** A short-lived URL of a recording's file (PocketBase protects the field; the admin's file token opens it). */
    async audioUrl(ref: z.output<typeof audioRefSchema>): Promise<string> {
      const token = await admin.files.getToken(opts);
      return admin.files.getUrl(ref, ref.audio, { token });
    },
    /** Recordings uploaded by `uploadedBy` or shared with one of `cohorts` (every recording for null), newest first. */
    async list(scope: { uploadedBy: string; cohorts: string[] } | null): Promise<z.output<typeof listedSchema>[]> {
      const filter =
        scope === null
          ? ''
          : [admin.filter('uploadedBy = {:u}', { u: scope.uploadedBy }), anyOf(admin, 'cohorts', scope.cohorts, '~')]
              .filter(Boolean)
              .join(' || ');
      const list = await collection().getFullList({
        filter,
        sort: '-created',
        fields: 'id,title,durationSec,created',
        ...opts,
      });
      return list.map((r) => listedSchema.parse(r));
    },
    /** Store a recording (multipart: its fields and the audio file); the stored record's id. */
    async create(upload: FormData): Promise<{ id: string }> {
      return callRecordingRecordSchema.pick({ id: true }).parse(await collection().create(upload, opts));
    },
  };
}
