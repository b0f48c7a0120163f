// What a platform tells us about a message already in the inbox: delivery statuses of our replies
// (never moving back: a late "delivered" does not undo "read"), the customer's reaction, an edit.
// Found by (channel, platform message id); an update for a message we do not have is ignored.
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../../db/client.js';
import { messages, type MessageReaction, type MessageStatus } from '../../../db/schema.js';
import { emitEvent } from '../../../server/events.js';
import type { InboundEdit, InboundReaction, InboundStatus } from '../inbound.js';

const statusRank: Partial<Record<MessageStatus, number>> = { queued: 0, sending: 1, sent: 2, delivered: 3, read: 4 };

type Target = { workspaceId: string; channelId: string };

/** true when a stored message was changed */
export async function applyMessageUpdate(db: Database, target: Target, event: InboundStatus | InboundReaction | InboundEdit): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [message] = await tx
      .select({ id: messages.id, conversationId: messages.conversationId, status: messages.status, reactions: messages.reactions, text: messages.text, data: messages.data, deliveredAt: messages.deliveredAt, readAt: messages.readAt })
      .from(messages)
      .where(and(eq(messages.workspaceId, target.workspaceId), eq(messages.channelId, target.channelId), eq(messages.externalId, event.externalMessageId)))
      .for('update');
    if (!message) return false;
    let values: Partial<typeof messages.$inferInsert>;
    if (event.kind === 'status') {
      if (event.status === 'failed') values = { status: 'failed', error: event.error ?? 'The platform reports the message was not delivered.' };
      else {
        const forward = (statusRank[event.status] ?? 0) > (statusRank[message.status] ?? -1);
        values = {
          ...(forward ? { status: event.status } : {}),
          ...(event.status !== 'sent' && !message.deliveredAt ? { deliveredAt: event.occurredAt } : {}),
          ...(event.status === 'read' && !message.readAt ? { readAt: event.occurredAt } : {}),
        };
      }
    } else if (event.kind === 'reaction') {
      const others = message.reactions.filter((reaction) => reaction.by !== 'contact');
      const reaction: MessageReaction[] = event.emoji ? [{ emoji: event.emoji, by: 'contact', at: event.occurredAt.toISOString() }] : [];
      values = { reactions: [...others, ...reaction] };
    } else {
      if (event.text === message.text) return false;
      values = { text: event.text, data: { ...message.data, edited: true, editedAt: event.occurredAt.toISOString(), ...(message.data.originalText === undefined ? { originalText: message.text } : {}) } };
    }
    if (Object.keys(values).length === 0) return false;
    await tx.update(messages).set(values).where(eq(messages.id, message.id));
    await emitEvent(tx, target.workspaceId, 'message.updated', { conversationId: message.conversationId, messageId: message.id, ...(values.status ? { status: values.status } : {}) });
    return true;
  });
}

