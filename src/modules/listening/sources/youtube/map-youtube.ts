// YouTube comments to IncomingPosts: a thread's top-level comment and the replies that came with it,
// each linked to its place under the video (watch?v=<video>&lc=<comment>).
import type { IncomingAuthor, IncomingPost } from '../../pipeline/incoming.js';
import type { CommentThread, YouTubeComment } from './youtube-types.js';

const authorOf = (comment: YouTubeComment): IncomingAuthor | undefined => {
  const { authorDisplayName, authorChannelId, authorChannelUrl, authorProfileImageUrl } = comment.snippet;
  if (!authorDisplayName && !authorChannelId) return undefined;
  return {
    // Channels with a handle show it as the display name (@name); older ones show a free name.
    ...(authorDisplayName?.startsWith('@') ? { handle: authorDisplayName.slice(1) } : {}),
    ...(authorDisplayName ? { name: authorDisplayName.slice(0, 300) } : {}),
    ...(authorChannelId ? { externalId: authorChannelId.value } : {}),
    ...(authorChannelUrl ? { profileUrl: authorChannelUrl } : {}),
    ...(authorProfileImageUrl ? { avatarUrl: authorProfileImageUrl } : {}),
  };
};

const mapComment = (comment: YouTubeComment, thread: CommentThread, kind: 'comment' | 'reply'): IncomingPost => {
  const videoId = comment.snippet.videoId ?? thread.snippet.videoId;
  const author = authorOf(comment);
  return {
    externalId: comment.id,
    text: (comment.snippet.textOriginal ?? comment.snippet.textDisplay ?? '').slice(0, 100_000),
    ...(videoId ? { url: `https://www.youtube.com/watch?v=${encodeURIComponent(videoId)}&lc=${encodeURIComponent(comment.id)}` } : {}),
    channel: 'youtube',
    publishedAt: new Date(comment.snippet.publishedAt).toISOString(),
    ...(author ? { author } : {}),
    data: {
      kind,
      videoId,
      channelId: comment.snippet.channelId ?? thread.snippet.channelId,
      threadId: thread.id,
      parentId: comment.snippet.parentId,
      likeCount: comment.snippet.likeCount,
      ...(kind === 'comment' ? { totalReplyCount: thread.snippet.totalReplyCount } : {}),
      updatedAt: comment.snippet.updatedAt,
    },
  };
};

/** The thread's top-level comment, then the replies it carries (a few of the newest, at most five). */
export const commentsOfThread = (thread: CommentThread): { comment: YouTubeComment; post: IncomingPost }[] => [
  { comment: thread.snippet.topLevelComment, post: mapComment(thread.snippet.topLevelComment, thread, 'comment') },
  ...(thread.replies?.comments ?? []).map((reply) => ({ comment: reply, post: mapComment(reply, thread, 'reply') })),
];
