// Channel health on a real database: the daily token-expiry sweep (admins told once per expiry date,
// agents never; an expired token needs reconnecting), Meta's debug_token read from a local fake Graph
// API, the webhook marked verified by a real signed delivery and handshake, the health shown on the
// channel, and webhook dead letters listed over HTTP and retried through the drain job into the inbox.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { addMember, as, createWorkspaceWithOwner, type TestUser } from '../../../../test/helpers/factories.js';
import { createChannel, receiveCustomerMessage } from '../../../../test/helpers/inbox.js';
import { deliverMessage } from '../../inbox/jobs/send-message.js';
import { ChannelSendError } from '../driver.js';
import { registerChannelDriver } from '../registry.js';
import { drainWebhookEvents } from '../webhooks/drain-webhook-events.js';
import { checkTokenExpiry } from './check-token-expiry.js';

let t: TestApp;
let ws: string;
let owner: TestUser;
let ownerMemberId: string;
let adminMemberId: string;
let agentMemberId: string;
const quiet = { log: () => {} };
const DAY = 86_400_000;

const rows = async <T>(text: string, params: unknown[] = []) => (await t.db.database.pool.query(text, params)).rows as T[];
type Json = { data: unknown; nextCursor?: string | null; error?: { code: string } };
const api = async (method: string, url: string, payload?: unknown) => {
  const response = await t.app.inject({ method: method as 'GET', url: `/api/v1${url}`, headers: as(owner, ws), ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}) });
  return { status: response.statusCode, body: response.json<Json>() };
};
const telegramUpdate = (updateId: number, text: string) =>
  JSON.stringify({ update_id: updateId, message: { message_id: updateId, date: 1730231903, chat: { id: 4242, type: 'private', first_name: 'Tess' }, from: { id: 4242, is_bot: false, first_name: 'Tess' }, text } });
const deliverTelegram = (channelId: string, body: string, secret: string) =>
  t.app.inject({ method: 'POST', url: `/webhooks/telegram/${channelId}`, payload: body, headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret } });

async function addTelegram(name: string, extra: Record<string, unknown> = {}) {
  const created = await api('POST', '/channels', { type: 'telegram', name, credentials: { secretToken: `secret-${name.replace(/\W/g, '')}`, botToken: '123:abc' }, ...extra });
  expect(created.status).toBe(201);
  return created.body.data as { id: string; status: { state: string }; webhook: { url: string } };
}

const noticesOf = (channelId: string) =>
  rows<{ member_id: string; title: string; link: string }>(`SELECT member_id, title, link FROM notifications WHERE workspace_id = $1 AND kind = 'channel_health' AND link LIKE $2 ORDER BY member_id`, [ws, `%${channelId}`]);

beforeAll(async () => {
  t = await buildTestApp({ publicUrl: 'https://parley.example.com' });
  const created = await createWorkspaceWithOwner(t);
  ws = created.workspace.id;
  owner = created.owner;
  ownerMemberId = created.ownerMemberId;
  adminMemberId = (await addMember(t, ws, 'admin')).memberId;
  agentMemberId = (await addMember(t, ws, 'agent')).memberId;
});
afterAll(async () => t?.close());

