// The RSS/Atom/JSON Feed listening source: a polling driver over parseFeed. Each poll is a
// conditional GET (the ETag and Last-Modified of the last answer travel in the cursor, and 304 Not
// Modified means no posts); redirects are followed, and a permanent one (301/308 all the way) is
// remembered in the cursor so later polls go straight to the new address while the configured URL
// stays as the user wrote it. Only entries newer than the newest one already sent are sent again.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { IncomingPost } from '../../pipeline/incoming.js';
import { SourceError, type DriverContext, type PollingDriver, type PollResult } from '../driver.js';
import { retryAfterMs } from '../retry-after.js';
import { htmlToText } from './feed-html.js';
import { NotAFeedError, parseFeed, type FeedEntry, type ParsedFeed } from './parse-feed.js';

const httpUrl = z.url({ protocol: /^https?$/, error: 'an http or https URL' });

export const feedConfigSchema = z
  .object({
    url: httpUrl.max(4000).describe('The address of the RSS, Atom or JSON feed'),
    channel: z.enum(['news', 'blog']).default('news').describe("The mentions' channel"),
    intervalMinutes: z.int().min(5).max(1440).optional().describe('Minutes between polls (default 15)'),
  })
  .strict();
export type FeedConfig = z.input<typeof feedConfigSchema>;

/** HTTP Basic credentials for a feed behind a login, if any. */
export const feedCredentialsSchema = z.object({ username: z.string().max(500).optional(), password: z.string().max(500).optional() }).strict();

const cursorSchema = z.object({
  v: z.literal(1),
  /** the configured URL the rest applies to: a changed URL starts afresh */
  url: z.string(),
  /** where a permanent redirect moved the feed */
  location: z.string().optional(),
  etag: z.string().optional(),
  lastModified: z.string().optional(),
  /** the newest entry date sent (ISO 8601 UTC) */
  latest: z.string().optional(),
  /** ids of the entries dated `latest` and of the undated ones, already sent */
  seen: z.array(z.string()).default([]),
});
type FeedCursor = z.output<typeof cursorSchema>;

const MAX_REDIRECTS = 5;
const TIMEOUT_MS = 30_000;
const MAX_SEEN = 1000;
const USER_AGENT = 'Parley feed reader (+https://github.com/parley-crm/parley)';

function readCursor(cursor: string | null, url: string): FeedCursor {
  if (cursor === null) return { v: 1, url, seen: [] };
  let parsed;
  try {
    parsed = cursorSchema.safeParse(JSON.parse(cursor));
  } catch {
    parsed = null;
  }
  if (!parsed?.success) throw new SourceError('cursor', 'The feed cursor is not one this driver wrote.');
  // The configured address changed: what was known about the old one does not apply.
  return parsed.data.url === url ? parsed.data : { v: 1, url, seen: [] };
}

function errorFor(response: Response, url: string): SourceError {
  const status = response.status;
  const message = `${url} answered HTTP ${status}${response.statusText ? ` ${response.statusText}` : ''}`;
  const retryAfter = retryAfterMs(response.headers);
  if (status === 404 || status === 410) return new SourceError('config', `${message}: no feed there`, { status });
  if (status === 401 || status === 403) return new SourceError('credentials', `${message}: the feed needs (other) credentials`, { status });
  if (status === 429 || (status === 503 && retryAfter !== undefined)) return new SourceError('rate_limited', message, { status, retryAfterMs: retryAfter ?? 60_000 });
  if (status >= 500) return new SourceError('temporary', message, { status });
  return new SourceError('config', message, { status });
}

type Fetched = { response: Response; url: string; permanentLocation: string | undefined };

/** GET with redirects followed by hand, to know whether every hop was permanent. */
async function fetchFeed(start: string, headers: Record<string, string>, context: DriverContext): Promise<Fetched> {
  const doFetch = context.fetch ?? fetch;
  const signal = context.signal ? AbortSignal.any([context.signal, AbortSignal.timeout(TIMEOUT_MS)]) : AbortSignal.timeout(TIMEOUT_MS);
  let url = start;
  let permanent = true;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    let response: Response;
    try {
      response = await doFetch(url, { headers, redirect: 'manual', signal });
    } catch (error) {
      if (context.signal?.aborted) throw error;
      throw new SourceError('temporary', `${url} could not be reached: ${(error as Error).message}`, { cause: error });
    }
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || response.status === 304 || !location) {
      return { response, url, permanentLocation: permanent && url !== start ? url : undefined };
    }
    await response.body?.cancel();
    permanent &&= response.status === 301 || response.status === 308;
    url = new URL(location, url).toString();
  }
  throw new SourceError('config', `${start} redirects more than ${MAX_REDIRECTS} times`);
}

function requestHeaders(cursor: FeedCursor, credentials: Record<string, string> | undefined): Record<string, string> {
  const headers: Record<string, string> = {
    accept: 'application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5',
    'user-agent': USER_AGENT,
  };
  if (cursor.etag) headers['if-none-match'] = cursor.etag;
  if (cursor.lastModified) headers['if-modified-since'] = cursor.lastModified;
  if (credentials?.username !== undefined || credentials?.password !== undefined) {
    headers.authorization = `Basic ${Buffer.from(`${credentials.username ?? ''}:${credentials.password ?? ''}`).toString('base64')}`;
  }
  return headers;
}

