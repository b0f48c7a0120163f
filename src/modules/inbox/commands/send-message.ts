// Writing in a conversation: an agent's reply (stored as queued, then sent by the inbox.send_message
// job through the channel's driver), an automatic message (a routing rule's auto-reply, a survey
// link: not an agent's response, so it starts no response clock), an internal note with @mentions of
// people and teams, and the retry of a failed send.
import { and, eq, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../../db/client.js';
import { conversationParticipants, conversations, members, messages, users, type ChannelType, type MessageAttachment } from '../../../db/schema.js';
import { preparedQueries, preparedQuery } from '../../../db/prepared.js';
import { addJobSql } from '../../../jobs/enqueue.js';
import type { CommandContext } from '../../../server/context.js';
import { AppError, notFound } from '../../../server/errors.js';
import { emitEvent, notifySql } from '../../../server/events.js';
import { notifyMember } from '../../activities/commands/notify-member.js';
import { excerpt, extractMentionIds } from '../../activities/mentions.js';
import { interactionSql } from '../../contacts/commands/record-interaction.js';
import * as repo from '../repository.js';
import { applyChange } from './change-conversation.js';
import { previewOf } from './receive-message.js';
import { refreshSlaOfLocked } from './refresh-sla.js';
import '../../channels/drivers.js';
import { channelDriver } from '../../channels/registry.js';
import type { FreeFormWindow } from '../../channels/driver.js';
import { replyButtonsOn, textWithButtonList, withButtonIds } from '../../../shared/reply-buttons.js';

export const SEND_MESSAGE_JOB = 'inbox.send_message';

export type OutgoingMessage = {
  text: string;
  attachments?: MessageAttachment[];
  clientMessageId?: string;
  replyToMessageId?: number;
  /** What the channel's driver sends beyond text (`template`: a platform's pre-approved message template, `interactive`: buttons) */
  data?: Record<string, unknown>;
  /** Reply buttons: stored as `data.interactive` where the channel shows them, else listed at the end of the text */
  buttons?: { title: string; id?: string | undefined }[];
};

type Author = { memberId: string | null; label: string; automatic: boolean };

/** An agent's reply. Idempotent by clientMessageId: sending the same one again returns the stored message. */
export async function sendMessage(ctx: CommandContext, conversationId: string, input: OutgoingMessage, options: { now?: Date } = {}): Promise<repo.MessageRow> {
  return writeOutbound(ctx.db, ctx.workspace.workspaceId, conversationId, input, { memberId: ctx.workspace.memberId, label: ctx.actor.label, automatic: false }, options.now ?? new Date());
}

/** A message the system sends on the team's behalf (auto-reply, survey): it answers nobody and starts no response clock. */
export async function sendAutomaticMessage(db: Database, workspaceId: string, conversationId: string, text: string, label: string, options: { now?: Date; clientMessageId?: string } = {}): Promise<repo.MessageRow> {
  return writeOutbound(db, workspaceId, conversationId, { text, ...(options.clientMessageId ? { clientMessageId: options.clientMessageId } : {}) }, { memberId: null, label, automatic: true }, options.now ?? new Date());
}

const insertOutbound = preparedQuery((db) =>
  db
    .insert(messages)
    .values({
      workspaceId: sql.placeholder('workspaceId'),
      conversationId: sql.placeholder('conversationId'),
      channelId: sql.placeholder('channelId'),
      kind: 'message',
      direction: 'outbound',
      clientMessageId: sql.placeholder('clientMessageId'),
      authorMemberId: sql.placeholder('authorMemberId'),
      text: sql.placeholder('text'),
      attachments: sql.placeholder('attachments'),
      replyToMessageId: sql.placeholder('replyToMessageId'),
      status: 'queued',
      data: sql.placeholder('data'),
      createdAt: sql.placeholder('now'),
    })
    .onConflictDoNothing({ target: [messages.conversationId, messages.clientMessageId], where: sql`${messages.clientMessageId} IS NOT NULL` })
    .returning()
    .prepare(''),
);

/**
 * The conversation after an outbound message: counters, preview and clocks. A reply that answers
 * (not an automatic message) also marks every inbound message waiting for an answer as answered, in
 * the same statement (the response rate), and stops the waiting clock.
 */
function updateAfterOutbound(db: Executor, answers: boolean) {
  const at = sql`${sql.placeholder('at')}::timestamptz`;
  const answered = db.$with('answered', { id: messages.id }).as(
    sql`UPDATE ${messages} SET answered_at = ${at} WHERE ${messages.conversationId} = ${sql.placeholder('conversationId')} AND ${messages.direction} = 'inbound' AND ${messages.kind} = 'message' AND ${messages.answeredAt} IS NULL RETURNING ${messages.id}`,
  );
  return (answers ? db.with(answered) : db)
    .update(conversations)
    .set({
      messageCount: sql`${conversations.messageCount} + 1`,
      lastMessageAt: sql`greatest(${conversations.lastMessageAt}, ${at})`,
      lastMessagePreview: sql`${sql.placeholder('preview')}`,
      lastOutboundAt: at,
      firstResponseAt: answers ? sql`CASE WHEN ${conversations.firstInboundAt} IS NOT NULL THEN coalesce(${conversations.firstResponseAt}, ${at}) ELSE ${conversations.firstResponseAt} END` : sql`${conversations.firstResponseAt}`,
      waitingSince: answers ? null : sql`${conversations.waitingSince}`,
      version: sql`${conversations.version} + 1`,
      updatedAt: at,
    })
    .where(eq(conversations.id, sql.placeholder('conversationId')))
    .returning()
    .prepare('');
}
const conversationAfterOutbound = preparedQueries<ReturnType<typeof updateAfterOutbound>>(2);

async function writeOutbound(db: Database, workspaceId: string, conversationId: string, input: OutgoingMessage, author: Author, now: Date): Promise<repo.MessageRow> {
  const attachments = input.attachments ?? [];
  if (!input.text.trim() && attachments.length === 0) throw new AppError('message.empty', 400, 'A message needs text or an attachment.', { field: 'text' });

  const result = await db.transaction(async (tx) => {
    const conversation = await repo.lockConversation(tx, workspaceId, conversationId);
    if (!conversation) throw notFound('conversation', conversationId);
    const { text, data } = withReplyButtons(conversation, input, attachments.length > 0);
    if (conversation.mergedIntoId) throw new AppError('conversation.merged', 422, `This conversation was merged into ${conversation.mergedIntoId}; reply there.`, { mergedIntoId: conversation.mergedIntoId });
    // The same clientMessageId again (a retried request) returns the stored message.
    const stored = async () =>
      input.clientMessageId
        ? (await tx.select().from(messages).where(and(eq(messages.conversationId, conversationId), eq(messages.clientMessageId, input.clientMessageId))))[0]
        : undefined;
    // An agent's free-form reply outside the platform's reply window would only fail at the platform.
    const window = author.automatic || input.data?.template ? null : freeFormWindowOf(conversation.channelType, conversation.lastInboundAt, now);
    if (window && !window.open) {
      const existing = await stored();
      if (existing) return { message: existing, fresh: false };
      throw new AppError('message.outside_window', 422, `${window.reason ?? 'Only a message template can go out now.'} Send a template instead.`, { templatesOnly: true, closesAt: window.closesAt?.toISOString() ?? null });
    }
    if (input.replyToMessageId) {
      const replyTo = await repo.findMessage(tx, workspaceId, input.replyToMessageId);
      if (!replyTo || replyTo.conversationId !== conversationId) throw new AppError('message.reply_to', 400, `Message ${input.replyToMessageId} is not in this conversation.`, { field: 'replyToMessageId' });
    }
    const [message] = await insertOutbound(tx).execute({
      workspaceId,
      conversationId,
      channelId: conversation.channelId,
      clientMessageId: input.clientMessageId ?? null,
      authorMemberId: author.memberId,
      text,
      attachments,
      replyToMessageId: input.replyToMessageId ?? null,
      data: { ...data, ...(author.automatic ? { automatic: true, label: author.label } : {}) },
      now,
    });
    if (!message) return { message: (await stored())!, fresh: false };
    const answers = !author.automatic;
    const preview = previewOf(text, attachments);
    let [current] = await conversationAfterOutbound(tx, answers ? 'answers' : 'automatic', (db) => updateAfterOutbound(db, answers)).execute({
      conversationId,
      preview,
      at: now.toISOString(),
    });
    if (answers) {
      if (!conversation.firstResponseAt && conversation.firstInboundAt) {
        await repo.insertConversationEvent(tx, {
          workspaceId,
          conversationId,
          type: 'first_response',
          actorMemberId: author.memberId,
          data: { seconds: Math.max(0, Math.round((now.getTime() - conversation.firstInboundAt.getTime()) / 1000)) },
        });
      }
      // Whoever answers an unassigned conversation takes it; a snoozed one wakes up.
      const patch = { ...(author.memberId && !conversation.assigneeMemberId ? { assigneeMemberId: author.memberId } : {}), ...(conversation.status === 'snoozed' ? { status: 'open' as const } : {}) };
      if (Object.keys(patch).length) current = (await applyChange(tx, workspaceId, conversationId, patch, { memberId: author.memberId, label: author.label }, now)).row;
      // The response clocks move in the same commit.
      await refreshSlaOfLocked(tx, current!, now);
    }
    // The contact's timeline, the send job and the events in one round trip.
    const interaction = conversation.contactId
      ? interactionSql({
          workspaceId,
          contactId: conversation.contactId,
          kind: 'message',
          channel: conversation.channelType,
          direction: 'outbound',
          occurredAt: now,
          summary: preview || 'Message',
          body: text,
          sourceModule: 'inbox',
          sourceId: `message:${message.id}`,
          actorMemberId: author.memberId,
          data: { conversationId },
        })
      : null;
    const events = notifySql(workspaceId, [
      { type: 'message.created', data: { conversationId, messageId: message.id, direction: 'outbound' } },
      { type: 'conversation.updated', data: { conversationId } },
    ]);
    await tx.execute(interaction ? sql`WITH ${interaction.with} SELECT ${sendJobSql(workspaceId, message.id)}, ${events}, ${interaction.notify}` : sql`SELECT ${sendJobSql(workspaceId, message.id)}, ${events}`);
    return { message, fresh: true };
  });
  return result.message;
}

/**
 * The reply's text and data with its buttons placed once, where every driver reads them: in
 * `data.interactive` on a channel that shows buttons (more than it shows is refused up front), as a
 * numbered list after the text on one that does not, so the customer still sees the choices.
 */
function withReplyButtons(conversation: { channelType: ChannelType; visibility: 'public' | 'private' }, input: OutgoingMessage, hasAttachments: boolean): { text: string; data: Record<string, unknown> } {
  const text = input.text.trim();
  if (!input.buttons?.length) return { text, data: { ...input.data } };
  const buttons = withButtonIds(input.buttons);
  const support = replyButtonsOn(conversation.channelType, conversation.visibility);
  if (!support) return { text: textWithButtonList(text, buttons), data: { ...input.data } };
  const channel = channelLabel(conversation.channelType);
  if (buttons.length > support.max) throw new AppError('message.too_many_buttons', 422, `${channel} shows at most ${support.max} reply buttons; this reply has ${buttons.length}.`, { field: 'buttons', channelType: conversation.channelType, max: support.max });
  // A text-only interactive message (WhatsApp's) would drop the files, or has nothing to hang the buttons on.
  if (support.textOnly && (hasAttachments || !text)) throw new AppError('message.buttons_need_text', 422, `${channel} shows reply buttons under text only: write the text, and send files in a message of their own.`, { field: 'buttons', channelType: conversation.channelType });
  return { text, data: { ...input.data, interactive: { type: 'buttons', buttons } } };
}

const channelLabel = (type: ChannelType): string => ({ whatsapp: 'WhatsApp', telegram: 'Telegram', messenger: 'Messenger', instagram: 'Instagram', webchat: 'Web chat', email: 'Email', x: 'X', listening: 'Listening' })[type];

/** The channel's free-form reply window (WhatsApp: 24 hours after the customer's last message), or null when replies are not limited. */
export function freeFormWindowOf(channelType: ChannelType, lastInboundAt: Date | null, now = new Date()): FreeFormWindow | null {
  return channelDriver(channelType)?.freeFormWindow?.(lastInboundAt, now) ?? null;
}

const sendJobSql = (workspaceId: string, messageId: number, runAt?: Date) =>
  addJobSql(SEND_MESSAGE_JOB, { workspaceId, messageId }, { jobKey: `inbox-send:${messageId}`, ...(runAt ? { runAt } : {}), maxAttempts: 3 });

export async function enqueueSend(tx: Executor, workspaceId: string, messageId: number, runAt?: Date): Promise<void> {
  await tx.execute(sql`SELECT ${sendJobSql(workspaceId, messageId, runAt)}`);
}

/** A failed send, queued again (the message's Retry button). */
export async function retryMessage(ctx: CommandContext, conversationId: string, messageId: number): Promise<repo.MessageRow> {
  const workspaceId = ctx.workspace.workspaceId;
  return ctx.db.transaction(async (tx) => {
    const message = await repo.findMessage(tx, workspaceId, messageId);
    if (!message || message.conversationId !== conversationId || message.kind !== 'message' || message.direction !== 'outbound') throw notFound('message', String(messageId));
    if (message.status !== 'failed') throw new AppError('message.not_failed', 409, `Only a failed message can be sent again; this one is ${message.status}.`, { status: message.status });
    const [row] = await tx.update(messages).set({ status: 'queued', error: null, attempts: 0 }).where(eq(messages.id, messageId)).returning();
    await enqueueSend(tx, workspaceId, messageId);
    await emitEvent(tx, workspaceId, 'message.updated', { conversationId, messageId });
    return row!;
  });
}

const TEAM_MENTION = /@\[([^\]\n]{1,120})\]\(team:([A-Za-z0-9_]{1,100})\)/g;

