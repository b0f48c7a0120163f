// The Jetstream driver against a fake Jetstream WebSocket server on a real port, sending recorded
// Jetstream events in whole and fragmented frames, closing, dropping and refusing connections.
import type { LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { publicOnlyLookup } from '../../../../lib/public-fetch.js';
import { asSourceError } from '../health.js';
import type { IncomingPost } from '../../pipeline/incoming.js';
import { SourceError } from '../driver.js';
import { blueskyJetstreamDriver, type JetstreamConfig } from './bluesky-jetstream-driver.js';
import { jetstreamMessages } from './bluesky-fixtures.js';
import { startFakeJetstream, type FakeJetstream } from './fake-bluesky.js';

const readme = jetstreamMessages('jetstream-readme-events.jsonl');
const bench = jetstreamMessages('jetstream-jsonbench-events.jsonl');
const FIRST_POST = 'at://did:plc:yj3sjq3blzpynh27cumnp5ks/app.bsky.feed.post/3lbhtyteurk2y';
const SECOND_POST = 'at://did:plc:l5o3qjrmfztir54cpwlv2eme/app.bsky.feed.post/3lbhtytjqzk2q';

let fake: FakeJetstream | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

type Delivery = { posts: IncomingPost[]; cursor: string | null };

function run(config: JetstreamConfig, cursor: string | null, options: { signal?: AbortSignal; onPostsDelayMs?: number; baseUrl?: string; lookup?: LookupFunction } = {}) {
  const deliveries: Delivery[] = [];
  let running = 0;
  let mostAtOnce = 0;
  const done = blueskyJetstreamDriver
    .stream(config, cursor, { baseUrl: options.baseUrl ?? fake?.url, signal: options.signal, lookup: options.lookup }, async (posts, at) => {
      running++;
      mostAtOnce = Math.max(mostAtOnce, running);
      if (options.onPostsDelayMs) await new Promise((resolve) => setTimeout(resolve, options.onPostsDelayMs));
      deliveries.push({ posts, cursor: at });
      running--;
    })
    .then(
      () => undefined,
      (error: unknown) => error,
    );
  return { deliveries, done, mostAtOnce: () => mostAtOnce };
}

const waitFor = async (condition: () => boolean) => {
  for (let tries = 0; tries < 300 && !condition(); tries++) await new Promise((resolve) => setTimeout(resolve, 10));
};
const ids = (deliveries: Delivery[]) => deliveries.flatMap((delivery) => delivery.posts.map((post) => post.externalId));

describe('Jetstream', () => {
  it('subscribes to posts, batches the created posts, skips likes, follows, deletes, identity and account events', async () => {
    fake = await startFakeJetstream();
    const controller = new AbortController();
    const { deliveries, done } = run({}, null, { signal: controller.signal });
    const connection = await fake.nextConnection();
    expect(connection.url.pathname).toBe('/subscribe');
    expect(connection.url.searchParams.getAll('wantedCollections')).toEqual(['app.bsky.feed.post']);
    expect(connection.url.searchParams.has('cursor')).toBe(false);

    for (const message of [...readme, ...bench]) await connection.send(message);
    await waitFor(() => deliveries.length > 0);
    controller.abort();
    expect(await done).toBeUndefined();

    expect(deliveries).toHaveLength(1);
    expect(ids(deliveries)).toEqual([FIRST_POST, SECOND_POST]);
    // The cursor is the time_us of the last event read.
    expect(deliveries[0]?.cursor).toBe('1732206349001905');
    expect(deliveries[0]?.posts[1]).toMatchObject({
      text: 'okay i take mine back because I hadn’t heard this one yet^^',
      author: { externalId: 'did:plc:l5o3qjrmfztir54cpwlv2eme' },
      data: {
        replyParent: 'at://did:plc:6wx2gg5yqgvmlu35r6y3bk6d/app.bsky.feed.post/3lbhtj2eb4s2o',
        replyRoot: 'at://did:plc:474ldquxwzrlcvjhhbbk2wte/app.bsky.feed.post/3lbhdzrynik27',
        cid: 'bafyreigzdsdne3z2xxcakgisieyj7y47hj6eg7lj6v4q25ah5q2qotu5ku',
        timeUs: 1732206349001905,
      },
    });
  });

  it('reads a message sent in WebSocket fragments', async () => {
    fake = await startFakeJetstream();
    const controller = new AbortController();
    const { deliveries, done } = run({ batchWaitMs: 0 }, null, { signal: controller.signal });
    const connection = await fake.nextConnection();
    await connection.sendFragmented(bench[0] ?? '', 37);
    await waitFor(() => deliveries.length > 0);
    controller.abort();
    await done;
    expect(ids(deliveries)).toEqual([FIRST_POST]);
    expect(deliveries[0]?.cursor).toBe('1732206349000167');
  });

  it('delivers a full batch at once, one batch at a time', async () => {
    fake = await startFakeJetstream();
    const controller = new AbortController();
    const { deliveries, done, mostAtOnce } = run({ batchSize: 1, batchWaitMs: 10_000 }, null, { signal: controller.signal, onPostsDelayMs: 50 });
    const connection = await fake.nextConnection();
    for (const message of bench) await connection.send(message);
    await waitFor(() => deliveries.length >= 2);
    controller.abort();
    await done;
    expect(deliveries.map((delivery) => [delivery.posts.map((post) => post.externalId), delivery.cursor])).toEqual([
      [[FIRST_POST], '1732206349000167'],
      [[SECOND_POST], '1732206349001905'],
    ]);
    expect(mostAtOnce()).toBe(1);
  });

  it('resumes a few seconds before the persisted cursor', async () => {
    fake = await startFakeJetstream();
    const controller = new AbortController();
    const { done } = run({ rewindMs: 5000, wantedDids: ['did:plc:l5o3qjrmfztir54cpwlv2eme'] }, '1732206349001905', { signal: controller.signal });
    const connection = await fake.nextConnection();
    expect(connection.url.searchParams.get('cursor')).toBe('1732206344001905');
    expect(connection.url.searchParams.getAll('wantedDids')).toEqual(['did:plc:l5o3qjrmfztir54cpwlv2eme']);
    controller.abort();
    expect(await done).toBeUndefined();
    expect(((await run({}, 'yesterday').done) as SourceError).kind).toBe('cursor');
  });

  it('delivers what arrived, then fails temporary, when the server closes or the connection drops', async () => {
    fake = await startFakeJetstream();
    const closed = run({ batchWaitMs: 10_000 }, null);
    const first = await fake.nextConnection();
    await first.send(bench[0] ?? '');
    first.close(1001, 'going away');
    const closedError = (await closed.done) as SourceError;
    expect(closedError).toBeInstanceOf(SourceError);
    expect(closedError.kind).toBe('temporary');
    expect(closedError.message).toContain('1001');
    expect(ids(closed.deliveries)).toEqual([FIRST_POST]);

    const dropped = run({}, null);
    const second = await fake.nextConnection();
    second.drop();
    expect(((await dropped.done) as SourceError).kind).toBe('temporary');
  });

  it('fails temporary when the server stops answering pings', async () => {
    fake = await startFakeJetstream();
    const { done } = run({ pingIntervalMs: 100 }, null);
    const connection = await fake.nextConnection();
    connection.mute();
    const error = (await done) as SourceError;
    expect(error.kind).toBe('temporary');
    expect(error.message).toContain('pings');
  });

  it('does not connect where the lookup it is given refuses a private address (DNS rebinding), and says it is the configuration', async () => {
    fake = await startFakeJetstream();
    const { port } = new URL(fake.url);
    // The name answers 127.0.0.1, where the fake listens, by the time the socket connects.
    const rebinding: LookupFunction = (_hostname, options, callback) => {
      if (options.all) (callback as (error: null, addresses: LookupAddress[]) => void)(null, [{ address: '127.0.0.1', family: 4 }]);
      else callback(null, '127.0.0.1', 4);
    };
    const refused = await run({}, '1700000000000000', { baseUrl: `ws://jetstream.example:${port}`, lookup: publicOnlyLookup(rebinding) }).done;
    expect(refused).toBeInstanceOf(SourceError);
    expect(asSourceError(refused).kind).toBe('config');
    expect(asSourceError(refused).message).toContain('jetstream.example is a private address (127.0.0.1)');

    // The same name and lookup without the check reach the fake; the first connection it sees is this one (no cursor).
    const controller = new AbortController();
    const reached = run({}, null, { baseUrl: `ws://jetstream.example:${port}`, lookup: rebinding, signal: controller.signal });
    const connection = await fake.nextConnection();
    expect(connection.url.searchParams.has('cursor')).toBe(false);
    controller.abort();
    await reached.done;
  });

  it('maps a refused subscription: 429 is rate_limited with Retry-After, 400 is config, 503 is temporary', async () => {
    fake = await startFakeJetstream();
    fake.refuseNext(429, { 'retry-after': '10' });
    const limited = (await run({}, null).done) as SourceError;
    expect([limited.kind, limited.options.status, limited.options.retryAfterMs]).toEqual(['rate_limited', 429, 10_000]);
    fake.refuseNext(400);
    expect(((await run({}, null).done) as SourceError).kind).toBe('config');
    fake.refuseNext(503);
    expect(((await run({}, null).done) as SourceError).kind).toBe('temporary');
  });
});