describe('token expiry', () => {
  it('tells the admins (not the agents) once when a token expires within a week, and marks the channel', async () => {
    // The API shows days left by the real clock, so the sweep runs at (about) the real time too.
    const now = new Date();
    const channel = await addTelegram('Expiring bot', { tokenExpiresAt: new Date(now.getTime() + 3 * DAY).toISOString() });
    const later = await addTelegram('Far bot', { tokenExpiresAt: new Date(now.getTime() + 30 * DAY).toISOString() });

    const first = await checkTokenExpiry(t.db.database.db, now);
    expect(first).toMatchObject({ warned: 1, expired: 0, failed: 0 });
    const notices = await noticesOf(channel.id);
    expect(notices.map((notice) => notice.member_id).sort()).toEqual([adminMemberId, ownerMemberId].sort());
    expect(notices.map((notice) => notice.member_id)).not.toContain(agentMemberId);
    expect(notices[0]).toMatchObject({ title: 'Expiring bot: access token expires in 3 days', link: `/settings/channels?channel=${channel.id}` });
    expect(await noticesOf(later.id)).toEqual([]);

    const shown = await api('GET', `/channels/${channel.id}`);
    expect(shown.body.data).toMatchObject({ health: 'token_expiring', status: { state: 'token_expiring', tokenExpiresInDays: 3 } });

    // The next day's run (and a racing second one) tells nobody again.
    expect(await checkTokenExpiry(t.db.database.db, new Date(now.getTime() + DAY))).toMatchObject({ warned: 0, notices: 0 });
    expect(await noticesOf(channel.id)).toHaveLength(2);

    // A replaced token with a new expiry date starts afresh; within a week of it, a new notice.
    const replaced = await api('PATCH', `/channels/${channel.id}`, { credentials: { botToken: '123:new' }, tokenExpiresAt: new Date(now.getTime() + 5 * DAY).toISOString() });
    expect(replaced.body.data).toMatchObject({ health: 'ok', storedCredentials: ['botToken', 'secretToken'] });
    expect(await checkTokenExpiry(t.db.database.db, now)).toMatchObject({ warned: 1, notices: 2 });
    expect(await noticesOf(channel.id)).toHaveLength(4);
  });

  it('marks an expired token needs_reconnect', async () => {
    const now = new Date('2026-11-27T06:00:00Z');
    const channel = await addTelegram('Expired bot', { tokenExpiresAt: new Date(now.getTime() - DAY).toISOString() });
    expect(await checkTokenExpiry(t.db.database.db, now)).toMatchObject({ expired: 1 });
    const [row] = await rows<{ health: string; last_error: string }>('SELECT health, last_error FROM channels WHERE id = $1', [channel.id]);
    expect(row).toMatchObject({ health: 'needs_reconnect' });
    expect(row!.last_error).toContain('expired on 2026-11-26');
    expect((await noticesOf(channel.id))[0]?.title).toBe('Expired bot: access token expired — reconnect the channel');
    expect((await api('GET', `/channels/${channel.id}`)).body.data).toMatchObject({ status: { state: 'needs_reconnect' } });
  });
});

describe('webhook verification', () => {
  it('shows "webhook not verified" until a signed delivery arrives, with the URL to give the platform', async () => {
    const channel = await addTelegram('Fresh bot');
    expect(channel.webhook.url).toBe(`https://parley.example.com/webhooks/telegram/${channel.id}`);
    expect(channel.status.state).toBe('webhook_unverified');

    // A delivery with the wrong secret proves nothing.
    expect((await deliverTelegram(channel.id, telegramUpdate(1, 'hi'), 'not-the-secret')).statusCode).toBe(401);
    expect((await api('GET', `/channels/${channel.id}`)).body.data).toMatchObject({ webhookVerifiedAt: null, status: { state: 'webhook_unverified' } });

    expect((await deliverTelegram(channel.id, telegramUpdate(2, 'hello'), 'secret-Freshbot')).statusCode).toBe(200);
    const after = (await api('GET', `/channels/${channel.id}`)).body.data as { webhookVerifiedAt: string | null; status: { state: string } };
    expect(after.webhookVerifiedAt).not.toBeNull();
    expect(after.status.state).toBe('ok');
  });

  it("counts Meta's verification handshake, but not one with the wrong verify token", async () => {
    const created = await api('POST', '/channels', { type: 'messenger', credentials: { appSecret: 'app-secret', verifyToken: 'verify-me' } });
    const id = (created.body.data as { id: string }).id;
    const query = (token: string) => ({ 'hub.mode': 'subscribe', 'hub.verify_token': token, 'hub.challenge': '42' });
    expect((await t.app.inject({ method: 'GET', url: `/webhooks/meta/${id}`, query: query('wrong') })).statusCode).toBe(403);
    expect((await rows<{ at: Date | null }>('SELECT webhook_verified_at AS at FROM channels WHERE id = $1', [id]))[0]!.at).toBeNull();
    expect((await t.app.inject({ method: 'GET', url: `/webhooks/meta/${id}`, query: query('verify-me') })).body).toBe('42');
    expect((await rows<{ at: Date | null }>('SELECT webhook_verified_at AS at FROM channels WHERE id = $1', [id]))[0]!.at).not.toBeNull();
  });
});

