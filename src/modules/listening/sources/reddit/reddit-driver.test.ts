import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { incomingPostSchema } from '../../pipeline/incoming.js';
import { SourceError } from '../driver.js';
import { FakeReddit, type FakeRedditThing } from './fake-reddit.js';
import { createRedditDriver } from './reddit-driver.js';

// Recorded Reddit responses (PRAW's test cassettes, see test/fixtures/listening/README.md).
const fixture = (name: string): { data: { children: FakeRedditThing[] } } =>
  JSON.parse(readFileSync(new URL(`../../../../../test/fixtures/listening/reddit/${name}`, import.meta.url), 'utf8')) as { data: { children: FakeRedditThing[] } };
const submissions = fixture('new-submissions.json').data.children; // t3_5jo13y, t3_5jo13x, t3_5jo13v, t3_5jo13u, newest first
const comments = fixture('new-comments.json').data.children; // t1_dbhn11d, t1_dbhn11c, t1_dbhn117

const SUBREDDITS = ['LeagueOfVideos', 'RocketLeagueExchange', 'worldnews', 'HOTandTRENDING', 'coins', 'popping', 'AskReddit'];
const credentials = { clientId: 'parley-app', clientSecret: 's3cret' };

let fake: FakeReddit;
const startFake = async (options: ConstructorParameters<typeof FakeReddit>[0] = {}): Promise<FakeReddit> => {
  fake = await new FakeReddit({ subreddits: SUBREDDITS, ...options }).start();
  return fake;
};
afterEach(async () => {
  await fake?.stop();
});

/** A poll that fails with a SourceError of this kind (and these options). */
const failsWith = async (promise: Promise<unknown>, expected: Partial<Pick<SourceError, 'kind' | 'message' | 'options'>>): Promise<void> => {
  await expect(promise).rejects.toBeInstanceOf(SourceError);
  await expect(promise).rejects.toMatchObject(expected);
};

describe('Reddit source: mapping', () => {
  it('maps link posts, self posts and comments of real listings', async () => {
    await startFake();
    fake.submissions = [...submissions];
    fake.comments = [...comments];
    const driver = createRedditDriver();
    const { posts } = await driver.poll({ subreddits: SUBREDDITS }, null, { baseUrl: fake.url });

    for (const post of posts) expect(incomingPostSchema.safeParse(post).success).toBe(true);
    const byId = new Map(posts.map((post) => [post.externalId, post]));
    expect([...byId.keys()]).toEqual(['t3_5jo13y', 't3_5jo13x', 't3_5jo13v', 't3_5jo13u', 't1_dbhn11d', 't1_dbhn11c', 't1_dbhn117']);

    expect(byId.get('t3_5jo13y')).toEqual({
      externalId: 't3_5jo13y',
      title: 'Farewell Rush - We will never forget your stream',
      text: '',
      url: 'https://www.reddit.com/r/LeagueOfVideos/comments/5jo13y/farewell_rush_we_will_never_forget_your_stream/',
      links: ['https://www.youtube.com/watch?v=w5aNSHEUfJE'],
      channel: 'reddit',
      publishedAt: '2016-12-22T02:17:30.000Z',
      author: { handle: 'AnotherProGamer', profileUrl: 'https://www.reddit.com/user/AnotherProGamer' },
      data: expect.objectContaining({ kind: 'submission', subreddit: 'LeagueOfVideos', subredditId: 't5_2vmwb', score: 1, numComments: 0, domain: 'youtube.com' }),
    });
    // A self post: its text is the self text, and its url (its own permalink) is no link.
    const selfPost = byId.get('t3_5jo13x')!;
    expect(selfPost.text).toBe("Don't lowball me or you will be ignored, please state your adds don't just say adds, will respond with more than a Nty, thanks");
    expect(selfPost.links).toBeUndefined();
    expect(selfPost.data).toMatchObject({ flair: 'Xbox', subreddit: 'RocketLeagueExchange' });

    // Comment listings of 2016 carry no permalink: it is built from the thread and comment ids.
    expect(byId.get('t1_dbhn11c')).toEqual({
      externalId: 't1_dbhn11c',
      text: expect.stringMatching(/^I was wondering why it made me feel like crap the first 2 days/),
      url: 'https://www.reddit.com/r/popping/comments/5jfjzu/_/dbhn11c/',
      channel: 'reddit',
      publishedAt: '2016-12-22T02:17:20.000Z',
      author: { handle: 'Dorkchopqueen', profileUrl: 'https://www.reddit.com/user/Dorkchopqueen' },
      data: expect.objectContaining({ kind: 'comment', subreddit: 'popping', linkId: 't3_5jfjzu', parentId: 't1_dbhl9sx', threadTitle: 'My current issue', over18: true }),
    });
    expect(byId.get('t1_dbhn11d')!.text).toContain('http://www.mint.go.jp/eng/kids-eng/eng_kids_circulating_c.html');
  });

  it('asks for raw JSON with a descriptive User-Agent', async () => {
    await startFake();
    await createRedditDriver({ userAgent: 'linux:parley-test:v1 (by /u/parley)' }).poll({ subreddits: ['coins'], read: ['comments'] }, null, { baseUrl: fake.url });
    const [request] = fake.listingRequests();
    expect(request!.path).toBe('/r/coins/comments.json');
    expect(request!.query.get('raw_json')).toBe('1');
    expect(request!.query.get('limit')).toBe('100');
    expect(request!.headers['user-agent']).toBe('linux:parley-test:v1 (by /u/parley)');
  });
});

