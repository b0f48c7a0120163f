// Merge and split. Merging moves one conversation's messages, notes and history into another (the
// customer wrote twice about the same thing); the merged one stays as a pointer, so later messages of
// its thread land in the kept conversation. Splitting moves a message and everything after it to a
// new conversation (a new subject in an old thread).
import { and, eq, gte, sql } from 'drizzle-orm';
import type { Executor } from '../../../db/client.js';
import { conversationEvents, conversationParticipants, conversations, messages } from '../../../db/schema.js';
import { newSortableId } from '../../../lib/ids.js';
import type { CommandContext } from '../../../server/context.js';
import { AppError, notFound } from '../../../server/errors.js';
import { emitEvent } from '../../../server/events.js';
import * as repo from '../repository.js';
import { refreshSla } from './refresh-sla.js';

/** Recomputes a conversation's counters and times from its messages. */
async function recount(tx: Executor, conversationId: string): Promise<void> {
  await tx.execute(sql`
    UPDATE ${conversations} c SET
      message_count = s.n,
      last_message_at = coalesce(s.last_at, c.created_at),
      last_message_preview = (SELECT left(regexp_replace(m.text, '\\s+', ' ', 'g'), 280) FROM ${messages} m WHERE m.conversation_id = c.id AND m.kind = 'message' ORDER BY m.created_at DESC, m.id DESC LIMIT 1),
      last_inbound_at = s.last_in, last_outbound_at = s.last_out, first_inbound_at = s.first_in,
      first_response_at = (SELECT min(m.created_at) FROM ${messages} m WHERE m.conversation_id = c.id AND m.kind = 'message' AND m.direction = 'outbound'
                            AND NOT coalesce((m.data->>'automatic')::boolean, false) AND m.created_at >= s.first_in),
      waiting_since = (SELECT min(m.created_at) FROM ${messages} m WHERE m.conversation_id = c.id AND m.kind = 'message' AND m.direction = 'inbound' AND m.answered_at IS NULL),
      version = c.version + 1, updated_at = now()
    FROM (SELECT count(*) FILTER (WHERE kind = 'message')::int AS n, max(created_at) FILTER (WHERE kind = 'message') AS last_at,
                 max(created_at) FILTER (WHERE kind = 'message' AND direction = 'inbound') AS last_in,
                 max(created_at) FILTER (WHERE kind = 'message' AND direction = 'outbound') AS last_out,
                 min(created_at) FILTER (WHERE kind = 'message' AND direction = 'inbound') AS first_in
            FROM ${messages} WHERE conversation_id = ${conversationId}) s
    WHERE c.id = ${conversationId}`);
}

