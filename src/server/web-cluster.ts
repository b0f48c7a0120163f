// Several web processes on one machine (WEB_PROCESSES > 1). One Node process serves HTTP on one core,
// so a busy instance on a machine with more cores runs several, sharing the port through node:cluster
// (the primary accepts connections and hands them round-robin to its web processes). The primary
// opens the database first (starting the embedded PostgreSQL and migrating), runs the job worker
// itself when the role is `all`, starts another web process when one dies, and on SIGTERM stops the
// web processes (each finishes its in-flight requests) before its worker and the database.
// Web processes share nothing but PostgreSQL, as they do across machines: sessions, cache
// invalidation and live updates (LISTEN/NOTIFY) already work across processes.
import cluster, { type Worker } from 'node:cluster';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Env } from './env.js';
import { instanceSecret, openDatabase, startParley, type RunningParley } from './runtime.js';

/** How long the primary waits before it replaces a web process that stopped. A web process that exits before it listens is failing to start: it is not replaced, so a bad start does not loop. */
const RESTART_DELAY_MS = 1_000;

export type RunningCluster = { url: string; webPids(): number[]; stop(): Promise<void> };

/** True in a web process the primary forked: `parley start` then runs as role `web` whatever its options say. */
export const isClusterWebProcess = (): boolean => cluster.isWorker;

/** Runs WEB_PROCESSES web processes (and, for role `all`, the job worker in this one); resolves once all of them listen. */
export async function startWebCluster(env: Env, logger: Logger): Promise<RunningCluster> {
  const startedAt = Date.now();
  const opened = await openDatabase(env, logger);
  const listening = new Set<Worker>();
  const children = new Set<Worker>();
  let stopping = false;
  let port = env.PORT;
  let startFailed: (error: Error) => void = () => {};

  const fork = (onListening?: () => void): void => {
    // Each web process connects to the database the primary opened (the embedded server's address
    // included) and reads the instance secret the primary made sure exists.
    const child = cluster.fork({ DATABASE_URL: opened.url, PARLEY_ROLE: 'web', WEB_PROCESSES: '1' });
    children.add(child);
    child.once('listening', (address: AddressInfo) => {
      listening.add(child);
      port = address.port;
      onListening?.();
    });
    child.once('exit', (code, signal) => {
      children.delete(child);
      const wasListening = listening.delete(child);
      if (stopping) return;
      if (!wasListening) return startFailed(new Error(`a web process exited before it listened (${signal ?? `code ${code}`}); its log says why`));
      logger.error({ pid: child.process.pid, code, signal }, 'a web process stopped; starting another');
      setTimeout(() => {
        if (!stopping) fork();
      }, RESTART_DELAY_MS);
    });
  };

  const stopChildren = () => {
    stopping = true;
    return Promise.all(
      [...children].map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.isDead()) return resolve();
            child.once('exit', () => resolve());
            child.process.kill('SIGTERM');
          }),
      ),
    );
  };

  let worker: RunningParley | null = null;
  let databaseHandedOn = false;
  try {
    await instanceSecret(env);
    await new Promise<void>((resolve, reject) => {
      startFailed = reject;
      let ready = 0;
      for (let i = 0; i < env.WEB_PROCESSES; i += 1) fork(() => (++ready === env.WEB_PROCESSES ? resolve() : undefined));
    });
    startFailed = (error) => logger.error({ err: error }, 'a web process failed to start again');
    if (env.PARLEY_ROLE === 'all') {
      // From here the worker owns the database: it closes it when it fails to start, or stops.
      databaseHandedOn = true;
      worker = await startParley({ ...env, PARLEY_ROLE: 'worker' }, logger, opened, { part: true });
    }
  } catch (error) {
    await stopChildren();
    if (!databaseHandedOn) await opened.close().catch(() => {});
    throw error;
  }
  const url = `http://${env.HOST}:${port}`;
  logger.info({ role: env.PARLEY_ROLE, url, webProcesses: env.WEB_PROCESSES, ms: Date.now() - startedAt }, 'Parley is ready');

  let stopped: Promise<void> | null = null;
  return {
    url,
    webPids: () => [...listening].map((child) => child.process.pid!),
    stop: () =>
      (stopped ??= (async () => {
        // Web processes finish their requests and exit, then the worker finishes its jobs and the database stops.
        await stopChildren();
        if (worker) await worker.stop();
        else await opened.close();
      })()),
  };
}
