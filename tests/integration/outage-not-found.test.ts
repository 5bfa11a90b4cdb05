import PocketBase, { ClientResponseError } from 'pocketbase';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppError, jsonRefusal } from '../../src/platform/errors/index.ts';
import { staffUserSchema, type StaffUser } from '../../src/domain/identity/schema.ts';
import { catalogWithUpload } from '../../src/domain/training/call-recordings.ts';
import { findFreePort } from '../../src/platform/pocketbase/process.ts';
import { quizCatalog } from '../../src/domain/assessment/catalog.ts';
import { staffIdentity } from '../../src/domain/identity/staff-records.ts';
import { requireVisibleTrainee } from '../../src/domain/training/service.ts';
import { asAdmin, makeUser } from './pocketbase-fixtures.ts';

// The look-ups that used to swallow every failure with `.catch(() => null)`: against the real PocketBase an unknown
// id is still "not found"; against a PocketBase that is gone the failure reaches the boundary, which answers 503.
const missing = 'zzzzzzzzzzzzzzz';
let admin: PocketBase;
let gone: PocketBase;
let hr: StaffUser;

beforeAll(async () => {
  admin = await asAdmin();
  // The same admin token, sent to a port nobody listens on: the SDK reports status 0.
  gone = new PocketBase(`http://127.0.0.1:${await findFreePort()}`);
  gone.autoCancellation(false);
  gone.authStore.save(admin.authStore.token, admin.authStore.model);
  const made = await makeUser('hr');
  hr = staffUserSchema.parse(await admin.collection('users').getOne(made.id));
});

/** What the call rejected with (fails the test if it resolved). */
async function rejection(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    (value) => expect.fail(`expected a failure, got ${JSON.stringify(value)}`),
    (error: unknown) => error,
  );
}

describe('a record that does not exist', () => {
  it('is still "not found" (404) or null', async () => {
    const staff = await rejection(staffIdentity(admin, hr, missing));
    expect(staff).toBeInstanceOf(AppError);
    expect((staff as AppError).name).toBe('StaffNotFound');
    expect((staff as AppError).status).toBe(404);
    const trainee = await rejection(requireVisibleTrainee(admin, hr, missing));
    expect((trainee as AppError).name).toBe('TraineeNotFound');
    expect(await catalogWithUpload(admin, quizCatalog(), hr, missing)).toBeNull();
  });
});

describe('PocketBase unreachable', () => {
  it.each([
    ['staffIdentity', () => staffIdentity(gone, hr, missing)],
    ['requireVisibleTrainee', () => requireVisibleTrainee(gone, hr, missing)],
    ['catalogWithUpload', () => catalogWithUpload(gone, quizCatalog(), hr, missing)],
  ])('%s rethrows the outage instead of answering "not found"', async (_, call) => {
    const error = await rejection(call());
    expect(error).not.toBeInstanceOf(AppError);
    expect(error).toBeInstanceOf(ClientResponseError);
    expect((error as ClientResponseError).status).toBe(0);
    // At the boundary it becomes the catalogue's BackendUnavailable: 503 with the Chinese message.
    const response = jsonRefusal(error, 'outage test');
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: 'BackendUnavailable', title: '服务暂时不可用' });
  });
});
