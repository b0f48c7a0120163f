// X tweets (with their expanded authors) to IncomingPosts. The channel is 'twitter', the name the
// query language, identities and the rest of Parley use for X.
import type { IncomingAuthor, IncomingPost } from '../../pipeline/incoming.js';
import type { Tweet, XIncludes, XUser } from './x-types.js';

/** X's language codes that are not ISO 639-1 (or not languages). */
const LANGUAGE_ALIASES: Record<string, string> = { in: 'id', iw: 'he' };

const isoDate = (value: string | undefined): string | undefined => {
  if (!value) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
};

const languageOf = (lang: string | undefined): string | undefined => {
  if (!lang) return undefined;
  const code = LANGUAGE_ALIASES[lang] ?? lang;
  // "und" (undetermined), "qme" (media only), "zxx" (no text) and the like say nothing.
  return /^[a-z]{2}$/.test(code) ? code : undefined;
};

const authorOf = (user: XUser | undefined, authorId: string | undefined): IncomingAuthor | undefined => {
  if (!user) return authorId ? { externalId: authorId } : undefined;
  const metrics = user.public_metrics;
  const accountCreatedAt = isoDate(user.created_at);
  return {
    handle: user.username,
    externalId: user.id,
    ...(user.name ? { name: user.name.slice(0, 300) } : {}),
    ...(metrics?.followers_count !== undefined ? { followers: metrics.followers_count } : {}),
    ...(metrics?.following_count !== undefined ? { following: metrics.following_count } : {}),
    ...(user.verified !== undefined ? { verified: user.verified } : {}),
    profileUrl: `https://x.com/${user.username}`,
    ...(user.profile_image_url ? { avatarUrl: user.profile_image_url } : {}),
    ...(accountCreatedAt ? { accountCreatedAt } : {}),
  };
};

export const usersById = (includes: XIncludes | undefined): Map<string, XUser> => new Map((includes?.users ?? []).map((user) => [user.id, user]));

export const mapTweet = (tweet: Tweet, users: Map<string, XUser>, extra: Record<string, unknown> = {}): IncomingPost => {
  const user = tweet.author_id ? users.get(tweet.author_id) : undefined;
  const author = authorOf(user, tweet.author_id);
  const links = (tweet.entities?.urls ?? []).map((url) => url.expanded_url ?? url.url).filter((url): url is string => Boolean(url));
  const lang = languageOf(tweet.lang);
  const publishedAt = isoDate(tweet.created_at);
  return {
    externalId: tweet.id,
    text: tweet.text,
    url: user ? `https://x.com/${user.username}/status/${tweet.id}` : `https://x.com/i/web/status/${tweet.id}`,
    ...(links.length > 0 ? { links: links.slice(0, 200) } : {}),
    ...(lang ? { lang } : {}),
    channel: 'twitter',
    ...(publishedAt ? { publishedAt } : {}),
    ...(author ? { author } : {}),
    data: {
      metrics: tweet.public_metrics,
      conversationId: tweet.conversation_id,
      inReplyToUserId: tweet.in_reply_to_user_id,
      referencedTweets: tweet.referenced_tweets,
      possiblySensitive: tweet.possibly_sensitive,
      source: tweet.source,
      ...extra,
    },
  };
};