describe('dead letters', () => {
  it('lists what could not be processed with the reason, and a retry after the fix reaches the inbox', async () => {
    const channel = await addTelegram('Dead letter bot');
    // Signed, stored and acknowledged — but not a Telegram update the parser can read.
    const broken = JSON.stringify({ update_id: 77, message: 'not an object' });
    expect((await deliverTelegram(channel.id, broken, 'secret-Deadletterbot')).statusCode).toBe(200);
    for (let i = 0; i < 3; i++) expect((await deliverTelegram(channel.id, `{"update_id": ${80 + i}}`, 'secret-Deadletterbot')).statusCode).toBe(200);
    expect(await drainWebhookEvents(t.db.database.db, quiet)).toMatchObject({ dead: 4 });

    const firstPage = await api('GET', `/channels/${channel.id}/webhook-events?state=dead&limit=2`);
    expect(firstPage.status).toBe(200);
    expect(firstPage.body.data).toHaveLength(2);
    const secondPage = await api('GET', `/channels/${channel.id}/webhook-events?state=dead&limit=2&cursor=${firstPage.body.nextCursor}`);
    expect(secondPage.body.data).toHaveLength(2);
    expect(secondPage.body.nextCursor).toBeNull();
    type Listed = { id: number; reason: string; excerpt: string; state: string };
    const all = [...(firstPage.body.data as Listed[]), ...(secondPage.body.data as Listed[])];
    expect(new Set(all.map((event) => event.id)).size).toBe(4);
    const dead = all.find((event) => event.excerpt === broken)!;
    expect(dead).toMatchObject({ state: 'dead' });
    expect(dead.reason.length).toBeGreaterThan(0);

    // Retrying while the cause remains leaves it dead again.
    expect((await api('POST', `/channels/${channel.id}/webhook-events/${dead.id}/retry`)).body.data).toMatchObject({ state: 'received' });
    expect(await drainWebhookEvents(t.db.database.db, quiet)).toMatchObject({ dead: 1, processed: 0 });

    // The fix (standing in for a parser that now reads it: the delivery as the platform meant it), then the retry.
    await rows('UPDATE webhook_events SET body = $1 WHERE id = $2', [Buffer.from(telegramUpdate(77, 'Order 1234 never arrived')), dead.id]);
    const retried = await api('POST', `/channels/${channel.id}/webhook-events/${dead.id}/retry`);
    expect(retried.status).toBe(200);
    expect(await rows('SELECT 1 FROM graphile_worker.jobs WHERE task_identifier = $1', ['channels.webhooks.drain'])).not.toHaveLength(0);
    expect(await drainWebhookEvents(t.db.database.db, quiet)).toMatchObject({ processed: 1, dead: 0 });
    expect(await rows('SELECT text FROM messages WHERE channel_id = $1', [channel.id])).toEqual([{ text: 'Order 1234 never arrived' }]);
    expect((await api('GET', `/channels/${channel.id}/webhook-events?state=dead`)).body.data).toHaveLength(3);

    // A processed event is not retried; another workspace's channel is not found.
    expect((await api('POST', `/channels/${channel.id}/webhook-events/${dead.id}/retry`)).body.error?.code).toBe('webhook_event.not_retryable');
    expect((await api('GET', `/channels/ch_elsewhere/webhook-events`)).status).toBe(404);
  });

  it('is for channel managers only', async () => {
    const channel = await addTelegram('Private bot');
    const agent = await addMember(t, ws, 'agent');
    const response = await t.app.inject({ method: 'GET', url: `/api/v1/channels/${channel.id}/webhook-events`, headers: as(agent.user, ws) });
    expect(response.statusCode).toBe(403);
  });
});

