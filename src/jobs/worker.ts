// graphile-worker on Parley's own PostgreSQL: a worker process runs the jobs of the registry and
// their cron schedules; any process can enqueue through the queue handle.
import { Logger as WorkerLogger, makeWorkerUtils, parseCronItems, run, type CronItem, type Runner, type TaskList, type WorkerUtils, type TaskSpec } from 'graphile-worker';
import type pg from 'pg';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/client.js';
import type { JobDeps } from './define.js';
import { jobs } from './registry.js';

function workerLogger(logger: FastifyBaseLogger): WorkerLogger {
  return new WorkerLogger((scope) => (level, message, meta) => {
    const method = level === 'error' ? 'error' : level === 'warning' ? 'warn' : level === 'debug' ? 'debug' : 'info';
    logger[method]({ worker: scope, ...meta }, message);
  });
}

/**
 * The registry's cron schedules for graphile-worker. The identifier makes racing worker processes
 * schedule each run once; a worker that was down backfills the last hour. Each job has a queue of its
 * own, so a run that outlasts its period (a minute) is not joined by the next one: that one waits.
 */
export function cronItemsOf(list: readonly { id: string; cron?: string }[]): CronItem[] {
  return list
    .filter((job) => job.cron)
    .map((job) => ({ task: job.id, match: job.cron!, identifier: job.id, options: { backfillPeriod: 3600_000, jobKey: job.id, queueName: `cron:${job.id}` } }));
}

export async function startWorker(
  options: { pool: pg.Pool; db: Database; concurrency: number; logger: FastifyBaseLogger } & Pick<JobDeps, 'pipeline' | 'secrets' | 'publicUrl' | 'allowPrivateAddresses'>,
): Promise<Runner> {
  const stopping = new AbortController();
  const deps: JobDeps = { db: options.db, pipeline: options.pipeline, secrets: options.secrets, publicUrl: options.publicUrl, allowPrivateAddresses: options.allowPrivateAddresses, stopping: stopping.signal };
  const taskList: TaskList = {};
  for (const job of jobs) {
    taskList[job.id] = async (rawPayload, helpers) => {
      const parsed = job.payload.safeParse(rawPayload ?? {});
      if (!parsed.success) {
        // A payload that can never be valid should not be retried 25 times.
        helpers.logger.error(`invalid payload for ${job.id}: ${parsed.error.message}`);
        return;
      }
      await job.handler(parsed.data, deps, helpers);
    };
  }
  const runner = await run({
    pgPool: options.pool,
    concurrency: options.concurrency,
    taskList,
    parsedCronItems: parseCronItems(cronItemsOf(jobs)),
    noHandleSignals: true,
    pollInterval: 2000,
    logger: workerLogger(options.logger),
  });
  runner.events.once('stop', () => stopping.abort());
  return runner;
}

export type JobQueue = {
  enqueue(jobId: string, payload: unknown, spec?: TaskSpec): Promise<void>;
  close(): Promise<void>;
};

export async function openJobQueue(pool: pg.Pool): Promise<JobQueue> {
  const utils: WorkerUtils = await makeWorkerUtils({ pgPool: pool });
  return {
    enqueue: async (jobId, payload, spec) => {
      await utils.addJob(jobId, payload as never, spec);
    },
    close: async () => {
      await utils.release();
    },
  };
}
