// "Ask an expert": an agent hands a conversation to someone who knows the answer (any member who
// can read the inbox, in any department), with a note saying what they need. The conversation is
// assigned to the expert, remembers the agent to give it back to, and the expert is told. Returning
// it assigns it back to that agent and tells them. Both moves go through changeConversation's
// transaction and are recorded as conversation events.
import type { CommandContext } from '../../../server/context.js';
import { AppError, notFound } from '../../../server/errors.js';
import { notifyMember } from '../../activities/commands/notify-member.js';
import { apiKeyHasPermission, hasPermission } from '../../workspaces/roles.js';
import * as inbox from '../repository.js';
import * as repo from '../tools/repository.js';
import { applyChange } from './change-conversation.js';
import { helperMember } from './manage-participants.js';
import { refreshSla } from './refresh-sla.js';
import { addNote } from './send-message.js';

export type HandoffResult = { conversation: inbox.ConversationRow; participants: repo.ParticipantRow[] };

const excerpt = (text: string) => (text.length > 280 ? `${text.slice(0, 279)}…` : text);
const actorOf = (ctx: CommandContext) => ({ memberId: ctx.workspace.memberId, label: ctx.actor.label });

export async function handOffConversation(ctx: CommandContext, conversationId: string, input: { memberId: string; note: string }, options: { now?: Date } = {}): Promise<HandoffResult> {
  const workspaceId = ctx.workspace.workspaceId;
  const now = options.now ?? new Date();
  const conversation = await inbox.findConversation(ctx.db, workspaceId, conversationId);
  if (!conversation) throw notFound('conversation', conversationId);
  const expert = await helperMember(ctx.db, workspaceId, input.memberId);
  if (conversation.assigneeMemberId === expert.id) {
    throw new AppError('handoff.already_assigned', 409, `${expert.name} already has this conversation; add a note for them instead.`, { memberId: expert.id });
  }
  // Asked again from expert to expert, it still goes back to the agent who asked first.
  const returnTo = conversation.handoffReturnMemberId ?? conversation.assigneeMemberId ?? ctx.workspace.memberId;

  // The question lives in the thread as a note, so the expert reads it beside the conversation.
  await addNote(ctx, conversationId, { text: input.note }, { now });
  const { effects } = await ctx.db.transaction(async (tx) => {
    const change = await applyChange(tx, workspaceId, conversationId, { assigneeMemberId: expert.id, handoffReturnMemberId: returnTo }, { ...actorOf(ctx), notifyAssignee: false }, now);
    await repo.upsertParticipant(tx, workspaceId, conversationId, expert.id, 'expert');
    // The agent who asked keeps following the conversation while the expert has it.
    if (returnTo && returnTo !== expert.id) await repo.upsertParticipant(tx, workspaceId, conversationId, returnTo, 'participant');
    await inbox.insertConversationEvent(tx, {
      workspaceId,
      conversationId,
      type: 'handoff_requested',
      actorMemberId: ctx.workspace.memberId,
      actorLabel: ctx.workspace.memberId ? null : ctx.actor.label,
      data: { expertMemberId: expert.id, expertName: expert.name, returnMemberId: returnTo, note: input.note },
    });
    if (expert.id !== ctx.workspace.memberId) {
      await notifyMember(tx, {
        workspaceId,
        memberId: expert.id,
        kind: 'conversation_handoff',
        title: `${ctx.actor.label} asks for your help on a conversation`,
        body: excerpt(input.note),
        link: `/inbox/${conversationId}`,
      });
    }
    return change;
  });
  if (effects.slaChanged) await refreshSla(ctx.db, workspaceId, conversationId, now);
  return result(ctx, conversationId);
}

/** Whether the caller may give the conversation back: the expert, the agent who asked, or an inbox manager. */
function mayReturn(ctx: CommandContext, conversation: inbox.ConversationRow): boolean {
  const me = ctx.workspace.memberId;
  if (me && (me === conversation.assigneeMemberId || me === conversation.handoffReturnMemberId)) return true;
  if (ctx.actor.type === 'api_key') return apiKeyHasPermission(ctx.actor.scopes, 'inbox.manage');
  return ctx.workspace.role !== null && hasPermission(ctx.workspace.role, 'inbox.manage');
}

export async function returnConversation(ctx: CommandContext, conversationId: string, input: { note?: string }, options: { now?: Date } = {}): Promise<HandoffResult> {
  const workspaceId = ctx.workspace.workspaceId;
  const now = options.now ?? new Date();
  const conversation = await inbox.findConversation(ctx.db, workspaceId, conversationId);
  if (!conversation) throw notFound('conversation', conversationId);
  const returnTo = conversation.handoffReturnMemberId;
  if (!returnTo) throw new AppError('handoff.none', 409, 'This conversation was not handed to an expert, so there is no one to give it back to; assign it instead.');
  if (!mayReturn(ctx, conversation)) {
    throw new AppError('auth.forbidden', 403, 'Only the expert who has the conversation, the agent who asked, or someone who manages the inbox can give it back.', { permission: 'inbox.manage' });
  }
  const note = input.note?.trim();
  if (note) await addNote(ctx, conversationId, { text: note }, { now });
  const { effects } = await ctx.db.transaction(async (tx) => {
    const change = await applyChange(tx, workspaceId, conversationId, { assigneeMemberId: returnTo, handoffReturnMemberId: null }, { ...actorOf(ctx), notifyAssignee: false }, now);
    await inbox.insertConversationEvent(tx, {
      workspaceId,
      conversationId,
      type: 'handoff_returned',
      actorMemberId: ctx.workspace.memberId,
      actorLabel: ctx.workspace.memberId ? null : ctx.actor.label,
      data: { expertMemberId: conversation.assigneeMemberId, returnMemberId: returnTo, note: note ?? null },
    });
    if (returnTo !== ctx.workspace.memberId) {
      await notifyMember(tx, {
        workspaceId,
        memberId: returnTo,
        kind: 'conversation_handoff',
        title: `${ctx.actor.label} gave a conversation back to you`,
        body: note ? excerpt(note) : (conversation.lastMessagePreview ?? ''),
        link: `/inbox/${conversationId}`,
      });
    }
    return change;
  });
  if (effects.slaChanged) await refreshSla(ctx.db, workspaceId, conversationId, now);
  return result(ctx, conversationId);
}

/**
 * A note by the expert holding a handed-off conversation. Experts from other departments may have
 * only inbox.read (the notes route asks for inbox.note), so being the asked expert is what allows it.
 */
export async function addExpertNote(ctx: CommandContext, conversationId: string, input: { text: string }, options: { now?: Date } = {}) {
  const workspaceId = ctx.workspace.workspaceId;
  const conversation = await inbox.findConversation(ctx.db, workspaceId, conversationId);
  if (!conversation) throw notFound('conversation', conversationId);
  const me = ctx.workspace.memberId;
  const participants = await repo.listParticipants(ctx.db, workspaceId, conversationId);
  if (!me || !participants.some((participant) => participant.memberId === me && participant.role === 'expert')) {
    throw new AppError('auth.forbidden', 403, 'Only an expert asked to help on this conversation can add a note here; use the conversation notes otherwise.', { permission: 'inbox.note' });
  }
  return addNote(ctx, conversationId, input, options);
}

async function result(ctx: CommandContext, conversationId: string): Promise<HandoffResult> {
  const workspaceId = ctx.workspace.workspaceId;
  const [conversation, participants] = await Promise.all([inbox.findConversation(ctx.db, workspaceId, conversationId), repo.listParticipants(ctx.db, workspaceId, conversationId)]);
  return { conversation: conversation!, participants };
}
