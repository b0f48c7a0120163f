// The X channel's SQL: the bytes of our own stored files (web chat uploads, files of inbound emails)
// that an agent's reply carries, which X must be sent as an upload rather than a link.
import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../../db/client.js';
import { messageFiles } from '../../../db/schema.js';

export type StoredFile = { id: string; name: string; contentType: string; size: number; content: Buffer };

/** Stored files of the workspace by id, with their bytes; ids of other workspaces are simply not found. */
export async function findStoredFiles(db: Executor, workspaceId: string, ids: string[]): Promise<StoredFile[]> {
  if (ids.length === 0) return [];
  return db
    .select({ id: messageFiles.id, name: messageFiles.name, contentType: messageFiles.contentType, size: messageFiles.size, content: messageFiles.content })
    .from(messageFiles)
    .where(and(eq(messageFiles.workspaceId, workspaceId), inArray(messageFiles.id, ids)));
}
