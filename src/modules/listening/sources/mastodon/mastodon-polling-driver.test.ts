// The Mastodon polling driver against a fake instance on a real port that pages, authenticates
// and fails as Mastodon does; statuses are the documentation's and a real boost.
import { afterEach, describe, expect, it } from 'vitest';
import { SourceError } from '../driver.js';
import { startFakeMastodon, type FakeMastodon } from './fake-mastodon.js';
import { allMastodonStatuses } from './mastodon-fixtures.js';
import { mastodonPollingDriver, type MastodonPollConfig } from './mastodon-polling-driver.js';

const [gargron, boost, trwnh, chrismo, unlistedReply, mstdnJp, admin] = allMastodonStatuses();
const uri = (status: Record<string, unknown> | undefined) => String(status?.uri);

let fake: FakeMastodon | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function start(statuses: unknown[], options: { accessToken?: string } = {}) {
  fake = await startFakeMastodon({ statuses, ...options });
  return fake;
}

const poll = (config: MastodonPollConfig, cursor: string | null, credentials?: Record<string, string>) =>
  mastodonPollingDriver.poll(config, cursor, { baseUrl: fake?.url, credentials });

async function sourceError(promise: Promise<unknown>): Promise<SourceError> {
  const error = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(SourceError);
  return error as SourceError;
}

describe('Mastodon polling', () => {
  it('starts with the latest page, then reads only what is newer, page by page, and nothing twice', async () => {
    const server = await start([boost, gargron, unlistedReply, mstdnJp]);
    const config: MastodonPollConfig = { timeline: 'public', limit: 2 };

    const first = await poll(config, null);
    // The latest page holds the remote public status and the unlisted reply, which is skipped.
    expect(first.posts.map((post) => post.externalId)).toEqual([uri(mstdnJp)]);
    expect(first.cursor).toBe('108914354907984653');

    const again = await poll(config, first.cursor);
    expect(again).toEqual({ posts: [], cursor: '108914354907984653' });

    server.addStatuses([trwnh, admin, chrismo]);
    const next = await poll(config, again.cursor);
    expect(next.posts.map((post) => post.externalId).sort()).toEqual([uri(trwnh), uri(admin), uri(chrismo)].sort());
    expect(next.cursor).toBe('109348684737626801');
    const asked = server.requests.slice(-2).map((request) => request.url.searchParams.get('min_id'));
    // The first page starts at the cursor, the second follows the Link header's "prev" page.
    expect(asked).toEqual(['108914354907984653', '109348677773283527']);

    expect((await poll(config, next.cursor)).posts).toEqual([]);
  });

  it('loses nothing when a poll stops early and the next one starts from the persisted cursor', async () => {
    await start([boost, gargron, unlistedReply, mstdnJp, trwnh, admin, chrismo]);
    const config: MastodonPollConfig = { timeline: 'public', limit: 2, maxPages: 1 };
    const seen: string[] = [];
    let cursor: string | null = '108914354907984653';
    for (let round = 0; round < 3; round++) {
      const result = await poll(config, cursor);
      seen.push(...result.posts.map((post) => post.externalId));
      cursor = result.cursor;
    }
    expect(seen.sort()).toEqual([uri(trwnh), uri(admin), uri(chrismo)].sort());
    expect(cursor).toBe('109348684737626801');
  });

  it('reads a hashtag timeline with the token, local only when asked', async () => {
    const server = await start(allMastodonStatuses(), { accessToken: 'token-1' });
    const result = await poll({ timeline: 'hashtag', hashtag: '#test', local: true }, null, { accessToken: 'token-1' });
    expect(result.posts.map((post) => post.externalId)).toEqual([uri(trwnh)]);
    const request = server.requests[0];
    expect(request?.url.pathname).toBe('/api/v1/timelines/tag/test');
    expect(request?.url.searchParams.get('local')).toBe('true');
    expect(request?.authorization).toBe('Bearer token-1');
  });

  it('searches statuses with a token and refuses to search without one', async () => {
    const server = await start(allMastodonStatuses(), { accessToken: 'token-1' });
    const refused = await sourceError(poll({ timeline: 'search', query: 'gravity assist' }, null));
    expect(refused.kind).toBe('credentials');
    expect(server.requests).toEqual([]);

    const result = await poll({ timeline: 'search', query: 'gravity assist' }, null, { accessToken: 'token-1' });
    expect(result.posts.map((post) => post.externalId)).toEqual([uri(chrismo)]);
    expect(server.requests[0]?.url.pathname).toBe('/api/v2/search');
    expect(server.requests[0]?.url.searchParams.get('type')).toBe('statuses');
  });

  it('maps failures to SourceError kinds', async () => {
    const server = await start(allMastodonStatuses(), { accessToken: 'token-1' });
    const config: MastodonPollConfig = { timeline: 'public' };

    const unknownTag = await sourceError(poll({ timeline: 'hashtag', hashtag: 'nosuchtag' }, null));
    expect([unknownTag.kind, unknownTag.options.status]).toEqual(['config', 404]);
    expect(unknownTag.message).toContain('Record not found');

    const wrongToken = await sourceError(poll(config, null, { accessToken: 'revoked' }));
    expect([wrongToken.kind, wrongToken.options.status]).toEqual(['credentials', 401]);

    server.failNext({ status: 429, body: { error: 'Too many requests' }, headers: { 'retry-after': '30' } });
    const limited = await sourceError(poll(config, null));
    expect([limited.kind, limited.options.retryAfterMs]).toEqual(['rate_limited', 30_000]);

    const reset = new Date(Date.now() + 60_000);
    server.failNext({ status: 429, body: { error: 'Too many requests' }, headers: { 'x-ratelimit-limit': '300', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset.toISOString() } });
    const limitedUntil = await sourceError(poll(config, null));
    expect(limitedUntil.kind).toBe('rate_limited');
    expect(limitedUntil.options.retryAfterMs).toBeGreaterThan(55_000);
    expect(limitedUntil.options.retryAfterMs).toBeLessThanOrEqual(60_000);

    server.failNext({ status: 500, body: { error: 'Internal Server Error' } });
    expect((await sourceError(poll(config, null))).kind).toBe('temporary');
    server.failNext({ status: 410, body: { error: 'Gone' } });
    expect((await sourceError(poll(config, null))).kind).toBe('config');
    server.failNext({ status: 200, body: '<html>maintenance</html>' });
    expect((await sourceError(poll(config, null))).kind).toBe('temporary');

    expect((await sourceError(poll({ timeline: 'hashtag', hashtag: '' }, null))).kind).toBe('config');
  });

  it('passes on the wait Mastodon announces when the last request used up the limit', async () => {
    const server = await start([]);
    server.failNext({ status: 200, body: [], headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': new Date(Date.now() + 120_000).toISOString() } });
    const result = await poll({ timeline: 'public' }, null);
    expect(result.posts).toEqual([]);
    expect(result.nextPollAfterMs).toBeGreaterThan(115_000);
  });

  it('reports an unreachable instance as temporary', async () => {
    const server = await start([]);
    const url = server.url;
    await server.close();
    fake = undefined;
    const error = await sourceError(mastodonPollingDriver.poll({ timeline: 'public' }, null, { baseUrl: url }));
    expect(error.kind).toBe('temporary');
  });
});
