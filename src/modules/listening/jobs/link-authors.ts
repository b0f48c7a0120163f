// Links the authors of new mentions to CRM contacts: resolveIdentity finds the contact the author's
// identity belongs to (or creates one), and the mention joins that contact's timeline. The pipeline
// queues this job after each stored batch (one waiting job, not one per batch) and a cron run picks up
// anything left behind by a crash. It runs apart from the pipeline because identity resolution costs
// a round trip or three per author, far more than storing a mention; under a burst it falls behind
// and catches up, while the pipeline keeps the firehose's pace.
//
// Authors are linked when the mention comes from a network whose identities the CRM knows (X, Mastodon,
// Bluesky, Reddit…) and does not look like spam; news sites, blogs and spam are marked done unlinked.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { defineJob } from '../../../jobs/define.js';
import type { Database } from '../../../db/client.js';
import { identityChannels, type IdentityChannel } from '../../../db/schema.js';
import { systemActor } from '../../../server/context.js';
import { AppError } from '../../../server/errors.js';
import { resolveIdentity } from '../../contacts/commands/resolve-identity.js';
import { recordInteraction } from '../../contacts/commands/record-interaction.js';
import { excerpt } from '../../activities/mentions.js';
import { SPAM_THRESHOLD } from '../repository.js';

const BATCH = 200;
const TIME_BUDGET_MS = 50_000;

const SOCIAL: ReadonlySet<string> = new Set(identityChannels.filter((channel) => !['email', 'phone', 'whatsapp', 'webchat', 'community'].includes(channel)));
const ALIASES: Record<string, IdentityChannel> = { x: 'twitter', bsky: 'bluesky', fb: 'facebook', ig: 'instagram' };

/** The CRM identity channel of a mention's channel, or null when its authors are not linkable. */
export function identityChannelOf(channel: string | null): IdentityChannel | null {
  if (!channel) return null;
  const name = channel.toLowerCase();
  const mapped = ALIASES[name] ?? name;
  return SOCIAL.has(mapped) ? (mapped as IdentityChannel) : null;
}

type Pending = {
  id: string;
  workspace_id: string;
  channel: string | null;
  url: string | null;
  text: string;
  title: string | null;
  published_at: Date;
  sentiment_score: number;
  spam_score: number;
  topic_ids: string[];
  author_handle: string | null;
  author_external_id: string | null;
  author_name: string | null;
  author_followers: number | null;
  author_verified: boolean | null;
  author_profile_url: string | null;
  author_avatar_url: string | null;
};

const validUrl = (value: string | null): string | undefined => {
  if (!value) return undefined;
  try {
    return /^https?:$/.test(new URL(value).protocol) ? value : undefined;
  } catch {
    return undefined;
  }
};

export type MentionAuthor = {
  channel: string | null;
  handle: string | null;
  externalId: string | null;
  name: string | null;
  followers: number | null;
  verified: boolean | null;
  profileUrl: string | null;
  avatarUrl: string | null;
};

/** The CRM identity of a mention's author, or null when its network's authors are not linkable. */
export function authorIdentity(author: MentionAuthor) {
  const channel = identityChannelOf(author.channel);
  if (!channel || !(author.handle || author.externalId)) return null;
  return {
    channel,
    externalId: author.externalId ?? undefined,
    handle: author.handle ?? undefined,
    displayName: author.name ?? undefined,
    followers: author.followers ?? undefined,
    verified: author.verified ?? undefined,
    profileUrl: validUrl(author.profileUrl),
    avatarUrl: validUrl(author.avatarUrl),
  };
}

/** Links one claimed batch; returns how many mentions it handled. */
export async function linkAuthorsBatch(db: Database, limit = BATCH): Promise<number> {
  return db.transaction(async (tx) => {
    const claimed = await tx.execute<Pending>(sql`
      SELECT id::text, workspace_id, channel, url, text, title, published_at, sentiment_score, spam_score, topic_ids,
             author_handle, author_external_id, author_name, author_followers, author_verified, author_profile_url, author_avatar_url
        FROM mentions WHERE linked_at IS NULL ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED`);
    const actor = systemActor('Listening');
    for (const mention of claimed.rows) {
      const identity = authorIdentity({
        channel: mention.channel,
        handle: mention.author_handle,
        externalId: mention.author_external_id,
        name: mention.author_name,
        followers: mention.author_followers,
        verified: mention.author_verified,
        profileUrl: mention.author_profile_url,
        avatarUrl: mention.author_avatar_url,
      });
      let contactId: string | null = null;
      if (identity && mention.spam_score < SPAM_THRESHOLD) {
        const channel = identity.channel;
        try {
          const resolved = await resolveIdentity(db, mention.workspace_id, actor, {
            identity,
            source: 'mention',
            sourceChannel: channel,
          });
          contactId = resolved.contactId;
          // Through the pool, not the claiming transaction: holding the contact's row lock until the
          // batch commits would block resolveIdentity for the author's next mention, which waits on it.
          await recordInteraction(db, {
            workspaceId: mention.workspace_id,
            contactId,
            kind: 'mention',
            channel,
            direction: 'inbound',
            occurredAt: new Date(mention.published_at),
            summary: excerpt(mention.title ? `${mention.title} — ${mention.text}` : mention.text),
            body: mention.text,
            sentiment: mention.sentiment_score,
            sourceModule: 'listening',
            sourceId: mention.id,
            data: { mentionId: mention.id, url: mention.url, topicIds: mention.topic_ids },
          });
        } catch (error) {
          // An identity the CRM cannot read (a Mastodon handle without its instance…) leaves the mention unlinked.
          if (!(error instanceof AppError)) throw error;
        }
      }
      await tx.execute(sql`UPDATE mentions SET contact_id = ${contactId}, linked_at = now() WHERE id = ${mention.id}::bigint`);
    }
    return claimed.rows.length;
  });
}

export const linkAuthors = defineJob({
  id: 'listening.link_authors',
  payload: z.object({}).passthrough(),
  cron: '* * * * *',
  handler: async (_payload, { db, stopping }, helpers) => {
    const started = Date.now();
    let linked = 0;
    // Ends at its next batch when the worker stops rather than hold the shutdown.
    while (Date.now() - started < TIME_BUDGET_MS && !stopping?.aborted) {
      const handled = await linkAuthorsBatch(db);
      linked += handled;
      if (handled < BATCH) break;
    }
    if (linked > 0) helpers.logger.info(`linked the authors of ${linked} mention(s)`);
  },
});
