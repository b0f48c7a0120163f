// Where a mention sits in a conversation, from what its source put in `data`: the post it replies to
// (looked up among stored mentions by its id at the source) and the thread's title or id.
import type { Mention } from './api';

export type ThreadContext = { parentExternalId: string | null; threadTitle: string | null; threadLabel: string | null };

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

export function threadContextOf(mention: Mention): ThreadContext | null {
  const data = mention.data;
  const replied = Array.isArray(data.referencedTweets)
    ? (data.referencedTweets as { type?: unknown; id?: unknown }[]).find((ref) => ref.type === 'replied_to')
    : undefined;
  const parent =
    text(data.replyParent) ?? // Bluesky: the parent's at:// URI
    text(data.inReplyToId) ?? // Mastodon
    text(replied?.id) ?? // X
    (text(data.parentId) && text(data.parentId) !== text(data.linkId) ? text(data.parentId) : null) ?? // Reddit comment, YouTube reply
    null;
  const threadTitle = text(data.threadTitle);
  const threadLabel = text(data.subreddit) ? `r/${text(data.subreddit)}` : text(data.conversationId) ? 'X conversation' : text(data.threadId) ? 'YouTube thread' : null;
  if (!parent && !threadTitle && !threadLabel && !text(data.linkId)) return null;
  return { parentExternalId: parent ?? text(data.linkId), threadTitle, threadLabel };
}
