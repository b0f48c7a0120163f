// The SQL of the listening channel: the workspace's one listening channel account, the mentions a
// conversation is escalated from or replies through (read-only), the source a mention came from,
// and the thread lookups that tie a mention to its conversation.
import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../../db/client.js';
import { channels, conversations, listeningSources, mentions, messages } from '../../../db/schema.js';
import { newId } from '../../../lib/ids.js';

export type ListeningChannelRow = typeof channels.$inferSelect;
export type SourceRow = typeof listeningSources.$inferSelect;

/** What escalation and replies read of a mention. */
export const mentionColumns = {
  id: mentions.id,
  workspaceId: mentions.workspaceId,
  source: mentions.source,
  externalId: mentions.externalId,
  channel: mentions.channel,
  url: mentions.url,
  title: mentions.title,
  text: mentions.text,
  lang: mentions.lang,
  publishedAt: mentions.publishedAt,
  authorHandle: mentions.authorHandle,
  authorExternalId: mentions.authorExternalId,
  authorName: mentions.authorName,
  authorFollowers: mentions.authorFollowers,
  authorVerified: mentions.authorVerified,
  authorProfileUrl: mentions.authorProfileUrl,
  authorAvatarUrl: mentions.authorAvatarUrl,
  sentimentScore: mentions.sentimentScore,
  contactId: mentions.contactId,
  data: mentions.data,
};

export type EscalatedMention = {
  id: number;
  workspaceId: string;
  source: string;
  externalId: string;
  channel: string | null;
  url: string | null;
  title: string | null;
  text: string;
  lang: string | null;
  publishedAt: Date;
  authorHandle: string | null;
  authorExternalId: string | null;
  authorName: string | null;
  authorFollowers: number | null;
  authorVerified: boolean | null;
  authorProfileUrl: string | null;
  authorAvatarUrl: string | null;
  sentimentScore: number;
  contactId: string | null;
  data: Record<string, unknown>;
};

export async function findMention(db: Executor, workspaceId: string, mentionId: number): Promise<EscalatedMention | undefined> {
  const [row] = await db
    .select(mentionColumns)
    .from(mentions)
    .where(and(eq(mentions.workspaceId, workspaceId), eq(mentions.id, mentionId)));
  return row;
}

export async function findMentionByExternalId(db: Executor, workspaceId: string, source: string, externalId: string): Promise<EscalatedMention | undefined> {
  const [row] = await db
    .select(mentionColumns)
    .from(mentions)
    .where(and(eq(mentions.workspaceId, workspaceId), eq(mentions.source, source), eq(mentions.externalId, externalId)));
  return row;
}

/** A Mastodon status of a source by the instance's own id (what in_reply_to_id names). */
export async function findMastodonStatus(db: Executor, workspaceId: string, source: string, statusId: string): Promise<EscalatedMention | undefined> {
  const [row] = await db
    .select(mentionColumns)
    .from(mentions)
    .where(and(eq(mentions.workspaceId, workspaceId), eq(mentions.source, source), sql`${mentions.data}->>'statusId' = ${statusId}`))
    .limit(1);
  return row;
}

export async function findListeningChannel(db: Executor, workspaceId: string): Promise<ListeningChannelRow | undefined> {
  const [row] = await db
    .select()
    .from(channels)
    .where(and(eq(channels.workspaceId, workspaceId), eq(channels.type, 'listening')))
    .orderBy(channels.createdAt)
    .limit(1);
  return row;
}

