// inbox.wake_snoozed: every minute, snoozed conversations whose time has come are opened again (and
// go back into their queues, with their SLA clock running). Safe to run twice: an open conversation
// is not touched.
import { and, eq, lte } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../../db/client.js';
import { conversations } from '../../../db/schema.js';
import { defineJob } from '../../../jobs/define.js';
import { changeConversation } from '../commands/change-conversation.js';

export const wakeSnoozedJob = defineJob({
  id: 'inbox.wake_snoozed',
  payload: z.object({}).passthrough(),
  cron: '* * * * *',
  handler: async (_payload, deps) => {
    await wakeSnoozed(deps.db);
  },
});

export async function wakeSnoozed(db: Database, now = new Date(), batch = 500): Promise<number> {
  const due = await db
    .select({ id: conversations.id, workspaceId: conversations.workspaceId })
    .from(conversations)
    .where(and(eq(conversations.status, 'snoozed'), lte(conversations.snoozedUntil, now)))
    .limit(batch);
  for (const conversation of due) {
    await changeConversation(db, conversation.workspaceId, conversation.id, { status: 'open' }, { memberId: null, label: 'Snooze ended' }, { now });
  }
  return due.length;
}
