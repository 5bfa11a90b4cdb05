import PocketBase, { ClientResponseError } from 'pocketbase';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { firstOrNull, getOneOrNull, isNotFound } from '../../src/platform/pocketbase/records.ts';

// A real SDK client whose requests go to a stub `fetch`: the errors are the ones the SDK builds from real answers.
const pb = new PocketBase('http://127.0.0.1:9');
const records = pb.collection('things');
const answer = (status: number, body: unknown) => async () =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const refused = async () => {
  throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') });
};
const record = { id: 'abcdefghijklmno', collectionId: 'c1', collectionName: 'things', name: '示例', count: 3 };
const failure = (status: number) => ({ code: status, message: `status ${status}`, data: {} });
const thingSchema = z.object({ id: z.string(), name: z.string(), count: z.number() });

describe('getOneOrNull', () => {
  it('returns the record when PocketBase has it', async () => {
    expect(await getOneOrNull(records, record.id, { fetch: answer(200, record) })).toEqual(record);
  });

  it('returns null for a 404, and for an empty id (the SDK answers that with a 404 itself)', async () => {
    expect(await getOneOrNull(records, record.id, { fetch: answer(404, failure(404)) })).toBeNull();
    expect(await getOneOrNull(records, '', { fetch: answer(200, record) })).toBeNull();
  });

  it.each([400, 403, 500, 502, 503])('rethrows a %i: only a 404 means "not found"', async (status) => {
    const error = await getOneOrNull(records, record.id, { fetch: answer(status, failure(status)) }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ClientResponseError);
    expect((error as ClientResponseError).status).toBe(status);
  });

  it('rethrows a refused connection (status 0): an outage is not a missing record', async () => {
    const error = await getOneOrNull(records, record.id, { fetch: refused }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientResponseError);
    expect((error as ClientResponseError).status).toBe(0);
    expect(isNotFound(error)).toBe(false);
  });

  it('parses the record with the schema it is given', async () => {
    const thing = await getOneOrNull(records, record.id, { fetch: answer(200, record) }, thingSchema);
    expect(thing).toEqual({ id: record.id, name: '示例', count: 3 });
    expect(await getOneOrNull(records, record.id, { fetch: answer(404, failure(404)) }, thingSchema)).toBeNull();
  });

  it('throws when the record does not match the schema (a bad record is not a missing one)', async () => {
    await expect(
      getOneOrNull(records, record.id, { fetch: answer(200, { ...record, count: 'three' }) }, thingSchema),
    ).rejects.toBeInstanceOf(z.ZodError);
  });
});

describe('firstOrNull', () => {
  const list = (items: unknown[]) => answer(200, { page: 1, perPage: 1, totalItems: -1, totalPages: -1, items });
  const filter = pb.filter('name = {:n}', { n: '示例' });

  it('returns the first match, parsed with the schema', async () => {
    expect(await firstOrNull(records, filter, { fetch: list([record]) }, thingSchema)).toEqual({
      id: record.id,
      name: '示例',
      count: 3,
    });
  });

  it('returns null when nothing matches', async () => {
    expect(await firstOrNull(records, filter, { fetch: list([]) })).toBeNull();
  });

  it.each([0, 400, 403, 500])('rethrows a failure with status %i', async (status) => {
    const error = await firstOrNull(records, filter, {
      fetch: status === 0 ? refused : answer(status, failure(status)),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientResponseError);
    expect((error as ClientResponseError).status).toBe(status);
  });
});

describe('isNotFound', () => {
  it('is true only for a PocketBase 404', () => {
    expect(isNotFound(new ClientResponseError({ status: 404 }))).toBe(true);
    expect(isNotFound(new ClientResponseError({ status: 0 }))).toBe(false);
    expect(isNotFound(new ClientResponseError({ status: 500 }))).toBe(false);
    // Something that merely looks like one (another library's error) is not PocketBase saying "no such record".
    expect(isNotFound({ status: 404 })).toBe(false);
    expect(isNotFound(new Error('not found'))).toBe(false);
  });
});
