// The reply clients against a fake of each platform's write API: the request each platform
// documents (path, auth header, body), idempotent retries, and failures as the send job's kinds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelSendError } from '../driver.js';
import { blueskyReplyClient, tidOf } from './bluesky-reply.js';
import { startFakeReplyPlatforms, type FakeReplyPlatforms } from './fake-reply-platforms.js';
import { mastodonReplyClient, withMention } from './mastodon-reply.js';
import { redditReplyClient } from './reddit-reply.js';
import type { ReplyPost, ReplyRequest, ReplySource } from './reply-client.js';
import { defaultReplyHttp, type ReplyHttp } from './reply-http.js';
import { xReplyClient } from './x-reply.js';
import { youtubeReplyClient } from './youtube-reply.js';

let fake: FakeReplyPlatforms;
const NOW = Date.parse('2026-11-27T03:00:00Z');
const http: ReplyHttp = { ...defaultReplyHttp(), now: () => NOW };
const did = 'did:plc:brandaccount';

beforeAll(async () => {
  fake = await startFakeReplyPlatforms({
    tokens: { mastodon: 'masto-write', x: 'x-user', reddit: 'reddit-user', youtube: 'yt-oauth' },
    bluesky: { handle: 'brand.bsky.social', appPassword: 'app-pass-word', did },
  });
});
afterAll(async () => fake.close());

const source = (type: string, credentials: Record<string, string>, config: Record<string, unknown> = {}): ReplySource => ({ id: `src_${type}`, type, name: `${type} source`, config, credentials });
const post = (externalId: string, channel: string, data: Record<string, unknown> = {}, authorHandle: string | null = null): ReplyPost => ({ externalId, channel, authorHandle, data });
const request = (parent: ReplyPost, extra: Partial<ReplyRequest> = {}): ReplyRequest => ({ messageId: '42', createdAt: new Date(NOW - 5000), text: 'Thanks, we are on it', parent, root: null, ...extra });
const failure = async (promise: Promise<unknown>) => {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(ChannelSendError);
  return error as ChannelSendError;
};

describe('Mastodon', () => {
  const mastodon = () => source('mastodon', { accessToken: 'masto-write' }, { instance: fake.url, hashtag: 'zephyr' });
  const status = post('https://other.social/users/jo/statuses/1', 'mastodon', { statusId: '111' }, 'jo@other.social');

  it('posts a public status in reply to the status id, naming the author, with our message id as Idempotency-Key', async () => {
    const id = await mastodonReplyClient.reply(mastodon(), request(status), http);
    const [sent] = fake.to('/api/v1/statuses').slice(-1);
    expect(sent!.method).toBe('POST');
    expect(sent!.headers.authorization).toBe('Bearer masto-write');
    expect(sent!.headers['idempotency-key']).toBe('42');
    expect(sent!.json).toEqual({ status: '@jo@other.social Thanks, we are on it', in_reply_to_id: '111', visibility: 'public' });
    // the same message sent again (a retry after a lost answer) is the same status
    expect(await mastodonReplyClient.reply(mastodon(), request(status), http)).toBe(id);
  });

  it('leaves a mention the agent wrote alone', () => {
    expect(withMention('Hi @Jo@other.social, sorry', 'jo@other.social')).toBe('Hi @Jo@other.social, sorry');
  });

  it('maps 429 with Retry-After to rate_limited, 401 to credentials, 422 to permanent, 503 to temporary', async () => {
    fake.failNext('/api/v1/statuses', { status: 429, body: { error: 'Too many requests' }, headers: { 'retry-after': '7' } });
    const limited = await failure(mastodonReplyClient.reply(mastodon(), request(status, { messageId: '43' }), http));
    expect(limited.kind).toBe('rate_limited');
    expect(limited.retryAfterMs).toBe(7000);
    expect((await failure(mastodonReplyClient.reply(source('mastodon', { accessToken: 'wrong' }, { instance: fake.url }), request(status), http))).kind).toBe('credentials');
    expect((await failure(mastodonReplyClient.reply(mastodon(), request({ ...status, authorHandle: null }, { text: ' ' }), http))).kind).toBe('permanent');
    fake.failNext('/api/v1/statuses', { status: 503 });
    expect((await failure(mastodonReplyClient.reply(mastodon(), request(status), http))).kind).toBe('temporary');
  });

  it('cannot reply without a token', () => {
    expect(mastodonReplyClient.cannotReply(source('mastodon', {}))).toMatch(/write:statuses/);
    expect(mastodonReplyClient.cannotReply(mastodon())).toBeNull();
  });
});

