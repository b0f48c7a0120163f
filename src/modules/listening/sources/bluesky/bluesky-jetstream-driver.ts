// Every new Bluesky post, from a Jetstream WebSocket (wantedCollections=app.bsky.feed.post). Created
// posts are batched (up to batchSize, or batchWaitMs after the first) before onPosts; deletes,
// updates, identity and account events are skipped. No keyword filtering here: the matcher does it.
//
// The cursor is the time_us of the last event read. Jetstream's README advises resuming from the
// last time_us minus a few seconds for gapless playback when events are processed idempotently, as
// the pipeline does, so a restart rewinds by rewindMs. A closed or silent connection is a
// 'temporary' SourceError; reconnecting is the caller's job.
import WebSocket from 'ws';
import { z } from 'zod';
import { SourceError, type DriverContext, type StreamingDriver } from '../driver.js';
import type { IncomingPost } from '../../pipeline/incoming.js';
import { postRecordSchema, postRecordToPost } from './bluesky-post.js';
import { blueskyHttpError } from './bluesky-xrpc.js';

export const DEFAULT_JETSTREAM_URL = 'wss://jetstream2.us-east.bsky.network';
/** messages waiting to be read before the socket stops reading (back-pressure while onPosts runs) */
const HIGH_WATER = 2000;

export const jetstreamConfigSchema = z.object({
  /** only the posts of these accounts (Jetstream allows 10,000) */
  wantedDids: z.array(z.string().startsWith('did:')).max(10_000).optional(),
  batchSize: z.int().min(1).max(5000).default(200),
  batchWaitMs: z.int().min(0).max(60_000).default(250),
  /** how far before the persisted cursor a restart begins */
  rewindMs: z.int().min(0).max(600_000).default(5_000),
  /** a ping every so often; no pong before the next one means the connection is dead */
  pingIntervalMs: z.int().min(50).max(600_000).default(30_000),
});

export type JetstreamConfig = z.input<typeof jetstreamConfigSchema>;

const jetstreamEventSchema = z.looseObject({
  did: z.string(),
  time_us: z.number(),
  kind: z.string(),
  commit: z
    .looseObject({ operation: z.string(), collection: z.string(), rkey: z.string(), cid: z.string().optional(), record: z.unknown().optional() })
    .optional(),
});

function subscribeUrl(context: DriverContext, config: z.output<typeof jetstreamConfigSchema>, cursor: string | null): URL {
  let url: URL;
  try {
    url = new URL(context.baseUrl ?? DEFAULT_JETSTREAM_URL);
  } catch {
    throw new SourceError('config', `"${context.baseUrl}" is not a Jetstream URL`);
  }
  if (!url.pathname.endsWith('/subscribe')) url.pathname = `${url.pathname.replace(/\/$/, '')}/subscribe`;
  url.searchParams.set('wantedCollections', 'app.bsky.feed.post');
  for (const did of config.wantedDids ?? []) url.searchParams.append('wantedDids', did);
  if (cursor !== null) {
    const timeUs = Number(cursor);
    if (!Number.isSafeInteger(timeUs) || timeUs < 0) throw new SourceError('cursor', `"${cursor}" is not a Jetstream cursor (time_us)`);
    url.searchParams.set('cursor', String(Math.max(0, timeUs - config.rewindMs * 1000)));
  }
  return url;
}

/** One Jetstream message: its time_us, and the post it creates if it creates one. */
function readEvent(message: string): { timeUs?: number; post?: IncomingPost } {
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch {
    return {};
  }
  const event = jetstreamEventSchema.safeParse(json);
  if (!event.success) return {};
  const { did, time_us: timeUs, kind, commit } = event.data;
  if (kind !== 'commit' || commit?.operation !== 'create' || commit.collection !== 'app.bsky.feed.post') return { timeUs };
  const record = postRecordSchema.safeParse(commit.record);
  if (!record.success) return { timeUs };
  return { timeUs, post: postRecordToPost(did, commit.rkey, record.data, {}, { cid: commit.cid ?? null, timeUs }) };
}

