import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { incomingPostSchema } from '../../pipeline/incoming.js';
import { FakeX, type FakeTweet, type FakeUser } from './fake-x.js';
import { createXSearchDriver } from './x-search-driver.js';

// Recorded and documented X responses (see test/fixtures/listening/README.md).
const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../../../../test/fixtures/listening/x/${name}`, import.meta.url), 'utf8'));
// tweepy's recording of ?query=Tweepy: ten posts, 1522922822112358400 the newest, 1522919298876030977 the oldest.
const recorded = (fixture('search-recent.json') as { data: FakeTweet[] }).data;
const example = fixture('example-payload-tweet.json') as { data: FakeTweet[]; includes: { users: FakeUser[] } };

const TOKEN = 'AAAA-bearer';
let fake = new FakeX(TOKEN);
beforeEach(() => (fake = new FakeX(TOKEN)).start());
afterEach(() => fake.stop());
const context = (): { baseUrl: string; credentials: { bearerToken: string } } => ({ baseUrl: fake.url, credentials: { bearerToken: TOKEN } });
const ids = (posts: { externalId: string }[]): string[] => posts.map((post) => post.externalId);
const searches = (): URLSearchParams[] => fake.requests.filter((request) => request.path === '/2/tweets/search/recent').map((request) => request.query);

describe('X recent search', () => {
  it('maps posts with their expanded authors, and posts without', async () => {
    fake.tweets = [...recorded, ...example.data];
    fake.users = example.includes.users;
    const { posts, cursor } = await createXSearchDriver().poll({ query: 'Tweepy', pageSize: 100 }, null, context());
    for (const post of posts) expect(incomingPostSchema.safeParse(post).success).toBe(true);
    expect(posts).toHaveLength(11);
    expect(posts[0]).toEqual({
      externalId: '1522922822112358400',
      text: '2022-05-07 12:54:29.902322 tweepy',
      url: 'https://x.com/i/web/status/1522922822112358400',
      channel: 'twitter',
      data: {},
    });
    expect(posts[3]!.text).toBe("RT @iamukasa: Coolest two talks I've sat in today , an IBM package to find deviations in your dataset with fairness implications by @tanya_…");
    expect(posts[10]).toMatchObject({ externalId: '1307025659294674945', url: 'https://x.com/TwitterDev/status/1307025659294674945', author: { handle: 'TwitterDev', followers: 513961, verified: true } });
    expect(cursor).toBe('1522922822112358400');
    expect(Object.fromEntries(searches()[0]!)).toMatchObject({ query: 'Tweepy', max_results: '100', expansions: 'author_id' });
  });

  it('resumes from the newest id with since_id and follows next_token, losing and repeating nothing', async () => {
    fake.searchPageCap = 4; // X may answer fewer posts than asked for
    fake.tweets = recorded.slice(7); // the three oldest
    const first = await createXSearchDriver().poll({ query: 'Tweepy' }, null, context());
    expect(ids(first.posts)).toEqual(['1522920305525669890', '1522919802196664321', '1522919298876030977']);
    expect(first.cursor).toBe('1522920305525669890');

    fake.tweets = [...recorded];
    const second = await createXSearchDriver().poll({ query: 'Tweepy' }, first.cursor, context());
    expect(ids(second.posts)).toEqual(recorded.slice(0, 7).map((tweet) => tweet.id));
    expect(second.cursor).toBe('1522922822112358400');
    const pages = searches().slice(1);
    expect(pages.map((query) => [query.get('since_id'), query.get('next_token') !== null])).toEqual([
      ['1522920305525669890', false],
      ['1522920305525669890', true],
    ]);

    const third = await createXSearchDriver().poll({ query: 'Tweepy' }, second.cursor, context());
    expect(third.posts).toEqual([]);
    expect(third.cursor).toBe('1522922822112358400');
  });

  it('keeps its place when it stops with pages left', async () => {
    fake.searchPageCap = 4;
    fake.tweets = recorded.slice(9);
    const first = await createXSearchDriver().poll({ query: 'Tweepy' }, null, context());
    fake.tweets = [...recorded];
    // Nine new posts, four per page, one page per poll: the restarted driver finishes the walk.
    const seen: string[] = [];
    let cursor = first.cursor;
    for (let poll = 0; poll < 3; poll++) {
      const result = await createXSearchDriver().poll({ query: 'Tweepy', maxPages: 1 }, cursor, context());
      seen.push(...ids(result.posts));
      cursor = result.cursor;
    }
    expect(seen).toEqual(recorded.slice(0, 9).map((tweet) => tweet.id));
    expect(cursor).toBe('1522922822112358400');
  });

  it('says when to come back when the window is used up', async () => {
    fake.tweets = [...recorded];
    fake.searchRemaining = 1; // this request uses the last one
    const now = Date.parse('2022-05-07T12:56:32Z');
    fake.rateLimitReset = 1_651_929_091;
    const result = await createXSearchDriver({ now: () => now }).poll({ query: 'Tweepy' }, null, context());
    expect(result.nextPollAfterMs).toBe(1_651_929_091_000 - now);
  });

  it('maps 400 (stale since_id), 401, 403, 429 and 500', async () => {
    const poll = (cursor: string | null = '1522919298876030977', token = TOKEN, now?: number): Promise<unknown> =>
      createXSearchDriver({ now: now === undefined ? undefined : () => now }).poll({ query: 'Tweepy' }, cursor, { baseUrl: fake.url, credentials: { bearerToken: token } });

    fake.failNext(400, {
      errors: [{ parameters: { since_id: ['1522919298876030977'] }, message: "Invalid 'since_id':'1522919298876030977'. 'since_id' must be a tweet id created after 2022-05-10T00:00Z." }],
      title: 'Invalid Request',
      detail: 'One or more parameters to your request was invalid.',
      type: 'https://api.twitter.com/2/problems/invalid-request',
    });
    await expect(poll()).rejects.toMatchObject({ kind: 'cursor', options: { status: 400 } });

    await expect(poll(null, 'wrong')).rejects.toMatchObject({ kind: 'credentials', options: { status: 401 } });

    fake.failNext(403, { title: 'Forbidden', type: 'about:blank', status: 403, detail: 'Forbidden' });
    await expect(poll()).rejects.toMatchObject({ kind: 'credentials', options: { status: 403 } });

    const now = Date.parse('2022-10-07T22:43:19Z');
    fake.failNext(429, { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 }, { 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': '1665183229' });
    await expect(poll(null, TOKEN, now)).rejects.toMatchObject({ kind: 'rate_limited', options: { retryAfterMs: 1_665_183_229_000 - now } });

    fake.failNext(503, { title: 'Service Unavailable', type: 'about:blank', status: 503 });
    await expect(poll()).rejects.toMatchObject({ kind: 'temporary' });

    await expect(poll('not-an-id')).rejects.toMatchObject({ kind: 'cursor' });
  });
});
