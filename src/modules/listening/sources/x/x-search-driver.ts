// The X recent-search source: posts of the last seven days matching an X search query, read by
// polling GET /2/tweets/search/recent. The cursor is the newest post id delivered; the next poll
// asks for posts after it (since_id) and follows next_token through every page.
import { SourceError, type DriverContext, type PollingDriver, type PollResult } from '../driver.js';
import type { IncomingPost } from '../../pipeline/incoming.js';
import { mapTweet, usersById } from './map-tweet.js';
import { bearerTokenOf, rateLimitResetMs, XClient } from './x-client.js';
import { searchPageSchema, TWEET_FIELDS_PARAMS } from './x-types.js';

export type XSearchConfig = {
  /** An X search query (https://docs.x.com/x-api/posts/search/integrate/build-a-query), up to 512 characters on most plans. */
  query: string;
  /** Posts per request, 10–100. Default 100. */
  pageSize?: number;
  /** Requests per poll at most. Default 10. */
  maxPages?: number;
};

export type XSearchDriverOptions = { now?: () => number };

const SEARCH_PATH = '/2/tweets/search/recent';
const POST_ID = /^\d{1,19}$/;

/**
 * Usually the newest post id delivered. A poll that stops with pages left (page cap, rate limit)
 * keeps where it stopped, as `<since_id> <newest id> <next_token>`, and the next poll finishes
 * those pages before moving `since_id` forward.
 */
type SearchCursor = { since: string | null; newest: string | null; nextToken?: string };

const parseCursor = (cursor: string | null): SearchCursor => {
  if (cursor === null) return { since: null, newest: null };
  const [since, newest, nextToken] = cursor.split(' ');
  if (since && POST_ID.test(since) && newest === undefined) return { since, newest: since };
  if (since && newest && nextToken && POST_ID.test(since) && POST_ID.test(newest)) return { since, newest, nextToken };
  throw new SourceError('cursor', 'The X search cursor is not one this driver wrote.');
};

const printCursor = (cursor: SearchCursor): string | null =>
  cursor.nextToken ? `${cursor.since} ${cursor.newest} ${cursor.nextToken}` : cursor.newest;

export const createXSearchDriver = (options: XSearchDriverOptions = {}): PollingDriver<XSearchConfig> => ({
  kind: 'x-search',
  async poll(config: XSearchConfig, cursor: string | null, context: DriverContext): Promise<PollResult> {
    if (config.query.trim() === '') throw new SourceError('config', 'The X search query is empty.');
    const state = parseCursor(cursor);
    const client = new XClient({ baseUrl: context.baseUrl, bearerToken: bearerTokenOf(context.credentials), fetch: context.fetch, signal: context.signal, now: options.now });
    const pageSize = Math.min(Math.max(config.pageSize ?? 100, 10), 100);
    // The first poll reads the newest page only: listening starts now.
    const maxPages = cursor === null ? 1 : Math.max(config.maxPages ?? 10, 1);

    const posts: IncomingPost[] = [];
    let newest = state.newest;
    let nextToken = state.nextToken;
    let nextPollAfterMs: number | undefined;
    for (let pages = 0; pages < maxPages; pages++) {
      const query: Record<string, string> = { query: config.query, max_results: String(pageSize), ...TWEET_FIELDS_PARAMS };
      if (state.since !== null) query.since_id = state.since;
      if (nextToken) query.next_token = nextToken;
      let page;
      try {
        const { body, response } = await client.json(SEARCH_PATH, 'the recent search', { query });
        page = searchPageSchema.parse(body);
        if (response.headers.get('x-rate-limit-remaining') === '0') nextPollAfterMs = rateLimitResetMs(response, client.now());
      } catch (error) {
        // since_id older than the seven days recent search covers, or a next_token gone stale: start again from now.
        if (error instanceof SourceError && error.options.status === 400 && /since_id|next_token|pagination/i.test(error.message)) {
          throw new SourceError('cursor', `The X search cursor can no longer be used (${error.message})`, { status: 400, cause: error });
        }
        throw error;
      }
      const users = usersById(page.includes);
      for (const tweet of page.data ?? []) {
        posts.push(mapTweet(tweet, users));
        if (newest === null || BigInt(tweet.id) > BigInt(newest)) newest = tweet.id;
      }
      nextToken = page.meta?.next_token;
      if (!nextToken || nextPollAfterMs !== undefined) break;
    }
    // The first poll does not page back: older posts are not wanted.
    const next: SearchCursor = cursor === null || !nextToken ? { since: newest, newest } : { since: state.since, newest, nextToken };
    return { posts, cursor: printCursor(next), ...(nextPollAfterMs !== undefined ? { nextPollAfterMs } : {}) };
  },
});
