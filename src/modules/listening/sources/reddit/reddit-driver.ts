// The Reddit listening source: new posts and new comments of chosen subreddits, or a search, read
// by polling Reddit's listings. The cursor holds, per listing, the newest thing delivered; the
// next poll walks forward from it with `before=<fullname>` page by page, so a restart resumes
// with nothing lost or repeated.
import { SourceError, type DriverContext, type PollingDriver, type PollResult } from '../driver.js';
import type { IncomingPost } from '../../pipeline/incoming.js';
import { mapRedditThing } from './map-reddit.js';
import { REDDIT_DEFAULT_USER_AGENT, REDDIT_OAUTH_BASE_URL, REDDIT_PUBLIC_BASE_URL, RedditClient, type RedditListingPage, type RedditRateLimit } from './reddit-client.js';
import { commentSchema, submissionSchema, type RedditListing, type RedditSourceConfig, type RedditThing } from './reddit-types.js';

export type { RedditSourceConfig } from './reddit-types.js';

export type RedditDriverOptions = {
  /** Reddit asks for `<platform>:<app id>:<version> (by /u/<username>)`. */
  userAgent?: string;
  /** where application-only tokens come from (https://www.reddit.com) */
  authBaseUrl?: string;
  now?: () => number;
};

/** The newest thing delivered from one listing. */
type ListingPosition = { name: string; created: number };
type RedditCursor = { v: 1; listings: Partial<Record<RedditListing, ListingPosition>> };

const SUBREDDIT_NAME = /^[A-Za-z0-9_]{2,21}$/;
/** Stop paging a little before the window is used up, leaving room for the other listings and the token. */
const RATE_LIMIT_RESERVE = 2;

const parseCursor = (cursor: string | null): RedditCursor => {
  if (cursor === null) return { v: 1, listings: {} };
  try {
    const value = JSON.parse(cursor) as RedditCursor;
    if (value?.v === 1 && typeof value.listings === 'object' && value.listings !== null) return value;
  } catch {
    // fall through
  }
  throw new SourceError('cursor', 'The Reddit cursor is not one this driver wrote.');
};

const toThing = (child: { kind: string; data: Record<string, unknown> }): RedditThing | null => {
  if (child.kind === 't3') {
    const parsed = submissionSchema.safeParse(child.data);
    return parsed.success ? { kind: 't3', data: parsed.data } : null;
  }
  if (child.kind === 't1') {
    const parsed = commentSchema.safeParse(child.data);
    return parsed.success ? { kind: 't1', data: parsed.data } : null;
  }
  return null;
};

const thingsOf = (page: RedditListingPage): RedditThing[] => page.data.children.map(toThing).filter((thing): thing is RedditThing => thing !== null);

const listingsOf = (config: RedditSourceConfig): RedditListing[] => {
  const read = config.read ?? (config.search ? [] : ['posts', 'comments']);
  return [...new Set<RedditListing>([...read, ...(config.search ? (['search'] as const) : [])])];
};

const requestFor = (config: RedditSourceConfig, listing: RedditListing): { path: string; params: Record<string, string> } => {
  const subreddits = config.subreddits ?? [];
  const multi = subreddits.join('+');
  if (listing === 'search') {
    const params = { q: config.search ?? '', sort: 'new', type: 'link' };
    return subreddits.length > 0 ? { path: `/r/${multi}/search`, params: { ...params, restrict_sr: '1' } } : { path: '/search', params };
  }
  return { path: `/r/${multi}/${listing === 'posts' ? 'new' : 'comments'}`, params: {} };
};

const validateConfig = (config: RedditSourceConfig): void => {
  for (const name of config.subreddits ?? []) {
    if (!SUBREDDIT_NAME.test(name)) throw new SourceError('config', `"${name}" is not a subreddit name (letters, digits and _ without r/).`);
  }
  const listings = listingsOf(config);
  if (listings.length === 0) throw new SourceError('config', 'Nothing to read: choose posts, comments or a search.');
  if (listings.some((listing) => listing !== 'search') && (config.subreddits ?? []).length === 0) {
    throw new SourceError('config', 'Choose at least one subreddit to read posts or comments from.');
  }
  if (config.search !== undefined && config.search.trim() === '') throw new SourceError('config', 'The Reddit search is empty.');
};

type ListingRead = { things: RedditThing[]; position: ListingPosition | undefined; waitMs?: number };

class ListingReader {
  private rateLimit: RedditRateLimit | undefined;

  constructor(
    private readonly client: RedditClient,
    private readonly pageSize: number,
    private readonly maxPages: number,
  ) {}

  /** How long to wait before the next request, when the window is (nearly) used up. */
  get waitMs(): number | undefined {
    return this.rateLimit && this.rateLimit.remaining < RATE_LIMIT_RESERVE ? this.rateLimit.resetMs : undefined;
  }

