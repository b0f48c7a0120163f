// Polling of listening sources: a cron each minute queues one poll job per due, enabled polling
// source (keyed per source), and the poll job runs it (commands/poll-source.ts).
import { z } from 'zod';
import { defineJob, type JobDeps } from '../../../../jobs/define.js';
import { pollSource, type SourceDeps } from '../commands/poll-source.js';
import { POLL_JOB, queueDuePolls } from '../repository.js';

/** A queued source's next poll is pushed this far out until its job sets the real time (a crashed job is retried then). */
const POLL_LEASE_SECONDS = 600;

export const pollSourcesCron = defineJob({
  id: 'listening.poll_sources',
  payload: z.object({}).passthrough(),
  cron: '* * * * *',
  handler: async (_payload, deps, helpers) => {
    const queued = await queueDuePolls(deps.db, POLL_LEASE_SECONDS);
    if (queued > 0) helpers.logger.debug(`queued ${queued} source polls`);
  },
});

export function sourceDepsOf(deps: JobDeps): SourceDeps {
  if (!deps.pipeline || !deps.secrets) throw new Error('listening source jobs need the worker\'s pipeline and SecretBox (startWorker options)');
  return { db: deps.db, pipeline: deps.pipeline, secrets: deps.secrets, allowPrivateAddresses: deps.allowPrivateAddresses };
}

export const pollSourceJob = defineJob({
  id: POLL_JOB,
  payload: z.object({ workspaceId: z.string().min(1), sourceId: z.string().min(1) }),
  handler: async ({ workspaceId, sourceId }, deps, helpers) => {
    const outcome = await pollSource(sourceDepsOf(deps), workspaceId, sourceId);
    // The message is the driver's, which never holds credentials.
    if (outcome.status === 'failed') helpers.logger.warn(`source ${sourceId} failed (${outcome.kind}): ${outcome.message}`);
  },
});
