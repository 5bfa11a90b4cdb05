// The combined list read (POST /api/academy/read, src/db/hooks/list-reads.js) builds its rows with SQL instead of
// PocketBase's records: here every kind of field it reads, with empty, zero, false, null and odd values, is
// compared with what the records API answers for the same read (raw JSON, before any parsing), and every name
// that could reach its SQL is refused unless the collection has it.
import type PocketBase from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { whereFilter, type ListRead } from '../../src/platform/pocketbase/reads.ts';
import { anonymousClient, asAdmin, makeUser } from './pocketbase-fixtures.ts';

type Read = Omit<ListRead<unknown>, 'row'>;

const combined = (pb: PocketBase, reads: Read[]) =>
  pb.send<{ results: Record<string, unknown>[][] }>('/api/academy/read', {
    method: 'POST',
    body: { reads },
    requestKey: null,
  });

const recordsApi = (pb: PocketBase, { collection, where, sort, fields }: Read) =>
  pb.collection(collection).getFullList({
    filter: whereFilter(pb, where),
    ...(sort ? { sort } : {}),
    ...(fields ? { fields } : {}),
    requestKey: null,
  });

const probe = `list_read_probe_${Date.now().toString(36)}`;
let admin: PocketBase;
let owner: string;
let other: string;

beforeAll(async () => {
  admin = await asAdmin();
  const [a, b] = await Promise.all([makeUser('trainee'), makeUser('trainee')]);
  owner = a.id;
  other = b.id;
  const users = await admin.collections.getOne('users', { requestKey: null });
  await admin.collections.create(
    {
      name: probe,
      type: 'base',
      schema: [
        { name: 'owner', type: 'relation', options: { collectionId: users.id, maxSelect: 1 } },
        { name: 'watchers', type: 'relation', options: { collectionId: users.id, maxSelect: null } },
        { name: 'title', type: 'text' },
        { name: 'note', type: 'editor' },
        { name: 'mail', type: 'email' },
        { name: 'link', type: 'url' },
        { name: 'score', type: 'number' },
        { name: 'done', type: 'bool' },
        { name: 'at', type: 'date' },
        { name: 'data', type: 'json', options: { maxSize: 100_000 } },
        { name: 'kind', type: 'select', options: { values: ['a', 'b', 'c'], maxSelect: 1 } },
        { name: 'tags', type: 'select', options: { values: ['a', 'b', 'c'], maxSelect: 3 } },
      ],
    },
    { requestKey: null },
  );
  const rows = [
    {},
    { owner, title: '第一行 "quoted" \'single\' \\ back', score: 0, done: false, data: null },
    {
      owner,
      watchers: [owner, other],
      title: 'b',
      note: '<p>富文本</p>',
      mail: 'a@example.com',
      link: 'https://example.com/x?y=1',
    },
    { owner, score: 87.5, done: true, at: '2026-11-29 08:38:54.649Z', data: { nested: [1, 'two', { three: true }] } },
    { owner, score: -3, done: true, at: '2025-01-01 00:00:00.000Z', data: [], kind: 'b', tags: ['c', 'a'] },
    { owner, score: 1e9, data: 'text', kind: 'a', tags: [] },
    { owner, data: 0, title: 'emoji 😀 and 中文' },
    { owner: other, title: 'not mine', done: true },
  ];
  for (const row of rows) await admin.collection(probe).create(row, { requestKey: null });
});

afterAll(async () => {
  await admin.collections.delete(probe, { requestKey: null }).catch(() => undefined);
});