/** Team ids mentioned in a note (`@[Social Care](team:team_x)`), each once. */
export function extractTeamMentionIds(body: string): string[] {
  return [...new Set([...body.matchAll(TEAM_MENTION)].map((match) => match[2]!))];
}

/**
 * An internal note. Mentioned people (and the members of mentioned teams) are notified and become
 * participants, so a product manager or a store employee pulled in sees the conversation among theirs.
 */
export async function addNote(ctx: CommandContext, conversationId: string, input: { text: string }, options: { now?: Date } = {}): Promise<repo.MessageRow> {
  const workspaceId = ctx.workspace.workspaceId;
  const text = input.text.trim();
  if (!text) throw new AppError('note.empty', 400, 'A note needs text.', { field: 'text' });
  const now = options.now ?? new Date();
  return ctx.db.transaction(async (tx) => {
    const conversation = await repo.lockConversation(tx, workspaceId, conversationId);
    if (!conversation) throw notFound('conversation', conversationId);
    const memberIds = extractMentionIds(text);
    const teamIds = extractTeamMentionIds(text);
    const foundMembers = await repo.findMembers(tx, workspaceId, memberIds);
    const unknownMember = memberIds.find((id) => !foundMembers.some((member) => member.id === id));
    if (unknownMember) throw new AppError('note.unknown_mention', 400, `Mentioned member ${unknownMember} is not in this workspace.`, { field: 'text', memberId: unknownMember });
    const foundTeams = await repo.findTeams(tx, workspaceId, teamIds);
    const unknownTeam = teamIds.find((id) => !foundTeams.some((team) => team.id === id));
    if (unknownTeam) throw new AppError('note.unknown_mention', 400, `Mentioned team ${unknownTeam} is not in this workspace.`, { field: 'text', teamId: unknownTeam });

    const [note] = await tx
      .insert(messages)
      .values({
        workspaceId,
        conversationId,
        channelId: conversation.channelId,
        kind: 'note',
        direction: 'outbound',
        authorMemberId: ctx.workspace.memberId,
        text,
        status: 'sent',
        mentionedMemberIds: memberIds,
        mentionedTeamIds: teamIds,
        createdAt: now,
      })
      .returning();

    const notified = new Set<string>(memberIds);
    for (const teamId of teamIds) for (const memberId of await repo.teamMemberIds(tx, workspaceId, teamId)) notified.add(memberId);
    if (ctx.workspace.memberId) notified.delete(ctx.workspace.memberId);
    const recipients = [...notified];
    if (recipients.length) {
      await tx
        .insert(conversationParticipants)
        .values(recipients.map((memberId) => ({ conversationId, memberId, workspaceId, role: 'participant' as const })))
        .onConflictDoNothing();
    }
    for (const memberId of recipients) {
      await notifyMember(tx, {
        workspaceId,
        memberId,
        kind: 'conversation_mention',
        title: `${ctx.actor.label} mentioned you in a conversation`,
        body: excerpt(text.replace(TEAM_MENTION, (_token, name: string) => `@${name}`)),
        link: `/inbox/${conversationId}`,
      });
    }
    await emitEvent(tx, workspaceId, 'message.created', { conversationId, messageId: note!.id, direction: 'note' });
    return note!;
  });
}

const participantsOf = preparedQuery((db) =>
  db
    .select({ memberId: conversationParticipants.memberId, role: conversationParticipants.role, name: sql<string>`coalesce(${users.name}, '')` })
    .from(conversationParticipants)
    .leftJoin(members, and(eq(members.id, conversationParticipants.memberId), eq(members.workspaceId, sql.placeholder('workspaceId'))))
    .leftJoin(users, eq(users.id, members.userId))
    .where(and(eq(conversationParticipants.workspaceId, sql.placeholder('workspaceId')), eq(conversationParticipants.conversationId, sql.placeholder('conversationId'))))
    .prepare(''),
);

/** The participants of a conversation with their names (for the sidebar and notification checks). */
export async function listParticipants(db: Executor, workspaceId: string, conversationId: string) {
  return participantsOf(db).execute({ workspaceId, conversationId });
}
