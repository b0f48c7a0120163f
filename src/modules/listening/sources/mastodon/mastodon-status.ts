// A Mastodon Status (REST, streaming) as an IncomingPost: the content HTML as plain text with line
// breaks kept and mentions written as their full acct, links from the preview card and the content's
// anchors, the author as `user@instance`, engagement in data. Boosts become the boosted status; only
// public statuses are kept (unlisted, private and direct ones were not posted for the public).
import { compile, type FormatCallback } from 'html-to-text';
import { Parser } from 'htmlparser2';
import { z } from 'zod';
import type { IncomingAuthor, IncomingPost } from '../../pipeline/incoming.js';

const accountSchema = z.looseObject({
  id: z.string(),
  username: z.string(),
  acct: z.string(),
  display_name: z.string().nullish(),
  url: z.string().nullish(),
  avatar: z.string().nullish(),
  bot: z.boolean().nullish(),
  group: z.boolean().nullish(),
  locked: z.boolean().nullish(),
  created_at: z.string().nullish(),
  followers_count: z.number().nullish(),
  following_count: z.number().nullish(),
  statuses_count: z.number().nullish(),
});

const baseStatusSchema = z.looseObject({
  id: z.string(),
  uri: z.string(),
  url: z.string().nullish(),
  created_at: z.string(),
  edited_at: z.string().nullish(),
  content: z.string().nullish(),
  spoiler_text: z.string().nullish(),
  sensitive: z.boolean().nullish(),
  visibility: z.string(),
  language: z.string().nullish(),
  in_reply_to_id: z.string().nullish(),
  in_reply_to_account_id: z.string().nullish(),
  replies_count: z.number().nullish(),
  reblogs_count: z.number().nullish(),
  favourites_count: z.number().nullish(),
  account: accountSchema,
  mentions: z.array(z.looseObject({ url: z.string(), acct: z.string() })).nullish(),
  tags: z.array(z.looseObject({ name: z.string() })).nullish(),
  card: z.looseObject({ url: z.string().nullish() }).nullish(),
  media_attachments: z.array(z.unknown()).nullish(),
});

export const mastodonStatusSchema = baseStatusSchema.extend({ reblog: baseStatusSchema.nullish() });

export type MastodonStatus = z.infer<typeof mastodonStatusSchema>;
type MastodonAccount = z.infer<typeof accountSchema>;
type OriginalStatus = z.infer<typeof baseStatusSchema>;

/** mention profile URL → acct, handed to the mention formatter of one conversion */
type MentionIndex = Map<string, string>;

// Mastodon writes a mention as <a class="u-url mention" href="profile">@<span>user</span></a>; the
// text shows only the user name, the mentions array has the full acct (user@instance).
const formatMention: FormatCallback = (elem, walk, builder) => {
  const mentions = (builder as typeof builder & { metadata?: MentionIndex }).metadata;
  const acct = mentions?.get(elem.attribs?.href ?? '');
  if (acct) builder.addInline(`@${acct}`);
  else walk(elem.children, builder);
};

// Compiled once; per-status data (the mentions) travels as html-to-text's metadata argument.
const convertContent = compile({
  wordwrap: false,
  formatters: { mention: formatMention },
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'a.u-url.mention', format: 'mention' },
    { selector: 'img', format: 'skip' },
  ],
}) as (html: string, metadata?: MentionIndex) => string;

/** The status' HTML content as plain text: paragraphs and line breaks kept, mentions as @user@instance. */
export function mastodonContentToText(html: string, mentions: readonly { url: string; acct: string }[] = []): string {
  const index: MentionIndex = new Map(mentions.map((mention) => [mention.url, mention.acct]));
  return convertContent(html, index).trim();
}

