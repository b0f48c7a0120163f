// Which thread a mention belongs to: the external id of the thread's first post, so that a mention
// and the replies to it land in one conversation. Most sources record the root (Bluesky replyRoot,
// X conversationId, a Reddit comment's linkId, a YouTube reply's threadId); a Mastodon status names
// only its parent, so its root is found by walking up through the statuses we have stored (or our
// own replies); where the walk ends at a status we do not know, the last one known is the root.
import type { Executor } from '../../../db/client.js';
import * as repo from './repository.js';

type Post = Pick<repo.EscalatedMention, 'externalId' | 'channel' | 'source' | 'data'>;

const text = (data: Record<string, unknown>, key: string): string | undefined => {
  const value = data[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

/** The thread root a post's own record names, or null when it must be looked up (a Mastodon reply). */
export function recordedThreadRoot(post: Post): string | null {
  const data = post.data;
  switch (post.channel) {
    case 'bluesky':
      return text(data, 'replyRoot') ?? post.externalId;
    case 'twitter':
      return text(data, 'conversationId') ?? post.externalId;
    case 'reddit':
      return data.kind === 'comment' ? (text(data, 'linkId') ?? post.externalId) : post.externalId;
    case 'youtube':
      return text(data, 'threadId') ?? post.externalId;
    case 'mastodon':
      return text(data, 'inReplyToId') ? null : post.externalId;
    default:
      return post.externalId;
  }
}

const MAX_DEPTH = 50;

/** The thread root of a post, walking a Mastodon reply up through stored statuses and the channel's sent replies. */
export async function threadRootOf(db: Executor, workspaceId: string, post: Post, listeningChannelId: string | null): Promise<string> {
  const recorded = recordedThreadRoot(post);
  if (recorded) return recorded;
  let current = post;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const parentId = text(current.data, 'inReplyToId');
    if (!parentId) return current.externalId;
    const parent = await repo.findMastodonStatus(db, workspaceId, post.source, parentId);
    if (!parent) {
      // A reply to one of our replies belongs to the thread that reply was sent in.
      const sent = listeningChannelId ? await repo.conversationOfMessage(db, listeningChannelId, parentId) : undefined;
      return sent?.externalThreadId ?? current.externalId;
    }
    current = parent;
  }
  return current.externalId;
}
