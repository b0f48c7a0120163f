// Messenger and Instagram, both ways, end to end on a real database against a fake Graph API on a real
// port: a platform's webhook payload (signed with the channel's app secret) becomes a conversation with its
// contact, an agent's reply through the HTTP API goes out as exactly the Graph call Meta documents, the
// message is sent with the platform's id and delivery/read webhooks move it on. Comments are answered in
// public on the comment; throttling waits, a dead token asks for a reconnection, the 24-hour window and a
// missing token are explained.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, TEST_SECRET, type TestApp } from '../../../../test/helpers/app.js';
import { as, createWorkspaceWithOwner, type TestUser } from '../../../../test/helpers/factories.js';
import { SecretBox } from '../../../lib/secrets.js';
import { sendAutomaticMessage } from '../../inbox/commands/send-message.js';
import { deliverMessage } from '../../inbox/jobs/send-message.js';
import { factoryBotHashes, webhookFixtureJson } from '../webhook-fixtures.js';
import { drainWebhookEvents } from '../webhooks/drain-webhook-events.js';
import { graphError, startFakeGraph, type FakeGraph } from './fake-graph.js';
import { graphFailure } from './send-graph-client.js';

const APP_SECRET = 'meta-app-secret-1';
const PAGE_TOKEN = 'EAAPageToken';
const IG_TOKEN = 'IGAAccountToken';
const quiet = { log: () => {} };

let t: TestApp;
let fake: FakeGraph;
let ws: string;
let owner: TestUser;
const secrets = new SecretBox(TEST_SECRET);
const channel = { messenger: '', instagram: '', tokenless: '' };

type Json = Record<string, unknown>;
const api = async (method: 'GET' | 'POST', url: string, payload?: unknown) => {
  const response = await t.app.inject({ method, url: `/api/v1${url}`, headers: as(owner, ws), ...(payload !== undefined ? { payload: payload as object } : {}) });
  return { status: response.statusCode, body: (response.body ? response.json() : null) as { data: Json }, raw: response.body };
};
const rows = async <T>(text: string, params: unknown[] = []) => (await t.db.database.pool.query(text, params)).rows as T[];
const messageRow = async (id: number) =>
  (await rows<{ status: string; external_id: string | null; error: string | null; delivered_at: Date | null; read_at: Date | null }>('SELECT status, external_id, error, delivered_at, read_at FROM messages WHERE id = $1', [id]))[0]!;
const deps = () => ({ db: t.db.database.db, secrets });

