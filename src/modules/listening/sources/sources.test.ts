// Listening sources on a real database: the API (credentials sealed and never shown), polls through
// the real pipeline with a cursor that survives restarts, each failure kind's health and next poll,
// the poll cron's fan-out, and the generic signed webhook.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, TEST_SECRET, type TestApp } from '../../../../test/helpers/app.js';
import { as, createWorkspaceWithOwner, type TestUser } from '../../../../test/helpers/factories.js';
import { hmacSha256Hex, SecretBox } from '../../../lib/secrets.js';
import { ListeningPipeline } from '../pipeline/pipeline.js';
import { pollSource, type SourceDeps } from './commands/poll-source.js';
import { failWith, feedFixture, servedFeed, startFakeFeedServer, type FakeFeedServer } from './feed/fake-feed-server.js';
import { queueDuePolls } from './repository.js';
import { startFakeMastodon } from './mastodon/fake-mastodon.js';
import { allMastodonStatuses } from './mastodon/mastodon-fixtures.js';

let t: TestApp;
let ws: string;
let owner: TestUser;
let feeds: FakeFeedServer;
const pipelines: ListeningPipeline[] = [];
let currentFeed: () => Buffer | string;

type Source = {
  id: string;
  type: string;
  config: Record<string, unknown>;
  credentialFields: string[];
  enabled: boolean;
  health: { state: string; lastError: string | null; lastErrorKind: string | null; failures: number; lastSuccessAt: string | null; nextPollAt: string | null };
  counters: { postsReceived: number; mentionsStored: number };
  webhookUrl: string | null;
  webhookSecret?: string | null;
};
type Body = { data: unknown; error?: { code: string; message: string } };

const inject = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, user = owner, workspaceId = ws) => {
  const response = await t.app.inject({ method, url: `/api/v1${url}`, headers: as(user, workspaceId), ...(payload !== undefined ? { payload: payload as object } : {}) });
  return { status: response.statusCode, body: (response.body ? response.json() : null) as Body, raw: response.body };
};
const rows = async <T>(text: string, params: unknown[] = []) => (await t.db.database.pool.query(text, params)).rows as T[];
const sourceOf = async (id: string) => (await inject('GET', `/sources/${id}`)).body.data as Source;
const mentionCount = async (source: string) => Number((await rows<{ n: string }>('SELECT count(*) AS n FROM mentions WHERE source = $1', [source]))[0]!.n);

/** A new pipeline per "process": what a restart looks like. */
/** The fakes listen on 127.0.0.1: these polls run as with FETCH_PRIVATE_ADDRESSES=true, unless told otherwise. */
const freshDeps = (allowPrivateAddresses = true): SourceDeps => {
  const pipeline = new ListeningPipeline(t.db.database.db);
  pipelines.push(pipeline);
  return { db: t.db.database.db, pipeline, secrets: new SecretBox(TEST_SECRET), allowPrivateAddresses };
};
const createRss = async (path: string, extra: Record<string, unknown> = {}) => {
  const created = await inject('POST', '/sources', { type: 'rss', name: `feed ${path}`, config: { url: feeds.url(path) }, ...extra });
  expect(created.status, created.raw).toBe(201);
  return created.body.data as Source;
};
const secondsFromNow = (iso: string | null) => (iso === null ? null : (Date.parse(iso) - Date.now()) / 1000);

const rss = () => feedFixture('rss2sample.xml');
const grown = () =>
  rss()
    .toString('utf8')
    .replace('<item>', '<item><title>Space station news</title><description>The space station gets a new module</description><pubDate>Wed, 11 Jun 2003 10:00:00 GMT</pubDate><guid>item574</guid></item><item>');