async function streamJetstream(
  rawConfig: JetstreamConfig,
  cursor: string | null,
  context: DriverContext,
  onPosts: (posts: IncomingPost[], cursor: string | null) => Promise<void>,
): Promise<void> {
  const parsed = jetstreamConfigSchema.safeParse(rawConfig);
  if (!parsed.success) throw new SourceError('config', `invalid Jetstream configuration: ${z.prettifyError(parsed.error)}`);
  const config = parsed.data;
  const url = subscribeUrl(context, config, cursor);
  if (context.signal?.aborted) return;

  const socket = new WebSocket(url, { handshakeTimeout: 30_000, ...(context.lookup ? { lookup: context.lookup } : {}) });
  const queue: string[] = [];
  let ended: { error: SourceError } | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  const end = (error: SourceError) => {
    ended ??= { error };
    notify();
  };

  socket.on('message', (data: WebSocket.RawData) => {
    queue.push(data.toString());
    if (queue.length >= HIGH_WATER && !socket.isPaused) socket.pause();
    notify();
  });
  socket.on('unexpected-response', (request, response) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(response.headers)) if (typeof value === 'string') headers.set(name, value);
    end(blueskyHttpError(response.statusCode ?? 0, headers, undefined, `${url.host} refused the Jetstream subscription: ${response.statusCode} ${response.statusMessage ?? ''}`.trim()));
    response.resume();
    request.destroy();
  });
  socket.on('error', (error) => end(new SourceError('temporary', `Jetstream ${url.host}: ${error.message}`, { cause: error })));
  socket.on('close', (code, reason) => end(new SourceError('temporary', `the Jetstream connection to ${url.host} closed (${code}${reason.length ? ` ${reason.toString()}` : ''})`)));

  let alive = true;
  socket.on('pong', () => {
    alive = true;
  });
  const pinger = setInterval(() => {
    if (socket.readyState !== WebSocket.OPEN) return;
    if (!alive) {
      end(new SourceError('temporary', `the Jetstream connection to ${url.host} stopped answering pings`));
      socket.terminate();
      return;
    }
    alive = false;
    socket.ping();
  }, config.pingIntervalMs);
  const onAbort = () => {
    socket.terminate();
    notify();
  };
  context.signal?.addEventListener('abort', onAbort, { once: true });

  const batch: IncomingPost[] = [];
  let batchStartedAt = 0;
  let lastTimeUs: number | null = null;
  const flush = async () => {
    if (batch.length === 0) return;
    await onPosts(batch.splice(0), lastTimeUs === null ? cursor : String(lastTimeUs));
  };

  try {
    for (;;) {
      while (queue.length > 0 && !context.signal?.aborted) {
        const { timeUs, post } = readEvent(queue.shift() ?? '');
        if (timeUs !== undefined) lastTimeUs = timeUs;
        if (!post) continue;
        if (batch.length === 0) batchStartedAt = Date.now();
        batch.push(post);
        if (batch.length >= config.batchSize) await flush();
      }
      if (context.signal?.aborted) return;
      if (socket.isPaused) socket.resume();
      if (ended !== null) break;
      const waitMs = batch.length > 0 ? Math.max(0, batchStartedAt + config.batchWaitMs - Date.now()) : null;
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        wake = resolve;
        if (waitMs !== null) timer = setTimeout(resolve, waitMs);
      });
      clearTimeout(timer);
      if (batch.length > 0 && Date.now() >= batchStartedAt + config.batchWaitMs) await flush();
    }
    if (context.signal?.aborted) return;
    // What arrived before the connection ended is whole: deliver it, then report the failure.
    await flush();
    throw (ended as { error: SourceError } | null)?.error ?? new SourceError('temporary', `the Jetstream connection to ${url.host} ended`);
  } finally {
    clearInterval(pinger);
    context.signal?.removeEventListener('abort', onAbort);
    if (socket.readyState !== WebSocket.CLOSED) socket.terminate();
  }
}

/** Reads new posts from Jetstream (context.baseUrl, wss://jetstream2.us-east.bsky.network by default). */
export const blueskyJetstreamDriver: StreamingDriver<JetstreamConfig> = {
  kind: 'bluesky',
  stream: streamJetstream,
};
