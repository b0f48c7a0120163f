// The SQL of the email channel: which channels to poll, the poller's cursor and the channel's health,
// and what threading needs to know of stored messages (their conversation's thread, their References).
import { and, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Executor } from '../../../db/client.js';
import { channels, conversations, messageFiles, messages } from '../../../db/schema.js';
import type { ImapCursor } from './email-settings.js';

export type EmailChannelRow = { id: string; workspaceId: string; name: string; config: Record<string, unknown>; credentials: string | null; health: string };

/** Enabled email channels whose password is not known to be wrong (those wait for someone to reconnect them). */
export async function listPollableEmailChannels(db: Executor): Promise<{ id: string; workspaceId: string }[]> {
  return db
    .select({ id: channels.id, workspaceId: channels.workspaceId })
    .from(channels)
    .where(and(eq(channels.type, 'email'), eq(channels.enabled, true), ne(channels.health, 'needs_reconnect')));
}

export async function findEmailChannel(db: Executor, workspaceId: string, channelId: string): Promise<EmailChannelRow | null> {
  const [row] = await db
    .select({ id: channels.id, workspaceId: channels.workspaceId, name: channels.name, config: channels.config, credentials: channels.credentials, health: channels.health })
    .from(channels)
    .where(and(eq(channels.workspaceId, workspaceId), eq(channels.id, channelId), eq(channels.type, 'email')));
  return row ?? null;
}

/**
 * Moves the cursor forward. Two polls of one channel never run at once (one job queue per channel),
 * but should a stale one finish late it cannot move the cursor back within the same UIDVALIDITY.
 */
export async function saveImapCursor(db: Executor, workspaceId: string, channelId: string, cursor: ImapCursor): Promise<void> {
  await db.execute(sql`
    UPDATE ${channels} SET config = jsonb_set(config, '{imapCursor}', jsonb_build_object(
        'uidValidity', ${cursor.uidValidity}::text,
        'lastUid', CASE WHEN config #>> '{imapCursor,uidValidity}' = ${cursor.uidValidity}::text
                        THEN greatest((config #>> '{imapCursor,lastUid}')::bigint, ${cursor.lastUid}::bigint)
                        ELSE ${cursor.lastUid}::bigint END))
     WHERE id = ${channelId} AND workspace_id = ${workspaceId}`);
}

/** The channel's health (null keeps it: a network failure is only noted) and its last error. */
export async function setChannelHealth(db: Executor, workspaceId: string, channelId: string, health: 'ok' | 'failing' | 'needs_reconnect' | null, error: string | null): Promise<void> {
  await db
    .update(channels)
    .set({ ...(health ? { health } : {}), ...(error ? { lastError: error.slice(0, 2000), lastErrorAt: sql`now()` } : {}) })
    .where(and(eq(channels.workspaceId, workspaceId), eq(channels.id, channelId)));
}

export async function isKnownMessage(db: Executor, channelId: string, externalId: string): Promise<boolean> {
  const [row] = await db.select({ id: messages.id }).from(messages).where(and(eq(messages.channelId, channelId), eq(messages.externalId, externalId))).limit(1);
  return Boolean(row);
}

/** The thread of the conversation holding one of these messages (ours or the customer's), the latest first. */
export async function threadOfKnownMessages(db: Executor, channelId: string, externalIds: string[]): Promise<string | null> {
  if (externalIds.length === 0) return null;
  const [row] = await db
    .select({ thread: conversations.externalThreadId })
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .where(and(eq(messages.channelId, channelId), inArray(messages.externalId, externalIds)))
    .orderBy(desc(messages.id))
    .limit(1);
  return row?.thread ?? null;
}

export async function conversationSubject(db: Executor, workspaceId: string, conversationId: string): Promise<string | null> {
  const [row] = await db.select({ subject: conversations.subject }).from(conversations).where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.id, conversationId)));
  return row?.subject ?? null;
}

/** The References an answered email carried (kept in its message data by the poller). */
export async function referencesOfMessage(db: Executor, channelId: string, externalId: string): Promise<string[]> {
  const [row] = await db.select({ data: messages.data }).from(messages).where(and(eq(messages.channelId, channelId), eq(messages.externalId, externalId))).limit(1);
  const email = row?.data?.email as { references?: unknown } | undefined;
  return Array.isArray(email?.references) ? email.references.filter((id): id is string => typeof id === 'string') : [];
}

export async function insertEmailFile(db: Executor, values: { id: string; workspaceId: string; channelId: string; name: string; contentType: string; content: Buffer }): Promise<void> {
  await db.insert(messageFiles).values({ ...values, size: values.content.length });
}

/** Stored files of the workspace by id, with their bytes (for an outgoing email's attachments). */
export async function findFileContents(db: Executor, workspaceId: string, ids: string[]): Promise<{ id: string; name: string; contentType: string; content: Buffer }[]> {
  if (ids.length === 0) return [];
  return db
    .select({ id: messageFiles.id, name: messageFiles.name, contentType: messageFiles.contentType, content: messageFiles.content })
    .from(messageFiles)
    .where(and(eq(messageFiles.workspaceId, workspaceId), inArray(messageFiles.id, ids)));
}
