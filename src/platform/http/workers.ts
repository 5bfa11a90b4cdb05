/**
 * The app as several processes sharing one port (node:cluster: the primary accepts connections and hands them to
 * the workers in turn). Every guarantee lives in PocketBase (versioned compare-and-set, unique indexes, shared
 * counters), so any worker may answer any request. The primary
 * - starts `count` workers and restarts one that dies (unless workers keep dying at start: then it gives up);
 * - on SIGTERM/SIGINT stops them gracefully: each stops accepting, finishes the requests it is answering and exits;
 * - on SIGHUP restarts them one at a time (a new one listening before the old one stops), for upgrades without
 *   dropping a request: see the README's upgrade procedure.
 */
import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import type { Server } from 'node:http';

/** Default number of workers: one per core but one (PocketBase needs a core), at least one. */
export function defaultWorkerCount(cores = availableParallelism()): number {
  return Math.max(1, cores - 1);
}

export interface WorkerOptions {
  count: number;
  /** Starts this worker's HTTP server (runs in each worker). */
  serve: () => Promise<Server>;
  /** How long a stopping worker may take to finish its requests before it is ended. */
  graceMs?: number;
  log?: (message: string) => void;
}

const shutdownMessage = 'academy:shutdown';

/** In a worker: serve, and stop gracefully when asked (or when the primary is gone). */
async function runWorker({ serve, graceMs = 10_000 }: WorkerOptions): Promise<void> {
  const server = await serve();
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    // Stop accepting; idle keep-alive connections close now, busy ones after their answer (Node ≥ 19).
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), graceMs).unref();
  };
  process.on('message', (message) => message === shutdownMessage && stop());
  process.on('disconnect', stop); // the primary died or is disconnecting us
  process.on('SIGTERM', stop);
  process.on('SIGINT', () => {}); // Ctrl-C reaches the whole process group: the primary decides
}

/** In the primary: start, watch, restart and stop the workers. Resolves once all are listening. */
async function runPrimary({ count, graceMs = 10_000, log = console.log }: WorkerOptions): Promise<void> {
  let stopping = false;
  let quickDeaths = 0;
  const startedAt = new Map<Worker, number>();
  const retiring = new Set<Worker>();

  const fork = () =>
    new Promise<Worker>((resolve, reject) => {
      const worker = cluster.fork({ APP_WORKERS: String(count) });
      startedAt.set(worker, Date.now());
      const onExit = (code: number | null) => reject(new Error(`worker ${worker.process.pid} exited with code ${code} before listening`));
      worker.once('exit', onExit);
      worker.once('listening', () => {
        worker.off('exit', onExit);
        resolve(worker);
      });
    });

  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (startedAt.get(worker) ?? 0);
    startedAt.delete(worker);
    if (stopping || retiring.delete(worker)) return;
    log(`App worker ${worker.process.pid} stopped (${signal ?? `exit code ${code}`}); starting another.`);
    quickDeaths = lived < 5_000 ? quickDeaths + 1 : 0;
    if (quickDeaths >= 5) {
      log('App workers keep stopping right after they start; giving up.');
      void shutdown(1);
      return;
    }
    fork().catch((error: Error) => log(`Could not restart an app worker: ${error.message}`));
  });

  const stopWorker = (worker: Worker) =>
    new Promise<void>((resolve) => {
      if (worker.isDead()) return resolve();
      const timer = setTimeout(() => worker.process.kill('SIGKILL'), graceMs + 2_000);
      worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      worker.send(shutdownMessage);
    });

  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await Promise.all(Object.values(cluster.workers ?? {}).flatMap((w) => (w ? [stopWorker(w)] : [])));
    process.exit(code);
  };

  let rolling = false;
  /** Replace every worker, one at a time: the new one listens before the old one stops taking connections. */
  const rollingRestart = async () => {
    if (rolling || stopping) return;
    rolling = true;
    const old = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
    log(`Restarting ${old.length} app worker(s) one at a time…`);
    try {
      for (const worker of old) {
        await fork();
        retiring.add(worker);
        await stopWorker(worker);
      }
      log('All app workers restarted.');
    } catch (error) {
      log(`Rolling restart stopped: ${(error as Error).message}; the workers that run keep serving.`);
    } finally {
      rolling = false;
    }
  };

  process.on('SIGTERM', () => void shutdown(0));
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGHUP', () => void rollingRestart());
  await Promise.all(Array.from({ length: count }, fork));
}

/** Run as primary or worker, depending on which this process is. */
export function runWorkers(options: WorkerOptions): Promise<void> {
  return cluster.isPrimary ? runPrimary(options) : runWorker(options);
}

/** True in the cluster's primary process (which serves nothing itself). */
export const isPrimary = () => cluster.isPrimary;
