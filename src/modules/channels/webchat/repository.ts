// The SQL of the web chat: visitors (by the hash of their token), uploaded files, and the visitor's
// view of their conversation (its customer-facing messages, never notes).
import { and, asc, desc, eq, inArray, like, sql } from 'drizzle-orm';
import type { Executor } from '../../../db/client.js';
import { agentStatuses, conversations, members, messageFiles, messages, users, webchatVisitors } from '../../../db/schema.js';

export type VisitorRow = typeof webchatVisitors.$inferSelect;
export type FileRow = Omit<typeof messageFiles.$inferSelect, 'content'>;

export async function findVisitorByTokenHash(db: Executor, channelId: string, tokenHash: string): Promise<VisitorRow | null> {
  const [row] = await db.select().from(webchatVisitors).where(and(eq(webchatVisitors.tokenHash, tokenHash), eq(webchatVisitors.channelId, channelId)));
  return row ?? null;
}

export async function insertVisitor(db: Executor, values: typeof webchatVisitors.$inferInsert): Promise<VisitorRow> {
  const [row] = await db.insert(webchatVisitors).values(values).returning();
  return row!;
}

export async function updateVisitor(db: Executor, id: string, values: Partial<typeof webchatVisitors.$inferInsert>): Promise<VisitorRow> {
  const [row] = await db.update(webchatVisitors).set(values).where(eq(webchatVisitors.id, id)).returning();
  return row!;
}

/** The thread id of the visitor's current conversation, or null when it is gone (deleted with its channel…). */
export async function conversationThread(db: Executor, channelId: string, conversationId: string): Promise<{ externalThreadId: string | null; status: string } | null> {
  const [row] = await db
    .select({ externalThreadId: conversations.externalThreadId, status: conversations.status })
    .from(conversations)
    .where(and(eq(conversations.id, conversationId), eq(conversations.channelId, channelId)));
  return row ?? null;
}

/** How many conversations a visitor has had on a channel: the generation of their next thread. */
export async function countVisitorThreads(db: Executor, channelId: string, visitorId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(conversations)
    .where(and(eq(conversations.channelId, channelId), like(conversations.externalThreadId, `${visitorId}:%`)));
  return row?.n ?? 0;
}

export type ChatMessageRow = {
  id: number;
  conversationId: string;
  kind: string;
  direction: 'inbound' | 'outbound';
  externalId: string | null;
  text: string;
  attachments: (typeof messages.$inferSelect)['attachments'];
  status: string;
  authorMemberId: string | null;
  authorName: string | null;
  createdAt: Date;
};

const chatMessageColumns = {
  id: messages.id,
  conversationId: messages.conversationId,
  kind: messages.kind,
  direction: messages.direction,
  externalId: messages.externalId,
  text: messages.text,
  attachments: messages.attachments,
  status: messages.status,
  authorMemberId: messages.authorMemberId,
  authorName: users.name,
  createdAt: messages.createdAt,
};

/** The last `limit` customer-facing messages of a conversation, oldest first. */
export async function listChatMessages(db: Executor, conversationId: string, limit = 100): Promise<ChatMessageRow[]> {
  const rows = await db
    .select(chatMessageColumns)
    .from(messages)
    .leftJoin(members, eq(members.id, messages.authorMemberId))
    .leftJoin(users, eq(users.id, members.userId))
    .where(and(eq(messages.conversationId, conversationId), eq(messages.kind, 'message')))
    .orderBy(desc(messages.id))
    .limit(limit);
  return rows.reverse();
}

export async function findChatMessage(db: Executor, messageId: number): Promise<ChatMessageRow | null> {
  const [row] = await db
    .select(chatMessageColumns)
    .from(messages)
    .leftJoin(members, eq(members.id, messages.authorMemberId))
    .leftJoin(users, eq(users.id, members.userId))
    .where(and(eq(messages.id, messageId), eq(messages.kind, 'message')));
  return row ?? null;
}

/** The visitor read an agent's message: it and every earlier outbound one of the conversation are read. */
export async function markOutboundRead(db: Executor, conversationId: string, upToMessageId: number, at: Date): Promise<number> {
  const updated = await db
    .update(messages)
    .set({ status: 'read', readAt: at })
    .where(
      and(
        eq(messages.conversationId, conversationId),
        eq(messages.direction, 'outbound'),
        eq(messages.kind, 'message'),
        inArray(messages.status, ['sent', 'delivered']),
        sql`${messages.id} <= ${upToMessageId}`,
      ),
    )
    .returning({ id: messages.id });
  return updated.length;
}

/** Whether anyone in the workspace has said they are online (agents without a status row count as offline). */
export async function anyAgentOnline(db: Executor, workspaceId: string): Promise<boolean> {
  const [row] = await db
    .select({ memberId: agentStatuses.memberId })
    .from(agentStatuses)
    .where(and(eq(agentStatuses.workspaceId, workspaceId), eq(agentStatuses.availability, 'online')))
    .limit(1);
  return Boolean(row);
}

export async function insertFile(db: Executor, values: typeof messageFiles.$inferInsert): Promise<FileRow> {
  const [row] = await db
    .insert(messageFiles)
    .values(values)
    .returning({ id: messageFiles.id, workspaceId: messageFiles.workspaceId, channelId: messageFiles.channelId, name: messageFiles.name, contentType: messageFiles.contentType, size: messageFiles.size, createdAt: messageFiles.createdAt });
  return row!;
}

export async function findFiles(db: Executor, channelId: string, ids: string[]): Promise<FileRow[]> {
  if (ids.length === 0) return [];
  return db
    .select({ id: messageFiles.id, workspaceId: messageFiles.workspaceId, channelId: messageFiles.channelId, name: messageFiles.name, contentType: messageFiles.contentType, size: messageFiles.size, createdAt: messageFiles.createdAt })
    .from(messageFiles)
    .where(and(eq(messageFiles.channelId, channelId), inArray(messageFiles.id, ids)))
    .orderBy(asc(messageFiles.createdAt));
}

/** A file with its bytes; `scope` is the channel (visitors) or the workspace (agents) it must belong to. */
export async function findFileContent(db: Executor, id: string, scope: { channelId: string } | { workspaceId: string }): Promise<(FileRow & { content: Buffer }) | null> {
  const [row] = await db
    .select()
    .from(messageFiles)
    .where(and(eq(messageFiles.id, id), 'channelId' in scope ? eq(messageFiles.channelId, scope.channelId) : eq(messageFiles.workspaceId, scope.workspaceId)));
  return row ?? null;
}

export async function conversationStatus(db: Executor, conversationId: string): Promise<string | null> {
  const [row] = await db.select({ status: conversations.status }).from(conversations).where(eq(conversations.id, conversationId));
  return row?.status ?? null;
}

/** Visitors by token alone (file links know no channel); tokens are unique, so at most one. */
export async function findVisitorsByTokenHash(db: Executor, tokenHash: string): Promise<VisitorRow[]> {
  return db.select().from(webchatVisitors).where(eq(webchatVisitors.tokenHash, tokenHash)).limit(1);
}
