// Bluesky search by polling app.bsky.feed.searchPosts (sort=latest) on the public AppView.
//
// The API's own cursor only pages backwards through one result list, so it cannot say "what is new
// since last time". The persisted cursor is therefore a time: the newest sortAt seen (the earlier
// of a post's creation and its indexing, which is what `since` filters on), with the URIs seen in
// the last `overlapMs` before it. A poll asks for posts since that time minus the overlap, so a post
// indexed a little late is still found, and drops the URIs already seen, so nothing comes twice.
import { z } from 'zod';
import { SourceError, type DriverContext, type PollResult, type PollingDriver } from '../driver.js';
import type { IncomingPost } from '../../pipeline/incoming.js';
import { postViewSchema, postViewSortAt, postViewToPost } from './bluesky-post.js';
import { getXrpc } from './bluesky-xrpc.js';

export const DEFAULT_BLUESKY_APPVIEW_URL = 'https://public.api.bsky.app';
const MAX_SEEN = 500;

export const blueskySearchConfigSchema = z.object({
  /** searchPosts' query (Lucene-like: words, "phrases", from:, #tags, domain:…) */
  query: z.string().trim().min(1).max(1000),
  /** only posts in this language (ISO 639-1) */
  lang: z.string().regex(/^[a-z]{2}$/).optional(),
  /** posts per request (the API allows 100) */
  limit: z.int().min(1).max(100).default(100),
  /** requests per poll at most */
  maxPages: z.int().min(1).max(100).default(10),
  /** how far before the newest post seen each poll looks again, for posts indexed late */
  overlapMs: z.int().min(0).max(3_600_000).default(60_000),
});

export type BlueskySearchConfig = z.input<typeof blueskySearchConfigSchema>;

const cursorSchema = z.object({ since: z.iso.datetime(), seen: z.record(z.string(), z.string()) });
type SearchCursor = z.infer<typeof cursorSchema>;

function readCursor(cursor: string | null): SearchCursor | null {
  if (cursor === null) return null;
  try {
    return cursorSchema.parse(JSON.parse(cursor));
  } catch {
    throw new SourceError('cursor', 'the Bluesky search cursor is not one this driver wrote');
  }
}

const shift = (iso: string, ms: number) => new Date(Date.parse(iso) - ms).toISOString();

/** The new cursor: the newest sortAt, and the URIs seen within the overlap before it (the newest ones if too many). */
function writeCursor(seen: Map<string, string>, previous: SearchCursor | null, overlapMs: number): string | null {
  let since = previous?.since;
  for (const sortAt of seen.values()) if (since === undefined || sortAt > since) since = sortAt;
  if (since === undefined) return null;
  const from = shift(since, overlapMs);
  const kept = [...seen.entries()]
    .filter(([, sortAt]) => sortAt >= from)
    .sort((a, b) => (a[1] < b[1] ? 1 : a[1] > b[1] ? -1 : 0))
    .slice(0, MAX_SEEN);
  return JSON.stringify({ since, seen: Object.fromEntries(kept) });
}

async function pollBlueskySearch(rawConfig: BlueskySearchConfig, cursor: string | null, context: DriverContext): Promise<PollResult> {
  const parsed = blueskySearchConfigSchema.safeParse(rawConfig);
  if (!parsed.success) throw new SourceError('config', `invalid Bluesky search configuration: ${z.prettifyError(parsed.error)}`);
  const config = parsed.data;
  const previous = readCursor(cursor);
  const since = previous ? shift(previous.since, config.overlapMs) : undefined;
  const seen = new Map(Object.entries(previous?.seen ?? {}));
  const posts: IncomingPost[] = [];

  let base: URL;
  try {
    base = new URL('/xrpc/app.bsky.feed.searchPosts', context.baseUrl ?? DEFAULT_BLUESKY_APPVIEW_URL);
  } catch {
    throw new SourceError('config', `"${context.baseUrl}" is not a Bluesky AppView URL`);
  }
  let pageCursor: string | undefined;
  for (let page = 0; page < config.maxPages; page++) {
    const url = new URL(base);
    url.searchParams.set('q', config.query);
    url.searchParams.set('sort', 'latest');
    url.searchParams.set('limit', String(config.limit));
    if (since) url.searchParams.set('since', since);
    if (config.lang) url.searchParams.set('lang', config.lang);
    if (pageCursor) url.searchParams.set('cursor', pageCursor);
    const body = (await getXrpc(url, context)) as { posts?: unknown; cursor?: unknown } | null;
    if (!Array.isArray(body?.posts)) throw new SourceError('temporary', `${url.host} searchPosts answered without posts`);

    let reachedSince = false;
    for (const raw of body.posts) {
      const view = postViewSchema.safeParse(raw);
      if (!view.success) continue;
      const sortAt = postViewSortAt(view.data);
      if (since !== undefined && sortAt < since) {
        reachedSince = true;
        continue;
      }
      if (seen.has(view.data.uri)) continue;
      seen.set(view.data.uri, sortAt);
      const post = postViewToPost(view.data);
      if (post) posts.push(post);
    }
    // Without a cursor the latest page is where listening starts.
    if (!previous || reachedSince || body.posts.length === 0 || typeof body.cursor !== 'string' || body.cursor === '') break;
    pageCursor = body.cursor;
  }
  return { posts, cursor: writeCursor(seen, previous, config.overlapMs) };
}

/** Searches Bluesky through an AppView (context.baseUrl, https://public.api.bsky.app by default); context.credentials.accessToken is sent as a bearer token when given. */
export const blueskySearchDriver: PollingDriver<BlueskySearchConfig> = {
  kind: 'bluesky',
  poll: pollBlueskySearch,
};
