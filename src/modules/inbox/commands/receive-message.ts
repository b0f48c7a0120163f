// receiveMessage: where every inbound customer message enters the inbox, whatever the channel (web
// chat, an escalated mention, a messaging platform's webhook). It ties the sender to a contact
// (resolveIdentity), finds or opens the conversation of the platform's thread (reopening a resolved
// one), stores the message once per platform message id — a re-delivery returns the stored one — and
// puts it on the contact's timeline, all before the caller acknowledges the platform. Then routing
// rules run and the SLA clock moves.
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../../db/client.js';
import { conversations, messages, type ConversationVisibility, type MessageAttachment } from '../../../db/schema.js';
import { newId } from '../../../lib/ids.js';
import { systemActor } from '../../../server/context.js';
import { AppError } from '../../../server/errors.js';
import { emitEvents } from '../../../server/events.js';
import { recordInteraction } from '../../contacts/commands/record-interaction.js';
import { resolveIdentity } from '../../contacts/commands/resolve-identity.js';
import { identityInputSchema } from '../../contacts/identity.js';
import { detectLanguage } from '../../listening/enrich/language.js';
import { scoreSentiment } from '../../listening/enrich/sentiment.js';
import * as repo from '../repository.js';
import { refreshSla } from './refresh-sla.js';
import { routeConversation } from './route-conversation.js';

export const attachmentSchema = z.object({
  id: z.string().max(100).optional(),
  name: z.string().min(1).max(300),
  contentType: z.string().min(1).max(200),
  size: z.number().int().min(0),
  url: z.string().min(1).max(4000),
});

export const inboundMessageSchema = z.object({
  workspaceId: z.string().min(1),
  channelId: z.string().min(1),
  externalThreadId: z.string().min(1).max(500),
  externalMessageId: z.string().min(1).max(500),
  visibility: z.enum(['public', 'private']).optional(),
  sender: z.union([
    z.object({ identity: identityInputSchema, email: z.string().max(320).optional(), phone: z.string().max(50).optional(), name: z.string().max(300).optional() }),
    z.object({ contactId: z.string().min(1) }),
  ]),
  text: z.string().max(20_000),
  attachments: z.array(attachmentSchema).max(20).optional(),
  replyToExternalId: z.string().max(500).nullish(),
  occurredAt: z.date().optional(),
  subject: z.string().max(500).optional(),
  language: z.string().max(10).optional(),
  sentiment: z.number().min(-1).max(1).optional(),
  sourceMentionId: z.number().int().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});
export type InboundMessageInput = z.infer<typeof inboundMessageSchema>;

export type ReceivedMessage = { conversationId: string; messageId: number; duplicate: boolean; createdConversation: boolean };

const PREVIEW_CHARS = 280;
export const previewOf = (text: string, attachments: MessageAttachment[] = []) =>
  (text.replace(/\s+/g, ' ').trim() || (attachments.length ? `📎 ${attachments.map((a) => a.name).join(', ')}` : '')).slice(0, PREVIEW_CHARS);

