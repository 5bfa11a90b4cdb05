// `npm run hr:rebuild`: recompute HR's summary table (hr_staff_summary, src/db/hooks/hr-summary.pb.js) in the running
// PocketBase — after data was written behind PocketBase's back (straight into SQLite), or to repair the table.
// PocketBase as for `npm run seed` (PB_URL, PB_ADMIN_EMAIL/PB_ADMIN_PASSWORD or the credentials `npm start` saved).
import { rebuildHrSummary } from '../domain/reporting/hr-dashboard.ts';
import { adminFromEnv } from './admin-from-env.ts';

const started = performance.now();
const rows = await rebuildHrSummary(await adminFromEnv());
console.log(`HR summary rebuilt: ${rows} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