const clip = (value: string, max: number) => (value.length > max ? value.slice(0, max) : value);

function externalIdOf(entry: FeedEntry): string {
  const id = entry.id ?? entry.link;
  if (id && id.length <= 500) return id;
  // No id or link (or an absurdly long one): the entry's own words identify it.
  return `sha256:${createHash('sha256')
    .update(id ?? `${entry.title ?? ''}\n${entry.published ?? ''}\n${entry.summary ?? entry.content ?? ''}`)
    .digest('hex')}`;
}

function languageOf(feed: ParsedFeed): string | undefined {
  const match = /^([a-z]{2})(?:[-_]|$)/i.exec(feed.feed.language?.trim() ?? '');
  return match ? match[1]!.toLowerCase() : undefined;
}

/** A feed entry as a post for the pipeline. */
export function entryToPost(entry: FeedEntry, feed: ParsedFeed, channel: string): IncomingPost {
  const links = [entry.link, ...entry.enclosures.map((enclosure) => enclosure.url)].filter((link): link is string => Boolean(link) && link!.length <= 4000);
  const published = entry.published ?? entry.updated;
  const lang = languageOf(feed);
  return {
    externalId: externalIdOf(entry),
    text: clip(htmlToText(entry.content ?? entry.summary ?? ''), 100_000),
    ...(entry.title ? { title: clip(entry.title, 2000) } : {}),
    ...(entry.link && entry.link.length <= 4000 ? { url: entry.link } : {}),
    ...(links.length > 0 ? { links: [...new Set(links)].slice(0, 200) } : {}),
    ...(lang ? { lang } : {}),
    ...(published ? { publishedAt: published } : {}),
    ...(entry.author ? { author: { name: clip(entry.author, 300) } } : {}),
    channel,
    data: { feedTitle: feed.feed.title, feedLink: feed.feed.link, ...(entry.categories.length > 0 ? { categories: entry.categories } : {}) },
  };
}

/** The entries not sent before, and the cursor's new latest date and seen ids. */
function newEntries(entries: FeedEntry[], cursor: FeedCursor): { fresh: FeedEntry[]; latest: string | undefined; seen: string[] } {
  const seen = new Set(cursor.seen);
  const dateOf = (entry: FeedEntry) => entry.published ?? entry.updated;
  const fresh = entries.filter((entry) => {
    const date = dateOf(entry);
    if (date && (!cursor.latest || date > cursor.latest)) return true;
    return (!date || date === cursor.latest) && !seen.has(externalIdOf(entry));
  });
  const dates = entries.map(dateOf).filter((date): date is string => date !== null);
  const latest = [cursor.latest, ...dates].filter((date): date is string => date !== undefined).sort().at(-1);
  const keep = new Set(latest === cursor.latest ? cursor.seen : []);
  for (const entry of entries) {
    const date = dateOf(entry);
    if (!date || date === latest) keep.add(externalIdOf(entry));
  }
  return { fresh, latest, seen: [...keep].slice(-MAX_SEEN) };
}

export const feedDriver: PollingDriver<FeedConfig> = {
  kind: 'rss',
  async poll(rawConfig, rawCursor, context): Promise<PollResult> {
    const parsedConfig = feedConfigSchema.safeParse(rawConfig);
    if (!parsedConfig.success) throw new SourceError('config', `invalid feed source configuration: ${z.prettifyError(parsedConfig.error)}`);
    const config = parsedConfig.data;
    const cursor = readCursor(rawCursor, config.url);
    const { response, url, permanentLocation } = await fetchFeed(cursor.location ?? config.url, requestHeaders(cursor, context.credentials), context);
    const location = permanentLocation ?? cursor.location;
    if (response.status === 304) {
      await response.body?.cancel();
      return { posts: [], cursor: JSON.stringify({ ...cursor, location }) };
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw errorFor(response, url);
    }
    let feed: ParsedFeed;
    try {
      feed = parseFeed(Buffer.from(await response.arrayBuffer()), { url, contentType: response.headers.get('content-type') ?? undefined });
    } catch (error) {
      if (error instanceof NotAFeedError) throw new SourceError('config', `${url} is not an RSS, Atom or JSON feed: ${error.message}`, { cause: error });
      throw new SourceError('temporary', `${url} could not be read: ${(error as Error).message}`, { cause: error });
    }
    const { fresh, latest, seen } = newEntries(feed.entries, cursor);
    const next: FeedCursor = {
      v: 1,
      url: config.url,
      ...(location ? { location } : {}),
      ...(response.headers.get('etag') ? { etag: response.headers.get('etag')! } : {}),
      ...(response.headers.get('last-modified') ? { lastModified: response.headers.get('last-modified')! } : {}),
      ...(latest ? { latest } : {}),
      seen,
    };
    return { posts: fresh.map((entry) => entryToPost(entry, feed, config.channel)), cursor: JSON.stringify(next) };
  },
};
