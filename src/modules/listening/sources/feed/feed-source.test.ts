// The feed source against a local HTTP server serving the real feed fixtures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourceError } from '../driver.js';
import { failWith, feedFixture, redirectTo, servedFeed, startFakeFeedServer, type FakeFeedServer } from './fake-feed-server.js';
import { feedDriver } from './feed-source.js';

let server: FakeFeedServer;
const rss = () => feedFixture('rss2sample.xml');
/** rss2sample with one more, newer item first */
const grown = () =>
  rss()
    .toString('utf8')
    .replace(
      '<item>',
      '<item><title>Fresh launch</title><link>http://liftoff.msfc.nasa.gov/news/2003/fresh.asp</link><description>A &lt;b&gt;new&lt;/b&gt; launch window</description><pubDate>Wed, 11 Jun 2003 10:00:00 GMT</pubDate><guid>http://liftoff.msfc.nasa.gov/2003/06/11.html#item574</guid></item><item>',
    );
let current: () => Buffer | string = rss;

beforeAll(async () => {
  server = await startFakeFeedServer({
    '/feed.xml': servedFeed(() => current()),
    '/feed.json': servedFeed(() => feedFixture('jsonfeed-example.json'), 'application/feed+json'),
    '/moved': redirectTo('/feed.xml', 301),
    '/elsewhere': redirectTo('/feed.xml', 302),
    '/busy': failWith(429, { 'retry-after': '120' }),
    '/down': failWith(503, { 'retry-after': '30' }),
    '/broken': failWith(500),
    '/gone': failWith(410),
    '/private': failWith(401),
    '/page.html': (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' }).end(feedFixture('notafeed.html'));
    },
  });
});
afterAll(async () => server.close());

const poll = (url: string, cursor: string | null = null, extra: Record<string, unknown> = {}) => feedDriver.poll({ url, ...extra }, cursor, {});
const failure = async (promise: Promise<unknown>) => {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(SourceError);
  return error as SourceError;
};

describe('the feed source', () => {
  it('maps entries to posts, then asks conditionally and gets nothing new on 304', async () => {
    current = rss;
    const first = await poll(server.url('/feed.xml'));
    expect(first.posts).toHaveLength(4);
    expect(first.posts[0]).toMatchObject({
      externalId: 'http://liftoff.msfc.nasa.gov/2003/06/03.html#item573',
      title: 'Star City',
      url: 'http://liftoff.msfc.nasa.gov/news/2003/news-starcity.asp',
      lang: 'en',
      channel: 'news',
      publishedAt: '2003-06-03T09:39:21Z',
    });
    expect(first.posts[0]!.text).toContain("Russia's Star City.");
    expect(first.posts[0]!.text).not.toContain('<a');
    const cursor = JSON.parse(first.cursor!) as { etag?: string; lastModified?: string; latest?: string };
    expect(cursor.etag).toBeTruthy();
    expect(cursor.lastModified).toBe('Tue, 10 Jun 2003 09:41:01 GMT');
    expect(cursor.latest).toBe('2003-06-03T09:39:21Z');

    const again = await poll(server.url('/feed.xml'), first.cursor);
    expect(again.posts).toEqual([]);
    expect(server.hits.at(-1)).toBe('/feed.xml (conditional)');
  });

  it('sends only the entries newer than the cursor when the feed changes', async () => {
    current = rss;
    const first = await poll(server.url('/feed.xml'), null, { channel: 'blog' });
    current = grown;
    const second = await poll(server.url('/feed.xml'), first.cursor, { channel: 'blog' });
    expect(second.posts.map((post) => post.title)).toEqual(['Fresh launch']);
    expect(second.posts[0]).toMatchObject({ text: 'A new launch window', channel: 'blog' });
    current = rss;
  });

  it('reads JSON Feed too', async () => {
    const result = await poll(server.url('/feed.json'));
    expect(result.posts.map((post) => post.externalId)).toEqual(['2', '1']);
  });

  it('follows redirects and remembers a permanent one in the cursor', async () => {
    const moved = await poll(server.url('/moved'));
    expect(moved.posts).toHaveLength(4);
    expect(JSON.parse(moved.cursor!)).toMatchObject({ url: server.url('/moved'), location: server.url('/feed.xml') });
    const hitsBefore = server.hits.length;
    await poll(server.url('/moved'), moved.cursor);
    // Straight to the new address, conditionally.
    expect(server.hits.slice(hitsBefore)).toEqual(['/feed.xml (conditional)']);

    const temporary = await poll(server.url('/elsewhere'));
    expect(temporary.posts).toHaveLength(4);
    expect(JSON.parse(temporary.cursor!).location).toBeUndefined();
  });

  it('maps HTTP failures to SourceError kinds', async () => {
    expect(await failure(poll(server.url('/busy')))).toMatchObject({ kind: 'rate_limited', options: { retryAfterMs: 120_000, status: 429 } });
    expect(await failure(poll(server.url('/down')))).toMatchObject({ kind: 'rate_limited', options: { retryAfterMs: 30_000 } });
    expect(await failure(poll(server.url('/broken')))).toMatchObject({ kind: 'temporary', options: { status: 500 } });
    expect((await failure(poll(server.url('/gone')))).kind).toBe('config');
    expect((await failure(poll(server.url('/nowhere')))).kind).toBe('config');
    expect((await failure(poll(server.url('/private')))).kind).toBe('credentials');
    expect((await failure(poll(server.url('/page.html')))).kind).toBe('config');
    expect((await failure(poll('http://127.0.0.1:1/feed.xml'))).kind).toBe('temporary');
    expect((await failure(poll('not a url'))).kind).toBe('config');
    expect((await failure(poll(server.url('/feed.xml'), '{"nonsense": true}'))).kind).toBe('cursor');
  });

  it('a changed URL starts afresh instead of reusing the old validators', async () => {
    const first = await poll(server.url('/feed.xml'));
    const other = await poll(server.url('/moved'), first.cursor);
    expect(other.posts).toHaveLength(4);
  });
});