describe('Reddit source: cursor and pagination', () => {
  it('resumes after a restart from the persisted cursor, losing and repeating nothing', async () => {
    await startFake();
    // At first only the two oldest posts exist.
    fake.submissions = submissions.slice(2);
    const first = await createRedditDriver().poll({ subreddits: SUBREDDITS, read: ['posts'] }, null, { baseUrl: fake.url });
    expect(first.posts.map((post) => post.externalId)).toEqual(['t3_5jo13v', 't3_5jo13u']);

    // Two more are published; a new driver (a restarted process) starts from the stored cursor.
    fake.submissions = [...submissions];
    const second = await createRedditDriver().poll({ subreddits: SUBREDDITS, read: ['posts'] }, first.cursor, { baseUrl: fake.url });
    expect(second.posts.map((post) => post.externalId)).toEqual(['t3_5jo13y', 't3_5jo13x']);
    expect(fake.listingRequests().at(-1)!.query.get('before')).toBe('t3_5jo13v');

    const third = await createRedditDriver().poll({ subreddits: SUBREDDITS, read: ['posts'] }, second.cursor, { baseUrl: fake.url });
    expect(third.posts).toEqual([]);
    expect(JSON.parse(third.cursor!)).toEqual({ v: 1, listings: { posts: { name: 't3_5jo13y', created: 1482373050 } } });
  });

  it('walks forward page by page with before=<fullname>', async () => {
    await startFake();
    fake.comments = comments.slice(2);
    const driver = createRedditDriver();
    const config = { subreddits: SUBREDDITS, read: ['comments' as const], pageSize: 1 };
    const first = await driver.poll(config, null, { baseUrl: fake.url });
    expect(first.posts.map((post) => post.externalId)).toEqual(['t1_dbhn117']);

    fake.comments = [...comments];
    const second = await driver.poll(config, first.cursor, { baseUrl: fake.url });
    // Oldest page first: each page is the one just newer than the last.
    expect(second.posts.map((post) => post.externalId)).toEqual(['t1_dbhn11c', 't1_dbhn11d']);
    expect(fake.listingRequests().slice(1).map((request) => request.query.get('before'))).toEqual(['t1_dbhn117', 't1_dbhn11c', 't1_dbhn11d']);
  });

  it('stops at the page cap and continues from there on the next poll', async () => {
    await startFake();
    fake.submissions = submissions.slice(3);
    const config = { subreddits: SUBREDDITS, read: ['posts' as const], pageSize: 1, maxPages: 2 };
    const first = await createRedditDriver().poll(config, null, { baseUrl: fake.url });
    fake.submissions = [...submissions];
    const second = await createRedditDriver().poll(config, first.cursor, { baseUrl: fake.url });
    expect(second.posts.map((post) => post.externalId)).toEqual(['t3_5jo13v', 't3_5jo13x']);
    const third = await createRedditDriver().poll(config, second.cursor, { baseUrl: fake.url });
    expect(third.posts.map((post) => post.externalId)).toEqual(['t3_5jo13y']);
  });

  it('finds what is new when the cursor’s post was removed from the listing', async () => {
    await startFake();
    fake.submissions = submissions.slice(1);
    const first = await createRedditDriver().poll({ subreddits: SUBREDDITS, read: ['posts'] }, null, { baseUrl: fake.url });
    expect(JSON.parse(first.cursor!).listings.posts.name).toBe('t3_5jo13x');
    // 5jo13x is removed by moderators, and a newer post arrives, published a second later.
    const newer = structuredClone(submissions[0]!);
    newer.data.created_utc = 1482373051;
    fake.submissions = [newer, ...submissions.slice(2)];
    const second = await createRedditDriver().poll({ subreddits: SUBREDDITS, read: ['posts'] }, first.cursor, { baseUrl: fake.url });
    expect(second.posts.map((post) => post.externalId)).toEqual(['t3_5jo13y']);
  });

  it('reads a search restricted to subreddits', async () => {
    await startFake();
    fake.submissions = [...submissions];
    const { posts } = await createRedditDriver().poll({ subreddits: ['worldnews'], search: 'rupee crisis' }, null, { baseUrl: fake.url });
    expect(posts.map((post) => post.title)).toEqual(['India rupee crisis: Tourists struggle without cash']);
    const [request] = fake.listingRequests();
    expect(request!.path).toBe('/r/worldnews/search.json');
    expect(Object.fromEntries(request!.query)).toMatchObject({ q: 'rupee crisis', sort: 'new', restrict_sr: '1' });
  });

  it('rejects a cursor it did not write', async () => {
    await startFake();
    await failsWith(createRedditDriver().poll({ subreddits: ['coins'] }, 'not json', { baseUrl: fake.url }), { kind: 'cursor' });
  });
});