beforeAll(async () => {
  t = await buildTestApp();
  const acme = await createWorkspaceWithOwner(t, 'Acme');
  ws = acme.workspace.id;
  owner = acme.owner;
  currentFeed = rss;
  feeds = await startFakeFeedServer({
    '/feed.xml': servedFeed(() => currentFeed()),
    '/broken': failWith(500),
    '/busy': failWith(429, { 'retry-after': '120' }),
    '/private': failWith(403),
    '/gone': failWith(410),
  });
  const topic = (await inject('POST', '/topics', { name: 'Space' })).body.data as { id: string };
  // Three of rss2sample's four items talk about these.
  await inject('POST', '/queries', { topicId: topic.id, query: '"space station" OR eclipse OR "star city" OR astronauts' });
});

afterAll(async () => {
  for (const pipeline of pipelines) await pipeline.close();
  await feeds.close();
  await t.close();
});

describe('the sources API', () => {
  it('creates a source with sealed credentials that are never shown, and audits it without them', async () => {
    const source = await createRss('/feed.xml', { credentials: { username: 'reader', password: 'hunter2-secret-token' } });
    expect(source).toMatchObject({ type: 'rss', enabled: true, credentialFields: ['password', 'username'], health: { state: 'new' }, webhookUrl: null, webhookSecret: null });
    const [stored] = await rows<{ credentials: string; config: unknown }>('SELECT credentials, config FROM listening_sources WHERE id = $1', [source.id]);
    expect(stored!.credentials).not.toContain('hunter2');
    expect(stored!.credentials).toMatch(/^v1\./);
    expect(JSON.stringify(stored!.config)).not.toContain('hunter2');
    for (const response of [await inject('GET', `/sources/${source.id}`), await inject('GET', '/sources')]) expect(response.raw).not.toContain('hunter2');
    const audit = await rows<{ after: unknown }>("SELECT after FROM audit_events WHERE action = 'listening_source.created' AND entity_id = $1", [source.id]);
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0])).not.toContain('hunter2');
    expect((await inject('DELETE', `/sources/${source.id}`)).status).toBe(204);
    expect((await inject('GET', `/sources/${source.id}`)).status).toBe(404);
  });

  it('refuses a config its type does not accept, naming the field', async () => {
    const bad = await inject('POST', '/sources', { type: 'rss', config: { url: 'ftp://example.com/feed' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.code).toBe('source.invalid_config');
    expect(bad.body.error?.message).toContain('url');
    const unknownField = await inject('POST', '/sources', { type: 'rss', config: { url: 'https://example.com/feed', colour: 'red' } });
    expect(unknownField.status).toBe(400);
    const badCredentials = await inject('POST', '/sources', { type: 'rss', config: { url: 'https://example.com/feed' }, credentials: { token: 'x' } });
    expect(badCredentials.body.error?.code).toBe('source.invalid_credentials');
  });
});

describe('the platform types', () => {
  it('checks each platform\'s config and credentials and picks polling or streaming from the config', async () => {
    const modeOf = async (type: string, config: Record<string, unknown>, credentials?: Record<string, string>) => {
      const response = await inject('POST', '/sources', { type, config, ...(credentials ? { credentials } : {}) });
      return response.status === 201 ? (response.body.data as { mode: string }).mode : response.body.error?.code;
    };
    expect(await modeOf('mastodon', { instance: 'https://mastodon.social', timeline: 'hashtag', hashtag: 'coffee' })).toBe('polling');
    expect(await modeOf('mastodon', { instance: 'https://mastodon.social', stream: 'public' }, { accessToken: 't' })).toBe('streaming');
    expect(await modeOf('mastodon', { timeline: 'public' })).toBe('source.invalid_config');
    expect(await modeOf('bluesky', { query: 'coffee' })).toBe('polling');
    expect(await modeOf('bluesky', {})).toBe('streaming');
    expect(await modeOf('reddit', { subreddits: ['coffee'] })).toBe('polling');
    expect(await modeOf('youtube', { videoIds: ['dQw4w9WgXcQ'] }, { apiKey: 'k' })).toBe('polling');
    expect(await modeOf('youtube', { videoIds: ['dQw4w9WgXcQ'] })).toBe('source.invalid_credentials');
    expect(await modeOf('x', { query: 'coffee -is:retweet' }, { bearerToken: 'b' })).toBe('polling');
    expect(await modeOf('x', { stream: true }, { bearerToken: 'b' })).toBe('streaming');
    await t.db.database.pool.query("DELETE FROM listening_sources WHERE type <> 'rss'");
  });

  it('polls a registered platform driver (Mastodon, against its fake instance) through the same job', async () => {
    const fake = await startFakeMastodon({ statuses: allMastodonStatuses() });
    try {
      const created = await inject('POST', '/sources', { type: 'mastodon', config: { instance: fake.url, timeline: 'public' } });
      const source = created.body.data as Source;
      const outcome = await pollSource(freshDeps(), ws, source.id);
      expect(outcome).toMatchObject({ status: 'ok' });
      expect((outcome as { received: number }).received).toBeGreaterThan(0);
      const [row] = await rows<{ cursor: string | null }>('SELECT cursor FROM listening_sources WHERE id = $1', [source.id]);
      expect(row!.cursor).not.toBeNull();
      await inject('DELETE', `/sources/${source.id}`);
    } finally {
      await fake.close();
    }
  });
});

