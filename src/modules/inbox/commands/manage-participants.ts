// Participants: people pulled into a conversation besides its assignee — a colleague from another
// department, a product manager, a store employee. They see it among "participating", are told
// when added, and every addition and removal is recorded on the conversation.
import type { Executor } from '../../../db/client.js';
import type { CommandContext } from '../../../server/context.js';
import { AppError, notFound } from '../../../server/errors.js';
import { emitEvent } from '../../../server/events.js';
import { notifyMember } from '../../activities/commands/notify-member.js';
import { hasPermission } from '../../workspaces/roles.js';
import * as inbox from '../repository.js';
import * as repo from '../tools/repository.js';

const conversationLink = (conversationId: string) => `/inbox/${conversationId}`;

/**
 * The member to pull in: of this workspace and able to read the inbox (every role can today, so
 * anyone in any department can help; the check keeps that true if a role loses it).
 */
export async function helperMember(db: Executor, workspaceId: string, memberId: string) {
  const member = await repo.findMemberBrief(db, workspaceId, memberId);
  if (!member) {
    throw new AppError('request.invalid', 400, `memberId: no member ${memberId} in this workspace.`, { fields: [{ in: 'body', path: 'memberId', message: 'is not a member of this workspace' }] });
  }
  if (!hasPermission(member.role, 'inbox.read')) {
    throw new AppError('participant.cannot_read', 422, `${member.name} cannot read the inbox (role ${member.role}); give them a role that can before pulling them in.`, { memberId, role: member.role });
  }
  return member;
}

export async function addParticipant(ctx: CommandContext, conversationId: string, memberId: string): Promise<repo.ParticipantRow[]> {
  const workspaceId = ctx.workspace.workspaceId;
  await ctx.db.transaction(async (tx) => {
    const conversation = await inbox.lockConversation(tx, workspaceId, conversationId);
    if (!conversation) throw notFound('conversation', conversationId);
    const member = await helperMember(tx, workspaceId, memberId);
    if (!(await repo.upsertParticipant(tx, workspaceId, conversationId, memberId, 'participant'))) return;
    await inbox.insertConversationEvent(tx, {
      workspaceId,
      conversationId,
      type: 'participant_added',
      actorMemberId: ctx.workspace.memberId,
      actorLabel: ctx.workspace.memberId ? null : ctx.actor.label,
      data: { memberId, memberName: member.name },
    });
    if (memberId !== ctx.workspace.memberId) {
      await notifyMember(tx, {
        workspaceId,
        memberId,
        kind: 'conversation_mention',
        title: `${ctx.actor.label} added you to a conversation`,
        body: conversation.lastMessagePreview ?? conversation.subject ?? '',
        link: conversationLink(conversationId),
      });
    }
    await emitEvent(tx, workspaceId, 'conversation.updated', { conversationId });
  });
  return repo.listParticipants(ctx.db, workspaceId, conversationId);
}

export async function removeParticipant(ctx: CommandContext, conversationId: string, memberId: string): Promise<void> {
  const workspaceId = ctx.workspace.workspaceId;
  await ctx.db.transaction(async (tx) => {
    const conversation = await inbox.lockConversation(tx, workspaceId, conversationId);
    if (!conversation) throw notFound('conversation', conversationId);
    if (!(await repo.deleteParticipant(tx, workspaceId, conversationId, memberId))) throw notFound('participant', memberId);
    await inbox.insertConversationEvent(tx, {
      workspaceId,
      conversationId,
      type: 'participant_removed',
      actorMemberId: ctx.workspace.memberId,
      actorLabel: ctx.workspace.memberId ? null : ctx.actor.label,
      data: { memberId },
    });
    await emitEvent(tx, workspaceId, 'conversation.updated', { conversationId });
  });
}

export async function listConversationParticipants(db: Executor, workspaceId: string, conversationId: string): Promise<repo.ParticipantRow[]> {
  if (!(await inbox.findConversation(db, workspaceId, conversationId))) throw notFound('conversation', conversationId);
  return repo.listParticipants(db, workspaceId, conversationId);
}
