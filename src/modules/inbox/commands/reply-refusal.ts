// Why a reply cannot go out on a conversation's channel: the channel driver's answer (no token, no
// address to answer, Meta's 24-hour window, a listening source without a reply API…), asked before
// anyone types — the conversation screen shows it over the composer — as the send job asks it before
// each send. Also the two things both need: the channel account with its credentials opened, and the
// contact's identity on the channel.
import { and, eq, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Database } from '../../../db/client.js';
import { channels, conversations, identities, messages } from '../../../db/schema.js';
import type { SecretBox } from '../../../lib/secrets.js';
import type { ChannelAccount, OutboundAttachment, OutboundMessage } from '../../channels/driver.js';
import '../../channels/drivers.js';
import { channelDriver } from '../../channels/registry.js';

export const UNREADABLE_CREDENTIALS = 'The channel’s stored credentials cannot be read; connect the channel again.';

/** The channel as drivers see it; throws when its sealed credentials cannot be opened here. */
export function channelAccountOf(secrets: SecretBox | undefined, channel: typeof channels.$inferSelect): ChannelAccount {
  let credentials: Record<string, unknown> = {};
  if (channel.credentials) {
    if (!secrets) throw new Error('no SecretBox in this process');
    credentials = JSON.parse(secrets.open(channel.credentials)) as Record<string, unknown>;
  }
  return { id: channel.id, workspaceId: channel.workspaceId, type: channel.type, name: channel.name, config: channel.config, credentials };
}

export async function recipientOf(db: Database, identityId: string | null): Promise<OutboundMessage['recipient']> {
  if (!identityId) return null;
  const [identity] = await db.select({ externalId: identities.externalId, handle: identities.handle }).from(identities).where(eq(identities.id, identityId));
  return identity ?? null;
}

/**
 * The platform id of the customer's latest message in the conversation (before message `beforeId`,
 * when given), as a scalar subquery: what a reply answers when it names no message. The send job and
 * the refusal asked before typing both use it, so they answer the same message.
 */
export function latestInboundExternalIdSql(conversationId: SQLWrapper | string, beforeId?: SQLWrapper): SQL<string | null> {
  return sql<string | null>`(SELECT latest.external_id FROM ${messages} latest
    WHERE latest.conversation_id = ${conversationId} AND latest.direction = 'inbound' AND latest.external_id IS NOT NULL${beforeId ? sql` AND latest.id < ${beforeId}` : sql``}
    ORDER BY latest.id DESC LIMIT 1)`;
}

async function latestInboundExternalId(db: Database, conversationId: string): Promise<string | null> {
  const result = await db.execute<{ external_id: string | null }>(sql`SELECT ${latestInboundExternalIdSql(conversationId)} AS external_id`);
  return result.rows[0]?.external_id ?? null;
}

/**
 * Why a text reply to this conversation would be refused now, or null when it would go out (or there is
 * no such conversation). With `attachments`, why a reply carrying those files would be refused.
 */
export async function replyRefusal(deps: { db: Database; secrets?: SecretBox | undefined }, workspaceId: string, conversationId: string, attachments: OutboundAttachment[] = []): Promise<string | null> {
  const [row] = await deps.db
    .select({ conversation: conversations, channel: channels })
    .from(conversations)
    .innerJoin(channels, eq(channels.id, conversations.channelId))
    .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.id, conversationId)));
  if (!row) return null;
  return refusalOf(deps, row.conversation, row.channel, attachments);
}

/** replyRefusal for a conversation and its channel already read. */
export async function refusalOf(
  deps: { db: Database; secrets?: SecretBox | undefined },
  conversation: typeof conversations.$inferSelect,
  channel: typeof channels.$inferSelect,
  attachments: OutboundAttachment[] = [],
): Promise<string | null> {
  const conversationId = conversation.id;
  const driver = channelDriver(channel.type);
  if (!driver) return `Parley cannot send on ${channel.type} channels yet.`;
  if (!driver.cannotReply) return null;
  let account: ChannelAccount;
  try {
    account = channelAccountOf(deps.secrets, channel);
  } catch {
    return UNREADABLE_CREDENTIALS;
  }
  return driver.cannotReply(
    { db: deps.db, ...(deps.secrets ? { secrets: deps.secrets } : {}), channel: account },
    {
      messageId: '',
      conversationId,
      externalThreadId: conversation.externalThreadId,
      visibility: conversation.visibility,
      recipient: await recipientOf(deps.db, conversation.identityId),
      // A short text reply stands for what the agent will write: drivers refuse an empty message.
      text: 'Hello',
      attachments,
      // A public reply answers the customer's latest message there, as the send job will.
      replyToExternalId: conversation.visibility === 'public' ? await latestInboundExternalId(deps.db, conversationId) : null,
      sourceMentionId: conversation.sourceMentionId,
    },
  );
}
