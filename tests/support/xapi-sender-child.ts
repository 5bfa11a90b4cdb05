// A sender process for tests/integration/xapi.test.ts: runs one sender round against the LRS and the PocketBase
// given in its environment, so the test can kill it in the middle of a send.
import { adminClient } from '../../src/platform/pocketbase/admin-client.ts';
import { sendDueStatements } from '../../src/domain/xapi/service.ts';

const env = process.env;
const admin = await adminClient(env.PB_URL!, env.PB_ADMIN_EMAIL!, env.PB_ADMIN_PASSWORD!);
console.log('sender ready');
const report = await sendDueStatements(
  admin,
  { endpoint: env.XAPI_ENDPOINT!, username: env.XAPI_USERNAME, password: env.XAPI_PASSWORD },
  { owner: 'child', leaseMs: Number(env.LEASE_MS), limit: 100 },
);
console.log(JSON.stringify(report));
