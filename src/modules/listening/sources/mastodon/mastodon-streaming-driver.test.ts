// The Mastodon streaming driver against a fake instance that answers with real server-sent events
// (the streaming documentation's examples), written in pieces that cut lines and events apart.
import { afterEach, describe, expect, it } from 'vitest';
import type { IncomingPost } from '../../pipeline/incoming.js';
import { SourceError } from '../driver.js';
import { startFakeMastodon, type FakeMastodon } from './fake-mastodon.js';
import { allMastodonStatuses, mastodonFixtureText, mastodonStreamStatuses } from './mastodon-fixtures.js';
import { mastodonStreamingDriver, type MastodonStreamConfig } from './mastodon-streaming-driver.js';

let fake: FakeMastodon | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

type Delivery = { posts: IncomingPost[]; cursor: string | null };

function run(config: MastodonStreamConfig, cursor: string | null, options: { signal?: AbortSignal; credentials?: Record<string, string> } = {}) {
  const deliveries: Delivery[] = [];
  const done = mastodonStreamingDriver
    .stream(config, cursor, { baseUrl: fake?.url, ...options }, async (posts, at) => {
      deliveries.push({ posts, cursor: at });
    })
    .then(
      () => undefined,
      (error: unknown) => error,
    );
  return { deliveries, done };
}

/** The text in pieces of `size` characters, so lines, fields and events arrive split. */
function pieces(text: string, size: number): string[] {
  const result: string[] = [];
  for (let at = 0; at < text.length; at += size) result.push(text.slice(at, at + size));
  return result;
}

const waitFor = async (condition: () => boolean) => {
  for (let tries = 0; tries < 200 && !condition(); tries++) await new Promise((resolve) => setTimeout(resolve, 10));
};

describe('Mastodon streaming', () => {
  it('reads updates and edits from split frames and heartbeats, skips deletes, and fails temporary when the stream ends', async () => {
    fake = await startFakeMastodon({ statuses: [], accessToken: 'token-1' });
    const { deliveries, done } = run({ stream: 'hashtag', hashtag: 'test' }, null, { credentials: { accessToken: 'token-1' } });
    const stream = await fake.nextStream();
    expect(stream.request.url).toBe('/api/v1/streaming/hashtag?tag=test');
    expect(stream.request.headers.authorization).toBe('Bearer token-1');
    expect(stream.request.headers.accept).toBe('text/event-stream');

    stream.write(':thump\n\n');
    for (const piece of pieces(mastodonFixtureText('streaming-hashtag.txt'), 97)) {
      stream.write(piece);
      await new Promise((resolve) => setImmediate(resolve));
    }
    stream.write(':thump\n\n');
    await waitFor(() => deliveries.flatMap((delivery) => delivery.posts).length >= 2);
    stream.end();

    const error = await done;
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).kind).toBe('temporary');
    expect(deliveries.flatMap((delivery) => delivery.posts.map((post) => post.externalId))).toEqual([
      'https://mastodon.social/users/trwnh/statuses/108914430312582020',
      'https://ruby.social/users/chrismo/statuses/109348684454557541',
    ]);
    expect(deliveries.at(-1)?.cursor).toBe('109348684737626801');
    expect(deliveries[0]?.posts[0]).toMatchObject({ text: '#test', author: { handle: 'trwnh@mastodon.social', name: 'infinite love ⴳ' } });
  });

  it('skips non-public statuses on the public stream and keeps the rest', async () => {
    fake = await startFakeMastodon({ statuses: [] });
    const controller = new AbortController();
    const { deliveries, done } = run({ stream: 'public', remote: true }, null, { signal: controller.signal });
    const stream = await fake.nextStream();
    expect(stream.request.url).toBe('/api/v1/streaming/public/remote');
    stream.write(mastodonFixtureText('streaming-other-events.txt').replaceAll('\n', '\r\n'));
    await waitFor(() => deliveries.length > 0);
    controller.abort();
    expect(await done).toBeUndefined();
    const [, remote, edit] = mastodonStreamStatuses('streaming-other-events.txt');
    expect(deliveries.flatMap((delivery) => delivery.posts.map((post) => post.externalId))).toEqual([String(remote?.uri), String(edit?.uri)]);
  });

  it('fails temporary when the connection drops in the middle of an event, after delivering the events before it', async () => {
    fake = await startFakeMastodon({ statuses: [] });
    const { deliveries, done } = run({ stream: 'hashtag', hashtag: 'test' }, null);
    const stream = await fake.nextStream();
    const text = mastodonFixtureText('streaming-hashtag.txt');
    const cut = text.indexOf('event: status.update') + 40;
    stream.write(text.slice(0, cut));
    await waitFor(() => deliveries.length > 0);
    stream.destroy();
    const error = await done;
    expect((error as SourceError).kind).toBe('temporary');
    expect(deliveries.flatMap((delivery) => delivery.posts.map((post) => post.externalId))).toEqual(['https://mastodon.social/users/trwnh/statuses/108914430312582020']);
  });

  it('fails temporary when the stream goes silent', async () => {
    fake = await startFakeMastodon({ statuses: [] });
    const { done } = run({ stream: 'public', idleTimeoutMs: 300 }, null);
    await fake.nextStream();
    const error = await done;
    expect((error as SourceError).kind).toBe('temporary');
    expect((error as SourceError).message).toContain('silent');
  });

  it('maps a refused connection: a bad token is credentials, a 429 is rate_limited', async () => {
    fake = await startFakeMastodon({ statuses: [], accessToken: 'token-1' });
    const refused = await run({ stream: 'public' }, null, { credentials: { accessToken: 'expired' } }).done;
    expect((refused as SourceError).kind).toBe('credentials');
    fake.failNext({ status: 429, body: { error: 'Too many requests' }, headers: { 'retry-after': '5' } });
    const limited = (await run({ stream: 'public' }, null).done) as SourceError;
    expect([limited.kind, limited.options.retryAfterMs]).toEqual(['rate_limited', 5000]);
  });

  it('restarting from a cursor first reads what was missed from the timeline, then the stream', async () => {
    const [, , trwnh, chrismo, , mstdnJp, admin] = allMastodonStatuses();
    fake = await startFakeMastodon({ statuses: [mstdnJp, trwnh, admin, chrismo] });
    const controller = new AbortController();
    const { deliveries, done } = run({ stream: 'public' }, String(mstdnJp?.id), { signal: controller.signal });
    const stream = await fake.nextStream();
    await waitFor(() => deliveries.length > 0);
    expect(deliveries[0]?.posts.map((post) => post.externalId).sort()).toEqual([String(trwnh?.uri), String(admin?.uri), String(chrismo?.uri)].sort());
    expect(deliveries[0]?.cursor).toBe('109348684737626801');
    const timelineRequest = fake.requests.find((request) => request.url.pathname === '/api/v1/timelines/public');
    expect(timelineRequest?.url.searchParams.get('min_id')).toBe('108914354907984653');

    stream.write(mastodonFixtureText('streaming-hashtag.txt'));
    await waitFor(() => deliveries.length > 1);
    controller.abort();
    expect(await done).toBeUndefined();
    expect(deliveries[1]?.posts.map((post) => post.externalId)).toEqual([String(trwnh?.uri), String(chrismo?.uri)]);
  });
});
