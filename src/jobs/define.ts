// A background job: an id, a zod payload and a handler. Handlers must be idempotent: graphile-worker
// retries failures with exponential backoff, and a job may run again after a crash.
import type { JobHelpers } from 'graphile-worker';
import type { z } from 'zod';
import type { Database } from '../db/client.js';
import type { SecretBox } from '../lib/secrets.js';
import type { ListeningPipeline } from '../modules/listening/pipeline/pipeline.js';

/** What a job handler gets: the database, and in worker processes the one listening pipeline of the process and the SecretBox of stored credentials. */
/** `publicUrl`: where platforms reach this Parley (signed file links for drivers that send files by URL). */
export type JobDeps = {
  db: Database;
  pipeline?: ListeningPipeline;
  secrets?: SecretBox;
  publicUrl?: string;
  /** FETCH_PRIVATE_ADDRESSES: listening sources may reach loopback and private addresses */
  allowPrivateAddresses?: boolean;
  /**
   * Aborted as soon as the worker starts to stop. A job that loops for a long while (a drain with a time
   * budget) ends at its next batch instead of holding the shutdown: what it committed stays, the rest
   * waits for the next run. (graphile-worker's own helpers.abortSignal fires only 5 s into a shutdown.)
   */
  stopping?: AbortSignal;
};

export type JobDefinition<T extends z.ZodType = z.ZodType> = {
  id: string;
  payload: T;
  handler: (payload: z.infer<T>, deps: JobDeps, helpers: JobHelpers) => Promise<void>;
  /** graphile-worker crontab line(s) without the task name, e.g. '0 * * * *' */
  cron?: string;
};

export const defineJob = <T extends z.ZodType>(job: JobDefinition<T>): JobDefinition<T> => job;