/** Posts a webhook body to the channel the way Meta does: the exact bytes, signed with the app secret. */
async function deliverWebhook(channelId: string, payload: unknown) {
  const body = JSON.stringify(payload);
  const response = await t.app.inject({
    method: 'POST',
    url: `/webhooks/meta/${channelId}`,
    payload: body,
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}` },
  });
  expect(response.statusCode, response.body).toBe(200);
  expect(await drainWebhookEvents(t.db.database.db, quiet)).toMatchObject({ processed: 1, dead: 0, failed: 0 });
}

async function addChannel(type: 'messenger' | 'instagram', config: Json, credentials: Record<string, string>) {
  const created = await api('POST', '/channels', { type, config: { apiBaseUrl: fake.url, ...config }, credentials: { appSecret: APP_SECRET, verifyToken: 'verify-me', ...credentials } });
  expect(created.status, created.raw).toBe(201);
  return created.body.data.id as string;
}

/** The conversation of a thread on a channel, as the inbox API shows it */
async function conversationOf(channelId: string, thread: string) {
  const [row] = await rows<{ id: string }>('SELECT id FROM conversations WHERE workspace_id = $1 AND channel_id = $2 AND external_thread_id = $3', [ws, channelId, thread]);
  expect(row, `no conversation for ${thread}`).toBeDefined();
  const shown = await api('GET', `/conversations/${row!.id}`);
  expect(shown.status, shown.raw).toBe(200);
  return shown.body.data;
}

async function reply(conversationId: string, text: string) {
  const response = await api('POST', `/conversations/${conversationId}/messages`, { text });
  expect(response.status, response.raw).toBe(201);
  return response.body.data.id as number;
}

/** A payload item's Meta time set to now: the fixtures' times are years old, so Meta's 24-hour window would be shut. */
const freshMessenger = (name: string) => {
  const payload = webhookFixtureJson(`messenger/botbuilder-dotnet/${name}`) as { entry: { time: number; messaging: { timestamp: number }[] }[] };
  payload.entry[0]!.time = Date.now();
  payload.entry[0]!.messaging[0]!.timestamp = Date.now();
  return payload;
};
const instagramFactories = factoryBotHashes('instagram/chatwoot/instagram_message_create_event.rb');
const instagramFixture = (name: string) => structuredClone({ object: 'instagram', ...instagramFactories.get(name)! }) as { object: string; entry: { time: unknown; messaging: Json[] }[] };

beforeAll(async () => {
  t = await buildTestApp();
  fake = await startFakeGraph({ tokens: [PAGE_TOKEN, IG_TOKEN] });
  const acme = await createWorkspaceWithOwner(t, 'Acme');
  ws = acme.workspace.id;
  owner = acme.owner;
  // The botbuilder payloads' Page id is "0".
  channel.messenger = await addChannel('messenger', { pageId: '0' }, { accessToken: PAGE_TOKEN });
  // No account id: the Send API is called on "me", the account the token belongs to; a newer API version.
  channel.instagram = await addChannel('instagram', { apiVersion: 'v22.0' }, { accessToken: IG_TOKEN });
  channel.tokenless = await addChannel('messenger', { pageId: '0' }, {});
});

afterAll(async () => {
  await fake?.close();
  await t?.close();
});

describe('Messenger', () => {
  let conversationId: string;
  let messageId: number;

  it('turns a signed Page message into an open conversation with its contact', async () => {
    await deliverWebhook(channel.messenger, freshMessenger('Payload.json'));
    const conversation = await conversationOf(channel.messenger, '0:0');
    conversationId = conversation.id as string;
    expect(conversation).toMatchObject({ channelType: 'messenger', visibility: 'private', status: 'open', cannotReply: null });
    const [identity] = await rows<{ contact_id: string }>(`SELECT contact_id FROM identities WHERE workspace_id = $1 AND channel = 'facebook' AND external_id = '0'`, [ws]);
    expect(identity?.contact_id).toBeTruthy();
    expect((conversation.contact as Json | null)?.id).toBe(identity!.contact_id);
  });

  it("sends an agent's reply with the Send API to the person's page-scoped id, and keeps the platform's message id", async () => {
    messageId = await reply(conversationId, 'Hi! Your order ships tomorrow.');
    expect(await deliverMessage(deps(), ws, messageId)).toBe('sent');
    const calls = fake.to('/v21.0/0/messages');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.token).toBe(PAGE_TOKEN);
    expect(calls[0]!.json).toEqual({ recipient: { id: '0' }, messaging_type: 'RESPONSE', message: { text: 'Hi! Your order ships tomorrow.' } });
    const row = await messageRow(messageId);
    expect(row).toMatchObject({ status: 'sent', error: null });
    expect(row.external_id).toBe((calls[0]!.answer!.body as Json).message_id);
  });

  it("answers for 7 days with the HUMAN_AGENT tag on a channel with Meta's Human Agent permission, a person's replies only", async () => {
    const humanChannel = await addChannel('messenger', { pageId: '0', humanAgent: true }, { accessToken: PAGE_TOKEN });
    const threeDaysAgo = Date.now() - 3 * 24 * 3600_000;
    const payload = freshMessenger('Payload.json');
    payload.entry[0]!.time = threeDaysAgo;
    payload.entry[0]!.messaging[0]!.timestamp = threeDaysAgo;
    await deliverWebhook(humanChannel, payload);
    const conversation = await conversationOf(humanChannel, '0:0');
    expect(conversation.cannotReply).toBeNull();
    const id = await reply(conversation.id as string, 'Sorry for the wait: your refund went out today.');
    expect(await deliverMessage(deps(), ws, id)).toBe('sent');
    expect(fake.to('/v21.0/0/messages').at(-1)!.json).toEqual({ recipient: { id: '0' }, messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT', message: { text: 'Sorry for the wait: your refund went out today.' } });

    // An automatic message (a survey, an auto-reply) is not a person's reply.
    const before = fake.requests.length;
    const automatic = await sendAutomaticMessage(t.db.database.db, ws, conversation.id as string, 'How did we do?', 'CSAT survey');
    expect(await deliverMessage(deps(), ws, automatic.id)).toBe('failed');
    expect((await messageRow(automatic.id)).error).toBe("Cannot send an automatic message on Messenger more than 24 hours after the customer's last message: Meta's Human Agent tag is for a person's replies only.");
    // Past 7 days, nobody may answer.
    await rows(`UPDATE conversations SET last_inbound_at = now() - interval '8 days' WHERE id = $1`, [conversation.id]);
    const late = await reply(conversation.id as string, 'Hello again');
    expect(await deliverMessage(deps(), ws, late)).toBe('failed');
    expect((await messageRow(late)).error).toBe("Cannot reply on Messenger: more than 7 days since the customer's last message; Meta allows a person's reply (Human Agent) only within 7 days.");
    expect(fake.requests).toHaveLength(before);
  });

  it('moves the message to delivered when the delivery webhook names its id', async () => {
    const mid = (await messageRow(messageId)).external_id!;
    // Meta's documented message_deliveries shape (no fixture holds one).
    await deliverWebhook(channel.messenger, { object: 'page', entry: [{ id: '0', time: Date.now(), messaging: [{ sender: { id: '0' }, recipient: { id: '0' }, timestamp: Date.now(), delivery: { mids: [mid], watermark: Date.now() } }] }] });
    const row = await messageRow(messageId);
    expect(row.status).toBe('delivered');
    expect(row.delivered_at).not.toBeNull();
  });

  it('sends text and each file as their own Send API messages, quick replies on the last, and refuses files Meta cannot fetch', async () => {
    const photo = { name: 'size-chart.png', contentType: 'image/png', size: 2048, url: 'https://cdn.acme.example/size-chart.png' };
    const created = await api('POST', `/conversations/${conversationId}/messages`, { text: 'Here is the size chart.', attachments: [photo] });
    expect(created.status, created.raw).toBe(201);
    const id = created.body.data.id as number;
    // Automation puts quick replies on the message; the composer has no field for them.
    await rows(`UPDATE messages SET data = $2 WHERE id = $1`, [id, { quickReplies: ['Size M', { title: 'Talk to a person', payload: 'HUMAN' }] }]);
    const before = fake.to('/v21.0/0/messages').length;
    expect(await deliverMessage(deps(), ws, id)).toBe('sent');
    const calls = fake.to('/v21.0/0/messages').slice(before);
    expect(calls.map((call) => call.json)).toEqual([
      { recipient: { id: '0' }, messaging_type: 'RESPONSE', message: { text: 'Here is the size chart.' } },
      {
        recipient: { id: '0' },
        messaging_type: 'RESPONSE',
        message: {
          attachment: { type: 'image', payload: { url: 'https://cdn.acme.example/size-chart.png', is_reusable: false } },
          quick_replies: [
            { content_type: 'text', title: 'Size M', payload: 'Size M' },
            { content_type: 'text', title: 'Talk to a person', payload: 'HUMAN' },
          ],
        },
      },
    ]);
    // The message is known by its first part's id, which delivery webhooks name too.
    expect((await messageRow(id)).external_id).toBe((calls[0]!.answer!.body as Json).message_id);

    const local = await api('POST', `/conversations/${conversationId}/messages`, { text: '', attachments: [{ ...photo, url: '/api/v1/files/f_1' }] });
    expect(await deliverMessage(deps(), ws, local.body.data.id as number)).toBe('failed');
    expect((await messageRow(local.body.data.id as number)).error).toBe('Meta fetches attachments by URL, and "size-chart.png" has no public http(s) URL.');
  });

  it("sends the reply API's buttons as quick replies, each id the payload", async () => {
    const created = await api('POST', `/conversations/${conversationId}/messages`, { text: 'Which size fits?', buttons: [{ title: 'Size M' }, { title: 'Size L', id: 'SIZE_L' }] });
    expect(created.status, created.raw).toBe(201);
    const before = fake.to('/v21.0/0/messages').length;
    expect(await deliverMessage(deps(), ws, created.body.data.id as number)).toBe('sent');
    expect(fake.to('/v21.0/0/messages').slice(before).map((call) => call.json)).toEqual([
      {
        recipient: { id: '0' },
        messaging_type: 'RESPONSE',
        message: {
          text: 'Which size fits?',
          quick_replies: [
            { content_type: 'text', title: 'Size M', payload: 'size-m' },
            { content_type: 'text', title: 'Size L', payload: 'SIZE_L' },
          ],
        },
      },
    ]);
  });

  it('waits as long as Meta says when throttled (Retry-After, then the usage header), then sends', async () => {
    const id = await reply(conversationId, 'One more thing.');
    fake.failNext(
      '/v21.0/0/messages',
      graphError(429, 613, 'Calls to this api have exceeded the rate limit.', { headers: { 'retry-after': '30' } }),
      graphError(400, 80006, 'There have been too many messages sent to this Messenger user.', {
        headers: { 'x-business-use-case-usage': JSON.stringify({ '0': [{ type: 'messenger', call_count: 100, total_cputime: 20, total_time: 30, estimated_time_to_regain_access: 2 }] }) },
      }),
    );
    const waits: number[] = [];
    for (const expected of ['retrying', 'retrying', 'sent'] as const) {
      const now = new Date();
      expect(await deliverMessage(deps(), ws, id, now)).toBe(expected);
      if (expected === 'retrying') {
        const [job] = await rows<{ run_at: Date }>(`SELECT run_at FROM graphile_worker.jobs WHERE task_identifier = 'inbox.send_message' AND key = $1`, [`inbox-send:${id}`]);
        waits.push(job!.run_at.getTime() - now.getTime());
        expect((await messageRow(id)).status).toBe('queued');
      }
    }
    expect(waits).toEqual([30_000, 120_000]);
    expect((await messageRow(id)).status).toBe('sent');
    expect(fake.to('/v21.0/0/messages').slice(-3).map((call) => (call.json?.message as Json).text)).toEqual(['One more thing.', 'One more thing.', 'One more thing.']);
  });

  it("fails the reply and asks to reconnect the channel when Meta refuses the token (190)", async () => {
    const id = await reply(conversationId, 'Are you still there?');
    fake.failNext('/v21.0/0/messages', graphError(401, 190, 'Error validating access token: Session has expired on Friday, 27-Nov-26 04:00:00 PST.', { subcode: 463 }));
    expect(await deliverMessage(deps(), ws, id)).toBe('failed');
    const row = await messageRow(id);
    expect(row.status).toBe('failed');
    expect(row.error).toMatch(/access token.*Session has expired.*code 190, subcode 463.*Reconnect the channel/);
    const shown = await api('GET', `/channels/${channel.messenger}`);
    expect(shown.body.data).toMatchObject({ health: 'needs_reconnect', lastError: row.error });
  });

  it('explains a refusal for the closed 24-hour window even when our clock thought it open', async () => {
    const id = await reply(conversationId, 'Following up.');
    fake.failNext('/v21.0/0/messages', graphError(400, 10, '(#10) This message is sent outside of allowed window.', { subcode: 2018278 }));
    expect(await deliverMessage(deps(), ws, id)).toBe('failed');
    expect((await messageRow(id)).error).toMatch(/^Messenger refused the reply: more than 24 hours since the customer's last message; Meta allows replies only within 24 hours\./);
    // The next good send says the channel is healthy again.
    expect(await deliverMessage(deps(), ws, await reply(conversationId, 'Back online.'))).toBe('sent');
    expect((await api('GET', `/channels/${channel.messenger}`)).body.data).toMatchObject({ health: 'ok' });
  });

  it('answers a Page comment in public, on the comment, and the conversation is public', async () => {
    const now = Math.floor(Date.now() / 1000);
    // Meta's documented Page feed change for a new comment (no fixture holds one).
    await deliverWebhook(channel.messenger, {
      object: 'page',
      entry: [
        {
          id: '0',
          time: now,
          changes: [
            {
              field: 'feed',
              value: {
                from: { id: '6098142640266467', name: 'Cinderella Hoover' },
                post: { status_type: 'added_photos', is_published: true, updated_time: new Date().toISOString(), permalink_url: 'https://www.facebook.com/acme/posts/1111', promotion_status: 'inactive', id: '0_1111' },
                message: 'Is this jacket still in stock in M?',
                post_id: '0_1111',
                comment_id: '1111_2222',
                created_time: now,
                item: 'comment',
                parent_id: '0_1111',
                verb: 'add',
              },
            },
          ],
        },
      ],
    });
    const conversation = await conversationOf(channel.messenger, '0_1111');
    expect(conversation).toMatchObject({ visibility: 'public', contact: { name: 'Cinderella Hoover' } });
    // The composer is open: the reply will answer the customer's comment.
    expect((await api('GET', `/conversations/${conversation.id as string}`)).body.data.cannotReply).toBeNull();
    const id = await reply(conversation.id as string, 'Yes, size M is in stock!');
    expect(await deliverMessage(deps(), ws, id)).toBe('sent');
    const calls = fake.to('/v21.0/1111_2222/comments');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.token).toBe(PAGE_TOKEN);
    expect(calls[0]!.json).toEqual({ message: 'Yes, size M is in stock!' });
    expect((await messageRow(id)).external_id).toBe((calls[0]!.answer!.body as Json).id);

    // A photo goes with the comment as a URL Graph fetches; a stored file without a public link cannot.
    const photo = { name: 'jacket-m.png', contentType: 'image/png', size: 2048, url: 'https://cdn.acme.example/jacket-m.png' };
    const withPhoto = await api('POST', `/conversations/${conversation.id as string}/messages`, { text: 'Here it is in M.', attachments: [photo] });
    expect(await deliverMessage(deps(), ws, withPhoto.body.data.id as number)).toBe('sent');
    expect(fake.to('/v21.0/1111_2222/comments').at(-1)!.json).toEqual({ message: 'Here it is in M.', attachment_url: 'https://cdn.acme.example/jacket-m.png' });
    const local = await api('POST', `/conversations/${conversation.id as string}/messages`, { text: 'And the back.', attachments: [{ ...photo, url: '/api/v1/message-files/file_1' }] });
    expect(await deliverMessage(deps(), ws, local.body.data.id as number)).toBe('failed');
    expect((await messageRow(local.body.data.id as number)).error).toMatch(/^Facebook fetches a comment's photo by URL, and "jacket-m.png" has no public http\(s\) URL/);
    expect(fake.to('/v21.0/1111_2222/comments')).toHaveLength(2);
  });

  it('says what to add when the channel has no access token, and calls nobody', async () => {
    const before = fake.requests.length;
    await deliverWebhook(channel.tokenless, freshMessenger('RequestResponse.json'));
    const conversation = await conversationOf(channel.tokenless, '123123123:123123123');
    expect((await api('GET', `/conversations/${conversation.id as string}`)).body.data.cannotReply).toMatch(/^No access token is configured for this Messenger channel/);
    const id = await reply(conversation.id as string, 'Hello');
    expect(await deliverMessage(deps(), ws, id)).toBe('failed');
    expect((await messageRow(id)).error).toMatch(/^No access token is configured for this Messenger channel; add the Page access token .* as accessToken/);
    expect(fake.requests).toHaveLength(before);
  });
});

describe('Instagram', () => {
  let conversationId: string;
  let messageId: number;

  it('turns a signed Instagram DM into an open conversation with its contact', async () => {
    const payload = instagramFixture('instagram_message_create_event');
    payload.entry[0]!.time = Date.now();
    payload.entry[0]!.messaging[0]!.timestamp = Date.now();
    await deliverWebhook(channel.instagram, payload);
    const conversation = await conversationOf(channel.instagram, 'instagram-message-id-123:Sender-id-1');
    conversationId = conversation.id as string;
    expect(conversation).toMatchObject({ channelType: 'instagram', visibility: 'private', status: 'open', lastMessagePreview: 'This is the first message from the customer' });
    expect((await api('GET', `/conversations/${conversationId}`)).body.data).toMatchObject({ cannotReply: null, templatesOnly: false });
    const [identity] = await rows<{ contact_id: string }>(`SELECT contact_id FROM identities WHERE workspace_id = $1 AND channel = 'instagram' AND external_id = 'Sender-id-1'`, [ws]);
    expect((conversation.contact as Json | null)?.id).toBe(identity!.contact_id);
  });

  it("sends the reply with the Send API on the account (me, the configured version), and read receipts move it to read", async () => {
    messageId = await reply(conversationId, 'Thanks for writing!');
    expect(await deliverMessage(deps(), ws, messageId)).toBe('sent');
    const calls = fake.to('/v22.0/me/messages');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.token).toBe(IG_TOKEN);
    expect(calls[0]!.json).toEqual({ recipient: { id: 'Sender-id-1' }, messaging_type: 'RESPONSE', message: { text: 'Thanks for writing!' } });
    const mid = (await messageRow(messageId)).external_id!;
    expect(mid).toBe((calls[0]!.answer!.body as Json).message_id);

    // chatwoot's seen event, naming our message
    const seen = instagramFixture('messaging_seen_event');
    (seen.entry[0]!.messaging[0]!.read as Json).mid = mid;
    await deliverWebhook(channel.instagram, seen);
    const row = await messageRow(messageId);
    expect(row.status).toBe('read');
    expect(row.read_at).not.toBeNull();
  });

  it('refuses to reply more than 24 hours after the customer wrote, saying why, without calling Meta', async () => {
    // chatwoot's test event, with its time as published (2022)
    await deliverWebhook(channel.instagram, instagramFixture('instagram_test_text_event'));
    const conversation = await conversationOf(channel.instagram, '0:12334');
    // The conversation screen says so before anyone types.
    const shown = (await api('GET', `/conversations/${conversation.id as string}`)).body.data;
    expect(shown).toMatchObject({ cannotReply: "Cannot reply on Instagram: more than 24 hours since the customer's last message; Meta allows replies only within 24 hours (a person's reply within 7 days once Meta grants the app the Human Agent permission: then turn on humanAgent in the channel's settings).", templatesOnly: false });
    const before = fake.requests.length;
    const id = await reply(conversation.id as string, 'Sorry for the wait');
    expect(await deliverMessage(deps(), ws, id)).toBe('failed');
    const row = await messageRow(id);
    expect(row.status).toBe('failed');
    expect(row.error).toBe("Cannot reply on Instagram: more than 24 hours since the customer's last message; Meta allows replies only within 24 hours (a person's reply within 7 days once Meta grants the app the Human Agent permission: then turn on humanAgent in the channel's settings).");
    expect(fake.requests).toHaveLength(before);
  });

  it('answers a comment on the media in public with /replies', async () => {
    // Meta's documented `comments` change of an Instagram account (no fixture holds one).
    await deliverWebhook(channel.instagram, {
      object: 'instagram',
      entry: [{ id: 'instagram-message-id-123', time: Date.now(), changes: [{ field: 'comments', value: { id: '17865799348089039', text: 'Where can I buy this?', from: { id: '232323232', username: 'grace' }, media: { id: '123123123', media_product_type: 'FEED' } } }] }],
    });
    const conversation = await conversationOf(channel.instagram, '123123123');
    expect(conversation.visibility).toBe('public');
    const id = await reply(conversation.id as string, 'Link in our bio!');
    expect(await deliverMessage(deps(), ws, id)).toBe('sent');
    const calls = fake.to('/v22.0/17865799348089039/replies');
    expect(calls.map((call) => [call.token, call.json])).toEqual([[IG_TOKEN, { message: 'Link in our bio!' }]]);
    expect((await messageRow(id)).external_id).toBe((calls[0]!.answer!.body as Json).id);
  });
});

describe("Graph's errors as send failures", () => {
  const fail = (status: number, body: unknown, headers: Record<string, string> = {}) => graphFailure(status, new Headers(headers), JSON.stringify(body), 'Messenger', 0);
  const error = (code: number, subcode?: number) => ({ error: { message: 'm', type: 'OAuthException', code, ...(subcode ? { error_subcode: subcode } : {}) } });

  it('maps throttling, tokens, the window, unavailable people and outages to what the send job does with them', () => {
    expect([4, 17, 32, 613].map((code) => fail(400, error(code)).kind)).toEqual(['rate_limited', 'rate_limited', 'rate_limited', 'rate_limited']);
    expect(fail(400, error(4)).retryAfterMs).toBe(60_000);
    expect(fail(400, error(190)).kind).toBe('credentials');
    expect(fail(403, error(200)).kind).toBe('credentials');
    expect(fail(400, error(10, 2018278))).toMatchObject({ kind: 'permanent', message: expect.stringMatching(/more than 24 hours/) });
    expect(fail(400, error(551))).toMatchObject({ kind: 'permanent', message: expect.stringMatching(/not available/) });
    // An invalid parameter is typed OAuthException too, but the token is fine.
    expect(fail(400, error(100)).kind).toBe('permanent');
    expect(fail(502, 'Bad gateway').kind).toBe('temporary');
    expect(fail(500, error(2)).kind).toBe('temporary');
  });
});
