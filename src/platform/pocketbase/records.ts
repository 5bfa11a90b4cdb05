import { randomInt } from 'node:crypto';
import {
  ClientResponseError,
  type RecordListOptions,
  type RecordModel,
  type RecordOptions,
  type RecordService,
} from 'pocketbase';
import type { z } from 'zod';

/**
 * Whether `error` is PocketBase saying the record does not exist (HTTP 404; also what the SDK throws for an empty
 * id or a `getFirstListItem` without a match). Anything else — no connection (status 0), 5xx, 400, 403, a parse
 * error — is not "not found".
 */
export function isNotFound(error: unknown): boolean {
  return error instanceof ClientResponseError && error.status === 404;
}

async function nullIfNotFound<T>(request: Promise<unknown>, schema: z.ZodType<T> | undefined): Promise<T | null> {
  let record: unknown;
  try {
    record = await request;
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
  return schema ? schema.parse(record) : (record as T);
}

/**
 * One record by id, or null when PocketBase answers 404. Every other failure is rethrown, so an outage (status 0,
 * 5xx) reaches the boundary as a server fault (the catalogue's `BackendUnavailable`, 503) instead of passing for
 * "not found". With `schema`, the record is parsed with it (a record that does not match throws).
 */
export function getOneOrNull(records: RecordService, id: string, options?: RecordOptions): Promise<RecordModel | null>;
export function getOneOrNull<S extends z.ZodType>(
  records: RecordService,
  id: string,
  options: RecordOptions | undefined,
  schema: S,
): Promise<z.output<S> | null>;
export function getOneOrNull(
  records: RecordService,
  id: string,
  options?: RecordOptions,
  schema?: z.ZodType,
): Promise<unknown> {
  return nullIfNotFound(records.getOne(id, options), schema);
}

/**
 * The first record matching `filter` (build it with `pb.filter`), or null when there is none. Like
 * {@link getOneOrNull}, only a 404 becomes null; everything else is rethrown.
 */
export function firstOrNull(
  records: RecordService,
  filter: string,
  options?: RecordListOptions,
): Promise<RecordModel | null>;
export function firstOrNull<S extends z.ZodType>(
  records: RecordService,
  filter: string,
  options: RecordListOptions | undefined,
  schema: S,
): Promise<z.output<S> | null>;
export function firstOrNull(
  records: RecordService,
  filter: string,
  options?: RecordListOptions,
  schema?: z.ZodType,
): Promise<unknown> {
  return nullIfNotFound(records.getFirstListItem(filter, options), schema);
}

const idAlphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** A PocketBase record id (15 × [a-z0-9]) chosen by the server. */
export const newRecordId = () => Array.from({ length: 15 }, () => idAlphabet[randomInt(idAlphabet.length)]).join('');
