// Mentions as a channel, end to end on a real database: escalating a mention opens one public
// conversation of its thread, tied to its author's contact; a reply goes out through the mention's
// source (a fake Mastodon instance) and the message becomes sent with the platform's id; a 429 waits
// for Retry-After; a source that cannot post says why; later replies in the thread join it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, TEST_SECRET, type TestApp } from '../../../../test/helpers/app.js';
import { as, createWorkspaceWithOwner, type TestUser } from '../../../../test/helpers/factories.js';
import { SecretBox } from '../../../lib/secrets.js';
import type { CommandContext } from '../../../server/context.js';
import { sendMessage } from '../../inbox/commands/send-message.js';
import { deliverMessage } from '../../inbox/jobs/send-message.js';
import type { IncomingPost } from '../../listening/pipeline/incoming.js';
import { ListeningPipeline } from '../../listening/pipeline/pipeline.js';
import { startFakeReplyPlatforms, type FakeReplyPlatforms } from './fake-reply-platforms.js';
import { joinEscalatedThreads } from './join-threads.js';
import './listening-driver.js';

let t: TestApp;
let fake: FakeReplyPlatforms;
let pipeline: ListeningPipeline;
let ws: string;
let owner: TestUser;
let ownerMemberId: string;
let mastodonSource: string;
let xSource: string;
const secrets = new SecretBox(TEST_SECRET);

type Body = { data: Record<string, unknown>; error?: { code: string; message: string } };
const inject = async (method: 'GET' | 'POST', url: string, payload?: unknown, workspaceId = ws) => {
  const response = await t.app.inject({ method, url: `/api/v1${url}`, headers: as(owner, workspaceId), ...(payload !== undefined ? { payload: payload as object } : {}) });
  return { status: response.statusCode, body: (response.body ? response.json() : null) as Body, raw: response.body };
};
const rows = async <T>(text: string, params: unknown[] = []) => (await t.db.database.pool.query(text, params)).rows as T[];
const ctx = (): CommandContext => ({ db: t.db.database.db, actor: { type: 'user', id: owner.id, label: owner.name }, workspace: { workspaceId: ws, role: 'owner', memberId: ownerMemberId }, requestId: null, ipAddress: null });
const deps = () => ({ db: t.db.database.db, secrets });

/** A Mastodon status as the Mastodon source stores it. */
const status = (id: string, text: string, extra: { inReplyToId?: string; author?: string; followers?: number } = {}): IncomingPost => ({
  externalId: `https://other.social/users/${extra.author ?? 'jo'}/statuses/${id}`,
  text,
  url: `https://other.social/@${extra.author ?? 'jo'}/${id}`,
  channel: 'mastodon',
  lang: 'en',
  author: { handle: `${extra.author ?? 'jo'}@other.social`, externalId: `${extra.author ?? 'jo'}@other.social`, name: 'Jo Runner', followers: extra.followers ?? 12_000 },
  data: { statusId: id, instance: 'fake.social', inReplyToId: extra.inReplyToId ?? null },
});
const store = async (source: string, posts: IncomingPost[]) => {
  const result = await pipeline.submit(ws, source, posts);
  expect(result.stored).toBe(posts.length);
  return result.mentionIds.map(String);
};
const escalate = async (mentionId: string) => {
  const response = await inject('POST', `/mentions/${mentionId}/conversation`);
  expect([200, 201], response.raw).toContain(response.status);
  return { status: response.status, conversationId: response.body.data.conversationId as string };
};
const messageRow = async (id: number) => (await rows<{ status: string; external_id: string | null; error: string | null }>('SELECT status, external_id, error FROM messages WHERE id = $1', [id]))[0]!;

