// inbox.send_message: sends one queued outbound message through its channel's driver. It keeps the
// channel's rate (sends per minute) by waiting its turn, retries temporary failures with backoff and
// rate limits after the platform's Retry-After, and ends a message failed — with the reason on it and
// a Retry button in the inbox — when the platform refuses it or the credentials are no longer valid.
// Safe to run twice: a message already sent is left alone.
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../../db/client.js';
import { channels, conversations, identities, messages } from '../../../db/schema.js';
import { preparedQuery } from '../../../db/prepared.js';
import { defineJob, type JobDeps } from '../../../jobs/define.js';
import { emitEvent, notifySql } from '../../../server/events.js';
import { ChannelSendError, type ChannelAccount, type OutboundMessage } from '../../channels/driver.js';
import '../../channels/drivers.js';
import { channelDriver } from '../../channels/registry.js';
import { withPublicUrl } from '../../channels/public-files.js';
import { channelAccountOf, latestInboundExternalIdSql, UNREADABLE_CREDENTIALS } from '../commands/reply-refusal.js';
import { enqueueSend, SEND_MESSAGE_JOB } from '../commands/send-message.js';

/** Temporary failures are retried this many times (with backoff from 5 s to 10 min) before the message fails. */
export const MAX_SEND_ATTEMPTS = 8;
const backoffMs = (attempt: number) => Math.min(600_000, 5000 * 2 ** Math.max(0, attempt - 1));

export const sendMessageJob = defineJob({
  id: SEND_MESSAGE_JOB,
  payload: z.object({ workspaceId: z.string(), messageId: z.number().int() }),
  handler: async (payload, deps) => {
    await deliverMessage(deps, payload.workspaceId, payload.messageId);
  },
});

export type DeliveryOutcome = 'sent' | 'delivered' | 'failed' | 'retrying' | 'waiting' | 'skipped';

// Built once (prepared): a send job runs for every reply. One round trip reads everything a send
// needs: the message with its conversation and channel, the channel's sends in the last minute
// (counted up to its limit, through messages_channel_sent_idx), the contact's identity on the channel
// and the platform id the reply answers (the message it replies to, else the customer's latest one).
const messageToSend = preparedQuery((db) =>
  db
    .select({
      message: messages,
      conversation: conversations,
      channel: channels,
      recentSends: sql<number>`(SELECT count(*)::int FROM (
        SELECT 1 FROM messages sent
         WHERE sent.channel_id = ${channels.id} AND sent.direction = 'outbound' AND sent.sent_at IS NOT NULL
           AND sent.sent_at > ${sql.placeholder('since')}::timestamptz
         LIMIT ${channels.sendsPerMinute}) recent)`,
      recipientExternalId: identities.externalId,
      recipientHandle: identities.handle,
      replyToExternalId: sql<string | null>`coalesce(
        (SELECT target.external_id FROM messages target WHERE target.id = ${messages.replyToMessageId}),
        ${latestInboundExternalIdSql(messages.conversationId, messages.id)})`,
    })
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .innerJoin(channels, eq(channels.id, messages.channelId))
    .leftJoin(identities, eq(identities.id, conversations.identityId))
    .where(and(eq(messages.workspaceId, sql.placeholder('workspaceId')), eq(messages.id, sql.placeholder('messageId'))))
    .prepare(''),
);
const markSending = preparedQuery((db) =>
  db
    .update(messages)
    .set({ status: 'sending', attempts: sql`${sql.placeholder('attempts')}::int` })
    .where(eq(messages.id, sql.placeholder('messageId')))
    .prepare(''),
);

