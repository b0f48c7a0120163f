import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { incomingPostSchema, type IncomingPost } from '../../pipeline/incoming.js';
import { SourceError } from '../driver.js';
import { FakeX } from './fake-x.js';
import { deriveStreamRules } from './stream-rules.js';
import { syncStreamRules } from './sync-rules.js';
import { createXStreamDriver, type XStreamConfig } from './x-stream-driver.js';

// X's documented payloads (see test/fixtures/listening/README.md).
const fixtureText = (name: string): string => readFileSync(new URL(`../../../../../test/fixtures/listening/x/${name}`, import.meta.url), 'utf8');
const examplePayload = JSON.parse(fixtureText('example-payload-tweet.json')) as { data: Record<string, unknown>[]; includes: Record<string, unknown> };
/** The example payload's tweet as the stream sends it: one object per line, with the rule it matched. */
const exampleLine = JSON.stringify({ data: examplePayload.data[0], includes: examplePayload.includes, matching_rules: [{ id: '1273026480692322304', tag: 'parley:q1,q2' }] });
const streamExampleLine = fixtureText('stream-example.json').trim();
const disconnectLine = JSON.stringify(JSON.parse(fixtureText('stream-operational-disconnect.json')));

const TOKEN = 'AAAA-bearer';
let fake: FakeX;
beforeEach(async () => {
  fake = await new FakeX(TOKEN).start();
});
afterEach(async () => {
  await fake.stop();
});

type Delivery = { posts: IncomingPost[]; cursor: string | null };

/** Runs the stream driver against the fake; the test drives the connection and stops it. */
const openStream = (config: XStreamConfig = {}, cursor: string | null = null, token = TOKEN, now?: () => number): { deliveries: Delivery[]; done: Promise<void>; stop: () => void } => {
  const controller = new AbortController();
  const deliveries: Delivery[] = [];
  const done = createXStreamDriver({ now }).stream(config, cursor, { baseUrl: fake.url, credentials: { bearerToken: token }, signal: controller.signal }, async (posts, position) => {
    deliveries.push({ posts, cursor: position });
  });
  return { deliveries, done, stop: () => controller.abort() };
};

const until = async (condition: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !condition(); i++) await sleep(10);
  expect(condition()).toBe(true);
};