beforeAll(async () => {
  t = await buildTestApp();
  fake = await startFakeReplyPlatforms({ tokens: { mastodon: 'masto-write' }, bluesky: { handle: 'lumen.bsky.social', appPassword: 'app-pass', did: 'did:plc:lumen' } });
  pipeline = new ListeningPipeline(t.db.database.db);
  const acme = await createWorkspaceWithOwner(t, 'Acme');
  ws = acme.workspace.id;
  owner = acme.owner;
  ownerMemberId = (await rows<{ id: string }>('SELECT id FROM members WHERE workspace_id = $1', [ws]))[0]!.id;
  const topic = (await inject('POST', '/topics', { name: 'Zephyr' })).body.data.id as string;
  expect((await inject('POST', '/queries', { topicId: topic, query: 'zephyr' })).status).toBe(201);
  const mastodon = await inject('POST', '/sources', { type: 'mastodon', name: 'Fake social', config: { instance: fake.url, timeline: 'hashtag', hashtag: 'zephyr' }, credentials: { accessToken: 'masto-write' } });
  expect(mastodon.status, mastodon.raw).toBe(201);
  mastodonSource = `mastodon:${mastodon.body.data.id as string}`;
  const x = await inject('POST', '/sources', { type: 'x', name: 'X search', config: { query: 'zephyr', baseUrl: fake.url }, credentials: { bearerToken: 'app-only' } });
  expect(x.status, x.raw).toBe(201);
  xSource = `x:${x.body.data.id as string}`;
});

afterAll(async () => {
  await pipeline?.close();
  await fake?.close();
  await t?.close();
});

