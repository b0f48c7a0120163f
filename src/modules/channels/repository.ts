// The only SQL of channel accounts. Every function takes the workspace id.
import { and, desc, eq, lt, or } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { channels, messageFiles } from '../../db/schema.js';
import type { Cursor } from '../../lib/pagination.js';

export type ChannelRow = typeof channels.$inferSelect;

export async function listChannels(db: Executor, workspaceId: string, cursor: Cursor | null, limit: number, type?: string): Promise<ChannelRow[]> {
  const after = cursor ? or(lt(channels.createdAt, new Date(cursor.at)), and(eq(channels.createdAt, new Date(cursor.at)), lt(channels.id, cursor.id))) : undefined;
  return db
    .select()
    .from(channels)
    .where(and(eq(channels.workspaceId, workspaceId), type ? eq(channels.type, type as ChannelRow['type']) : undefined, after))
    .orderBy(desc(channels.createdAt), desc(channels.id))
    .limit(limit + 1);
}

export async function findChannel(db: Executor, workspaceId: string, id: string, options: { forUpdate?: boolean } = {}): Promise<ChannelRow | null> {
  const query = db.select().from(channels).where(and(eq(channels.workspaceId, workspaceId), eq(channels.id, id)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row ?? null;
}

/** A channel by id alone: public endpoints (the widget's socket) know the channel, not the workspace. */
export async function findChannelById(db: Executor, id: string): Promise<ChannelRow | null> {
  const [row] = await db.select().from(channels).where(eq(channels.id, id));
  return row ?? null;
}

export async function insertChannel(db: Executor, values: typeof channels.$inferInsert): Promise<ChannelRow> {
  const [row] = await db.insert(channels).values(values).returning();
  return row!;
}

export async function updateChannelRow(db: Executor, workspaceId: string, id: string, values: Partial<typeof channels.$inferInsert>): Promise<ChannelRow> {
  const [row] = await db
    .update(channels)
    .set({ ...values, updatedAt: new Date() })
    .where(and(eq(channels.workspaceId, workspaceId), eq(channels.id, id)))
    .returning();
  return row!;
}

export async function deleteChannelRow(db: Executor, workspaceId: string, id: string): Promise<void> {
  await db.delete(channels).where(and(eq(channels.workspaceId, workspaceId), eq(channels.id, id)));
}

/** A stored file by id alone: for a signed link, whose signature is the authority (public-files.ts). */
export async function findStoredFile(db: Executor, id: string): Promise<{ name: string; contentType: string; content: Buffer } | null> {
  const [row] = await db.select({ name: messageFiles.name, contentType: messageFiles.contentType, content: messageFiles.content }).from(messageFiles).where(eq(messageFiles.id, id));
  return row ?? null;
}
