// channels.listening.join_threads: replies that the listening sources store after a thread was
// escalated join its conversation (reopening it when resolved), so the agent sees the customer
// answer without going back to the explorer. Each minute it reads, per workspace with a listening
// channel, the reply mentions stored since where it stopped (kept in the channel's config).
import { z } from 'zod';
import type { Database } from '../../../db/client.js';
import { defineJob } from '../../../jobs/define.js';
import { AppError } from '../../../server/errors.js';
import { joinListeningThread } from '../../inbox/commands/escalate-mention.js';
import * as repo from './repository.js';

const BATCH = 500;

/** One pass over every workspace's new reply mentions; returns how many joined a conversation. */
export async function joinEscalatedThreads(db: Database, batch = BATCH): Promise<number> {
  let joined = 0;
  for (const channel of await repo.listListeningChannels(db)) {
    let after = Number(channel.config.joinedThroughMentionId ?? 0);
    for (;;) {
      const replies = await repo.replyMentionsAfter(db, channel.workspaceId, after, batch);
      for (const mention of replies) {
        try {
          if (await joinListeningThread(db, mention)) joined++;
        } catch (error) {
          // A reply whose author cannot be a contact stays in the explorer only.
          if (!(error instanceof AppError)) throw error;
        }
        after = mention.id;
      }
      if (replies.length > 0) await repo.setJoinedThrough(db, channel.id, after);
      if (replies.length < batch) break;
    }
  }
  return joined;
}

export const joinThreadsJob = defineJob({
  id: 'channels.listening.join_threads',
  payload: z.object({}).passthrough(),
  cron: '* * * * *',
  handler: async (_payload, { db }, helpers) => {
    const joined = await joinEscalatedThreads(db);
    if (joined > 0) helpers.logger.info(`${joined} new repl${joined === 1 ? 'y' : 'ies'} joined escalated conversations`);
  },
});