export async function deliverMessage(deps: Pick<JobDeps, 'db' | 'secrets' | 'publicUrl'>, workspaceId: string, messageId: number, now = new Date()): Promise<DeliveryOutcome> {
  const db = deps.db;
  const [row] = await messageToSend(db).execute({ workspaceId, messageId, since: new Date(now.getTime() - 60_000).toISOString() });
  if (!row || row.message.kind !== 'message' || row.message.direction !== 'outbound') return 'skipped';
  const { message, conversation, channel } = row;
  if (message.status !== 'queued' && message.status !== 'sending') return 'skipped';

  // The channel's rate: beyond its sends per minute, this message waits for the minute to roll over.
  if (row.recentSends >= channel.sendsPerMinute) {
    await db.transaction((tx) => enqueueSend(tx, workspaceId, messageId, new Date(now.getTime() + 5_000)));
    return 'waiting';
  }

  const attempt = message.attempts + 1;
  await markSending(db).execute({ messageId, attempts: attempt });

  const fail = async (error: string, channelHealth?: string) => {
    await settle(
      db,
      workspaceId,
      db.update(messages).set({ status: 'failed', error: error.slice(0, 1000) }).where(eq(messages.id, messageId)),
      channelHealth ? db.update(channels).set({ health: channelHealth, lastError: error.slice(0, 1000), lastErrorAt: now }).where(eq(channels.id, channel.id)) : null,
      { conversationId: conversation.id, messageId, status: 'failed' },
    );
    return 'failed' as const;
  };
  const retryLater = async (error: string, delayMs: number) => {
    if (attempt >= MAX_SEND_ATTEMPTS) return fail(`${error} (gave up after ${attempt} attempts)`);
    await db.transaction(async (tx) => {
      await tx.update(messages).set({ status: 'queued', error: error.slice(0, 1000) }).where(eq(messages.id, messageId));
      await enqueueSend(tx, workspaceId, messageId, new Date(now.getTime() + delayMs));
      await emitEvent(tx, workspaceId, 'message.updated', { conversationId: conversation.id, messageId, status: 'queued' });
    });
    return 'retrying' as const;
  };

  const driver = channelDriver(channel.type);
  if (!driver) return fail(`Parley cannot send on ${channel.type} channels yet.`);
  let account: ChannelAccount;
  try {
    account = channelAccountOf(deps.secrets, channel);
  } catch {
    return fail(UNREADABLE_CREDENTIALS, 'needs_reconnect');
  }
  const outbound: OutboundMessage = {
    messageId: String(message.id),
    conversationId: conversation.id,
    externalThreadId: conversation.externalThreadId,
    visibility: conversation.visibility,
    // The identity is left-joined on the conversation's identity_id, and its external id is never null.
    recipient: row.recipientExternalId !== null ? { externalId: row.recipientExternalId, handle: row.recipientHandle } : null,
    text: message.text,
    attachments: message.attachments.map((attachment) => withPublicUrl(deps, attachment, now.getTime())),
    replyToExternalId: row.replyToExternalId,
    sourceMentionId: conversation.sourceMentionId,
  };
  const context = { db, ...(deps.secrets ? { secrets: deps.secrets } : {}), channel: account };
  const refusal = driver.cannotReply ? await driver.cannotReply(context, outbound) : null;
  if (refusal) return fail(refusal);

  try {
    const result = await driver.send(context, outbound);
    await settle(
      db,
      workspaceId,
      db
        .update(messages)
        .set({ status: result.status, externalId: result.externalId ?? message.externalId, sentAt: now, error: null, ...(result.status === 'delivered' ? { deliveredAt: now } : {}) })
        .where(eq(messages.id, messageId)),
      channel.health !== 'ok' ? db.update(channels).set({ health: 'ok' }).where(eq(channels.id, channel.id)) : null,
      { conversationId: conversation.id, messageId, status: result.status },
    );
    return result.status;
  } catch (error) {
    if (error instanceof ChannelSendError) {
      if (error.kind === 'permanent') return fail(error.message);
      if (error.kind === 'credentials') return fail(error.message, 'needs_reconnect');
      if (error.kind === 'rate_limited') {
        const delayMs = Math.max(1000, error.retryAfterMs ?? backoffMs(attempt));
        // Shown on the channel's card as "rate-limited" until then.
        await db.update(channels).set({ rateLimitedUntil: new Date(now.getTime() + delayMs) }).where(eq(channels.id, channel.id));
        return retryLater(error.message, delayMs);
      }
      return retryLater(error.message, backoffMs(attempt));
    }
    return retryLater(error instanceof Error ? error.message : String(error), backoffMs(attempt));
  }
}

/**
 * A send's outcome: the message's new state, the channel's health when it changes and the
 * `message.updated` event, in one statement — atomic as a transaction, in one round trip instead of four.
 */
async function settle(db: Database, workspaceId: string, message: { getSQL(): SQL }, channel: { getSQL(): SQL } | null, event: Record<string, unknown>): Promise<void> {
  await db.execute(sql`WITH message AS (${message.getSQL()})${channel ? sql`, channel AS (${channel.getSQL()})` : sql``} SELECT ${notifySql(workspaceId, [{ type: 'message.updated', data: event }])}`);
}