describe('Reddit source: OAuth', () => {
  it('fetches an application-only token once and reuses it until it expires', async () => {
    await startFake({ client: { id: credentials.clientId, secret: credentials.clientSecret }, tokenExpiresIn: 3600 });
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const driver = createRedditDriver({ authBaseUrl: fake.url, now: () => clock });
    const context = { baseUrl: fake.url, credentials };
    await driver.poll({ subreddits: ['coins'] }, null, context);
    await driver.poll({ subreddits: ['coins'] }, null, context);
    const tokenRequests = (): number => fake.requests.filter((request) => request.path === '/api/v1/access_token').length;
    expect(tokenRequests()).toBe(1);
    const tokenRequest = fake.requests.find((request) => request.path === '/api/v1/access_token')!;
    expect(tokenRequest.method).toBe('POST');
    expect(tokenRequest.headers.authorization).toBe(`Basic ${Buffer.from('parley-app:s3cret').toString('base64')}`);
    expect(fake.listingRequests().every((request) => request.headers.authorization === `bearer ${fake.issuedTokens[0]}`)).toBe(true);

    clock += 3600_000; // the token has expired
    await driver.poll({ subreddits: ['coins'] }, null, context);
    expect(tokenRequests()).toBe(2);
  });

  it('reads Reddit’s recorded token response', async () => {
    const recorded = JSON.parse(readFileSync(new URL('../../../../../test/fixtures/listening/reddit/access-token.json', import.meta.url), 'utf8')) as { access_token: string };
    await startFake({ client: { id: credentials.clientId, secret: credentials.clientSecret }, tokenResponse: recorded });
    await createRedditDriver({ authBaseUrl: fake.url }).poll({ subreddits: ['coins'], read: ['comments'] }, null, { baseUrl: fake.url, credentials });
    expect(fake.listingRequests()[0]!.headers.authorization).toBe('bearer <ACCESS_TOKEN>');
  });

  it('fetches a new token once when Reddit rejects the cached one', async () => {
    await startFake({ client: { id: credentials.clientId, secret: credentials.clientSecret } });
    const driver = createRedditDriver({ authBaseUrl: fake.url });
    const context = { baseUrl: fake.url, credentials };
    await driver.poll({ subreddits: ['coins'] }, null, context);
    fake.revokeTokens();
    await driver.poll({ subreddits: ['coins'] }, null, context);
    expect(fake.requests.filter((request) => request.path === '/api/v1/access_token')).toHaveLength(2);
  });

  it('reports wrong client credentials as credentials', async () => {
    await startFake({ client: { id: credentials.clientId, secret: credentials.clientSecret } });
    const poll = createRedditDriver({ authBaseUrl: fake.url }).poll({ subreddits: ['coins'] }, null, { baseUrl: fake.url, credentials: { clientId: 'parley-app', clientSecret: 'wrong' } });
    await failsWith(poll, { kind: 'credentials', options: { status: 401 } });
  });
});