describe('X filtered stream: mapping and framing', () => {
  it('reads posts across keep-alives and a line split over two chunks', async () => {
    const { deliveries, done, stop } = openStream();
    const connection = await fake.nextStreamConnection();
    expect(Object.fromEntries(connection.query)).toMatchObject({ expansions: 'author_id', 'user.fields': expect.stringContaining('public_metrics') });
    expect(connection.query.get('tweet.fields')).toContain('entities');

    await connection.write('\r\n');
    await connection.write(exampleLine.slice(0, 200));
    await sleep(50);
    expect(deliveries).toEqual([]); // half a line is not a post
    await connection.write(`${exampleLine.slice(200)}\r\n\r\n`);
    await until(() => deliveries.length === 1);
    await connection.write(`\r\n${streamExampleLine}\r\n`);
    await until(() => deliveries.length === 2);
    stop();
    await done;

    const [first, second] = deliveries;
    for (const post of [...first!.posts, ...second!.posts]) expect(incomingPostSchema.safeParse(post).success).toBe(true);
    expect(first!.posts).toEqual([
      {
        externalId: '1307025659294674945',
        text: 'Here’s an article that highlights the updates in the new Tweet payload v2 https://t.co/oeF3ZHeKQQ',
        url: 'https://x.com/TwitterDev/status/1307025659294674945',
        links: ['https://dev.to/twitterdev/understanding-the-new-tweet-payload-in-the-twitter-api-v2-1fg5'],
        lang: 'en',
        channel: 'twitter',
        publishedAt: '2020-09-18T18:36:15.000Z',
        author: {
          handle: 'TwitterDev',
          externalId: '2244994945',
          name: 'Twitter Dev',
          followers: 513961,
          following: 2039,
          verified: true,
          profileUrl: 'https://x.com/TwitterDev',
          avatarUrl: 'https://pbs.twimg.com/profile_images/1283786620521652229/lEODkLTh_normal.jpg',
          accountCreatedAt: '2013-12-14T04:35:55.000Z',
        },
        data: {
          metrics: { retweet_count: 11, reply_count: 2, like_count: 70, quote_count: 1 },
          conversationId: '1304102743196356610',
          inReplyToUserId: '2244994945',
          referencedTweets: [{ type: 'replied_to', id: '1304102743196356610' }],
          possiblySensitive: false,
          source: 'Twitter Web App',
          matchingRules: [{ id: '1273026480692322304', tag: 'parley:q1,q2' }],
          queryIds: ['q1', 'q2'],
        },
      },
    ]);
    expect(first!.cursor).toBe('1307025659294674945');
    // The OpenAPI example: a v1.1-style created_at, and a user without metrics.
    expect(second!.posts[0]).toMatchObject({
      externalId: '1346889436626259968',
      url: 'https://x.com/TwitterDev/status/1346889436626259968',
      publishedAt: '2021-01-06T18:40:40.000Z',
      author: { handle: 'TwitterDev', externalId: '2244994945', name: 'Twitter Dev', accountCreatedAt: '2013-12-14T04:35:55.000Z' },
      data: { matchingRules: [{ id: '120897978112909812', tag: 'string' }], queryIds: [] },
    });
    expect(second!.cursor).toBe('1346889436626259968');
  });

  it('delivers posts with errors beside them, and ends with the posts before an operational-disconnect', async () => {
    const { deliveries, done } = openStream();
    const connection = await fake.nextStreamConnection();
    const withError = JSON.stringify({ ...JSON.parse(streamExampleLine), errors: [{ title: 'Not Found Error', detail: 'Could not find tweet with referenced_tweets.id: [1].', type: 'https://api.twitter.com/2/problems/resource-not-found' }] });
    await connection.write(`${withError}\r\n${exampleLine}\r\n${disconnectLine}\r\n`);
    await expect(done).rejects.toMatchObject({ kind: 'temporary', message: 'X ended the stream: operational-disconnect: This stream has been disconnected upstream for operational reasons..' });
    expect(deliveries.flatMap((delivery) => delivery.posts.map((post) => post.externalId))).toEqual(['1346889436626259968', '1307025659294674945']);
    expect(deliveries.at(-1)!.cursor).toBe('1346889436626259968');
  });

  it('treats a dropped connection, an ended stream and a silent one as temporary', async () => {
    const dropped = openStream();
    (await fake.nextStreamConnection()).drop();
    await expect(dropped.done).rejects.toMatchObject({ kind: 'temporary' });

    const ended = openStream();
    (await fake.nextStreamConnection()).end();
    await expect(ended.done).rejects.toMatchObject({ kind: 'temporary', message: 'X closed the stream.' });

    const silent = openStream({ stallTimeoutMs: 200 });
    await fake.nextStreamConnection();
    await expect(silent.done).rejects.toMatchObject({ kind: 'temporary', message: 'The X stream was silent for 0.2 s (no keep-alive).' });
  });

  it('keeps a stream alive on keep-alives alone', async () => {
    // A second of keep-alives every 100 ms, against a 400 ms stall limit.
    const { done, stop } = openStream({ stallTimeoutMs: 400 });
    const connection = await fake.nextStreamConnection();
    for (let i = 0; i < 10; i++) {
      await connection.write('\r\n');
      await sleep(100);
    }
    stop();
    await expect(done).resolves.toBeUndefined();
  });

  it('asks for backfill when it reconnects from a cursor', async () => {
    const { done, stop } = openStream({ backfillMinutes: 2 }, '1307025659294674945');
    const connection = await fake.nextStreamConnection();
    expect(connection.query.get('backfill_minutes')).toBe('2');
    stop();
    await done;
  });
});