describe("asking Meta about the token", () => {
  it('records the expiry debug_token gives, and needs_reconnect for a token Meta refuses', async () => {
    const expiresAt = Math.floor(Date.now() / 1000) + 45 * 86_400;
    const seen: URLSearchParams[] = [];
    // Graph API's GET /debug_token, as documented: {data: {is_valid, expires_at}}; error 190 for a dead token.
    const graph = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://graph');
      seen.push(url.searchParams);
      const token = url.searchParams.get('input_token');
      const send = (status: number, body: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (url.pathname !== '/v21.0/debug_token') return send(404, { error: { message: 'Unknown path', code: 803 } });
      if (token === 'EAAB-good') return send(200, { data: { app_id: '1', type: 'PAGE', is_valid: true, expires_at: expiresAt, scopes: ['pages_messaging'] } });
      if (token === 'EAAB-forever') return send(200, { data: { app_id: '1', type: 'SYSTEM_USER', is_valid: true, expires_at: 0 } });
      return send(400, { error: { message: 'Error validating access token: Session has expired', type: 'OAuthException', code: 190, error_subcode: 463 } });
    });
    await new Promise<void>((resolve) => graph.listen(0, '127.0.0.1', resolve));
    const apiBaseUrl = `http://127.0.0.1:${(graph.address() as AddressInfo).port}/v21.0`;
    try {
      const add = async (accessToken: string) =>
        ((await api('POST', '/channels', { type: 'instagram', config: { accountId: '17841400000000000', apiBaseUrl }, credentials: { appSecret: 's', verifyToken: 'v', accessToken } })).body.data as { id: string }).id;
      const good = await add('EAAB-good');
      const checked = await api('POST', `/channels/${good}/token-check`);
      expect(checked.status).toBe(200);
      expect(checked.body.data).toMatchObject({ tokenExpiresAt: new Date(expiresAt * 1000).toISOString(), status: { tokenExpiresInDays: 45 } });
      expect(seen[0]?.get('access_token')).toBe('EAAB-good');

      const forever = await add('EAAB-forever');
      expect((await api('POST', `/channels/${forever}/token-check`)).body.data).toMatchObject({ tokenExpiresAt: null, health: 'ok' });

      const revoked = await add('EAAB-revoked');
      const refused = await api('POST', `/channels/${revoked}/token-check`);
      expect(refused.body.data).toMatchObject({ health: 'needs_reconnect', status: { state: 'needs_reconnect' } });

      // Telegram tokens do not expire: nothing to ask.
      const telegram = await addTelegram('Token bot');
      expect((await api('POST', `/channels/${telegram.id}/token-check`)).body.error?.code).toBe('channel.token_check_unavailable');
    } finally {
      await new Promise((resolve) => graph.close(resolve));
    }
  });
});

describe('rate limits', () => {
  it("shows a channel rate-limited until the platform's Retry-After has passed", async () => {
    const channelId = await createChannel(t, ws, { type: 'x', name: 'Busy X account' });
    registerChannelDriver({
      type: 'x',
      send: async () => {
        throw new ChannelSendError('rate_limited', 'Too Many Requests', 15 * 60_000);
      },
    });
    const received = await receiveCustomerMessage(t, ws, channelId, { thread: 'dm-1', id: 'x-1', text: 'Hello?', from: { handle: 'x-user-1', channel: 'twitter' } });
    const sent = await t.app.inject({ method: 'POST', url: `/api/v1/conversations/${received.conversationId}/messages`, headers: as(owner, ws), payload: { text: 'Hi!' } });
    expect(sent.statusCode, sent.body).toBe(201);
    expect(await deliverMessage({ db: t.db.database.db }, ws, sent.json<{ data: { id: number } }>().data.id)).toBe('retrying');
    const shown = (await api('GET', `/channels/${channelId}`)).body.data as { rateLimitedUntil: string; status: { state: string } };
    expect(shown.status.state).toBe('rate_limited');
    expect(Date.parse(shown.rateLimitedUntil) - Date.now()).toBeGreaterThan(14 * 60_000);
  });
});
