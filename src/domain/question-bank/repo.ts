// The only file naming the question bank's PocketBase collections (question_drafts, published_questions; migration
// src/db/migrations/1734300000_question_bank.js). Typed records; admin client only.
import type PocketBase from 'pocketbase';
import { z } from 'zod';
import { firstOrNull, getOneOrNull } from '../../platform/pocketbase/records.ts';
import { updateIfVersion } from '../../platform/pocketbase/versioned.ts';

const opts = { requestKey: null } as const;
const id = z.string();
const text = z.string().default('');

export const draftRecordSchema = z.object({
  id,
  module: text,
  lesson: text,
  question: z.record(z.string(), z.unknown()),
  format: text,
  fileName: text,
  source: text,
  title: text,
  category: text,
  notes: z
    .array(z.string())
    .nullable()
    .default([])
    .transform((v) => v ?? []),
  status: z.enum(['draft', 'published', 'discarded']),
  publishedAs: text,
  replaces: text,
  createdBy: id,
  updatedBy: text,
  version: z.number(),
  created: z.string(),
  updated: z.string(),
});
export type DraftRecord = z.infer<typeof draftRecordSchema>;

export const publishedRecordSchema = z.object({
  id,
  questionId: z.string(),
  module: z.string(),
  pool: z.enum(['practice', 'exam']),
  question: z.record(z.string(), z.unknown()),
  status: z.enum(['active', 'retired']),
  draft: text,
  replaces: text,
  publishedBy: id,
  retiredBy: text,
  retiredAt: text,
  version: z.number(),
  created: z.string(),
  updated: z.string(),
});
export type PublishedRecord = z.infer<typeof publishedRecordSchema>;

export type NewDraft = Omit<
  DraftRecord,
  'id' | 'version' | 'created' | 'updated' | 'updatedBy' | 'publishedAs' | 'replaces'
> & { replaces?: string };
export type NewPublished = Omit<PublishedRecord, 'id' | 'version' | 'created' | 'updated' | 'retiredBy' | 'retiredAt'>;

/** A refused create: PocketBase answers 400 when a unique index (questionId, replaces, draft) is already taken. */
const refused = (error: unknown) => (error as { status?: number }).status === 400;

export function questionBankRepo(admin: PocketBase) {
  const drafts = admin.collection('question_drafts');
  const published = admin.collection('published_questions');
  return {
    async createDraft(data: NewDraft): Promise<DraftRecord> {
      return draftRecordSchema.parse(await drafts.create({ ...data, version: 1 }, opts));
    },
    getDraft: (draftId: string) => getOneOrNull(drafts, draftId, opts, draftRecordSchema),
    async listDrafts(status: DraftRecord['status']): Promise<DraftRecord[]> {
      const rows = await drafts.getFullList({
        ...opts,
        filter: admin.filter('status = {:status}', { status }),
        sort: 'created',
        batch: 500,
      });
      return rows.map((r) => draftRecordSchema.parse(r));
    },
    /** Compare-and-set update; null when another writer changed the draft first. */
    async updateDraft(draftId: string, version: number, data: Partial<DraftRecord>): Promise<DraftRecord | null> {
      const record = await updateIfVersion(admin, 'question_drafts', draftId, version, data);
      return record ? draftRecordSchema.parse(record) : null;
    },
    async listPublished(): Promise<PublishedRecord[]> {
      const rows = await published.getFullList({ ...opts, sort: 'questionId', batch: 500 });
      return rows.map((r) => publishedRecordSchema.parse(r));
    },
    /** The newest change to published items (the snapshot key several app processes compare). */
    async lastPublishedChange(): Promise<string> {
      const row = await firstOrNull(published, '', { ...opts, sort: '-updated', fields: 'updated' });
      return row ? String(row.updated) : '';
    },
    getPublished: (questionId: string) =>
      firstOrNull(published, admin.filter('questionId = {:q}', { q: questionId }), opts, publishedRecordSchema),
    publishedFromDraft: (draftId: string) =>
      firstOrNull(published, admin.filter('draft = {:d}', { d: draftId }), opts, publishedRecordSchema),
    /** Create a published item; null when a unique index refused it (id taken, draft already published, successor exists). */
    async createPublished(data: NewPublished): Promise<PublishedRecord | null> {
      try {
        return publishedRecordSchema.parse(await published.create({ ...data, version: 1 }, opts));
      } catch (error) {
        if (refused(error)) return null;
        throw error;
      }
    },
    async updatePublished(
      recordId: string,
      version: number,
      data: Partial<PublishedRecord>,
    ): Promise<PublishedRecord | null> {
      const record = await updateIfVersion(admin, 'published_questions', recordId, version, data);
      return record ? publishedRecordSchema.parse(record) : null;
    },
  };
}
export type QuestionBankRepo = ReturnType<typeof questionBankRepo>;
