// The listening channel: conversations escalated from mentions, answered in public where the post
// was made. A reply goes out through the source the mention came from (its sealed credentials, its
// configured instance or base URL) with that platform's reply client; a source without a reply API
// or without credentials that can post says why instead, and the composer shows it.
import type { Executor } from '../../../db/client.js';
import type { SecretBox } from '../../../lib/secrets.js';
import { ChannelSendError, type ChannelDriver, type DriverContext, type OutboundMessage } from '../driver.js';
import { openCredentials } from '../../listening/sources/settings.js';
import { registerChannelDriver } from '../registry.js';
import { blueskyReplyClient } from './bluesky-reply.js';
import { mastodonReplyClient } from './mastodon-reply.js';
import { redditReplyClient } from './reddit-reply.js';
import type { ReplyPost, ReplySource, SourceReplyClient } from './reply-client.js';
import { defaultReplyHttp, type ReplyHttp } from './reply-http.js';
import * as repo from './repository.js';
import { xReplyClient } from './x-reply.js';
import { youtubeReplyClient } from './youtube-reply.js';

const replyClients = new Map<string, SourceReplyClient>([mastodonReplyClient, blueskyReplyClient, xReplyClient, redditReplyClient, youtubeReplyClient].map((client) => [client.sourceType, client]));

/** A mention's source is `${type}:${id}` when a configured source found it; "api", "demo"… otherwise. */
export function sourceIdOf(source: string): { type: string; id: string } | null {
  const match = /^([a-z]+):(.+)$/.exec(source);
  return match ? { type: match[1]!, id: match[2]! } : null;
}

type Resolved = { reason: string } | { reason: null; client: SourceReplyClient; source: ReplySource; parent: repo.EscalatedMention; root: repo.EscalatedMention | null };

/** The mention a reply answers: the one the answered message came from, else the one the conversation was opened from. */
async function answeredMention(context: DriverContext, message: OutboundMessage): Promise<repo.EscalatedMention | undefined> {
  const { db, channel } = context;
  if (message.replyToExternalId) {
    const answered = await repo.findChannelMessage(db, channel.id, message.replyToExternalId);
    const mentionId = Number(answered?.data.mentionId);
    if (Number.isSafeInteger(mentionId) && mentionId > 0) {
      const mention = await repo.findMention(db, channel.workspaceId, mentionId);
      if (mention) return mention;
    }
  }
  return message.sourceMentionId ? repo.findMention(db, channel.workspaceId, message.sourceMentionId) : undefined;
}

async function resolve(context: DriverContext, message: OutboundMessage): Promise<Resolved> {
  const parent = await answeredMention(context, message);
  if (!parent) return { reason: 'The mention this conversation was opened from is gone; there is no post to reply to.' };
  return resolveMention(context.db, context.secrets, parent);
}

async function resolveMention(db: Executor, secrets: SecretBox | undefined, parent: repo.EscalatedMention): Promise<Resolved> {
  const origin = sourceIdOf(parent.source);
  const where = parent.channel ?? 'its site';
  if (!origin) return { reason: `This mention was imported or posted to Parley's API, not read by a source with an account on ${where}: reply on ${where} itself.` };
  const client = replyClients.get(origin.type);
  if (!client) return { reason: `${origin.type === 'rss' || origin.type === 'generic' ? 'Feeds and webhooks' : `Sources of type ${origin.type}`} have no reply API: reply on ${where} itself.` };
  const row = await repo.findSource(db, parent.workspaceId, origin.id);
  if (!row) return { reason: 'The listening source this mention came from was removed; add it again with an account to reply.' };
  if (!secrets) throw new ChannelSendError('temporary', 'This process cannot open stored credentials (no instance secret)');
  let credentials: Record<string, string>;
  try {
    credentials = openCredentials(secrets, row.credentials);
  } catch {
    return { reason: `The credentials of the source "${row.name}" cannot be opened any more; enter them again to reply.` };
  }
  const source: ReplySource = { id: row.id, type: row.type, name: row.name, config: row.config, credentials };
  const reason = client.cannotReply(source);
  if (reason) return { reason };
  const rootId = typeof parent.data.replyRoot === 'string' ? parent.data.replyRoot : null;
  const root = rootId && rootId !== parent.externalId ? ((await repo.findMentionByExternalId(db, parent.workspaceId, parent.source, rootId)) ?? null) : null;
  return { reason: null, client, source, parent, root };
}

/** Why a reply to this mention could not go out through its source (what to add), or null when it can. */
export async function mentionReplyRefusal(db: Executor, secrets: SecretBox, mention: repo.EscalatedMention): Promise<string | null> {
  return (await resolveMention(db, secrets, mention)).reason;
}

const replyPost = (mention: repo.EscalatedMention): ReplyPost => ({ externalId: mention.externalId, channel: mention.channel, authorHandle: mention.authorHandle, data: mention.data });

/** Replies go out through the mention's source as text: a file would be dropped without a word. */
export const TEXT_ONLY = 'Replies to mentions go out through their source as text only; share a link to the file instead.';

export function createListeningDriver(http: ReplyHttp = defaultReplyHttp()): ChannelDriver {
  return {
    type: 'listening',
    async cannotReply(context, message) {
      if (message.attachments.length > 0) return TEXT_ONLY;
      return (await resolve(context, message)).reason;
    },
    async send(context, message) {
      if (message.attachments.length > 0) throw new ChannelSendError('permanent', TEXT_ONLY);
      const resolved = await resolve(context, message);
      if (resolved.reason !== null) throw new ChannelSendError('permanent', resolved.reason);
      const createdAt = (await repo.messageCreatedAt(context.db, Number(message.messageId))) ?? new Date(http.now());
      const externalId = await resolved.client.reply(
        resolved.source,
        { messageId: message.messageId, createdAt, text: message.text, parent: replyPost(resolved.parent), root: resolved.root ? replyPost(resolved.root) : null },
        http,
      );
      return { externalId, status: 'sent' };
    },
  };
}

export const listeningDriver = createListeningDriver();
registerChannelDriver(listeningDriver);