describe('polling', () => {
  it('refuses a feed or platform address on a private network unless the server allows them, as misconfigured, and fetches nothing', async () => {
    currentFeed = rss;
    const feed = await createRss('/feed.xml');
    const hitsBefore = feeds.hits.length;
    expect(await pollSource(freshDeps(false), ws, feed.id)).toEqual({ status: 'failed', kind: 'config', message: expect.stringMatching(/^127\.0\.0\.1:\d+ is a private address \(127\.0\.0\.1\): Parley downloads only from public addresses\. Use a public address, or set FETCH_PRIVATE_ADDRESSES=true/) as string });
    expect(feeds.hits.length).toBe(hitsBefore);
    const health = (await sourceOf(feed.id)).health;
    expect(health).toMatchObject({ state: 'misconfigured', lastErrorKind: 'config', nextPollAt: null });
    expect(await mentionCount(`rss:${feed.id}`)).toBe(0);
    // A platform address (a Mastodon instance) is checked before its driver runs.
    const fake = await startFakeMastodon({ statuses: allMastodonStatuses() });
    try {
      const created = await inject('POST', '/sources', { type: 'mastodon', config: { instance: fake.url, timeline: 'public' } });
      const mastodon = created.body.data as Source;
      expect(await pollSource(freshDeps(false), ws, mastodon.id)).toMatchObject({ status: 'failed', kind: 'config' });
      await inject('DELETE', `/sources/${mastodon.id}`);
    } finally {
      await fake.close();
    }
    // Allowed, the same feed is read.
    expect(await pollSource(freshDeps(true), ws, feed.id)).toMatchObject({ status: 'ok', received: 4 });
    await inject('DELETE', `/sources/${feed.id}`);
  });

  it('stores matched mentions, persists the cursor and counters, and schedules the next poll', async () => {
    currentFeed = rss;
    const source = await createRss('/feed.xml');
    const outcome = await pollSource(freshDeps(), ws, source.id);
    expect(outcome).toEqual({ status: 'ok', received: 4, stored: 3 });
    expect(await mentionCount(`rss:${source.id}`)).toBe(3);
    const after = await sourceOf(source.id);
    expect(after.health).toMatchObject({ state: 'ok', failures: 0, lastError: null });
    expect(after.counters).toEqual({ postsReceived: 4, mentionsStored: 3 });
    // 15 minutes ± 10 % jitter
    expect(secondsFromNow(after.health.nextPollAt)).toBeGreaterThan(800);
    expect(secondsFromNow(after.health.nextPollAt)).toBeLessThan(1000);
    const [row] = await rows<{ cursor: string }>('SELECT cursor FROM listening_sources WHERE id = $1', [source.id]);
    expect(JSON.parse(row!.cursor)).toMatchObject({ v: 1, latest: '2003-06-03T09:39:21Z' });

    // A restart: a new pipeline (a new worker process) resumes from the stored cursor.
    currentFeed = grown;
    expect(await pollSource(freshDeps(), ws, source.id)).toEqual({ status: 'ok', received: 1, stored: 1 });
    expect(await mentionCount(`rss:${source.id}`)).toBe(4);
    expect((await sourceOf(source.id)).counters).toEqual({ postsReceived: 5, mentionsStored: 4 });

    // A crash after storing but before the cursor was saved: everything comes again and nothing is stored twice.
    await t.db.database.pool.query('UPDATE listening_sources SET cursor = NULL WHERE id = $1', [source.id]);
    expect(await pollSource(freshDeps(), ws, source.id)).toEqual({ status: 'ok', received: 5, stored: 0 });
    expect(await mentionCount(`rss:${source.id}`)).toBe(4);
    currentFeed = rss;
  });

  it('maps each failure kind to its health and next poll, and one failing source does not stop another', async () => {
    const deps = freshDeps();
    const healthy = await createRss('/feed.xml');
    const broken = await createRss('/broken');
    expect(await pollSource(deps, ws, broken.id)).toMatchObject({ status: 'failed', kind: 'temporary' });
    let health = (await sourceOf(broken.id)).health;
    expect(health).toMatchObject({ state: 'retrying', failures: 1, lastErrorKind: 'temporary' });
    expect(health.lastError).toContain('500');
    expect(secondsFromNow(health.nextPollAt)).toBeGreaterThan(20);
    expect(secondsFromNow(health.nextPollAt)).toBeLessThan(40);
    await pollSource(deps, ws, broken.id);
    health = (await sourceOf(broken.id)).health;
    // Exponential: 60 s ± 20 % after the second failure in a row.
    expect(health.failures).toBe(2);
    expect(secondsFromNow(health.nextPollAt)).toBeGreaterThan(45);
    expect(secondsFromNow(health.nextPollAt)).toBeLessThan(75);
    expect(await pollSource(deps, ws, healthy.id)).toMatchObject({ status: 'ok' });
    expect((await sourceOf(healthy.id)).health.state).toBe('ok');

    // Rate limited: waits as long as it was told.
    await inject('PATCH', `/sources/${broken.id}`, { config: { url: feeds.url('/busy') } });
    await pollSource(deps, ws, broken.id);
    health = (await sourceOf(broken.id)).health;
    expect(health.state).toBe('rate_limited');
    expect(secondsFromNow(health.nextPollAt)).toBeGreaterThan(110);
    expect(secondsFromNow(health.nextPollAt)).toBeLessThan(121);

    // Credentials: stops until they change.
    await inject('PATCH', `/sources/${broken.id}`, { config: { url: feeds.url('/private') } });
    await pollSource(deps, ws, broken.id);
    health = (await sourceOf(broken.id)).health;
    expect(health).toMatchObject({ state: 'needs_reconnect', nextPollAt: null });
    const reconnected = await inject('PATCH', `/sources/${broken.id}`, { credentials: { username: 'u', password: 'p' } });
    expect((reconnected.body.data as Source).health).toMatchObject({ state: 'new', failures: 0 });
    expect(secondsFromNow((reconnected.body.data as Source).health.nextPollAt)).toBeLessThan(1);

    // Config: stops until the config changes.
    await inject('PATCH', `/sources/${broken.id}`, { config: { url: feeds.url('/gone') } });
    await pollSource(deps, ws, broken.id);
    expect((await sourceOf(broken.id)).health).toMatchObject({ state: 'misconfigured', nextPollAt: null, lastErrorKind: 'config' });
    const fixed = await inject('PATCH', `/sources/${broken.id}`, { config: { url: feeds.url('/feed.xml') } });
    expect((fixed.body.data as Source).health.state).toBe('new');

    // Cursor: cleared, needs_resync, and polled again at once; the next poll is ok again.
    await t.db.database.pool.query(`UPDATE listening_sources SET cursor = '{"not":"mine"}' WHERE id = $1`, [broken.id]);
    expect(await pollSource(deps, ws, broken.id)).toMatchObject({ status: 'failed', kind: 'cursor' });
    health = (await sourceOf(broken.id)).health;
    expect(health.state).toBe('needs_resync');
    expect(secondsFromNow(health.nextPollAt)).toBeLessThan(1);
    expect((await rows<{ cursor: string | null }>('SELECT cursor FROM listening_sources WHERE id = $1', [broken.id]))[0]!.cursor).toBeNull();
    expect(await pollSource(deps, ws, broken.id)).toMatchObject({ status: 'ok' });
    expect((await sourceOf(broken.id)).health.state).toBe('ok');
  });

  it('queues one keyed poll job per due, enabled, running source each minute', async () => {
    await t.db.database.pool.query('DELETE FROM listening_sources');
    await t.db.database.pool.query("DELETE FROM graphile_worker._private_jobs WHERE task_id IN (SELECT id FROM graphile_worker._private_tasks WHERE identifier = 'listening.poll_source')");
    const due = await createRss('/feed.xml');
    const paused = await createRss('/feed.xml', { enabled: false });
    const stopped = await createRss('/private');
    await pollSource(freshDeps(), ws, stopped.id);
    const later = await createRss('/feed.xml');
    await t.db.database.pool.query("UPDATE listening_sources SET next_poll_at = now() + interval '1 hour' WHERE id = $1", [later.id]);
    expect((await sourceOf(paused.id)).health.state).toBe('paused');

    expect(await queueDuePolls(t.db.database.db, 600)).toBe(1);
    const jobs = await rows<{ key: string; payload: { sourceId: string; workspaceId: string } }>(
      "SELECT j.key, j.payload FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks k ON k.id = j.task_id WHERE k.identifier = 'listening.poll_source'",
    );
    expect(jobs).toEqual([{ key: `listening.poll_source:${due.id}`, payload: { workspaceId: ws, sourceId: due.id } }]);
    // Queued sources are leased: the next minute does not queue them again.
    expect(await queueDuePolls(t.db.database.db, 600)).toBe(0);

    // Poll now: queued at once, with the same key.
    const now = await inject('POST', `/sources/${later.id}/poll`);
    expect(now.status).toBe(202);
    expect(await rows('SELECT 1 FROM graphile_worker._private_jobs WHERE key = $1', [`listening.poll_source:${later.id}`])).toHaveLength(1);
  });
});