export async function receiveMessage(db: Database, input: InboundMessageInput, options: { now?: Date; route?: boolean } = {}): Promise<ReceivedMessage> {
  const now = options.now ?? new Date();
  const occurredAt = input.occurredAt ?? now;
  const channel = await repo.findChannel(db, input.workspaceId, input.channelId);
  if (!channel) throw new AppError('channel.not_found', 404, `There is no channel ${input.channelId} in this workspace.`, {});

  // A re-delivery costs one index read.
  const [known] = await db
    .select({ id: messages.id, conversationId: messages.conversationId })
    .from(messages)
    .where(and(eq(messages.channelId, channel.id), eq(messages.externalId, input.externalMessageId)));
  if (known) return { conversationId: known.conversationId, messageId: known.id, duplicate: true, createdConversation: false };

  let contactId: string | null;
  let identityId: string | null = null;
  if ('contactId' in input.sender) contactId = input.sender.contactId;
  else {
    const resolved = await resolveIdentity(db, input.workspaceId, systemActor(channel.name), {
      identity: input.sender.identity,
      ...(input.sender.email ? { email: input.sender.email } : {}),
      ...(input.sender.phone ? { phone: input.sender.phone } : {}),
      ...(input.sender.name ? { name: input.sender.name } : {}),
      source: 'conversation',
      sourceChannel: channel.type,
    });
    contactId = resolved.contactId;
    identityId = resolved.identityId;
  }

  const attachments = input.attachments ?? [];
  const language = input.language ?? (input.text.trim().length >= 8 ? (detectLanguage(input.text).lang ?? undefined) : undefined);
  const sentiment = input.sentiment ?? (input.text.trim() ? scoreSentiment(input.text, language).score : undefined);
  const visibility: ConversationVisibility = input.visibility ?? 'private';
  const preview = previewOf(input.text, attachments);

  const result = await db.transaction(async (tx) => {
    // Find or open the thread's conversation; the row lock serializes messages of one thread.
    const opened = await tx.execute<{ id: string; inserted: boolean; status: string; merged_into_id: string | null }>(sql`
      INSERT INTO ${conversations} (id, workspace_id, channel_id, channel_type, contact_id, identity_id, visibility, external_thread_id, subject,
                                    language, source_mention_id, last_message_at, first_inbound_at)
      VALUES (${newId('cv')}, ${input.workspaceId}, ${channel.id}, ${channel.type}, ${contactId}, ${identityId}, ${visibility}, ${input.externalThreadId},
              ${input.subject ?? null}, ${language ?? null}, ${input.sourceMentionId ?? null}, ${occurredAt.toISOString()}::timestamptz, ${occurredAt.toISOString()}::timestamptz)
      ON CONFLICT (channel_id, external_thread_id) DO UPDATE SET updated_at = ${conversations.updatedAt}
      RETURNING id, (xmax = 0) AS inserted, status, merged_into_id`);
    let conversation = opened.rows[0]!;
    if (conversation.merged_into_id) {
      // The thread's conversation was merged: its messages now belong to the one it was merged into.
      const target = await repo.lockConversation(tx, input.workspaceId, conversation.merged_into_id);
      if (target) conversation = { id: target.id, inserted: false, status: target.status, merged_into_id: null };
    }

    const replyTo = input.replyToExternalId
      ? (await tx.select({ id: messages.id }).from(messages).where(and(eq(messages.channelId, channel.id), eq(messages.externalId, input.replyToExternalId))))[0]?.id
      : undefined;
    const [message] = await tx
      .insert(messages)
      .values({
        workspaceId: input.workspaceId,
        conversationId: conversation.id,
        channelId: channel.id,
        kind: 'message',
        direction: 'inbound',
        externalId: input.externalMessageId,
        authorContactId: contactId,
        text: input.text,
        attachments,
        replyToMessageId: replyTo ?? null,
        status: 'received',
        language: language ?? null,
        sentiment: sentiment ?? null,
        data: input.data ?? {},
        createdAt: occurredAt,
      })
      .onConflictDoNothing()
      .returning({ id: messages.id });
    if (!message) {
      // Delivered twice at the same moment: the other delivery stored it.
      const [other] = await tx.select({ id: messages.id }).from(messages).where(and(eq(messages.channelId, channel.id), eq(messages.externalId, input.externalMessageId)));
      return { conversationId: conversation.id, messageId: other?.id ?? 0, duplicate: true, createdConversation: false };
    }

    const reopen = !conversation.inserted && conversation.status !== 'open';
    await tx.execute(sql`
      UPDATE ${conversations} SET
        message_count = message_count + 1,
        last_message_at = greatest(last_message_at, ${occurredAt.toISOString()}::timestamptz),
        last_message_preview = CASE WHEN ${occurredAt.toISOString()}::timestamptz >= last_message_at THEN ${preview} ELSE last_message_preview END,
        last_inbound_at = greatest(last_inbound_at, ${occurredAt.toISOString()}::timestamptz),
        first_inbound_at = coalesce(first_inbound_at, ${occurredAt.toISOString()}::timestamptz),
        waiting_since = coalesce(waiting_since, ${occurredAt.toISOString()}::timestamptz),
        contact_id = coalesce(contact_id, ${contactId}),
        identity_id = coalesce(identity_id, ${identityId}),
        language = coalesce(${language ?? null}, language),
        sentiment = coalesce(${sentiment ?? null}::real, sentiment),
        status = CASE WHEN status = 'open' THEN status ELSE 'open' END,
        snoozed_until = NULL,
        resolved_at = CASE WHEN status = 'resolved' THEN NULL ELSE resolved_at END,
        version = version + 1,
        updated_at = ${now.toISOString()}::timestamptz
      WHERE id = ${conversation.id}`);

    if (conversation.inserted) {
      await repo.insertConversationEvent(tx, { workspaceId: input.workspaceId, conversationId: conversation.id, type: 'created', actorLabel: channel.name, data: { channelType: channel.type, visibility } });
    } else if (reopen) {
      await repo.insertConversationEvent(tx, { workspaceId: input.workspaceId, conversationId: conversation.id, type: 'status_changed', actorLabel: 'Customer replied', data: { from: conversation.status, to: 'open' } });
    }
    if (contactId) {
      await recordInteraction(tx, {
        workspaceId: input.workspaceId,
        contactId,
        kind: 'message',
        channel: channel.type,
        direction: 'inbound',
        occurredAt,
        summary: preview || 'Message',
        body: input.text,
        sentiment: sentiment ?? null,
        sourceModule: 'inbox',
        sourceId: `message:${message.id}`,
        data: { conversationId: conversation.id, visibility },
      });
    }
    await emitEvents(tx, input.workspaceId, [
      { type: conversation.inserted ? 'conversation.created' : 'conversation.updated', data: { conversationId: conversation.id } },
      { type: 'message.created', data: { conversationId: conversation.id, messageId: message.id, direction: 'inbound' } },
    ]);
    return { conversationId: conversation.id, messageId: message.id, duplicate: false, createdConversation: Boolean(conversation.inserted), reopened: reopen };
  });

  if (!result.duplicate) {
    if (options.route !== false) await routeConversation(db, input.workspaceId, result.conversationId, result.createdConversation ? 'created' : 'updated', { now, refreshSla: false });
    await refreshSla(db, input.workspaceId, result.conversationId, now);
  }
  return { conversationId: result.conversationId, messageId: result.messageId, duplicate: result.duplicate, createdConversation: result.createdConversation };
}