describe('Reddit source: errors and rate limits', () => {
  const poll = (): Promise<unknown> => createRedditDriver().poll({ subreddits: ['coins'], read: ['comments'] }, null, { baseUrl: fake.url });

  it('maps 401, 403, 404, 429 and 500', async () => {
    await startFake();
    fake.failNext(401, { message: 'Unauthorized', error: 401 });
    await failsWith(poll(), { kind: 'credentials' });

    fake.failNext(403, { reason: 'private', message: 'Forbidden', error: 403 });
    await failsWith(poll(), { kind: 'config', message: 'The subreddit cannot be read: it is private.' });

    fake.failNext(403, { message: 'Forbidden', error: 403 });
    await failsWith(poll(), { kind: 'credentials' });

    fake.failNext(404, { reason: 'banned', message: 'Not Found', error: 404 });
    await failsWith(poll(), { kind: 'config' });

    fake.failNext(429, { message: 'Too Many Requests', error: 429 }, { 'x-ratelimit-reset': '42' });
    await failsWith(poll(), { kind: 'rate_limited', options: { status: 429, retryAfterMs: 42_000 } });

    fake.failNext(500, { message: 'Internal Server Error', error: 500 });
    await failsWith(poll(), { kind: 'temporary' });
  });

  it('reports an unknown subreddit (a redirect to the subreddit search) as config', async () => {
    await startFake();
    await failsWith(createRedditDriver().poll({ subreddits: ['nosuchsubreddit42'] }, null, { baseUrl: fake.url }), { kind: 'config' });
  });

  it('reports an unreachable Reddit as temporary', async () => {
    await startFake();
    const url = fake.url;
    await fake.stop();
    await failsWith(createRedditDriver().poll({ subreddits: ['coins'] }, null, { baseUrl: url }), { kind: 'temporary' });
    fake = await new FakeReddit().start();
  });

  it('stops paging when x-ratelimit-remaining runs out and says when to come back', async () => {
    await startFake({ rateLimit: 3, rateLimitResetSeconds: 120 });
    fake.submissions = submissions.slice(3);
    const config = { subreddits: SUBREDDITS, read: ['posts' as const], pageSize: 1 };
    const first = await createRedditDriver().poll(config, null, { baseUrl: fake.url }); // remaining 2
    fake.submissions = [...submissions];
    const second = await createRedditDriver().poll(config, first.cursor, { baseUrl: fake.url }); // one page, remaining 1: stop
    expect(second.posts.map((post) => post.externalId)).toEqual(['t3_5jo13v']);
    expect(second.nextPollAfterMs).toBe(120_000);
    expect(JSON.parse(second.cursor!).listings.posts.name).toBe('t3_5jo13v');
  });
});