describe('Bluesky', () => {
  const bluesky = (credentials: Record<string, string> = { handle: 'brand.bsky.social', appPassword: 'app-pass-word', pdsUrl: '' }) =>
    source('bluesky', { ...credentials, ...(credentials.pdsUrl === '' ? { pdsUrl: fake.url } : {}) }, { query: 'zephyr' });

  it('needs a handle and an app password, and says so for a firehose source', () => {
    expect(blueskyReplyClient.cannotReply(source('bluesky', {}, { wantedCollections: ['app.bsky.feed.post'] }))).toBe(
      'The Bluesky source "bluesky source" reads the public firehose; add a handle and an app password to reply.',
    );
    expect(blueskyReplyClient.cannotReply(bluesky())).toBeNull();
  });

  it('opens a session and posts with strong refs to the root and the parent, reading the cids it lacks', async () => {
    const root = 'at://did:plc:jo/app.bsky.feed.post/root1';
    const parent = post('at://did:plc:jo/app.bsky.feed.post/reply1', 'bluesky', { replyRoot: root, replyParent: root, cid: 'bafyparent' });
    fake.blueskyPosts.set(root, 'bafyroot');
    const uri = await blueskyReplyClient.reply(bluesky(), request(parent, { messageId: '50' }), http);
    const rkey = tidOf(NOW - 5000, 50);
    expect(uri).toBe(`at://${did}/app.bsky.feed.post/${rkey}`);
    expect(fake.to('/xrpc/com.atproto.server.createSession')[0]!.json).toEqual({ identifier: 'brand.bsky.social', password: 'app-pass-word' });
    expect(fake.to('/xrpc/app.bsky.feed.getPosts').at(-1)!.query.getAll('uris')).toEqual([root]);
    const created = fake.to('/xrpc/com.atproto.repo.createRecord').at(-1)!;
    expect(created.headers.authorization).toMatch(/^Bearer jwt-/);
    expect(created.json).toMatchObject({
      repo: did,
      collection: 'app.bsky.feed.post',
      rkey,
      record: { $type: 'app.bsky.feed.post', text: 'Thanks, we are on it', reply: { root: { uri: root, cid: 'bafyroot' }, parent: { uri: parent.externalId, cid: 'bafyparent' } } },
    });
    // a retry of the same message writes the same record key: the stored record is the answer
    expect(await blueskyReplyClient.reply(bluesky(), request(parent, { messageId: '50' }), http)).toBe(uri);
    expect(fake.to('/xrpc/com.atproto.server.createSession')).toHaveLength(1);
  });

  it('makes sortable TIDs of 13 characters', () => {
    expect(tidOf(NOW, 1)).toHaveLength(13);
    expect(tidOf(NOW, 1) < tidOf(NOW + 1, 1)).toBe(true);
  });

  it('a wrong app password is a credentials failure; a post Bluesky no longer has is permanent', async () => {
    expect((await failure(blueskyReplyClient.reply(bluesky({ handle: 'brand.bsky.social', appPassword: 'nope', pdsUrl: '' }), request(post('at://x/app.bsky.feed.post/1', 'bluesky')), http))).kind).toBe('credentials');
    const gone = await failure(blueskyReplyClient.reply(bluesky(), request(post('at://did:plc:jo/app.bsky.feed.post/deleted', 'bluesky'), { messageId: '51' }), http));
    expect(gone.kind).toBe('permanent');
    expect(gone.message).toMatch(/deleted/);
  });
});