describe('the generic webhook', () => {
  let source: Source;
  let secret: string;
  const sign = (body: string, key = secret) => `sha256=${hmacSha256Hex(key, body)}`;
  const push = async (id: string, body: string, signature?: string) => {
    const response = await t.app.inject({
      method: 'POST',
      url: `/webhooks/generic/${id}`,
      headers: { 'content-type': 'application/json', ...(signature ? { 'x-parley-signature': signature } : {}) },
      payload: body,
    });
    return { status: response.statusCode, body: response.json() as Record<string, unknown> };
  };

  beforeAll(async () => {
    const created = await inject('POST', '/sources', { type: 'generic', name: 'Reviews', config: { channel: 'review' } });
    expect(created.status, created.raw).toBe(201);
    source = created.body.data as Source;
    secret = source.webhookSecret!;
    expect(secret).toMatch(/^whsec_/);
    expect(source.webhookUrl).toBe(`http://localhost:3000/webhooks/generic/${source.id}`);
    // Shown once: never again.
    expect((await inject('GET', `/sources/${source.id}`)).raw).not.toContain(secret);
    const [row] = await rows<{ webhook_secret: string }>('SELECT webhook_secret FROM listening_sources WHERE id = $1', [source.id]);
    expect(row!.webhook_secret).not.toContain(secret);
  });

  const body = JSON.stringify({ posts: [{ externalId: 'r1', text: 'The space station tour was wonderful' }, { externalId: 'r2', text: 'Nothing to see' }] });

  it('refuses a missing or wrong signature (401) and an unknown or non-generic source (404), storing nothing', async () => {
    expect((await push(source.id, body)).status).toBe(401);
    expect((await push(source.id, body, sign(body, 'wrong secret'))).status).toBe(401);
    expect((await push(source.id, body, sign(`${body} `))).status).toBe(401);
    expect((await push('src_nope', body, sign(body))).status).toBe(404);
    const rssSource = await createRss('/feed.xml');
    expect((await push(rssSource.id, body, sign(body))).status).toBe(404);
    expect(await mentionCount(`generic:${source.id}`)).toBe(0);
    expect(await rows('SELECT 1 FROM listening_dead_letters')).toHaveLength(0);
  });

  it('stores signed posts once they are in the pipeline, and a re-delivery stores nothing twice', async () => {
    const first = await push(source.id, body, sign(body));
    expect(first).toEqual({ status: 200, body: { accepted: true, received: 2, matched: 1, stored: 1, duplicates: 0 } });
    const [mention] = await rows<{ channel: string }>('SELECT channel FROM mentions WHERE source = $1', [`generic:${source.id}`]);
    expect(mention!.channel).toBe('review');
    const again = await push(source.id, body, sign(body));
    expect(again.body).toMatchObject({ accepted: true, stored: 0, duplicates: 1 });
    expect(await mentionCount(`generic:${source.id}`)).toBe(1);
    // One post alone and a bare array are accepted too.
    const one = JSON.stringify({ externalId: 'r3', text: 'An eclipse over the space station' });
    expect((await push(source.id, one, sign(one))).body).toMatchObject({ stored: 1 });
    const list = JSON.stringify([{ externalId: 'r4', text: 'eclipse tonight' }]);
    expect((await push(source.id, list, sign(list))).body).toMatchObject({ stored: 1 });
    expect((await sourceOf(source.id)).counters).toEqual({ postsReceived: 6, mentionsStored: 3 });
  });

  it('keeps a signed body that is not posts as a dead letter and answers 200', async () => {
    const garbage = '{"event": "ping", "text": 42';
    const response = await push(source.id, garbage, sign(garbage));
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ accepted: false });
    const invalid = JSON.stringify({ posts: [{ text: 'no id' }] });
    expect((await push(source.id, invalid, sign(invalid))).status).toBe(200);
    const letters = await inject('GET', `/sources/${source.id}/dead-letters?limit=1`);
    expect(letters.status).toBe(200);
    const page = letters.body as unknown as { data: { body: string; error: string }[]; nextCursor: string | null };
    expect(page.data[0]!.body).toBe(invalid);
    expect(page.data[0]!.error).toContain('externalId');
    const next = (await inject('GET', `/sources/${source.id}/dead-letters?limit=1&cursor=${page.nextCursor}`)).body as unknown as { data: { body: string }[] };
    expect(next.data[0]!.body).toBe(garbage);
  });

  it('rotates the secret (the old one stops working) and answers 404 once disabled', async () => {
    const rotated = await inject('POST', `/sources/${source.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    const fresh = (rotated.body.data as { webhookSecret: string }).webhookSecret;
    expect(fresh).not.toBe(secret);
    const post = JSON.stringify({ externalId: 'r5', text: 'eclipse again' });
    expect((await push(source.id, post, sign(post))).status).toBe(401);
    expect((await push(source.id, post, sign(post, fresh))).status).toBe(200);
    expect((await inject('POST', `/sources/${source.id}/poll`)).status).toBe(422);
    await inject('PATCH', `/sources/${source.id}`, { enabled: false });
    expect((await push(source.id, post, sign(post, fresh))).status).toBe(404);
  });
});
