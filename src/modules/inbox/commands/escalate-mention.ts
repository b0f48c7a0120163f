// escalateMention: a listening mention becomes a public conversation on the workspace's listening
// channel (made on first use), the mention's author its contact, the mention its first message.
// The conversation is the mention's thread (its root post), so escalating twice, or escalating two
// posts of one thread, opens the same conversation; replies go out through the mention's source.
// joinListeningThread does the same for a mention that arrives later in an escalated thread.
import type { Database, Executor } from '../../../db/client.js';
import type { SecretBox } from '../../../lib/secrets.js';
import type { CommandContext } from '../../../server/context.js';
import { AppError, notFound } from '../../../server/errors.js';
import * as channelRepo from '../../channels/listening/repository.js';
import { mentionReplyRefusal } from '../../channels/listening/listening-driver.js';
import { threadRootOf } from '../../channels/listening/thread.js';
import { authorIdentity } from '../../listening/jobs/link-authors.js';
import * as repo from '../repository.js';
import { receiveMessage, type InboundMessageInput, type ReceivedMessage } from './receive-message.js';

/** created: this call put the mention in a conversation (false: it already was in one) */
export type EscalatedConversation = { conversationId: string; created: boolean };

/** The message id of a mention on the listening channel: its source and its id there. */
export const mentionMessageId = (mention: Pick<channelRepo.EscalatedMention, 'source' | 'externalId'>) => `${mention.source}:${mention.externalId}`;

function senderOf(mention: channelRepo.EscalatedMention): InboundMessageInput['sender'] | null {
  const identity = authorIdentity({
    channel: mention.channel,
    handle: mention.authorHandle,
    externalId: mention.authorExternalId,
    name: mention.authorName,
    followers: mention.authorFollowers,
    verified: mention.authorVerified,
    profileUrl: mention.authorProfileUrl,
    avatarUrl: mention.authorAvatarUrl,
  });
  if (identity) return { identity, ...(mention.authorName ? { name: mention.authorName } : {}) };
  // A news site or a blog: its author may still have been tied to a contact by hand.
  return mention.contactId ? { contactId: mention.contactId } : null;
}

async function receiveMention(db: Database, mention: channelRepo.EscalatedMention, channelId: string, externalThreadId: string): Promise<ReceivedMessage> {
  const sender = senderOf(mention);
  if (!sender) {
    throw new AppError('mention.not_escalatable', 422, 'The author of this mention is not a person Parley can answer (no handle on a social network, no contact): it cannot become a conversation.', {});
  }
  const text = mention.title ? `${mention.title}\n\n${mention.text}` : mention.text;
  return receiveMessage(db, {
    workspaceId: mention.workspaceId,
    channelId,
    externalThreadId,
    externalMessageId: mentionMessageId(mention),
    visibility: 'public',
    sender,
    text: text.slice(0, 20_000),
    occurredAt: mention.publishedAt,
    ...(mention.title ? { subject: mention.title.slice(0, 500) } : {}),
    ...(mention.lang ? { language: mention.lang } : {}),
    sentiment: Math.max(-1, Math.min(1, mention.sentimentScore)),
    sourceMentionId: mention.id,
    data: { mentionId: mention.id, source: mention.source, externalId: mention.externalId, network: mention.channel, url: mention.url },
  });
}

export async function escalateMention(ctx: CommandContext, mentionId: string): Promise<EscalatedConversation> {
  const workspaceId = ctx.workspace.workspaceId;
  const mention = /^\d{1,18}$/.test(mentionId) ? await channelRepo.findMention(ctx.db, workspaceId, Number(mentionId)) : undefined;
  if (!mention) throw notFound('mention', mentionId);
  const channel = await channelRepo.ensureListeningChannel(ctx.db, workspaceId);
  // Escalated before (or it joined an escalated thread): the conversation it is in.
  const known = await channelRepo.conversationOfMessage(ctx.db, channel.id, mentionMessageId(mention));
  if (known) return { conversationId: known.conversationId, created: false };
  const externalThreadId = await threadRootOf(ctx.db, workspaceId, mention, channel.id);
  const received = await receiveMention(ctx.db, mention, channel.id, externalThreadId);
  if (!received.duplicate) {
    // Who brought it to the inbox, in the conversation's history ("escalated by Dana").
    await repo.insertConversationEvent(ctx.db, {
      workspaceId,
      conversationId: received.conversationId,
      type: 'escalated',
      actorMemberId: ctx.workspace.memberId,
      actorLabel: ctx.actor.label,
      data: { mentionId: mention.id, url: mention.url, joinedThread: !received.createdConversation },
    });
  }
  return { conversationId: received.conversationId, created: !received.duplicate };
}

/**
 * The conversation a mention is in on the listening channel (null until escalated or joined), and
 * why replies to it could not go out through its source (null when they can).
 */
export async function mentionConversation(db: Executor, secrets: SecretBox, workspaceId: string, mentionId: string): Promise<{ conversationId: string | null; cannotReply: string | null }> {
  const mention = /^\d{1,18}$/.test(mentionId) ? await channelRepo.findMention(db, workspaceId, Number(mentionId)) : undefined;
  if (!mention) throw notFound('mention', mentionId);
  const channel = await channelRepo.findListeningChannel(db, workspaceId);
  const conversationId = channel ? ((await channelRepo.conversationOfMessage(db, channel.id, mentionMessageId(mention)))?.conversationId ?? null) : null;
  return { conversationId, cannotReply: await mentionReplyRefusal(db, secrets, mention) };
}

/**
 * A mention that continues a thread a listening conversation holds joins it (as an inbound message,
 * which reopens a resolved conversation); a mention of no escalated thread is left alone. Returns
 * the conversation it joined, or null.
 */
export async function joinListeningThread(db: Database, mention: channelRepo.EscalatedMention): Promise<string | null> {
  const channel = await channelRepo.findListeningChannel(db, mention.workspaceId);
  if (!channel) return null;
  const externalThreadId = await threadRootOf(db, mention.workspaceId, mention, channel.id);
  const thread = await channelRepo.findThreadConversation(db, channel.id, externalThreadId);
  if (!thread || !senderOf(mention)) return null;
  return (await receiveMention(db, mention, channel.id, externalThreadId)).conversationId;
}