export async function mergeConversations(ctx: CommandContext, sourceId: string, targetId: string): Promise<repo.ConversationRow> {
  const workspaceId = ctx.workspace.workspaceId;
  if (sourceId === targetId) throw new AppError('conversation.merge_self', 400, 'A conversation cannot be merged into itself.', { field: 'intoConversationId' });
  const merged = await ctx.db.transaction(async (tx) => {
    // Lock in id order, so two opposite merges cannot deadlock.
    const [first, second] = [sourceId, targetId].sort();
    const a = await repo.lockConversation(tx, workspaceId, first!);
    const b = await repo.lockConversation(tx, workspaceId, second!);
    const source = a?.id === sourceId ? a : b;
    const target = a?.id === targetId ? a : b;
    if (!source) throw notFound('conversation', sourceId);
    if (!target) throw notFound('conversation', targetId);
    if (source.mergedIntoId) throw new AppError('conversation.merged', 422, `Conversation ${sourceId} was already merged into ${source.mergedIntoId}.`, {});
    if (target.mergedIntoId) throw new AppError('conversation.merged', 422, `Conversation ${targetId} was merged into ${target.mergedIntoId}; merge into that one.`, {});
    await tx.update(messages).set({ conversationId: targetId }).where(eq(messages.conversationId, sourceId));
    await tx.update(conversationEvents).set({ conversationId: targetId }).where(eq(conversationEvents.conversationId, sourceId));
    await tx.execute(sql`
      INSERT INTO ${conversationParticipants} (conversation_id, member_id, workspace_id, role, created_at)
      SELECT ${targetId}, member_id, workspace_id, role, created_at FROM ${conversationParticipants} WHERE conversation_id = ${sourceId}
      ON CONFLICT DO NOTHING`);
    await tx
      .update(conversations)
      .set({
        mergedIntoId: targetId,
        status: 'resolved',
        resolvedAt: new Date(),
        messageCount: 0,
        waitingSince: null,
        firstResponseDueAt: null,
        nextResponseDueAt: null,
        resolutionDueAt: null,
        version: sql`${conversations.version} + 1`,
      })
      .where(eq(conversations.id, sourceId));
    await tx
      .update(conversations)
      .set({ labels: [...new Set([...target.labels, ...source.labels])], ...(target.status === 'resolved' && source.status !== 'resolved' ? { status: 'open' as const, resolvedAt: null } : {}) })
      .where(eq(conversations.id, targetId));
    await recount(tx, targetId);
    const actor = { actorMemberId: ctx.workspace.memberId, data: { sourceId, targetId } };
    await repo.insertConversationEvent(tx, { workspaceId, conversationId: targetId, type: 'merged', ...actor });
    await repo.insertConversationEvent(tx, { workspaceId, conversationId: sourceId, type: 'merged', ...actor });
    await emitEvent(tx, workspaceId, 'conversation.updated', { conversationId: targetId });
    await emitEvent(tx, workspaceId, 'conversation.updated', { conversationId: sourceId });
    return (await repo.findConversation(tx, workspaceId, targetId))!;
  });
  await refreshSla(ctx.db, workspaceId, targetId);
  return merged;
}

export async function splitConversation(ctx: CommandContext, conversationId: string, fromMessageId: number): Promise<repo.ConversationRow> {
  const workspaceId = ctx.workspace.workspaceId;
  const split = await ctx.db.transaction(async (tx) => {
    const original = await repo.lockConversation(tx, workspaceId, conversationId);
    if (!original) throw notFound('conversation', conversationId);
    const from = await repo.findMessage(tx, workspaceId, fromMessageId);
    if (!from || from.conversationId !== conversationId) throw new AppError('conversation.split_message', 400, `Message ${fromMessageId} is not in this conversation.`, { field: 'fromMessageId' });
    const [firstKept] = await tx
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.conversationId, conversationId), sql`${messages.id} < ${fromMessageId}`, eq(messages.kind, 'message')))
      .limit(1);
    if (!firstKept) throw new AppError('conversation.split_all', 422, 'Splitting from the first message would move everything; pick a later message.', { field: 'fromMessageId' });
    const id = newSortableId('cv');
    await tx.insert(conversations).values({
      id,
      workspaceId,
      channelId: original.channelId,
      channelType: original.channelType,
      contactId: original.contactId,
      identityId: original.identityId,
      visibility: original.visibility,
      externalThreadId: null,
      subject: original.subject,
      priority: original.priority,
      labels: original.labels,
      teamId: original.teamId,
      assigneeMemberId: original.assigneeMemberId,
      language: original.language,
    });
    await tx.update(messages).set({ conversationId: id }).where(and(eq(messages.conversationId, conversationId), gte(messages.id, fromMessageId)));
    await recount(tx, id);
    await recount(tx, conversationId);
    const data = { from: conversationId, to: id, fromMessageId };
    await repo.insertConversationEvent(tx, { workspaceId, conversationId: id, type: 'split', actorMemberId: ctx.workspace.memberId, data });
    await repo.insertConversationEvent(tx, { workspaceId, conversationId, type: 'split', actorMemberId: ctx.workspace.memberId, data });
    await emitEvent(tx, workspaceId, 'conversation.created', { conversationId: id });
    await emitEvent(tx, workspaceId, 'conversation.updated', { conversationId });
    return (await repo.findConversation(tx, workspaceId, id))!;
  });
  await refreshSla(ctx.db, workspaceId, split.id);
  await refreshSla(ctx.db, workspaceId, conversationId);
  return split;
}
