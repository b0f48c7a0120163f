// Enqueues a job inside the caller's transaction (graphile_worker.add_job), so the job exists if and
// only if the change that asked for it commits.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';

export async function enqueueJob(
  tx: Executor,
  taskId: string,
  payload: Record<string, unknown>,
  options: { jobKey?: string; runAt?: Date; maxAttempts?: number } = {},
): Promise<void> {
  await tx.execute(sql`SELECT graphile_worker.add_job(
    ${taskId},
    ${JSON.stringify(payload)}::json,
    run_at := ${options.runAt?.toISOString() ?? null}::timestamptz,
    max_attempts := ${options.maxAttempts ?? 25},
    job_key := ${options.jobKey ?? null}
  )`);
}
