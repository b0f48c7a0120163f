// The SQL of fetching customers' media: the message whose files are still platform ids, and in one
// transaction the stored file, the attachment rewritten to it (or noted) and the inbox's event.
import { and, eq } from 'drizzle-orm';
import type { Database, Executor } from '../../../db/client.js';
import { messageFiles, messages, type MessageAttachment } from '../../../db/schema.js';
import { newId } from '../../../lib/ids.js';
import { emitEvent } from '../../../server/events.js';

export type MediaMessage = { id: number; conversationId: string; attachments: MessageAttachment[]; data: Record<string, unknown> };

/** A file kept without a download: the platform's reference, and why */
export type MediaNotDownloaded = { url: string; name: string; reason: 'too_large' | 'unavailable'; note: string; size: number | null };

export async function findMediaMessage(db: Executor, target: { workspaceId: string; channelId: string; messageId: number }, options: { forUpdate?: boolean } = {}): Promise<MediaMessage | null> {
  const query = db
    .select({ id: messages.id, conversationId: messages.conversationId, attachments: messages.attachments, data: messages.data })
    .from(messages)
    .where(and(eq(messages.workspaceId, target.workspaceId), eq(messages.channelId, target.channelId), eq(messages.id, target.messageId)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row ?? null;
}

export const notDownloadedOf = (message: Pick<MediaMessage, 'data'>): MediaNotDownloaded[] => (Array.isArray(message.data.mediaNotDownloaded) ? (message.data.mediaNotDownloaded as MediaNotDownloaded[]) : []);

export type MediaResult = { kind: 'file'; name: string; contentType: string; content: Buffer } | { kind: 'noted'; /** the attachment's name with its note */ name: string; notDownloaded: MediaNotDownloaded };

/**
 * Rewrites the attachment that still points at `ref` (a file, or the same attachment with its note) and
 * tells the inbox; false when it no longer does (another run of the job got there first: nothing is stored).
 */
export async function applyMediaResult(db: Database, target: { workspaceId: string; channelId: string; messageId: number }, ref: string, result: MediaResult): Promise<boolean> {
  return db.transaction(async (tx) => {
    const message = await findMediaMessage(tx, target, { forUpdate: true });
    const index = message?.attachments.findIndex((attachment) => attachment.url === ref) ?? -1;
    if (!message || index < 0 || notDownloadedOf(message).some((entry) => entry.url === ref)) return false;
    const attachments = [...message.attachments];
    let data = message.data;
    if (result.kind === 'file') {
      const id = newId('file');
      await tx.insert(messageFiles).values({ id, workspaceId: target.workspaceId, channelId: target.channelId, name: result.name, contentType: result.contentType, size: result.content.length, content: result.content });
      attachments[index] = { id, name: result.name, contentType: result.contentType, size: result.content.length, url: `/api/v1/message-files/${id}?workspace=${target.workspaceId}` };
    } else {
      const { notDownloaded } = result;
      attachments[index] = { ...attachments[index]!, name: result.name, ...(notDownloaded.size !== null ? { size: notDownloaded.size } : {}) };
      data = { ...data, mediaNotDownloaded: [...notDownloadedOf(message), notDownloaded] };
    }
    await tx.update(messages).set({ attachments, data }).where(eq(messages.id, message.id));
    await emitEvent(tx, target.workspaceId, 'message.updated', { conversationId: message.conversationId, messageId: message.id });
    return true;
  });
}