describe('combined list reads (/api/academy/read)', () => {
  it('answer every kind of field exactly as the records API does: whole records, picked fields, conditions, sorts', async () => {
    const reads: Read[] = [
      { collection: probe, where: { owner } },
      { collection: probe, where: { owner }, sort: '-score,title' },
      { collection: probe, where: { owner, done: true }, sort: 'at', fields: 'id,score,at,done,data,tags,kind' },
      { collection: probe, where: { owner: other }, fields: 'title,watchers,note,mail,link,owner' },
      { collection: probe, where: { title: 'b' }, fields: 'watchers,note,mail,link' },
      { collection: probe, where: { score: 87.5 }, fields: 'score,data' },
      { collection: probe, where: { done: false, owner }, sort: '-created', fields: 'title,created,updated,done' },
      { collection: probe, where: { owner: 'nosuchuser0000' } },
      { collection: 'users', where: { id: owner }, fields: 'name,employeeNo' },
    ];
    const { results } = await combined(admin, reads);
    expect(results).toHaveLength(reads.length);
    for (const [i, read] of reads.entries()) {
      const expected = await recordsApi(admin, read);
      expect(results[i], `read ${i}: ${JSON.stringify(read)}`).toEqual(expected);
    }
    // The probe has rows for both owners and all of them differ somewhere (nothing above compared empty lists).
    expect(results[0]).toHaveLength(6);
    expect(results[3]).toHaveLength(1);
  });

  it('see a changed schema at once (the field types it keeps are keyed by the collection’s last change)', async () => {
    const before = (await combined(admin, [{ collection: probe, where: { owner: other } }])).results[0]![0]!;
    expect(before).not.toHaveProperty('extra');
    const collection = await admin.collections.getOne(probe, { requestKey: null });
    await admin.collections.update(
      probe,
      { schema: [...collection.schema, { name: 'extra', type: 'number' }] },
      { requestKey: null },
    );
    const read: Read = { collection: probe, where: { owner: other } };
    const after = (await combined(admin, [read])).results[0]!;
    expect(after[0]).toHaveProperty('extra', 0);
    expect(after).toEqual(await recordsApi(admin, read));
  });

  it('show an auth record as the records API shows it to an admin: never its password hash or token key', async () => {
    const read: Read = { collection: 'users', where: { id: owner } };
    const [row] = (await combined(admin, [read])).results[0]!;
    expect(row).toEqual((await recordsApi(admin, read))[0]);
    expect(Object.keys(row!)).not.toEqual(expect.arrayContaining(['passwordHash']));
    expect(JSON.stringify(row)).not.toMatch(/passwordHash|tokenKey|\$2a\$/);
  });

  it('are for the app only, and refuse any name the collection does not have before it reaches SQL', async () => {
    const ok: Read = { collection: probe, where: { owner } };
    const [trainee, trainer, hr] = await Promise.all([makeUser('trainee'), makeUser('trainer'), makeUser('hr')]);
    for (const [who, client] of [
      ['anonymous', anonymousClient()],
      ['trainee', trainee.client],
      ['trainer', trainer.client],
      ['hr', hr.client],
    ] as const)
      await expect(combined(client, [ok]), who).rejects.toMatchObject({ status: 401 });
    const refused: [string, unknown][] = [
      ['no reads', []],
      ['13 reads', Array.from({ length: 13 }, () => ok)],
      ['no such collection', [{ ...ok, collection: 'nosuch' }]],
      ['a view', [{ collection: 'hr_staff_certifications', where: { id: 'x' } }]],
      ['no condition', [{ ...ok, where: {} }]],
      ['an unknown condition field', [{ ...ok, where: { nosuchfield: 1 } }]],
      ['a condition field that is SQL', [{ ...ok, where: { 'owner] = owner OR [[owner': owner } }]],
      ['an object as a value', [{ ...ok, where: { owner: { $ne: '' } } }]],
      ['a null value', [{ ...ok, where: { owner: null } }]],
      ['a condition on a list', [{ ...ok, where: { tags: 'a' } }]],
      ['a condition on JSON', [{ ...ok, where: { data: 'text' } }]],
      ['an unknown field', [{ ...ok, fields: 'title,nosuchfield' }]],
      ['a field that is SQL', [{ ...ok, fields: "title'), (SELECT passwordHash FROM users" }]],
      ['a hidden auth column', [{ collection: 'users', where: { id: owner }, fields: 'passwordHash' }]],
      ['an unknown sort', [{ ...ok, sort: '-nosuchfield' }]],
      ['a sort that is SQL', [{ ...ok, sort: 'title; DROP TABLE users' }]],
      ['a read that is no object', [null]],
      ['a plain table that is no collection', [{ collection: 'cohort_members', where: { user: owner } }]],
    ];
    for (const [why, reads] of refused) {
      await expect(
        admin.send('/api/academy/read', { method: 'POST', body: { reads }, requestKey: null }),
        why,
      ).rejects.toMatchObject({ status: 400 });
    }
    // Still there, and still answering.
    expect((await combined(admin, [ok])).results[0]).toHaveLength(6);
  });
});