/** Links of the content (anchors that are not mentions or hashtags) and of the preview card, once each. */
export function mastodonStatusLinks(status: OriginalStatus): string[] {
  const links = new Set<string>();
  const parser = new Parser({
    onopentag(name, attributes) {
      if (name !== 'a' || !attributes.href) return;
      const classes = (attributes.class ?? '').split(/\s+/);
      if (classes.includes('mention') || classes.includes('hashtag') || attributes.rel === 'tag') return;
      if (/^https?:\/\//i.test(attributes.href)) links.add(attributes.href);
    },
  });
  parser.end(status.content ?? '');
  if (status.card?.url) links.add(status.card.url);
  return [...links];
}

const DEFAULT_AVATAR_PATH = /\/avatars\/original\/missing\.png$/;

/** The account's domain: in acct for remote accounts, else the host of its profile URL (or the instance read). */
function accountDomain(account: MastodonAccount, instanceHost: string): string {
  const at = account.acct.indexOf('@');
  if (at >= 0) return account.acct.slice(at + 1);
  if (account.url) {
    try {
      return new URL(account.url).host;
    } catch {
      // fall through to the instance we read it from
    }
  }
  return instanceHost;
}

/** `user@instance`, the same whichever instance the status was read from. */
export function mastodonAcct(account: MastodonAccount, instanceHost: string): string {
  return `${account.username}@${accountDomain(account, instanceHost)}`;
}

function isoDate(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

function count(value: number | null | undefined): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

function isoLanguage(value: string | null | undefined): string | undefined {
  const primary = value?.toLowerCase().split(/[-_]/)[0];
  return primary && /^[a-z]{2}$/.test(primary) ? primary : undefined;
}

function author(account: MastodonAccount, instanceHost: string): IncomingAuthor {
  const acct = mastodonAcct(account, instanceHost);
  return {
    handle: acct,
    externalId: acct,
    name: account.display_name?.trim() || undefined,
    followers: count(account.followers_count),
    following: count(account.following_count),
    profileUrl: account.url ?? undefined,
    avatarUrl: account.avatar ?? undefined,
    accountCreatedAt: isoDate(account.created_at),
    defaultAvatar: account.avatar ? DEFAULT_AVATAR_PATH.test(account.avatar) : undefined,
  };
}

/**
 * The post a status stands for, or null when it is not public. A boost stands for the boosted
 * status (its own URI, author and counts), so a status boosted many times is one post.
 *
 * The external id is the status' federation URI rather than the instance's numeric id: every
 * instance gives the same status another id, but all of them carry the same URI, so a status seen
 * through two instances (or two sources) is stored once.
 */
export function statusToPost(status: MastodonStatus, instanceHost: string): IncomingPost | null {
  const original: OriginalStatus = status.reblog ?? status;
  if (original.visibility !== 'public') return null;
  const links = mastodonStatusLinks(original);
  const account = original.account;
  return {
    externalId: original.uri,
    text: mastodonContentToText(original.content ?? '', original.mentions ?? []),
    title: original.spoiler_text?.trim() || undefined,
    url: original.url ?? original.uri,
    links: links.length > 0 ? links : undefined,
    lang: isoLanguage(original.language),
    channel: 'mastodon',
    publishedAt: isoDate(original.created_at),
    author: author(account, instanceHost),
    data: {
      statusId: original.id,
      instance: instanceHost,
      visibility: original.visibility,
      sensitive: original.sensitive ?? false,
      spoilerText: original.spoiler_text ?? '',
      inReplyToId: original.in_reply_to_id ?? null,
      repliesCount: count(original.replies_count),
      reblogsCount: count(original.reblogs_count),
      favouritesCount: count(original.favourites_count),
      editedAt: isoDate(original.edited_at) ?? null,
      bot: account.bot ?? false,
      tags: (original.tags ?? []).map((tag) => tag.name),
      ...(status.reblog ? { boostedBy: mastodonAcct(status.account, instanceHost) } : {}),
    },
  };
}

/** Statuses that parse as statuses, as posts: non-public ones dropped, each post once (boosts of one status collapse). */
export function statusesToPosts(statuses: readonly unknown[], instanceHost: string): IncomingPost[] {
  const posts = new Map<string, IncomingPost>();
  for (const raw of statuses) {
    const parsed = mastodonStatusSchema.safeParse(raw);
    if (!parsed.success) continue;
    const post = statusToPost(parsed.data, instanceHost);
    if (post && !posts.has(post.externalId)) posts.set(post.externalId, post);
  }
  return [...posts.values()];
}
