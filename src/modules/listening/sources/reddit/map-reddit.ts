// Reddit things to IncomingPosts: a submission (t3) is its title and self text with the link it
// shares; a comment (t1) is its body, with the thread it belongs to in `data`.
import type { IncomingAuthor, IncomingPost } from '../../pipeline/incoming.js';
import type { RedditComment, RedditSubmission, RedditThing } from './reddit-types.js';

const SITE = 'https://www.reddit.com';
const MAX_TEXT = 100_000;

const authorOf = (thing: RedditSubmission | RedditComment): IncomingAuthor | undefined => {
  const handle = thing.author;
  // Deleted accounts show as "[deleted]": there is nobody to link the post to.
  if (!handle || handle === '[deleted]') return undefined;
  return {
    handle,
    ...(thing.author_fullname ? { externalId: thing.author_fullname } : {}),
    profileUrl: `${SITE}/user/${encodeURIComponent(handle)}`,
  };
};

const isoFromEpochSeconds = (seconds: number): string => new Date(seconds * 1000).toISOString();

const mapSubmission = (post: RedditSubmission): IncomingPost => {
  const author = authorOf(post);
  // A link post shares `url`; a self post's url is its own permalink, which is not a link.
  const links = !post.is_self && post.url ? [post.url] : [];
  return {
    externalId: post.name,
    title: post.title.slice(0, 2000),
    text: (post.selftext ?? '').slice(0, MAX_TEXT),
    ...(post.permalink ? { url: `${SITE}${post.permalink}` } : {}),
    ...(links.length > 0 ? { links } : {}),
    channel: 'reddit',
    publishedAt: isoFromEpochSeconds(post.created_utc),
    ...(author ? { author } : {}),
    data: {
      kind: 'submission',
      subreddit: post.subreddit,
      subredditId: post.subreddit_id,
      score: post.score,
      numComments: post.num_comments,
      upvoteRatio: post.upvote_ratio,
      domain: post.domain,
      flair: post.link_flair_text ?? undefined,
      over18: post.over_18,
    },
  };
};

/** Comment listings of some ages carry no permalink; it can be built from the thread and comment ids. */
const commentPermalink = (comment: RedditComment): string =>
  comment.permalink ?? `/r/${comment.subreddit}/comments/${comment.link_id.replace(/^t3_/, '')}/_/${comment.id}/`;

const mapComment = (comment: RedditComment): IncomingPost => {
  const author = authorOf(comment);
  return {
    externalId: comment.name,
    text: comment.body.slice(0, MAX_TEXT),
    url: `${SITE}${commentPermalink(comment)}`,
    channel: 'reddit',
    publishedAt: isoFromEpochSeconds(comment.created_utc),
    ...(author ? { author } : {}),
    data: {
      kind: 'comment',
      subreddit: comment.subreddit,
      subredditId: comment.subreddit_id,
      score: comment.score,
      linkId: comment.link_id,
      parentId: comment.parent_id,
      threadTitle: comment.link_title,
      over18: comment.over_18,
    },
  };
};

export const mapRedditThing = (thing: RedditThing): IncomingPost => (thing.kind === 't3' ? mapSubmission(thing.data) : mapComment(thing.data));
