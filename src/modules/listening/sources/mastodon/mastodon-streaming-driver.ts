// Mastodon's streaming API (server-sent events) for a hashtag or the public timeline. New and edited
// statuses (`update`, `status.update`) become posts; deletes, heartbeats (`:thump`) and other events
// are skipped. The stream has no resume point of its own, so the cursor is the newest status id seen
// and a restart with a cursor first reads what was missed from the REST timeline. When the stream
// ends or goes silent the driver throws a 'temporary' SourceError: reconnecting is the caller's job.
import { createParser } from 'eventsource-parser';
import { z } from 'zod';
import { SourceError, type DriverContext, type StreamingDriver } from '../driver.js';
import type { IncomingPost } from '../../pipeline/incoming.js';
import { getFromMastodon, mastodonBaseUrl, newerStatusId } from './mastodon-http.js';
import { mastodonPollingDriver, parseMastodonConfig, type MastodonPollConfig } from './mastodon-polling-driver.js';
import { statusesToPosts } from './mastodon-status.js';

const streamOptions = {
  /** the streaming server when it is not the instance itself (the instance's configuration.urls.streaming) */
  streamingUrl: z.url().optional(),
  /** the stream counts as dropped after this long without a byte (Mastodon sends a heartbeat every few seconds) */
  idleTimeoutMs: z.int().min(100).max(600_000).default(60_000),
};

export const mastodonStreamConfigSchema = z.discriminatedUnion('stream', [
  z.object({ stream: z.literal('hashtag'), hashtag: z.string().trim().min(1).max(200), local: z.boolean().optional(), ...streamOptions }),
  z.object({ stream: z.literal('public'), local: z.boolean().optional(), remote: z.boolean().optional(), onlyMedia: z.boolean().optional(), ...streamOptions }),
]);

export type MastodonStreamConfig = z.input<typeof mastodonStreamConfigSchema>;
type ParsedStreamConfig = z.output<typeof mastodonStreamConfigSchema>;

const STATUS_EVENTS = new Set(['update', 'status.update']);

function streamUrl(config: ParsedStreamConfig, base: URL): URL {
  const url = new URL(base);
  if (config.stream === 'hashtag') {
    url.pathname = config.local ? '/api/v1/streaming/hashtag/local' : '/api/v1/streaming/hashtag';
    url.searchParams.set('tag', config.hashtag.replace(/^#/, ''));
  } else {
    url.pathname = `/api/v1/streaming/public${config.local ? '/local' : config.remote ? '/remote' : ''}`;
    if (config.onlyMedia) url.searchParams.set('only_media', 'true');
  }
  return url;
}

/** The REST timeline the stream mirrors, to read what was posted while no stream was open. */
function catchUpConfig(config: ParsedStreamConfig): MastodonPollConfig {
  return config.stream === 'hashtag'
    ? { timeline: 'hashtag', hashtag: config.hashtag, local: config.local, maxPages: 100 }
    : { timeline: 'public', local: config.local, remote: config.remote, onlyMedia: config.onlyMedia, maxPages: 100 };
}

async function streamMastodon(
  rawConfig: MastodonStreamConfig,
  cursor: string | null,
  context: DriverContext,
  onPosts: (posts: IncomingPost[], cursor: string | null) => Promise<void>,
): Promise<void> {
  const config = parseMastodonConfig(mastodonStreamConfigSchema, rawConfig);
  const host = mastodonBaseUrl(context).host;
  const url = streamUrl(config, mastodonBaseUrl(context, config.streamingUrl));
  const idle = new AbortController();
  const signal = AbortSignal.any([idle.signal, ...(context.signal ? [context.signal] : [])]);
  let idleTimer: NodeJS.Timeout | undefined;
  const armIdleTimer = () => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => idle.abort(), config.idleTimeoutMs);
  };

  let newest = cursor;
  let reader: ReadableStreamDefaultReader<string> | undefined;
  try {
    armIdleTimer();
    const response = await getFromMastodon(url, context, { accept: 'text/event-stream', timeoutMs: null, signal });
    if (!response.body) throw new SourceError('temporary', `${url.host}${url.pathname} answered without a stream`);
    reader = response.body.pipeThrough(new TextDecoderStream()).getReader();

    // The stream is open (and buffers) before the gap is read, so no status falls between the two.
    if (cursor !== null) {
      clearTimeout(idleTimer);
      const missed = await mastodonPollingDriver.poll(catchUpConfig(config), cursor, context);
      if (missed.cursor !== null) newest = newerStatusId(newest, missed.cursor);
      if (missed.posts.length > 0) await onPosts(missed.posts, newest);
      armIdleTimer();
    }

    const statuses: unknown[] = [];
    const parser = createParser({
      onEvent(event) {
        if (!event.event || !STATUS_EVENTS.has(event.event)) return;
        try {
          statuses.push(JSON.parse(event.data));
        } catch {
          // a broken event is skipped, the stream goes on
        }
      },
    });
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      armIdleTimer();
      parser.feed(value);
      if (statuses.length === 0) continue;
      const batch = statuses.splice(0);
      for (const status of batch) {
        const id = (status as { id?: unknown } | null)?.id;
        if (typeof id === 'string' && id !== '') newest = newerStatusId(newest, id);
      }
      const posts = statusesToPosts(batch, host);
      if (posts.length > 0) {
        clearTimeout(idleTimer);
        await onPosts(posts, newest);
        armIdleTimer();
      }
    }
    if (context.signal?.aborted) return;
    throw new SourceError('temporary', `the stream ${url.host}${url.pathname} ended`);
  } catch (error) {
    if (context.signal?.aborted) return;
    if (idle.signal.aborted) throw new SourceError('temporary', `the stream ${url.host}${url.pathname} was silent for ${config.idleTimeoutMs} ms`, { cause: error });
    if (error instanceof SourceError) throw error;
    throw new SourceError('temporary', `the stream ${url.host}${url.pathname} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  } finally {
    clearTimeout(idleTimer);
    await reader?.cancel().catch(() => undefined);
  }
}

/**
 * Streams a hashtag or the public timeline of a Mastodon instance (context.baseUrl, or
 * config.streamingUrl for the stream itself) with context.credentials.accessToken as the bearer
 * token; Mastodon 4.2+ requires a user token for these streams.
 */
export const mastodonStreamingDriver: StreamingDriver<MastodonStreamConfig> = {
  kind: 'mastodon',
  stream: streamMastodon,
};
