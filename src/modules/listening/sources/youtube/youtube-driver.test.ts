import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { incomingPostSchema } from '../../pipeline/incoming.js';
import { SourceError } from '../driver.js';
import { FakeYouTube, type FakeYouTubeThread } from './fake-youtube.js';
import { createYouTubeDriver } from './youtube-driver.js';
import { msUntilPacificMidnight } from './youtube-errors.js';

// Recorded commentThreads.list responses (python-youtube's test data, see test/fixtures/listening/README.md).
const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../../../../test/fixtures/listening/youtube/${name}`, import.meta.url), 'utf8'));
// Video D-lhorsDlUQ, newest first: UgydxWWoeA7F1OdqypJ4AaABAg (2019-06-23, one reply of 2019-07-20),
// UgxKREWxIgDrw8w2e_Z4AaABAg (2019-04-20), UgyrVQaFfEdvaSzstj14AaABAg (2019-04-04),
// UgxyjVIedsbomQ4KsM94AaABAg (2019-03-26), UgwtBjF15nKCNHE1tu94AaABAg (2019-03-23).
const videoThreads = (fixture('comment-threads-by-video.json') as { items: FakeYouTubeThread[] }).items;
const channelThreads = (fixture('comment-threads-by-channel.json') as { items: FakeYouTubeThread[] }).items;

const API_KEY = 'AIza-test-key';
const VIDEO = 'D-lhorsDlUQ';
let fake: FakeYouTube;
beforeEach(async () => {
  fake = await new FakeYouTube(API_KEY).start();
});
afterEach(async () => {
  await fake.stop();
});
const context = (): { baseUrl: string; credentials: { apiKey: string } } => ({ baseUrl: fake.url, credentials: { apiKey: API_KEY } });

const expectSourceError = async (poll: Promise<unknown>, kind: SourceError['kind'], more: Record<string, unknown> = {}): Promise<void> => {
  await expect(poll).rejects.toBeInstanceOf(SourceError);
  await expect(poll).rejects.toMatchObject({ kind, ...more });
};

describe('YouTube source: mapping', () => {
  it('maps top-level comments and their replies', async () => {
    fake.threads = [...videoThreads];
    const { posts } = await createYouTubeDriver().poll({ videoIds: [VIDEO] }, null, context());
    for (const post of posts) expect(incomingPostSchema.safeParse(post).success).toBe(true);
    expect(posts.map((post) => post.externalId)).toEqual([
      'UgydxWWoeA7F1OdqypJ4AaABAg',
      'UgydxWWoeA7F1OdqypJ4AaABAg.8wWQ3tdHcFx8xcDheui-qb',
      'UgxKREWxIgDrw8w2e_Z4AaABAg',
      'UgyrVQaFfEdvaSzstj14AaABAg',
      'UgxyjVIedsbomQ4KsM94AaABAg',
      'UgwtBjF15nKCNHE1tu94AaABAg',
    ]);
    expect(posts[0]).toEqual({
      externalId: 'UgydxWWoeA7F1OdqypJ4AaABAg',
      text: 'Actions.ai',
      url: 'https://www.youtube.com/watch?v=D-lhorsDlUQ&lc=UgydxWWoeA7F1OdqypJ4AaABAg',
      channel: 'youtube',
      publishedAt: '2019-06-23T08:24:24.000Z',
      author: {
        name: 'Loren Robilio',
        externalId: 'UCe9i1nJCcevTa6KJa55KYog',
        profileUrl: 'http://www.youtube.com/channel/UCe9i1nJCcevTa6KJa55KYog',
        avatarUrl: 'https://yt3.ggpht.com/-dVa9HLlQcNs/AAAAAAAAAAI/AAAAAAAAAAA/lxKAIuHR-20/s28-c-k-no-mo-rj-c0xffffff/photo.jpg',
      },
      data: { kind: 'comment', videoId: 'D-lhorsDlUQ', threadId: 'UgydxWWoeA7F1OdqypJ4AaABAg', likeCount: 0, totalReplyCount: 1, updatedAt: '2019-06-23T08:24:24.000Z' },
    });
    expect(posts[1]).toMatchObject({
      text: '#',
      url: 'https://www.youtube.com/watch?v=D-lhorsDlUQ&lc=UgydxWWoeA7F1OdqypJ4AaABAg.8wWQ3tdHcFx8xcDheui-qb',
      publishedAt: '2019-07-20T20:22:27.000Z',
      author: { name: 'Dian Anggraeni', externalId: 'UCsl2A_QzcSnFD2hpCyVwXxA' },
      data: { kind: 'reply', parentId: 'UgydxWWoeA7F1OdqypJ4AaABAg', likeCount: 1 },
    });
    // textOriginal, not the HTML of textDisplay, with its line breaks.
    expect(posts[2]!.text).toBe('Super video !!!\nWith full power skil  thank a lot ... \nVery nice , coupe \ncan i give Luke Davit and JESSICA EARl- CHA some tea and tall a more ...');

    const [request] = fake.requests;
    expect(Object.fromEntries(request!.query)).toMatchObject({ part: 'snippet,replies', videoId: VIDEO, order: 'time', key: API_KEY, maxResults: '100' });
  });

  it('reads a channel’s comments with allThreadsRelatedToChannelId', async () => {
    fake.threads = [...channelThreads];
    const { posts } = await createYouTubeDriver().poll({ channelIds: ['UC_x5XG1OV2P6uZZ5FSM9Ttw'] }, null, context());
    expect(posts.map((post) => [post.text, post.author?.name, post.publishedAt])).toEqual([
      ['Hello', 'DevRagz', '2019-06-23T02:49:00.000Z'],
      ['exceptional content!', 'EclipZe Muzik', '2018-05-26T20:11:30.000Z'],
    ]);
    // Channel comments have no video to link to.
    expect(posts[0]!.url).toBeUndefined();
    expect(fake.requests[0]!.query.get('allThreadsRelatedToChannelId')).toBe('UC_x5XG1OV2P6uZZ5FSM9Ttw');
  });
});

describe('YouTube source: cursor and pagination', () => {
  it('resumes from a persisted cursor and stops paging at it, losing and repeating nothing', async () => {
    fake.threads = videoThreads.slice(2);
    const first = await createYouTubeDriver().poll({ videoIds: [VIDEO] }, null, context());
    expect(first.posts.map((post) => post.externalId)).toEqual(['UgyrVQaFfEdvaSzstj14AaABAg', 'UgxyjVIedsbomQ4KsM94AaABAg', 'UgwtBjF15nKCNHE1tu94AaABAg']);

    // Two newer threads arrive; a restarted driver pages two threads at a time from the cursor.
    fake.threads = [...videoThreads];
    const requestsBefore = fake.requests.length;
    const second = await createYouTubeDriver().poll({ videoIds: [VIDEO], pageSize: 2 }, first.cursor, context());
    expect(second.posts.map((post) => post.externalId)).toEqual(['UgydxWWoeA7F1OdqypJ4AaABAg', 'UgydxWWoeA7F1OdqypJ4AaABAg.8wWQ3tdHcFx8xcDheui-qb', 'UgxKREWxIgDrw8w2e_Z4AaABAg']);
    // Page 2 reaches the cursor's thread: no third page.
    const pages = fake.requests.slice(requestsBefore);
    expect(pages.map((request) => request.query.get('pageToken'))).toEqual([null, expect.any(String)]);
    expect(JSON.parse(second.cursor!)).toEqual({ v: 1, targets: { [`video:${VIDEO}`]: { publishedAt: '2019-07-20T20:22:27.000Z', ids: ['UgydxWWoeA7F1OdqypJ4AaABAg.8wWQ3tdHcFx8xcDheui-qb'] } } });

    const third = await createYouTubeDriver().poll({ videoIds: [VIDEO], pageSize: 2 }, second.cursor, context());
    expect(third.posts).toEqual([]);
  });

  it('goes on from where the page cap stopped it, before moving the cursor forward', async () => {
    fake.threads = videoThreads.slice(4);
    let cursor = (await createYouTubeDriver().poll({ videoIds: [VIDEO] }, null, context())).cursor;
    fake.threads = [...videoThreads];
    const seen: string[][] = [];
    for (let poll = 0; poll < 4; poll++) {
      const result = await createYouTubeDriver().poll({ videoIds: [VIDEO], pageSize: 1, maxPages: 2 }, cursor, context());
      seen.push(result.posts.map((post) => post.externalId));
      cursor = result.cursor;
    }
    expect(seen).toEqual([
      ['UgydxWWoeA7F1OdqypJ4AaABAg', 'UgydxWWoeA7F1OdqypJ4AaABAg.8wWQ3tdHcFx8xcDheui-qb', 'UgxKREWxIgDrw8w2e_Z4AaABAg'],
      ['UgyrVQaFfEdvaSzstj14AaABAg', 'UgxyjVIedsbomQ4KsM94AaABAg'],
      [],
      [],
    ]);
    expect(JSON.parse(cursor!).targets[`video:${VIDEO}`]).toEqual({ publishedAt: '2019-07-20T20:22:27.000Z', ids: ['UgydxWWoeA7F1OdqypJ4AaABAg.8wWQ3tdHcFx8xcDheui-qb'] });
  });

  it('rejects a cursor it did not write', async () => {
    await expectSourceError(createYouTubeDriver().poll({ videoIds: [VIDEO] }, '{"v":7}', context()), 'cursor');
  });
});

describe('YouTube source: errors', () => {
  const poll = (now?: number): Promise<unknown> => createYouTubeDriver({ now: now === undefined ? undefined : () => now }).poll({ videoIds: [VIDEO] }, null, context());

  it('waits for midnight Pacific time after quotaExceeded', async () => {
    fake.failNext(403, fixture('error-quota-exceeded.json'));
    // 20:00 UTC in January is noon in Los Angeles (PST): twelve hours to go.
    await expectSourceError(poll(Date.parse('2026-01-15T20:00:00Z')), 'rate_limited', { options: { status: 403, retryAfterMs: 12 * 3600_000 } });
    // 19:30 UTC in July is 12:30 PDT.
    expect(msUntilPacificMidnight(Date.parse('2026-07-15T19:30:00Z'))).toBe(11.5 * 3600_000);
  });

  it('maps rateLimitExceeded, keys, disabled comments, missing videos and server errors', async () => {
    fake.failNext(403, { error: { code: 403, message: 'Rate limit', errors: [{ domain: 'youtube.quota', reason: 'rateLimitExceeded' }] } }, { 'retry-after': '30' });
    await expectSourceError(poll(), 'rate_limited', { options: { status: 403, retryAfterMs: 30_000 } });

    fake.failNext(400, fixture('error-key-invalid.json'));
    await expectSourceError(poll(), 'credentials');

    fake.failNext(403, { error: { code: 403, message: 'Forbidden', errors: [{ domain: 'global', reason: 'forbidden' }] } });
    await expectSourceError(poll(), 'credentials');

    fake.failNext(401, { error: { code: 401, message: 'Unauthorized' } });
    await expectSourceError(poll(), 'credentials');

    fake.failNext(403, fixture('error-comments-disabled.json'));
    await expectSourceError(poll(), 'config', { message: 'Comments are turned off for video D-lhorsDlUQ.' });

    fake.failNext(404, fixture('error-video-not-found.json'));
    await expectSourceError(poll(), 'config');

    fake.failNext(500, { error: { code: 500, message: 'Backend Error', errors: [{ domain: 'global', reason: 'backendError' }] } });
    await expectSourceError(poll(), 'temporary');
  });

  it('reports a key YouTube does not know as credentials', async () => {
    const poll = createYouTubeDriver().poll({ videoIds: [VIDEO] }, null, { baseUrl: fake.url, credentials: { apiKey: 'not-a-key' } });
    await expectSourceError(poll, 'credentials', { options: { status: 400 } });
  });
});
