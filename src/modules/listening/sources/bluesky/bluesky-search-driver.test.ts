// The Bluesky search driver against a fake AppView on a real port, with postViews the AppView served.
import { afterEach, describe, expect, it } from 'vitest';
import { SourceError } from '../driver.js';
import { appViewPosts } from './bluesky-fixtures.js';
import { blueskySearchDriver, type BlueskySearchConfig } from './bluesky-search-driver.js';
import { startFakeAppView, type FakeAppView } from './fake-bluesky.js';

const [quotePost, linkPost, imagePost] = appViewPosts();
const uri = (post: Record<string, unknown> | undefined) => String(post?.uri);

let fake: FakeAppView | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const poll = (config: BlueskySearchConfig, cursor: string | null, credentials?: Record<string, string>) =>
  blueskySearchDriver.poll(config, cursor, { baseUrl: fake?.url, credentials });

describe('Bluesky search', () => {
  it('starts with the latest page, then reads what is newer through every page, and nothing twice', async () => {
    fake = await startFakeAppView([quotePost]);
    const config: BlueskySearchConfig = { query: 'kendrick', limit: 1 };

    const first = await poll(config, null);
    expect(first.posts.map((post) => post.externalId)).toEqual([uri(quotePost)]);
    expect(JSON.parse(first.cursor ?? '')).toEqual({ since: '2024-11-26T22:34:57.235Z', seen: { [uri(quotePost)]: '2024-11-26T22:34:57.235Z' } });

    expect((await poll(config, first.cursor)).posts).toEqual([]);

    fake.addPosts([linkPost, imagePost]);
    const next = await poll(config, first.cursor);
    expect(next.posts.map((post) => post.externalId)).toEqual([uri(linkPost), uri(imagePost)]);
    const searches = fake.requests.slice(-3).map((request) => request.url.searchParams);
    expect(searches.map((query) => query.get('cursor'))).toEqual([null, '1', '2']);
    expect(searches[0]?.get('sort')).toBe('latest');
    expect(searches[0]?.get('q')).toBe('kendrick');
    // since = the newest post seen minus the overlap (60 s by default)
    expect(searches[0]?.get('since')).toBe('2024-11-26T22:33:57.235Z');
    expect(JSON.parse(next.cursor ?? '').since).toBe('2024-11-26T23:04:02.981Z');

    expect((await poll(config, next.cursor)).posts).toEqual([]);
  });

  it('a restart from the persisted cursor gets again what was not stored', async () => {
    fake = await startFakeAppView([quotePost, linkPost, imagePost]);
    const config: BlueskySearchConfig = { query: 'kendrick' };
    const persisted = JSON.stringify({ since: '2024-11-26T22:34:57.235Z', seen: { [uri(quotePost)]: '2024-11-26T22:34:57.235Z' } });
    const lost = await poll(config, persisted);
    const again = await poll(config, persisted);
    expect(again.posts.map((post) => post.externalId)).toEqual(lost.posts.map((post) => post.externalId));
    expect(again.posts.map((post) => post.externalId)).toEqual([uri(linkPost), uri(imagePost)]);
  });

  it('sends the language filter and the token', async () => {
    fake = await startFakeAppView([quotePost, linkPost, imagePost]);
    const result = await poll({ query: 'squabble', lang: 'en' }, null, { accessToken: 'jwt-1' });
    expect(result.posts.map((post) => post.externalId)).toEqual([uri(linkPost)]);
    expect(fake.requests[0]?.url.searchParams.get('lang')).toBe('en');
    expect(fake.requests[0]?.authorization).toBe('Bearer jwt-1');
  });

  it('maps XRPC failures to SourceError kinds', async () => {
    fake = await startFakeAppView([]);
    const config: BlueskySearchConfig = { query: 'kendrick' };

    fake.failNext({ status: 400, body: { error: 'InvalidRequest', message: 'Error: since must be a valid datetime' } });
    await expect(poll(config, null)).rejects.toMatchObject({ kind: 'config', options: { status: 400 }, message: expect.stringContaining('InvalidRequest') });

    fake.failNext({ status: 400, body: { error: 'ExpiredToken', message: 'Token has expired' } });
    await expect(poll(config, null)).rejects.toMatchObject({ kind: 'credentials' });
    fake.failNext({ status: 401, body: { error: 'AuthRequired', message: 'Authentication Required' } });
    await expect(poll(config, null)).rejects.toMatchObject({ kind: 'credentials' });
    fake.failNext({ status: 403, body: { error: 'Forbidden' } });
    await expect(poll(config, null)).rejects.toMatchObject({ kind: 'credentials' });

    const reset = Math.floor(Date.now() / 1000) + 30;
    fake.failNext({ status: 429, body: { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' }, headers: { 'ratelimit-limit': '3000', 'ratelimit-remaining': '0', 'ratelimit-reset': String(reset) } });
    const limited: unknown = await poll(config, null).catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(SourceError);
    expect((limited as SourceError).kind).toBe('rate_limited');
    expect((limited as SourceError).options.retryAfterMs).toBeGreaterThan(28_000);
    expect((limited as SourceError).options.retryAfterMs).toBeLessThanOrEqual(30_000);

    fake.failNext({ status: 500, body: { error: 'InternalServerError', message: 'Internal Server Error' } });
    await expect(poll(config, null)).rejects.toMatchObject({ kind: 'temporary' });
    fake.failNext({ status: 502, body: 'Bad Gateway' });
    await expect(poll(config, null)).rejects.toMatchObject({ kind: 'temporary' });

    await expect(poll(config, 'not a cursor')).rejects.toMatchObject({ kind: 'cursor' });
    await expect(poll({ query: '' }, null)).rejects.toMatchObject({ kind: 'config' });

    const url = fake.url;
    await fake.close();
    fake = undefined;
    await expect(blueskySearchDriver.poll(config, null, { baseUrl: url })).rejects.toMatchObject({ kind: 'temporary' });
  });
});