describe('escalating a mention', () => {
  let mentionId: string;
  let conversationId: string;

  it('opens a public conversation of its thread, with the author as contact and the mention as first message', async () => {
    const [stored] = await store(mastodonSource, [status('111', 'My Zephyr laces broke after two days')]);
    expect(stored).toBeDefined();
    mentionId = stored!;
    expect((await inject('GET', `/mentions/${mentionId}/conversation`)).body.data).toEqual({ conversationId: null, cannotReply: null });
    const opened = await escalate(mentionId!);
    expect(opened.status).toBe(201);
    conversationId = opened.conversationId;
    const [conversation] = await rows<{ visibility: string; channel_type: string; external_thread_id: string; contact_id: string | null; source_mention_id: string; language: string }>(
      'SELECT visibility, channel_type, external_thread_id, contact_id, source_mention_id, language FROM conversations WHERE id = $1',
      [conversationId],
    );
    expect(conversation).toMatchObject({ visibility: 'public', channel_type: 'listening', external_thread_id: 'https://other.social/users/jo/statuses/111', source_mention_id: mentionId, language: 'en' });
    const [contact] = await rows<{ name: string }>(
      `SELECT c.name FROM contacts c JOIN identities i ON i.contact_id = c.id WHERE c.id = $1 AND i.channel = 'mastodon' AND i.handle = 'jo@other.social'`,
      [conversation!.contact_id],
    );
    expect(contact?.name).toBe('Jo Runner');
    const messages = await rows<{ text: string; direction: string; external_id: string }>('SELECT text, direction, external_id FROM messages WHERE conversation_id = $1', [conversationId]);
    expect(messages).toEqual([{ text: 'My Zephyr laces broke after two days', direction: 'inbound', external_id: `${mastodonSource}:https://other.social/users/jo/statuses/111` }]);
    const [escalated] = await rows<{ actor_member_id: string }>(`SELECT actor_member_id FROM conversation_events WHERE conversation_id = $1 AND type = 'escalated'`, [conversationId]);
    expect(escalated?.actor_member_id).toBe(ownerMemberId);
    const channels = await rows<{ n: string }>(`SELECT count(*) AS n FROM channels WHERE workspace_id = $1 AND type = 'listening'`, [ws]);
    expect(Number(channels[0]!.n)).toBe(1);
  });

  it('twice opens the same conversation, and the mention says which', async () => {
    const again = await escalate(mentionId);
    expect(again).toEqual({ status: 200, conversationId });
    expect((await inject('GET', `/mentions/${mentionId}/conversation`)).body.data).toEqual({ conversationId, cannotReply: null });
    expect(Number((await rows<{ n: string }>('SELECT count(*) AS n FROM conversations WHERE workspace_id = $1', [ws]))[0]!.n)).toBe(1);
  });

  it('answers 404 for a mention of another workspace or none', async () => {
    const other = await createWorkspaceWithOwner(t, 'Other');
    const response = await t.app.inject({ method: 'POST', url: `/api/v1/mentions/${mentionId}/conversation`, headers: as(other.owner, other.workspace.id) });
    expect(response.statusCode).toBe(404);
    expect((await inject('POST', '/mentions/99999999/conversation')).status).toBe(404);
  });

  it('replies through the mention’s Mastodon source: in_reply_to_id, the token, our id as Idempotency-Key; the message is sent with the status id', async () => {
    const message = await sendMessage(ctx(), conversationId, { text: 'Sorry about that! DM us your order number.' });
    expect(await deliverMessage(deps(), ws, message.id)).toBe('sent');
    const sent = fake.to('/api/v1/statuses').at(-1)!;
    expect(sent.headers.authorization).toBe('Bearer masto-write');
    expect(sent.headers['idempotency-key']).toBe(String(message.id));
    expect(sent.json).toEqual({ status: '@jo@other.social Sorry about that! DM us your order number.', in_reply_to_id: '111', visibility: 'public' });
    const row = await messageRow(message.id);
    expect(row.status).toBe('sent');
    expect(row.external_id).toMatch(/^\d+$/);
  });

  it('fails a reply carrying a file, which its source would get as text alone, and posts nothing', async () => {
    const before = fake.to('/api/v1/statuses').length;
    const message = await sendMessage(ctx(), conversationId, { text: 'Here is the photo', attachments: [{ name: 'a.png', contentType: 'image/png', size: 3, url: 'https://files.example/a.png' }] });
    expect(await deliverMessage(deps(), ws, message.id)).toBe('failed');
    expect((await messageRow(message.id)).error).toBe('Replies to mentions go out through their source as text only; share a link to the file instead.');
    expect(fake.to('/api/v1/statuses')).toHaveLength(before);
  });

  it('waits for Retry-After when the instance answers 429, then sends', async () => {
    const message = await sendMessage(ctx(), conversationId, { text: 'Following up on this.' });
    fake.failNext('/api/v1/statuses', { status: 429, body: { error: 'Too many requests' }, headers: { 'retry-after': '30' } });
    const now = new Date('2026-11-27T03:00:00Z');
    expect(await deliverMessage(deps(), ws, message.id, now)).toBe('retrying');
    expect((await messageRow(message.id)).status).toBe('queued');
    const [job] = await rows<{ run_at: Date }>(`SELECT run_at FROM graphile_worker.jobs WHERE task_identifier = 'inbox.send_message' AND key = $1`, [`inbox-send:${message.id}`]);
    expect(job!.run_at.getTime() - now.getTime()).toBe(30_000);
    expect(await deliverMessage(deps(), ws, message.id, new Date(now.getTime() + 30_000))).toBe('sent');
    expect((await messageRow(message.id)).status).toBe('sent');
  });

  it('joins replies that arrive later in the thread — to the post, and to our reply — into the conversation', async () => {
    const ourStatusId = (await rows<{ external_id: string }>(`SELECT external_id FROM messages WHERE conversation_id = $1 AND direction = 'outbound' ORDER BY id LIMIT 1`, [conversationId]))[0]!.external_id;
    await store(mastodonSource, [
      status('112', 'Zephyr: still waiting on an answer', { inReplyToId: '111' }),
      status('113', 'Zephyr order 5521, thanks', { inReplyToId: ourStatusId }),
      status('114', 'Zephyr is great, unrelated post', { author: 'sam', inReplyToId: '999' }),
    ]);
    expect(await joinEscalatedThreads(t.db.database.db)).toBe(2);
    const texts = await rows<{ text: string }>(`SELECT text FROM messages WHERE conversation_id = $1 AND direction = 'inbound' ORDER BY created_at, id`, [conversationId]);
    expect(texts.map((row) => row.text)).toEqual(['My Zephyr laces broke after two days', 'Zephyr: still waiting on an answer', 'Zephyr order 5521, thanks']);
    expect(Number((await rows<{ n: string }>('SELECT count(*) AS n FROM conversations WHERE workspace_id = $1', [ws]))[0]!.n)).toBe(1);
    // where it stopped is kept: a second pass joins nothing again
    expect(await joinEscalatedThreads(t.db.database.db)).toBe(0);
  });
});

