// Mastodon by polling: a hashtag timeline, the public timeline (local or remote only if asked) or a
// status search (which needs an access token), on any instance. The cursor is the newest status id
// seen; each poll asks for what is newer (min_id) and walks forward page by page (the Link header's
// "prev" page) until a page is not full, so nothing between two polls is skipped.
import LinkHeader from 'http-link-header';
import { z } from 'zod';
import { SourceError, type DriverContext, type PollResult, type PollingDriver } from '../driver.js';
import { getFromMastodon, mastodonBaseUrl, mastodonRetryAfterMs, newerStatusId } from './mastodon-http.js';
import { statusesToPosts } from './mastodon-status.js';

const paging = {
  /** statuses per request (Mastodon allows 40) */
  limit: z.int().min(1).max(40).default(40),
  /** requests per poll at most; what is left is read by the next poll */
  maxPages: z.int().min(1).max(100).default(10),
};
const timelineFilters = {
  /** only statuses of this instance */
  local: z.boolean().optional(),
  /** only statuses of other instances */
  remote: z.boolean().optional(),
  onlyMedia: z.boolean().optional(),
};

export const mastodonPollConfigSchema = z.discriminatedUnion('timeline', [
  z.object({ timeline: z.literal('hashtag'), hashtag: z.string().trim().min(1).max(200), ...timelineFilters, ...paging }),
  z.object({ timeline: z.literal('public'), ...timelineFilters, ...paging }),
  z.object({ timeline: z.literal('search'), query: z.string().trim().min(1).max(500), ...paging }),
]);

export type MastodonPollConfig = z.input<typeof mastodonPollConfigSchema>;
type ParsedPollConfig = z.output<typeof mastodonPollConfigSchema>;

export function parseMastodonConfig<Schema extends z.ZodType>(schema: Schema, config: unknown): z.output<Schema> {
  const parsed = schema.safeParse(config);
  if (!parsed.success) throw new SourceError('config', `invalid Mastodon source configuration: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

function firstPageUrl(config: ParsedPollConfig, base: URL, cursor: string | null): URL {
  const url = new URL(base);
  const query = url.searchParams;
  if (config.timeline === 'search') {
    url.pathname = '/api/v2/search';
    query.set('q', config.query);
    query.set('type', 'statuses');
  } else {
    url.pathname = config.timeline === 'hashtag' ? `/api/v1/timelines/tag/${encodeURIComponent(config.hashtag.replace(/^#/, ''))}` : '/api/v1/timelines/public';
    if (config.local) query.set('local', 'true');
    if (config.remote) query.set('remote', 'true');
    if (config.onlyMedia) query.set('only_media', 'true');
  }
  query.set('limit', String(config.limit));
  if (cursor !== null) query.set('min_id', cursor);
  return url;
}

/** The page just newer than this one: the Link header's "prev" on the same origin, else min_id = the newest id read. */
function newerPageUrl(response: Response, current: URL, newest: string): URL {
  const link = response.headers.get('link');
  if (link) {
    const prev = LinkHeader.parse(link).rel('prev')[0];
    if (prev) {
      const url = new URL(prev.uri, current);
      if (url.origin === current.origin) return url;
    }
  }
  const url = new URL(current);
  url.searchParams.delete('max_id');
  url.searchParams.delete('since_id');
  url.searchParams.set('min_id', newest);
  return url;
}

async function readStatuses(response: Response, config: ParsedPollConfig, url: URL): Promise<unknown[]> {
  let body: unknown;
  try {
    body = await response.json();
  } catch (error) {
    throw new SourceError('temporary', `${url.host}${url.pathname} did not answer JSON`, { cause: error });
  }
  const statuses = config.timeline === 'search' ? (body as { statuses?: unknown } | null)?.statuses : body;
  if (!Array.isArray(statuses)) throw new SourceError('temporary', `${url.host}${url.pathname} did not answer a list of statuses`);
  return statuses;
}

function idOf(status: unknown): string | null {
  const id = (status as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id !== '' ? id : null;
}

async function pollMastodon(rawConfig: MastodonPollConfig, cursor: string | null, context: DriverContext): Promise<PollResult> {
  const config = parseMastodonConfig(mastodonPollConfigSchema, rawConfig);
  if (config.timeline === 'search' && !context.credentials?.accessToken) {
    throw new SourceError('credentials', 'Mastodon search needs an access token of the instance');
  }
  const base = mastodonBaseUrl(context);
  const statuses: unknown[] = [];
  let newest = cursor;
  let url = firstPageUrl(config, base, cursor);
  let nextPollAfterMs: number | undefined;
  for (let page = 0; page < config.maxPages; page++) {
    const response = await getFromMastodon(url, context);
    const batch = await readStatuses(response, config, url);
    statuses.push(...batch);
    const before = newest;
    for (const status of batch) {
      const id = idOf(status);
      if (id !== null) newest = newerStatusId(newest, id);
    }
    if (response.headers.get('x-ratelimit-remaining') === '0') nextPollAfterMs = mastodonRetryAfterMs(response.headers);
    // Without a cursor the latest page is where listening starts; a short page is the present.
    if (cursor === null || batch.length < config.limit || newest === null || newest === before) break;
    if (nextPollAfterMs !== undefined) break;
    url = newerPageUrl(response, url, newest);
  }
  return { posts: statusesToPosts(statuses, base.host), cursor: newest, ...(nextPollAfterMs !== undefined ? { nextPollAfterMs } : {}) };
}

/**
 * Polls a Mastodon instance (context.baseUrl, https://mastodon.social by default) with
 * context.credentials.accessToken as the bearer token when given.
 */
export const mastodonPollingDriver: PollingDriver<MastodonPollConfig> = {
  kind: 'mastodon',
  poll: pollMastodon,
};
