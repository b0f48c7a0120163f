// The X filtered-stream source: posts matching the stream's rules (see stream-rules.ts and
// sync-rules.ts), read from GET /2/tweets/search/stream as newline-delimited JSON. X sends a blank
// line (\r\n) every 20 seconds as a keep-alive; a stream silent for longer, closed by X, or ended
// with an operational-disconnect error is a temporary failure, after which the caller reconnects.
// The stream has no resume position: the cursor is the newest post id delivered, and with
// `backfillMinutes` (Pro and Enterprise) a reconnect asks X to replay the minutes missed.
import { SourceError, type DriverContext, type StreamingDriver } from '../driver.js';
import type { IncomingPost } from '../../pipeline/incoming.js';
import { mapTweet, usersById } from './map-tweet.js';
import { queryIdsOfTag } from './stream-rules.js';
import { bearerTokenOf, XClient, xError } from './x-client.js';
import { streamLineSchema, TWEET_FIELDS_PARAMS, type Problem } from './x-types.js';

export type XStreamConfig = {
  /** On a reconnect (a cursor is given), minutes of posts to replay, 1–5 (backfill_minutes; Pro and Enterprise plans). */
  backfillMinutes?: number;
  /** How long the stream may stay silent (no post, no keep-alive) before it counts as dropped. Default 30 s. */
  stallTimeoutMs?: number;
};

export type XStreamDriverOptions = { now?: () => number };

const STREAM_PATH = '/2/tweets/search/stream';
const DEFAULT_STALL_TIMEOUT_MS = 30_000;

const newerId = (a: string | null, b: string): string => (a === null || BigInt(b) > BigInt(a) ? b : a);

const isDisconnect = (problem: Problem): boolean =>
  problem.title === 'operational-disconnect' || problem.disconnect_type !== undefined || problem.connection_issue !== undefined || problem.title === 'ConnectionException';

const describe = (problem: Problem): string => [problem.title, problem.detail].filter(Boolean).join(': ');

/** Splits a byte stream into lines, keeping a line that spans chunks until its end arrives. */
class LineSplitter {
  private decoder = new TextDecoder();
  private rest = '';

  push(chunk: Uint8Array): string[] {
    const text = this.rest + this.decoder.decode(chunk, { stream: true });
    const lines = text.split(/\r?\n/);
    this.rest = lines.pop() ?? '';
    return lines;
  }
}

export const createXStreamDriver = (options: XStreamDriverOptions = {}): StreamingDriver<XStreamConfig> => ({
  kind: 'x-stream',
  async stream(config: XStreamConfig, cursor: string | null, context: DriverContext, onPosts: (posts: IncomingPost[], cursor: string | null) => Promise<void>): Promise<void> {
    const connection = new AbortController();
    const stop = (): void => connection.abort();
    context.signal?.addEventListener('abort', stop, { once: true });
    const client = new XClient({ baseUrl: context.baseUrl, bearerToken: bearerTokenOf(context.credentials), fetch: context.fetch, now: options.now });
    const stallTimeoutMs = config.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS;
    let stalled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const watch = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        stalled = true;
        connection.abort();
      }, stallTimeoutMs);
    };

    let position = cursor;
    try {
      const backfill: Record<string, string> = cursor !== null && config.backfillMinutes ? { backfill_minutes: String(Math.min(Math.max(Math.round(config.backfillMinutes), 1), 5)) } : {};
      watch();
      let response: Response;
      try {
        response = await client.send(STREAM_PATH, { query: { ...TWEET_FIELDS_PARAMS, ...backfill }, signal: connection.signal });
      } catch (error) {
        if (context.signal?.aborted) return;
        if (stalled) throw new SourceError('temporary', `X did not answer the stream request within ${stallTimeoutMs / 1000} s.`, { cause: error });
        throw error;
      }
      if (!response.ok) throw await xError(response, 'the filtered stream', client.now());
      if (!response.body) throw new SourceError('temporary', 'X answered the stream request without a body.');

      const reader = response.body.getReader();
      const lines = new LineSplitter();
      for (;;) {
        let chunk: Awaited<ReturnType<typeof reader.read>>;
        try {
          chunk = await reader.read();
        } catch (error) {
          if (context.signal?.aborted) return;
          if (stalled) throw new SourceError('temporary', `The X stream was silent for ${stallTimeoutMs / 1000} s (no keep-alive).`, { cause: error });
          throw new SourceError('temporary', `The X stream broke: ${(error as Error).message}`, { cause: error });
        }
        if (chunk.done) {
          if (context.signal?.aborted) return;
          throw new SourceError('temporary', 'X closed the stream.');
        }
        watch();

        const posts: IncomingPost[] = [];
        let disconnect: Problem | undefined;
        for (const line of lines.push(chunk.value)) {
          // Blank lines are the keep-alives.
          if (line.trim() === '') continue;
          let json: unknown;
          try {
            json = JSON.parse(line);
          } catch (error) {
            throw new SourceError('temporary', 'The X stream sent a line that is not JSON.', { cause: error });
          }
          const parsed = streamLineSchema.safeParse(json);
          if (!parsed.success) continue;
          const { data, includes, matching_rules: matchingRules, errors } = parsed.data;
          if (data) {
            posts.push(
              mapTweet(data, usersById(includes), {
                matchingRules: matchingRules?.map((rule) => ({ id: String(rule.id), tag: rule.tag })),
                queryIds: [...new Set(matchingRules?.flatMap((rule) => queryIdsOfTag(rule.tag)) ?? [])],
              }),
            );
            position = newerId(position, data.id);
          } else {
            // Errors beside a post are about its expansions; alone, a disconnect ends the stream.
            disconnect = errors?.find(isDisconnect) ?? disconnect;
          }
        }
        // Posts that came before a disconnect in the same chunk are still delivered.
        if (posts.length > 0) {
          // A slow consumer is back-pressure, not a silent stream.
          clearTimeout(timer);
          await onPosts(posts, position);
          watch();
        }
        if (disconnect) throw new SourceError('temporary', `X ended the stream: ${describe(disconnect)}.`);
      }
    } finally {
      clearTimeout(timer);
      context.signal?.removeEventListener('abort', stop);
      connection.abort();
    }
  },
});