describe('a Bluesky source with a handle and an app password', () => {
  it('replies with strong refs to the post, and the message keeps the new post’s at:// uri', async () => {
    const created = await inject('POST', '/sources', {
      type: 'bluesky',
      name: 'Bluesky search',
      config: { query: 'zephyr', baseUrl: fake.url },
      credentials: { handle: 'lumen.bsky.social', appPassword: 'app-pass', pdsUrl: fake.url },
    });
    expect(created.status, created.raw).toBe(201);
    const uri = 'at://did:plc:kim/app.bsky.feed.post/3kabc';
    const [mentionId] = await store(`bluesky:${created.body.data.id as string}`, [
      { externalId: uri, text: 'Zephyr app keeps crashing', channel: 'bluesky', author: { handle: 'kim.bsky.social', externalId: 'did:plc:kim' }, data: { cid: 'bafykim', replyRoot: null, replyParent: null } },
    ]);
    const { conversationId } = await escalate(mentionId!);
    const message = await sendMessage(ctx(), conversationId, { text: 'Sorry Kim, a fix ships today' });
    expect(await deliverMessage(deps(), ws, message.id)).toBe('sent');
    const record = fake.to('/xrpc/com.atproto.repo.createRecord').at(-1)!.json as { record: { reply: unknown } };
    expect(record.record.reply).toEqual({ root: { uri, cid: 'bafykim' }, parent: { uri, cid: 'bafykim' } });
    expect((await messageRow(message.id)).external_id).toMatch(/^at:\/\/did:plc:lumen\/app\.bsky\.feed\.post\//);
  });
});

describe('a source that cannot post', () => {
  it('an X source with an app-only bearer token fails the reply with what to add', async () => {
    const [mentionId] = await store(xSource, [
      { externalId: '1800000000000000001', text: 'Zephyr support never answers', channel: 'twitter', author: { handle: 'runner_jo', externalId: '42', followers: 300 }, data: { conversationId: '1800000000000000001' } },
    ]);
    const reason = 'The X source "X search" reads with an app-only bearer token, which cannot post; add a user access token (OAuth 2.0 with tweet.write) to reply.';
    expect((await inject('GET', `/mentions/${mentionId}/conversation`)).body.data).toEqual({ conversationId: null, cannotReply: reason });
    const { conversationId } = await escalate(mentionId!);
    // The conversation says so before anyone writes a reply.
    expect((await inject('GET', `/conversations/${conversationId}`)).body.data).toMatchObject({ cannotReply: reason });
    const message = await sendMessage(ctx(), conversationId, { text: 'We are here to help' });
    expect(await deliverMessage(deps(), ws, message.id)).toBe('failed');
    const row = await messageRow(message.id);
    expect(row.status).toBe('failed');
    expect(row.error).toBe(reason);
    expect(fake.to('/2/tweets')).toHaveLength(0);
  });

  it('a mention posted to the API has no source to reply through', async () => {
    const posted = await inject('POST', '/posts', { source: 'api', posts: [{ externalId: 'api-1', text: 'Zephyr rocks', channel: 'mastodon', author: { handle: 'kim@other.social' } }] });
    expect(posted.status, posted.raw).toBe(200);
    const mentionId = String((posted.body as unknown as { mentionIds: string[] }).mentionIds[0]);
    const { conversationId } = await escalate(mentionId);
    const message = await sendMessage(ctx(), conversationId, { text: 'Thanks Kim' });
    expect(await deliverMessage(deps(), ws, message.id)).toBe('failed');
    expect((await messageRow(message.id)).error).toMatch(/posted to Parley's API/);
  });
});
