// Enqueues a job inside the caller's transaction (graphile_worker.add_job), so the job exists if and
// only if the change that asked for it commits.
import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client.js';

export type EnqueueOptions = {
  jobKey?: string;
  /** with a jobKey: 'replace' (default) moves the waiting job to runAt; 'preserve_run_at' keeps its time, so repeated calls run it once, on schedule */
  jobKeyMode?: 'replace' | 'preserve_run_at';
  runAt?: Date;
  maxAttempts?: number;
};

/** The add_job call, for a statement that does more in the same round trip (enqueueJob runs it alone). */
export function addJobSql(taskId: string, payload: Record<string, unknown>, options: EnqueueOptions = {}): SQL {
  return sql`graphile_worker.add_job(
    ${taskId},
    ${JSON.stringify(payload)}::json,
    run_at := ${options.runAt?.toISOString() ?? null}::timestamptz,
    max_attempts := ${options.maxAttempts ?? 25},
    job_key := ${options.jobKey ?? null},
    job_key_mode := ${options.jobKeyMode ?? 'replace'}
  )`;
}

export async function enqueueJob(tx: Executor, taskId: string, payload: Record<string, unknown>, options: EnqueueOptions = {}): Promise<void> {
  await tx.execute(sql`SELECT ${addJobSql(taskId, payload, options)}`);
}
