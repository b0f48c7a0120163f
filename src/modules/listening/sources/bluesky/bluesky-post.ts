// A Bluesky post (an app.bsky.feed.post record, from Jetstream or in an AppView postView) as an
// IncomingPost: the at:// URI as external id, a bsky.app link by DID (stable when handles change),
// links from link facets and external embeds, the first language, reply and quote references.
import { z } from 'zod';
import type { IncomingAuthor, IncomingPost } from '../../pipeline/incoming.js';

const externalSchema = z.looseObject({ uri: z.string() });
const strongRefSchema = z.looseObject({ uri: z.string() });

const embedSchema = z.looseObject({
  $type: z.string().optional(),
  external: externalSchema.optional(),
  record: z.looseObject({ uri: z.string().optional(), record: strongRefSchema.optional() }).optional(),
  media: z.looseObject({ external: externalSchema.optional() }).optional(),
});

export const postRecordSchema = z.looseObject({
  text: z.string().default(''),
  createdAt: z.string().optional(),
  langs: z.array(z.string()).optional(),
  tags: z.array(z.string()).optional(),
  facets: z.array(z.looseObject({ features: z.array(z.looseObject({ $type: z.string().optional(), uri: z.string().optional() })).optional() })).optional(),
  embed: embedSchema.optional(),
  reply: z.looseObject({ parent: strongRefSchema, root: strongRefSchema }).optional(),
});

export type PostRecord = z.infer<typeof postRecordSchema>;

export const postViewSchema = z.looseObject({
  uri: z.string(),
  cid: z.string().optional(),
  author: z.looseObject({
    did: z.string(),
    handle: z.string().optional(),
    displayName: z.string().optional(),
    avatar: z.string().optional(),
    createdAt: z.string().optional(),
  }),
  record: z.unknown(),
  embed: z.looseObject({ $type: z.string().optional(), external: externalSchema.optional() }).optional(),
  replyCount: z.number().optional(),
  repostCount: z.number().optional(),
  likeCount: z.number().optional(),
  quoteCount: z.number().optional(),
  indexedAt: z.string(),
});

export type PostView = z.infer<typeof postViewSchema>;

const POST_URI = /^at:\/\/([^/]+)\/app\.bsky\.feed\.post\/([^/?#]+)$/;

export function isoDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

function recordLinks(record: PostRecord): string[] {
  const links = new Set<string>();
  for (const facet of record.facets ?? []) {
    for (const feature of facet.features ?? []) {
      if (feature.$type === 'app.bsky.richtext.facet#link' && feature.uri) links.add(feature.uri);
    }
  }
  const external = record.embed?.external ?? record.embed?.media?.external;
  if (external) links.add(external.uri);
  return [...links];
}

function firstLanguage(langs: readonly string[] | undefined): string | undefined {
  const primary = langs?.[0]?.toLowerCase().split('-')[0];
  return primary && /^[a-z]{2}$/.test(primary) ? primary : undefined;
}

/** The URI of the post a quote embeds (app.bsky.embed.record, or recordWithMedia's record). */
function quotedUri(record: PostRecord): string | undefined {
  const embedded = record.embed?.record;
  return embedded?.uri ?? embedded?.record?.uri;
}

/** A post record of `did` with record key `rkey`; `author` adds what the source knows of its author. */
export function postRecordToPost(did: string, rkey: string, record: PostRecord, author: Omit<IncomingAuthor, 'externalId'> = {}, data: Record<string, unknown> = {}): IncomingPost {
  const links = recordLinks(record);
  return {
    externalId: `at://${did}/app.bsky.feed.post/${rkey}`,
    text: record.text,
    url: `https://bsky.app/profile/${did}/post/${rkey}`,
    links: links.length > 0 ? links : undefined,
    lang: firstLanguage(record.langs),
    channel: 'bluesky',
    publishedAt: isoDate(record.createdAt),
    author: { externalId: did, ...author },
    data: {
      replyParent: record.reply?.parent.uri ?? null,
      replyRoot: record.reply?.root.uri ?? null,
      quoted: quotedUri(record) ?? null,
      ...(record.tags?.length ? { tags: record.tags } : {}),
      ...data,
    },
  };
}

function count(value: number | undefined): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** When the AppView files a post for search: the earlier of its creation and its indexing. */
export function postViewSortAt(view: PostView): string {
  const indexedAt = isoDate(view.indexedAt) ?? view.indexedAt;
  const createdAt = isoDate((view.record as { createdAt?: string } | null)?.createdAt);
  return createdAt !== undefined && createdAt < indexedAt ? createdAt : indexedAt;
}

/** An AppView postView (search results, feeds) as a post, with its author's profile and counts; null when it is not a post. */
export function postViewToPost(view: PostView): IncomingPost | null {
  const uri = POST_URI.exec(view.uri);
  const record = postRecordSchema.safeParse(view.record);
  if (!uri?.[1] || !uri[2] || !record.success) return null;
  const author = view.author;
  const post = postRecordToPost(
    author.did,
    uri[2],
    record.data,
    {
      handle: author.handle,
      name: author.displayName?.trim() || undefined,
      avatarUrl: author.avatar,
      profileUrl: `https://bsky.app/profile/${author.did}`,
      accountCreatedAt: isoDate(author.createdAt),
      // Bluesky shows its default picture exactly when a profile has no avatar.
      defaultAvatar: author.avatar === undefined,
    },
    {
      cid: view.cid ?? null,
      indexedAt: isoDate(view.indexedAt) ?? null,
      replyCount: count(view.replyCount),
      repostCount: count(view.repostCount),
      likeCount: count(view.likeCount),
      quoteCount: count(view.quoteCount),
    },
  );
  const viewExternal = view.embed?.external?.uri;
  if (viewExternal && !post.links?.includes(viewExternal)) post.links = [...(post.links ?? []), viewExternal];
  return post;
}
