/**
 * The app as several processes sharing one port (node:cluster: the primary accepts connections and hands them to
 * the workers in turn). Every guarantee lives in PocketBase (versioned compare-and-set, unique indexes, shared
 * counters), so any worker may answer any request. The primary
 * - starts `count` workers and restarts one that dies (unless workers keep dying at start: then it gives up);
 * - on SIGTERM/SIGINT stops them gracefully: each stops accepting, finishes the requests it is answering and exits;
 * - on SIGHUP restarts them one at a time (a new one listening before the old one stops), for upgrades without
 *   dropping a request: see the README's upgrade procedure. A retiring worker stops taking connections but does
 *   not close the keep-alive connections it has: closing one while the proxy sends a request on it is the one
 *   way to lose a request. It answers every further request with `Connection: close` and exits once its clients
 *   have closed them (nginx closes idle upstream connections after its keepalive_timeout), or after
 *   `retireGraceMs`.
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
  /** How long a worker replaced by a rolling restart waits for its keep-alive connections to close. */
  retireGraceMs?: number;
  log?: (message: string) => void;
}

const shutdownMessage = 'academy:shutdown';
const retireMessage = 'academy:retire';
const defaultRetireGraceMs = 70_000;

/** In a worker: serve, and stop gracefully when asked (or when the primary is gone). */
async function runWorker({
  serve,
  graceMs = 10_000,
  retireGraceMs = defaultRetireGraceMs,
}: WorkerOptions): Promise<void> {
  const server = await serve();
  let stopping = false;
  const stop = (retiring: boolean) => {
    if (stopping) return;
    stopping = true;
    if (retiring) {
      // Keep the open connections (see the file comment): the next answer on each says Connection: close.
      server.prependListener('request', (_req, res) => void (res.shouldKeepAlive = false));
      server.closeIdleConnections = () => {};
    }
    // Stop accepting; exit once every connection is closed (on a plain stop idle keep-alive connections close now
    // and busy ones after their answer).
    server.close(() => process.exit(0));
    setTimeout(
      () => {
        server.closeAllConnections();
        process.exit(0);
      },
      retiring ? retireGraceMs : graceMs,
    ).unref();
  };
  process.on('message', (message) => {
    if (message === shutdownMessage) stop(false);
    else if (message === retireMessage) stop(true);
  });
  process.on('disconnect', () => stop(false)); // the primary died or is disconnecting us
  process.on('SIGTERM', () => stop(false));
  process.on('SIGINT', () => {}); // Ctrl-C reaches the whole process group: the primary decides
}

/** In the primary: start, watch, restart and stop the workers. Resolves once all are listening. */
async function runPrimary({
  count,
  graceMs = 10_000,
  retireGraceMs = defaultRetireGraceMs,
  log = console.log,
}: WorkerOptions): Promise<void> {
  let stopping = false;
  let quickDeaths = 0;
  const startedAt = new Map<Worker, number>();
  const retiring = new Set<Worker>();

  const fork = () =>
    new Promise<Worker>((resolve, reject) => {
      const worker = cluster.fork({ APP_WORKERS: String(count) });
      startedAt.set(worker, Date.now());
      const onExit = (code: number | null) =>
        reject(new Error(`worker ${worker.process.pid} exited with code ${code} before listening`));
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

  const stopWorker = (worker: Worker, retire = false) =>
    new Promise<void>((resolve) => {
      if (worker.isDead()) return resolve();
      const timer = setTimeout(() => worker.process.kill('SIGKILL'), (retire ? retireGraceMs : graceMs) + 2_000);
      worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      worker.send(retire ? retireMessage : shutdownMessage);
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
        await stopWorker(worker, true);
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
