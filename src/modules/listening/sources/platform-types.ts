// The social platforms' source types, as the registry takes them: each driver folder's drivers with
// the settings the user stores (the driver's own config plus where the platform is and how often
// to poll) and the credential fields it reads. Where a platform is both polled and streamed, the
// config says which: Mastodon by `stream` or `timeline`, Bluesky and X by a search `query`.
import { z } from 'zod';
import type { PollingDriver, StreamingDriver } from './driver.js';
import { blueskyJetstreamDriver, jetstreamConfigSchema } from './bluesky/bluesky-jetstream-driver.js';
import { blueskySearchConfigSchema, blueskySearchDriver } from './bluesky/bluesky-search-driver.js';
import { mastodonPollConfigSchema, mastodonPollingDriver } from './mastodon/mastodon-polling-driver.js';
import { mastodonStreamConfigSchema, mastodonStreamingDriver } from './mastodon/mastodon-streaming-driver.js';
import { createRedditDriver } from './reddit/reddit-driver.js';
import type { SourceMode, SourceTypeEntry } from './registry.js';
import { createXSearchDriver } from './x/x-search-driver.js';
import { createXStreamDriver } from './x/x-stream-driver.js';
import { deriveStreamRules } from './x/stream-rules.js';
import { syncStreamRules } from './x/sync-rules.js';
import { createYouTubeDriver } from './youtube/youtube-driver.js';

const minutes = (n: number) => n * 60_000;
const httpUrl = z.url({ protocol: /^(https?|wss?)$/, error: 'an http(s) or ws(s) URL' });
/** Where the platform is when not its public default (a self-hosted instance, a test fake) */
const baseUrl = { baseUrl: httpUrl.max(2000).optional() };
const interval = { intervalMinutes: z.int().min(1).max(1440).optional().describe('Minutes between polls') };
const intervalOf = (config: Record<string, unknown>) => (typeof config.intervalMinutes === 'number' ? minutes(config.intervalMinutes) : undefined);
const polling = (driver: PollingDriver<never>): SourceMode => ({ mode: 'polling', driver: driver as PollingDriver<unknown> });
const streaming = (driver: StreamingDriver<never>): SourceMode => ({ mode: 'streaming', driver: driver as StreamingDriver<unknown> });
const idList = z.array(z.string().trim().min(1).max(100)).max(50);

export const platformSourceTypes: SourceTypeEntry[] = [
  {
    type: 'mastodon',
    config: z.intersection(
      z.object({ instance: httpUrl.max(2000).describe('The instance, e.g. https://mastodon.social'), ...interval }),
      z.union([mastodonPollConfigSchema, mastodonStreamConfigSchema]),
    ),
    credentials: z.object({ accessToken: z.string().min(1).max(2000).optional() }).strict(),
    modeOf: (config) => ('stream' in config ? streaming(mastodonStreamingDriver) : polling(mastodonPollingDriver)),
    pollIntervalMs: minutes(2),
    intervalOf,
    baseUrlOf: (config) => config.instance as string,
  },
  {
    type: 'bluesky',
    config: z.union([blueskySearchConfigSchema.extend({ ...baseUrl, ...interval }).strict(), jetstreamConfigSchema.extend(baseUrl).strict()]),
    // handle + appPassword (and the account's PDS when not bsky.social) let the inbox reply (channels/listening)
    credentials: z
      .object({ accessToken: z.string().min(1).max(4000).optional(), handle: z.string().min(1).max(300).optional(), appPassword: z.string().min(1).max(200).optional(), pdsUrl: httpUrl.max(2000).optional() })
      .strict(),
    modeOf: (config) => (typeof config.query === 'string' ? polling(blueskySearchDriver) : streaming(blueskyJetstreamDriver)),
    pollIntervalMs: minutes(2),
    intervalOf,
  },
  {
    type: 'reddit',
    config: z
      .object({
        subreddits: z.array(z.string().trim().regex(/^[A-Za-z0-9_]{2,21}$/, 'a subreddit name without r/')).max(100).optional(),
        read: z.array(z.enum(['posts', 'comments'])).max(2).optional(),
        search: z.string().trim().min(1).max(512).optional(),
        pageSize: z.int().min(1).max(100).optional(),
        maxPages: z.int().min(1).max(100).optional(),
        ...baseUrl,
        ...interval,
      })
      .strict(),
    // userAccessToken: a user's OAuth token (submit scope) with which the inbox replies
    credentials: z.object({ clientId: z.string().min(1).max(200).optional(), clientSecret: z.string().min(1).max(200).optional(), userAccessToken: z.string().min(1).max(4000).optional() }).strict(),
    modeOf: (() => {
      const driver = createRedditDriver();
      return () => polling(driver);
    })(),
    pollIntervalMs: minutes(5),
    intervalOf,
  },
  {
    type: 'youtube',
    config: z
      .object({ videoIds: idList.optional(), channelIds: idList.optional(), pageSize: z.int().min(1).max(100).optional(), maxPages: z.int().min(1).max(100).optional(), ...baseUrl, ...interval })
      .strict(),
    // oauthAccessToken (youtube.force-ssl): what the inbox replies with; the API key only reads
    credentials: z.object({ apiKey: z.string().min(1).max(200), oauthAccessToken: z.string().min(1).max(4000).optional() }).strict(),
    modeOf: (() => {
      const driver = createYouTubeDriver();
      return () => polling(driver);
    })(),
    // commentThreads.list costs quota: every 15 minutes unless asked otherwise
    pollIntervalMs: minutes(15),
    intervalOf,
  },
  {
    type: 'x',
    config: z.union([
      z.object({ query: z.string().trim().min(1).max(4096), pageSize: z.int().min(10).max(100).optional(), maxPages: z.int().min(1).max(100).optional(), ...baseUrl, ...interval }).strict(),
      z.object({ stream: z.literal(true), backfillMinutes: z.int().min(1).max(5).optional(), stallTimeoutMs: z.int().min(1000).max(600_000).optional(), ...baseUrl }).strict(),
    ]),
    // userAccessToken (OAuth 2.0 user context, tweet.write): what the inbox replies with; the app-only bearer token only reads
    credentials: z.object({ bearerToken: z.string().min(1).max(2000), userAccessToken: z.string().min(1).max(4000).optional() }).strict(),
    modeOf: (() => {
      const search = createXSearchDriver();
      const stream = createXStreamDriver();
      return (config: Record<string, unknown>) => (config.stream === true ? streaming(stream) : polling(search));
    })(),
    pollIntervalMs: minutes(5),
    intervalOf,
    // The filtered stream delivers what its rules select: rules follow the workspace's queries
    // (broader where X's syntax cannot say a query exactly; the matcher checks every post anyway).
    syncQueries: async (queries, _config, context) => {
      await syncStreamRules(deriveStreamRules(queries).rules, context);
    },
  },
];