/** The workspace's listening channel, made on first use; a lock per workspace keeps two first escalations from making two. */
export async function ensureListeningChannel(db: Executor, workspaceId: string): Promise<ListeningChannelRow> {
  const existing = await findListeningChannel(db, workspaceId);
  if (existing) return existing;
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`listening-channel:${workspaceId}`}))`);
    const found = await findListeningChannel(tx, workspaceId);
    if (found) return found;
    // Replies stored from now on may join escalated threads (the thread-joining job starts here).
    const joinedThroughMentionId = await lastMentionId(tx, workspaceId);
    const [created] = await tx.insert(channels).values({ id: newId('ch'), workspaceId, type: 'listening', name: 'Listening', config: { joinedThroughMentionId } }).returning();
    return created!;
  });
}

/** A configured listening source by id (a mention's source is `${type}:${id}`). */
export async function findSource(db: Executor, workspaceId: string, sourceId: string): Promise<SourceRow | undefined> {
  const [row] = await db
    .select()
    .from(listeningSources)
    .where(and(eq(listeningSources.workspaceId, workspaceId), eq(listeningSources.id, sourceId)));
  return row;
}

/** The conversation a stored message of a channel belongs to, following merges to the surviving one. */
export async function conversationOfMessage(db: Executor, channelId: string, externalId: string): Promise<{ conversationId: string; externalThreadId: string | null } | undefined> {
  const [row] = await db
    .select({ conversationId: messages.conversationId, mergedIntoId: conversations.mergedIntoId, externalThreadId: conversations.externalThreadId })
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .where(and(eq(messages.channelId, channelId), eq(messages.externalId, externalId)));
  if (!row) return undefined;
  return { conversationId: row.mergedIntoId ?? row.conversationId, externalThreadId: row.externalThreadId };
}

export async function findThreadConversation(db: Executor, channelId: string, externalThreadId: string): Promise<{ id: string; mergedIntoId: string | null } | undefined> {
  const [row] = await db
    .select({ id: conversations.id, mergedIntoId: conversations.mergedIntoId })
    .from(conversations)
    .where(and(eq(conversations.channelId, channelId), eq(conversations.externalThreadId, externalThreadId)));
  return row;
}

/** A message of a channel and what its data says (an inbound listening message names its mention). */
export async function findChannelMessage(db: Executor, channelId: string, externalId: string): Promise<{ direction: string; data: Record<string, unknown> } | undefined> {
  const [row] = await db
    .select({ direction: messages.direction, data: messages.data })
    .from(messages)
    .where(and(eq(messages.channelId, channelId), eq(messages.externalId, externalId)));
  return row;
}

export async function messageCreatedAt(db: Executor, messageId: number): Promise<Date | undefined> {
  const [row] = await db.select({ createdAt: messages.createdAt }).from(messages).where(eq(messages.id, messageId));
  return row?.createdAt;
}

/** Every workspace's listening channel (the thread-joining job walks them). */
export async function listListeningChannels(db: Executor): Promise<ListeningChannelRow[]> {
  return db.select().from(channels).where(eq(channels.type, 'listening')).orderBy(channels.createdAt);
}

/**
 * A workspace's mentions stored after `afterId` that reply to something (by the parent fields each
 * source records): the ones that may continue an escalated thread.
 */
export async function replyMentionsAfter(db: Executor, workspaceId: string, afterId: number, limit: number): Promise<EscalatedMention[]> {
  return db
    .select(mentionColumns)
    .from(mentions)
    .where(
      and(
        eq(mentions.workspaceId, workspaceId),
        sql`${mentions.id} > ${afterId}`,
        sql`(${mentions.data}->>'replyParent' IS NOT NULL OR ${mentions.data}->>'inReplyToId' IS NOT NULL OR ${mentions.data}->>'parentId' IS NOT NULL
             OR ${mentions.data}->>'linkId' IS NOT NULL OR ${mentions.data}->>'conversationId' <> ${mentions.externalId})`,
      ),
    )
    .orderBy(mentions.id)
    .limit(limit);
}

/** The newest mention id of a workspace, and of the rows a scan after `afterId` would read, the last (0 when none). */
export async function lastMentionId(db: Executor, workspaceId: string): Promise<number> {
  const result = await db.execute<{ id: string | null }>(sql`SELECT max(id)::text AS id FROM mentions WHERE workspace_id = ${workspaceId}`);
  return Number(result.rows[0]?.id ?? 0);
}

/** Where the thread-joining job stopped in a workspace's mentions, kept in the listening channel's config. */
export async function setJoinedThrough(db: Executor, channelId: string, mentionId: number): Promise<void> {
  await db
    .update(channels)
    .set({ config: sql`${channels.config} || jsonb_build_object('joinedThroughMentionId', ${mentionId}::bigint)`, updatedAt: new Date() })
    .where(eq(channels.id, channelId));
}
