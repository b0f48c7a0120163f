// Process lifecycle shared by `parley start`, `parley migrate` and the admin commands: configuration,
// the database (embedded or DATABASE_URL), migrations, the instance secret, and orderly shutdown.
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import type { FastifyInstance } from 'fastify';
import type { Runner } from 'graphile-worker';
import { connectDatabase, type DatabaseHandle } from '../db/client.js';
import { startEmbeddedDatabase } from '../db/embedded.js';
import { migrateDatabase } from '../db/migrate.js';
import { startWorker } from '../jobs/worker.js';
import { randomToken, SecretBox } from '../lib/secrets.js';
import { ListeningPipeline } from '../modules/listening/pipeline/pipeline.js';
import { StreamSupervisor } from '../modules/listening/sources/stream-supervisor.js';
import { buildApp } from './app.js';
import { createAuth } from './auth.js';
import type { Env } from './env.js';

export function createLogger(level: Env['LOG_LEVEL']): Logger {
  return pino({
    level,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.accessToken', '*.appSecret'], censor: '[redacted]' },
  });
}

export type OpenedDatabase = { database: DatabaseHandle; url: string; close(): Promise<void> };

export async function openDatabase(env: Env, logger: Logger, options: { migrate?: boolean } = {}): Promise<OpenedDatabase> {
  const embedded = env.DATABASE_URL
    ? null
    : await startEmbeddedDatabase({ dataDir: env.PARLEY_DATA_DIR, port: env.PARLEY_EMBEDDED_PG_PORT, osUser: env.PARLEY_PG_OS_USER, logger });
  const url = env.DATABASE_URL ?? embedded!.url;
  const database = connectDatabase(url, env.DATABASE_POOL_SIZE, { prepared: env.DATABASE_PREPARED_STATEMENTS });
  try {
    await database.pool.query('SELECT 1');
    if (options.migrate !== false) await migrateDatabase(database.db, database.pool);
  } catch (error) {
    await database.close().catch(() => {});
    await embedded?.stop();
    throw error;
  }
  return {
    database,
    url,
    close: async () => {
      await database.close();
      await embedded?.stop();
    },
  };
}

/** PARLEY_SECRET, or one generated once into the data folder (0600) so that restarts keep sessions valid. */
export async function instanceSecret(env: Env): Promise<string> {
  if (env.PARLEY_SECRET) return env.PARLEY_SECRET;
  const file = path.join(path.resolve(env.PARLEY_DATA_DIR), 'secret');
  if (!existsSync(file)) {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, randomToken(48), { mode: 0o600, flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
  return (await readFile(file, 'utf8')).trim();
}

export const publicUrlOf = (env: Env) => env.PUBLIC_URL ?? `http://localhost:${env.PORT}`;

export type RunningParley = { app: FastifyInstance | null; worker: Runner | null; url: string | null; stop(): Promise<void> };

/**
 * Starts what PARLEY_ROLE says in this process, on `opened` when the caller has opened (and migrated)
 * the database already; stop() closes it. `part`: this process is one part of an instance that
 * WEB_PROCESSES started (a web process, or the primary's worker), which says "Parley is ready" once for all.
 */
export async function startParley(env: Env, logger: Logger = createLogger(env.LOG_LEVEL), openedAlready?: OpenedDatabase, options: { part?: boolean } = {}): Promise<RunningParley> {
  const startedAt = Date.now();
  const opened = openedAlready ?? (await openDatabase(env, logger));
  const { database } = opened;
  let app: FastifyInstance | null = null;
  let worker: Runner | null = null;
  let streams: StreamSupervisor | null = null;
  // One listening pipeline per process, shared by the API and the jobs that poll sources.
  const pipeline = new ListeningPipeline(database.db, { threads: env.LISTENING_THREADS ?? Math.max(0, availableParallelism() - 1) });
  try {
    const secret = await instanceSecret(env);
    const secrets = new SecretBox(secret);
    if (env.PARLEY_ROLE !== 'worker') {
      const publicUrl = publicUrlOf(env);
      const auth = createAuth({ db: database.db, secret, publicUrl });
      app = await buildApp({
        database,
        databaseUrl: opened.url,
        auth,
        logger,
        publicUrl,
        authRateLimit: env.AUTH_RATE_LIMIT,
        trustProxy: env.TRUST_PROXY,
        pipeline,
        secrets,
      });
      await app.listen({ port: env.PORT, host: env.HOST });
    }
    if (env.PARLEY_ROLE !== 'web') {
      const allowPrivateAddresses = env.FETCH_PRIVATE_ADDRESSES;
      worker = await startWorker({ pool: database.pool, db: database.db, concurrency: env.WORKER_CONCURRENCY, logger, pipeline, secrets, publicUrl: env.PUBLIC_URL, allowPrivateAddresses });
      // Streaming listening sources run in worker processes, each in the one process holding its lease.
      streams = new StreamSupervisor({ db: database.db, pipeline, secrets, allowPrivateAddresses }, { logger });
      streams.start();
    }
  } catch (error) {
    await app?.close().catch(() => {});
    await pipeline.close().catch(() => {});
    await opened.close().catch(() => {});
    throw error;
  }
  const address = app?.server.address();
  const url = address && typeof address === 'object' ? `http://${env.HOST}:${address.port}` : null;
  if (options.part) logger.debug({ role: env.PARLEY_ROLE, url, ms: Date.now() - startedAt }, 'started');
  else logger.info({ role: env.PARLEY_ROLE, url, ms: Date.now() - startedAt }, 'Parley is ready');

  let stopping: Promise<void> | null = null;
  return {
    app,
    worker,
    url,
    stop: () =>
      (stopping ??= (async () => {
        // In-flight requests finish (app.close), running jobs finish (worker.stop), then the database stops.
        await app?.close();
        await streams?.stop();
        await worker?.stop();
        await pipeline.close();
        await opened.close();
      })()),
  };
}