  private async page(path: string, params: Record<string, string>): Promise<RedditThing[]> {
    const { page, rateLimit } = await this.client.listing(path, { ...params, limit: String(this.pageSize) });
    this.rateLimit = rateLimit ?? this.rateLimit;
    return thingsOf(page);
  }

  /** First poll of a listing: its newest page, from now on. */
  async newest(path: string, params: Record<string, string>): Promise<ListingRead> {
    const things = await this.page(path, params);
    const newest = things[0];
    return { things, position: newest ? { name: newest.data.name, created: newest.data.created_utc } : undefined };
  }

  /**
   * Everything newer than `from`, oldest page first: `before=X` answers the page just newer than X
   * (newest first inside it), so the next request goes before that page's first thing. Stopping
   * early (page cap, rate limit) is safe: the position is the newest thing returned so far.
   */
  async since(path: string, params: Record<string, string>, from: ListingPosition): Promise<ListingRead> {
    const things: RedditThing[] = [];
    let position = from;
    for (let pages = 0; pages < this.maxPages; pages++) {
      if (this.waitMs !== undefined) return { things, position, waitMs: this.waitMs };
      const page = await this.page(path, { ...params, before: position.name });
      if (page.length === 0) {
        return pages === 0 ? this.afterVanishedAnchor(path, params, from) : { things, position };
      }
      things.push(...page);
      position = { name: page[0]!.data.name, created: page[0]!.data.created_utc };
      if (page.length < this.pageSize) break;
    }
    return { things, position };
  }

  /**
   * `before=X` is empty both when nothing is new and when X left the listing (removed by
   * moderators or its author). The newest page tells which: things newer than X's time are read
   * from the top down with `after` until X's time is reached.
   */
  private async afterVanishedAnchor(path: string, params: Record<string, string>, from: ListingPosition): Promise<ListingRead> {
    const things: RedditThing[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < this.maxPages; pages++) {
      if (this.waitMs !== undefined && pages > 0) {
        // Half a walk down cannot be resumed: keep the old position and come back after the reset.
        throw new SourceError('rate_limited', 'Reddit’s rate limit is used up.', { retryAfterMs: this.waitMs });
      }
      const page = await this.page(path, after ? { ...params, after } : params);
      const newer = page.filter((thing) => thing.data.created_utc > from.created && thing.data.name !== from.name);
      things.push(...newer);
      if (newer.length < page.length || page.length < this.pageSize) break;
      after = page[page.length - 1]!.data.name;
    }
    const newest = things[0];
    return { things, position: newest ? { name: newest.data.name, created: newest.data.created_utc } : from };
  }
}

/**
 * A Reddit source. Credentials (optional): `clientId` and `clientSecret` of a Reddit app, for an
 * application-only OAuth token against oauth.reddit.com; without them, the public JSON of
 * www.reddit.com is read (lower rate limits). `context.baseUrl` replaces either base URL.
 */
export const createRedditDriver = (options: RedditDriverOptions = {}): PollingDriver<RedditSourceConfig> => {
  const tokenCache = new Map<string, { accessToken: string; expiresAt: number }>();
  const now = options.now ?? Date.now;

  return {
    kind: 'reddit',
    async poll(config: RedditSourceConfig, cursor: string | null, context: DriverContext): Promise<PollResult> {
      validateConfig(config);
      const state = parseCursor(cursor);
      const clientId = context.credentials?.clientId;
      const clientSecret = context.credentials?.clientSecret;
      const credentials = clientId && clientSecret ? { clientId, clientSecret } : undefined;
      const client = new RedditClient({
        baseUrl: (context.baseUrl ?? (credentials ? REDDIT_OAUTH_BASE_URL : REDDIT_PUBLIC_BASE_URL)).replace(/\/+$/, ''),
        authBaseUrl: (options.authBaseUrl ?? REDDIT_PUBLIC_BASE_URL).replace(/\/+$/, ''),
        userAgent: options.userAgent ?? REDDIT_DEFAULT_USER_AGENT,
        credentials,
        fetch: context.fetch ?? fetch,
        signal: context.signal,
        now,
        tokenCache,
      });
      const reader = new ListingReader(client, Math.min(Math.max(config.pageSize ?? 100, 1), 100), Math.max(config.maxPages ?? 10, 1));

      const posts: IncomingPost[] = [];
      const next: RedditCursor = { v: 1, listings: { ...state.listings } };
      let waitMs: number | undefined;
      for (const listing of listingsOf(config)) {
        if (reader.waitMs !== undefined) {
          waitMs = reader.waitMs;
          break;
        }
        const { path, params } = requestFor(config, listing);
        const from = state.listings[listing];
        const read = from ? await reader.since(path, params, from) : await reader.newest(path, params);
        posts.push(...read.things.map(mapRedditThing));
        if (read.position) next.listings[listing] = read.position;
        waitMs = read.waitMs ?? waitMs;
      }
      return { posts, cursor: JSON.stringify(next), ...(waitMs !== undefined || reader.waitMs !== undefined ? { nextPollAfterMs: waitMs ?? reader.waitMs } : {}) };
    },
  };
};
