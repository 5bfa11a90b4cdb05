// `npm start`: build if needed, start PocketBase (migrations, admin, demo data), then the app server.
import { mkdirSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { ensureAdminCredentials } from '../platform/pocketbase/admin-credentials.ts';
import { adminClient } from '../platform/pocketbase/admin-client.ts';
import {
  buildIsStale,
  buildLogFile,
  buildSite,
  startAppServer,
  type AppServer,
} from '../platform/process/app-process.ts';
import { startEnvSchema } from './config.ts';
import { demoUsers } from '../domain/identity/demo-data.ts';
import {
  isPortFree,
  resolvePocketBaseBinary,
  startPocketBase,
  type PocketBaseServer,
} from '../platform/pocketbase/process.ts';
import { seedDemoData } from '../domain/identity/seed.ts';
import { StartupError } from '../platform/process/startup-error.ts';
import { describeIssues } from '../platform/errors/validation-message.ts';
import { xapiSettingsFrom } from '../domain/xapi/service.ts';

async function main() {
  const parsed = startEnvSchema.safeParse(process.env);
  if (!parsed.success)
    throw new StartupError(`Invalid environment:\n  ${describeIssues('env', parsed.error).join('\n  ')}`);
  const env = parsed.data;
  try {
    xapiSettingsFrom(process.env);
  } catch (error) {
    throw new StartupError(`Invalid environment: ${(error as Error).message}`);
  }
  const bin = resolvePocketBaseBinary();
  // Check both ports before doing any work, so a clash is reported at once.
  if (!(await isPortFree(env.PORT, env.HOST)))
    throw new StartupError(
      `Port ${env.PORT} on ${env.HOST} is already in use. Stop the other program or set PORT to a free port.`,
    );
  if (!(await isPortFree(env.PB_PORT)))
    throw new StartupError(
      `Port ${env.PB_PORT} on 127.0.0.1 is already in use. Stop the other program or set PB_PORT to a free port.`,
    );

  console.log('热线学堂 Hotline Academy');
  if (buildIsStale()) {
    const t0 = performance.now();
    process.stdout.write('  Building the site (first start or sources changed)… ');
    await buildSite();
    console.log(
      `done in ${((performance.now() - t0) / 1000).toFixed(1)} s (build log: ${relative(process.cwd(), buildLogFile)})`,
    );
  }

  const dataDir = resolve(env.PB_DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const appUrl = `http://${env.HOST}:${env.PORT}`;
  let pb: PocketBaseServer | undefined;
  let demoLines: string[];
  let app: AppServer | undefined;
  const stopAll = async () => {
    await app?.stop();
    await pb?.stop();
  };
  let stopping = false;
  const shutdown = (code: number) => {
    if (stopping) return;
    stopping = true;
    void stopAll().then(() => process.exit(code));
  };
  process.on('SIGINT', () => shutdown(0));
  process.on('SIGTERM', () => shutdown(0));

  try {
    pb = await startPocketBase({ bin, dataDir, port: env.PB_PORT, origins: [appUrl] });
    // PocketBase has migrated the data dir now, so the admin CLI can run against it.
    const admin = await ensureAdminCredentials(bin, dataDir, {
      email: env.PB_ADMIN_EMAIL,
      password: env.PB_ADMIN_PASSWORD,
    });
    if (admin.generated) {
      console.log(
        `  Created the PocketBase admin (shown once, also saved in ${dataDir}/academy-admin.json):\n    ${admin.email}\n    ${admin.password}`,
      );
    }
    let seeded = false;
    if (env.SEED_DEMO === 'true') {
      const client = await adminClient(pb.url, admin.email, admin.password);
      seeded = await seedDemoData(client, env.DEMO_PASSWORD);
    }
    demoLines = env.SEED_DEMO === 'true' ? demoAccountLines(env.DEMO_PASSWORD, seeded) : [];
    app = await startAppServer({
      host: env.HOST,
      port: env.PORT,
      env: { PB_URL: pb.url, PB_ADMIN_EMAIL: admin.email, PB_ADMIN_PASSWORD: admin.password },
    });
  } catch (error) {
    await stopAll();
    throw error;
  }

  pb.process.once('exit', (code) => {
    if (!stopping) console.error(`PocketBase stopped unexpectedly (exit code ${code}); stopping the app.`);
    shutdown(1);
  });
  app.process.once('exit', (code) => {
    if (!stopping) console.error(`The app server stopped unexpectedly (exit code ${code}); stopping PocketBase.`);
    shutdown(1);
  });
  const workers = `${app.workers} worker process${app.workers === 1 ? '' : 'es'}`;
  console.log(
    [
      `  App          ${app.url}   (${workers}; APP_WORKERS to change)`,
      `  PocketBase   ${pb.url}   (admin UI ${pb.url}/_/, data in ${relative(process.cwd(), dataDir).startsWith('..') ? dataDir : relative(process.cwd(), dataDir)})`,
      ...demoLines,
      '  Ctrl-C stops both.',
    ].join('\n'),
  );
}

const roleLabels: Record<string, string> = { trainee: 'trainee', trainer: 'trainer', hr: 'HR' };

/** The demo accounts, one a line, for the start-up summary. */
function demoAccountLines(password: string, seededNow: boolean): string[] {
  const users = demoUsers(password);
  const width = Math.max(...users.map((u) => u.email.length));
  return [
    `  Demo accounts${seededNow ? ' (created now)' : ''}, password ${password}:`,
    ...users.map((u) => `    ${u.email.padEnd(width)}  ${roleLabels[u.role] ?? u.role}`),
  ];
}

main().catch((error: unknown) => {
  if (error instanceof StartupError) console.error(`Cannot start: ${error.message}`);
  else console.error('Cannot start:', error);
  process.exit(1);
});
