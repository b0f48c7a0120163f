// The email channels' polling: a cron each minute queues one poll job per enabled email channel. The
// job key is the channel's, so crons of racing workers collapse into one queued job, and each channel
// has its own job queue, so two polls of one mailbox never run at once.
import { z } from 'zod';
import { defineJob } from '../../../jobs/define.js';
import { EMAILS_PER_RUN, pollEmailChannel } from './poll-email-channel.js';
import { listPollableEmailChannels } from './repository.js';

export const POLL_EMAIL_CHANNELS_JOB = 'channels.email.poll_channels';
export const POLL_EMAIL_CHANNEL_JOB = 'channels.email.poll';

export const pollSpecOf = (channelId: string) => ({ jobKey: `${POLL_EMAIL_CHANNEL_JOB}:${channelId}`, queueName: `email:${channelId}`, maxAttempts: 3 });

export const pollEmailChannelsCron = defineJob({
  id: POLL_EMAIL_CHANNELS_JOB,
  payload: z.object({}).passthrough(),
  cron: '* * * * *',
  handler: async (_payload, deps, helpers) => {
    const channels = await listPollableEmailChannels(deps.db);
    for (const channel of channels) await helpers.addJob(POLL_EMAIL_CHANNEL_JOB, { workspaceId: channel.workspaceId, channelId: channel.id }, pollSpecOf(channel.id));
  },
});

export const pollEmailChannelJob = defineJob({
  id: POLL_EMAIL_CHANNEL_JOB,
  payload: z.object({ workspaceId: z.string().min(1), channelId: z.string().min(1) }),
  handler: async ({ workspaceId, channelId }, deps, helpers) => {
    const outcome = await pollEmailChannel(deps, workspaceId, channelId);
    // Outcome messages are the server's words and ours, never the password.
    if (outcome.status === 'failed') helpers.logger.warn(`email channel ${channelId} poll failed (${outcome.kind}): ${outcome.message}`);
    else if (outcome.more) await helpers.addJob(POLL_EMAIL_CHANNEL_JOB, { workspaceId, channelId }, pollSpecOf(channelId));
    if (outcome.status === 'polled' && outcome.imported > 0) helpers.logger.info(`email channel ${channelId}: ${outcome.imported} emails imported (at most ${EMAILS_PER_RUN} a run)`);
  },
});