describe('X filtered stream: connection errors', () => {
  it('maps 429 with x-rate-limit-reset, 401, 403 and 500', async () => {
    const now = Date.parse('2022-10-07T22:43:19Z');
    fake.failNext(429, { title: 'ConnectionException', detail: 'This stream is currently at the maximum allowed connection limit.', connection_issue: 'TooManyConnections', type: 'https://api.twitter.com/2/problems/streaming-connection' }, { 'x-rate-limit-reset': '1665183229' });
    const limited = openStream({}, null, TOKEN, () => now);
    await expect(limited.done).rejects.toMatchObject({ kind: 'rate_limited', options: { status: 429, retryAfterMs: 1_665_183_229_000 - now } });

    await expect(openStream({}, null, 'wrong-token').done).rejects.toMatchObject({ kind: 'credentials', options: { status: 401 } });

    fake.failNext(403, { title: 'Forbidden', detail: 'Forbidden', type: 'about:blank', status: 403 });
    await expect(openStream().done).rejects.toMatchObject({ kind: 'credentials', options: { status: 403 } });

    fake.failNext(500, { title: 'Internal Server Error', type: 'about:blank', status: 500 });
    const failed = openStream().done;
    await expect(failed).rejects.toBeInstanceOf(SourceError);
    await expect(failed).rejects.toMatchObject({ kind: 'temporary' });
  });
});

describe('X stream rules: syncStreamRules', () => {
  const context = (): { baseUrl: string; credentials: { bearerToken: string } } => ({ baseUrl: fake.url, credentials: { bearerToken: TOKEN } });
  const posts = (): { body?: unknown }[] => fake.requests.filter((request) => request.method === 'POST');

  it('adds and deletes only the difference, and leaves rules Parley did not make', async () => {
    // The documented rule, and two of Parley's: one still wanted, one not.
    const documented = (JSON.parse(fixtureText('rules-add-response.json')) as { data: { id: string; value: string; tag: string }[] }).data[0]!;
    fake.rules = [documented, { id: '1', value: 'nike', tag: 'parley:q1' }, { id: '2', value: 'old query', tag: 'parley:q9' }];
    fake.rulesPageSize = 2; // the list comes in two pages

    const wanted = deriveStreamRules([
      { id: 'q1', query: 'nike' },
      { id: 'q3', query: 'apple NEAR/2 pie' },
    ]).rules;
    const result = await syncStreamRules(wanted, context());

    expect(result.deleted.map((rule) => rule.value)).toEqual(['old query']);
    expect(result.added.map((rule) => [rule.value, rule.tag])).toEqual([['apple pie', 'parley:q3']]);
    expect(result.kept.map((rule) => rule.value)).toEqual(['nike']);
    expect(posts().map((request) => request.body)).toEqual([{ delete: { ids: ['2'] } }, { add: [{ value: 'apple pie', tag: 'parley:q3' }] }]);
    expect(fake.rules.map((rule) => rule.value)).toEqual(['cat has:images', 'nike', 'apple pie']);
    expect(fake.requests.filter((request) => request.method === 'GET').map((request) => request.query.get('pagination_token') !== null)).toEqual([false, true]);

    // In line already: nothing to change.
    const again = await syncStreamRules(wanted, context());
    expect([again.added, again.deleted, again.kept.length]).toEqual([[], [], 2]);
    expect(posts()).toHaveLength(2);
  });

  it('reports the rules X refuses', async () => {
    const long = `"${'a'.repeat(600)}"`;
    const result = await syncStreamRules([{ value: long, tag: 'parley:q1' }], context());
    expect(result.rejected).toEqual([{ value: long, title: 'Invalid Rule', details: ['Rule is too long (602 > 512)'] }]);
  });

  it('fails with credentials on a bad token', async () => {
    await expect(syncStreamRules([], { baseUrl: fake.url, credentials: { bearerToken: 'nope' } })).rejects.toMatchObject({ kind: 'credentials' });
  });
});