describe('X', () => {
  it('an app-only bearer token cannot post', () => {
    expect(xReplyClient.cannotReply(source('x', { bearerToken: 'app-only' }))).toMatch(/app-only bearer token, which cannot post/);
  });

  it('posts a reply with a user token, and reads the reset header when a 429 has no Retry-After', async () => {
    const x = source('x', { bearerToken: 'app-only', userAccessToken: 'x-user' }, { query: 'zephyr', baseUrl: fake.url });
    const id = await xReplyClient.reply(x, request(post('1700000000000000001', 'twitter')), http);
    expect(id).toMatch(/^19\d+$/);
    const sent = fake.to('/2/tweets').at(-1)!;
    expect(sent.headers.authorization).toBe('Bearer x-user');
    expect(sent.json).toEqual({ text: 'Thanks, we are on it', reply: { in_reply_to_tweet_id: '1700000000000000001' } });
    fake.failNext('/2/tweets', { status: 429, body: { title: 'Too Many Requests' }, headers: { 'x-rate-limit-reset': String(NOW / 1000 + 90) } });
    const limited = await failure(xReplyClient.reply(x, request(post('1', 'twitter')), http));
    expect([limited.kind, limited.retryAfterMs]).toEqual(['rate_limited', 90_000]);
  });
});

describe('Reddit', () => {
  const reddit = () => source('reddit', { clientId: 'app', clientSecret: 'secret', userAccessToken: 'reddit-user' }, { subreddits: ['running'], baseUrl: fake.url });

  it('an application token cannot comment', () => {
    expect(redditReplyClient.cannotReply(source('reddit', { clientId: 'app', clientSecret: 'secret' }))).toMatch(/submit scope/);
  });

  it('comments on the thing by fullname, and a RATELIMIT in the body waits as long as Reddit says', async () => {
    const name = await redditReplyClient.reply(reddit(), request(post('t1_abc', 'reddit', { kind: 'comment', linkId: 't3_xyz' })), http);
    expect(name).toMatch(/^t1_/);
    const sent = fake.to('/api/comment').at(-1)!;
    expect(sent.headers.authorization).toBe('bearer reddit-user');
    expect(sent.headers['user-agent']).toMatch(/parley/);
    expect(Object.fromEntries(new URLSearchParams(sent.body))).toEqual({ api_type: 'json', thing_id: 't1_abc', text: 'Thanks, we are on it' });
    fake.failNext('/api/comment', { status: 200, body: { json: { errors: [['RATELIMIT', 'you are doing that too much. try again in 2 minutes.', 'ratelimit']], ratelimit: 118.5 } } });
    const limited = await failure(redditReplyClient.reply(reddit(), request(post('t3_xyz', 'reddit')), http));
    expect([limited.kind, limited.retryAfterMs]).toEqual(['rate_limited', 118_500]);
  });
});

describe('YouTube', () => {
  const youtube = () => source('youtube', { apiKey: 'key', oauthAccessToken: 'yt-oauth' }, { videoIds: ['vid1'], baseUrl: fake.url });

  it('an API key cannot post comments', () => {
    expect(youtubeReplyClient.cannotReply(source('youtube', { apiKey: 'key' }))).toMatch(/API key, which cannot post comments/);
  });

  it('replies under the thread’s top-level comment (a reply’s parent), and a spent quota waits', async () => {
    await youtubeReplyClient.reply(youtube(), request(post('UgzReply.1', 'youtube', { kind: 'reply', parentId: 'UgzTop', threadId: 'UgzTop' })), http);
    const sent = fake.to('/youtube/v3/comments').at(-1)!;
    expect(sent.query.get('part')).toBe('snippet');
    expect(sent.headers.authorization).toBe('Bearer yt-oauth');
    expect(sent.json).toEqual({ snippet: { parentId: 'UgzTop', textOriginal: 'Thanks, we are on it' } });
    fake.failNext('/youtube/v3/comments', { status: 403, body: { error: { code: 403, message: 'quota', errors: [{ reason: 'quotaExceeded' }] } } });
    expect((await failure(youtubeReplyClient.reply(youtube(), request(post('UgzTop', 'youtube', { kind: 'comment', threadId: 'UgzTop' })), http))).kind).toBe('rate_limited');
    expect((await failure(youtubeReplyClient.reply(source('youtube', { apiKey: 'k', oauthAccessToken: 'old' }, { baseUrl: fake.url }), request(post('UgzTop', 'youtube')), http))).kind).toBe('credentials');
  });
});
