// A separate OS process asking for scheduler leases (tests/integration/notifications.test.ts starts two of these).
// argv: pbUrl adminEmail adminPassword holder leaseNamePrefix rounds startAtMs
// Each round r starts at startAtMs + r * 300 ms in both processes and asks for lease `${prefix}-${r}`; prints JSON.
import { adminClient } from '../../src/platform/pocketbase/admin-client.ts';
import { acquireLease } from '../../src/platform/scheduler/lease.ts';

const [pbUrl, email, password, holder, prefix, rounds, startAt] = process.argv.slice(2) as string[];
const admin = await adminClient(pbUrl!, email!, password!);
const won: number[] = [];
for (let r = 0; r < Number(rounds); r++) {
  const at = Number(startAt) + r * 300;
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));
  if (await acquireLease(admin, `${prefix}-${r}`, holder!, 60_000, Date.now())) won.push(r);
}
console.log(JSON.stringify({ holder, won }));
