// WhatsApp end to end on a real database against a fake Cloud API on a real port: a signed inbound
// fixture becomes a conversation with the customer's contact found by phone, an agent's reply goes out
// as the Graph API call it should be and its status webhooks move it to delivered then read; templates
// sync over two pages and go out with their variables filled; outside the 24-hour window a free-form
// reply is refused up front; Graph errors become retries, reconnects or clear failures.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { channelTestKit } from '../../../../test/helpers/channel-e2e.js';
import { createWorkspaceWithOwner, type TestUser } from '../../../../test/helpers/factories.js';
import type { CommandContext } from '../../../server/context.js';
import { sendMessage } from '../../inbox/commands/send-message.js';
import { deliverMessage } from '../../inbox/jobs/send-message.js';
import { webhookFixtureJson } from '../webhook-fixtures.js';
import { graphError, startFakeWhatsApp, type FakeWhatsApp } from './fake-whatsapp.js';

const fixtures = path.resolve(import.meta.dirname, '../../../../test/fixtures/webhooks');
const fixture = (name: string) => JSON.parse(readFileSync(path.join(fixtures, name), 'utf8')) as Record<string, Record<string, unknown>>;
const PHONE_NUMBER_ID = '1122334455667';
// The fixture's number is not a valid phone number; the customer's is swapped in for a real-looking one.
const CUSTOMER = '14155550123';
const APP_SECRET = 'whatsapp-app-secret';
const TOKEN = 'EAAG-system-user-token';

let t: TestApp;
let fake: FakeWhatsApp;
let ws: string;
let owner: TestUser;
let ownerMemberId: string;
let channelId: string;
let conversationId: string;
let contactId: string;

const { deps, api: inject, rows, messageRow, postWebhook } = channelTestKit(() => ({ t, owner, workspaceId: ws, channelId }));
const ctx = (): CommandContext => ({ db: t.db.database.db, actor: { type: 'user', id: owner.id, label: owner.name }, workspace: { workspaceId: ws, role: 'owner', memberId: ownerMemberId }, requestId: null, ipAddress: null });
const deliver = (messageId: number) => deliverMessage(deps(), ws, messageId);

/** A fixture as Meta would sign it for this channel (x-hub-signature-256 with the app secret). */
async function postSigned(payload: unknown) {
  const body = JSON.stringify(payload);
  await postWebhook(`/webhooks/meta/${channelId}`, body, { 'x-hub-signature-256': `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}` });
}

/** The customer's text message of the fixture, as if written `secondsAgo` ago. */
function inboundText(id: string, text: string, secondsAgo = 0) {
  const payload = structuredClone(fixture('whatsapp_messages.json').text) as { entry: { changes: { value: { messages: Record<string, unknown>[]; contacts: Record<string, unknown>[] } }[] }[] };
  const value = payload.entry[0]!.changes[0]!.value;
  const message = value.messages[0]!;
  value.contacts[0]!.wa_id = CUSTOMER;
  message.from = CUSTOMER;
  message.id = id;
  message.timestamp = String(Math.floor(Date.now() / 1000) - secondsAgo);
  message.text = { body: text };
  return payload;
}

function statusUpdate(kind: 'delivered' | 'read', wamid: string) {
  const payload = structuredClone(fixture('whatsapp_message_status.json')[kind]) as { entry: { changes: { value: { statuses: Record<string, unknown>[] } }[] }[] };
  const status = payload.entry[0]!.changes[0]!.value.statuses[0]!;
  status.id = wamid;
  status.timestamp = String(Math.floor(Date.now() / 1000));
  return payload;
}

const reply = async (text: string, extra: Record<string, unknown> = {}) => inject('POST', `/conversations/${conversationId}/messages`, { text, ...extra });
const sendTemplate = (templateId: string, variables?: unknown) => inject('POST', `/conversations/${conversationId}/whatsapp/template-messages`, { templateId, ...(variables ? { variables } : {}) });

const orderTemplate = {
  id: '1001',
  name: 'order_shipped',
  language: 'en_US',
  status: 'APPROVED',
  category: 'UTILITY',
  parameter_format: 'POSITIONAL',
  components: [
    { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}', example: { header_text: ['#1234'] } },
    { type: 'BODY', text: 'Hi {{1}}, your order {{2}} is on its way.', example: { body_text: [['Ada', '#1234']] } },
    { type: 'FOOTER', text: 'Reply STOP to opt out' },
  ],
};
const namedTemplate = {
  id: '1002',
  name: 'welcome_back',
  language: 'pt_BR',
  status: 'APPROVED',
  category: 'MARKETING',
  parameter_format: 'NAMED',
  components: [{ type: 'BODY', text: 'Olá {{first_name}}, sentimos sua falta!', example: { body_text_named_params: [{ param_name: 'first_name', example: 'Ana' }] } }],
};
const pendingTemplate = { id: '1003', name: 'black_friday', language: 'en_US', status: 'PENDING', category: 'MARKETING', components: [{ type: 'BODY', text: 'Deals!' }] };

beforeAll(async () => {
  t = await buildTestApp();
  fake = await startFakeWhatsApp({ accessToken: TOKEN, phoneNumberId: PHONE_NUMBER_ID, businessAccountId: 'WABA77', templatesPageSize: 2 });
  const acme = await createWorkspaceWithOwner(t, 'Acme');
  ws = acme.workspace.id;
  owner = acme.owner;
  ownerMemberId = (await rows<{ id: string }>('SELECT id FROM members WHERE workspace_id = $1', [ws]))[0]!.id;
  const channel = await inject('POST', '/channels', {
    type: 'whatsapp',
    name: 'Support line',
    config: { phoneNumberId: PHONE_NUMBER_ID, businessAccountId: 'WABA77', apiBaseUrl: fake.url },
    credentials: { appSecret: APP_SECRET, verifyToken: 'verify-me', accessToken: TOKEN },
  });
  expect(channel.status, channel.raw).toBe(201);
  channelId = channel.body.data.id as string;
  const contact = await inject('POST', '/contacts', { name: 'Dana Levi', phone: `+${CUSTOMER}` });
  expect(contact.status, contact.raw).toBe(201);
  contactId = contact.body.data.id as string;
});

afterAll(async () => {
  await fake?.close();
  await t?.close();
});

describe('a WhatsApp conversation end to end', () => {
  it('turns the signed fixture into a conversation with the contact found by phone', async () => {
    await postSigned(inboundText('wamid.IN1', 'Where is my parcel?'));
    const [message] = await rows<{ conversation_id: string; text: string }>("SELECT conversation_id, text FROM messages WHERE channel_id = $1 AND external_id = 'wamid.IN1'", [channelId]);
    expect(message!.text).toBe('Where is my parcel?');
    conversationId = message!.conversation_id;
    const conversation = await inject('GET', `/conversations/${conversationId}`);
    expect(conversation.body.data).toMatchObject({ channelType: 'whatsapp', contact: { id: contactId }, templatesOnly: false });
    expect(Date.parse(conversation.body.data.replyWindowClosesAt as string)).toBeGreaterThan(Date.now() + 23 * 3600_000);
  });

  it("sends the agent's reply as a Cloud API text message and follows its status webhooks to read", async () => {
    const sent = await reply('Here it is: https://track.example/1234');
    expect(sent.status, sent.raw).toBe(201);
    const messageId = sent.body.data.id as number;
    expect(await deliver(messageId)).toBe('sent');
    const call = fake.requests.at(-1)!;
    expect(call.path).toBe(`/v21.0/${PHONE_NUMBER_ID}/messages`);
    expect(call.headers.authorization).toBe(`Bearer ${TOKEN}`);
    // No quote: the agent did not answer one particular message.
    expect(call.json).toEqual({ messaging_product: 'whatsapp', recipient_type: 'individual', to: CUSTOMER, type: 'text', text: { body: 'Here it is: https://track.example/1234', preview_url: true } });
    const wamid = (await messageRow(messageId)).external_id!;
    expect(wamid).toMatch(/^wamid\.FAKE/);

    await postSigned(statusUpdate('delivered', wamid));
    expect((await messageRow(messageId)).status).toBe('delivered');
    await postSigned(statusUpdate('read', wamid));
    expect((await messageRow(messageId)).status).toBe('read');
  });

  it('quotes the message the agent answered, and sends files by link and reply buttons', async () => {
    const [inbound] = await rows<{ id: number }>("SELECT id FROM messages WHERE external_id = 'wamid.IN1'");
    const quoted = await reply('Sorry for the wait', { replyToMessageId: Number(inbound!.id) });
    await deliver(quoted.body.data.id as number);
    expect(fake.sent().at(-1)).toMatchObject({ context: { message_id: 'wamid.IN1' }, type: 'text', text: { body: 'Sorry for the wait', preview_url: false } });

    const withFile = await reply('Your invoice', { attachments: [{ name: 'invoice.pdf', contentType: 'application/pdf', size: 1200, url: 'https://files.example/invoice.pdf' }] });
    expect(withFile.status, withFile.raw).toBe(201);
    await deliver(withFile.body.data.id as number);
    expect(fake.sent().at(-1)).toMatchObject({ type: 'document', document: { link: 'https://files.example/invoice.pdf', filename: 'invoice.pdf', caption: 'Your invoice' } });

    const buttons = await sendMessage(ctx(), conversationId, { text: 'Did this solve it?', data: { interactive: { type: 'buttons', buttons: [{ id: 'yes', title: 'Yes' }, { id: 'no', title: 'Not yet' }] } } });
    expect(await deliver(buttons.id)).toBe('sent');
    expect(fake.sent().at(-1)).toMatchObject({
      type: 'interactive',
      interactive: { type: 'button', body: { text: 'Did this solve it?' }, action: { buttons: [{ type: 'reply', reply: { id: 'yes', title: 'Yes' } }, { type: 'reply', reply: { id: 'no', title: 'Not yet' } }] } },
    });
  });
});

describe('message templates', () => {
  it('syncs every page of the business account and removes those no longer listed', async () => {
    fake.templates.push(orderTemplate, namedTemplate, pendingTemplate);
    const before = fake.requests.length;
    const synced = await inject('POST', `/channels/${channelId}/whatsapp/templates/sync`);
    expect(synced.status, synced.raw).toBe(200);
    expect(synced.body.data).toEqual({ stored: 3, removed: 0 });
    const calls = fake.requests.slice(before);
    expect(calls.map((call) => [call.path, call.query.get('after')])).toEqual([
      ['/v21.0/WABA77/message_templates', null],
      ['/v21.0/WABA77/message_templates', '2'],
    ]);
    const listed = await inject('GET', `/channels/${channelId}/whatsapp/templates?status=approved`);
    expect(listed.body.data).toEqual([
      expect.objectContaining({ name: 'order_shipped', language: 'en_US', variables: [{ component: 'header', name: '1', example: '#1234' }, { component: 'body', name: '1', example: 'Ada' }, { component: 'body', name: '2', example: '#1234' }] }),
      expect.objectContaining({ name: 'welcome_back', parameterFormat: 'NAMED', variables: [{ component: 'body', name: 'first_name', example: 'Ana' }] }),
    ]);

    fake.templates.splice(2, 1);
    expect((await inject('POST', `/channels/${channelId}/whatsapp/templates/sync`)).body.data).toEqual({ stored: 2, removed: 1 });
    expect((await inject('GET', `/channels/${channelId}/whatsapp/templates`)).body.data).toHaveLength(2);
  });

  it("follows Meta's reviews by webhook: a rejected or paused template leaves the composer's list, an approved one comes back", async () => {
    const fixture = webhookFixtureJson('whatsapp_cloud_api/pywa/tests/data/updates/template_status_update.json') as Record<string, { entry: { changes: { value: Record<string, unknown> }[] }[] }>;
    // The fixture's deliveries, about this business account's order_shipped template (Meta's id 1001).
    const review = (kind: 'approved' | 'rejected', event: string) => {
      const delivery = structuredClone(fixture[kind]!);
      Object.assign(delivery.entry[0]!.changes[0]!.value, { event, message_template_id: 1001, message_template_name: 'order_shipped', message_template_language: 'en_US' });
      return delivery;
    };
    const approved = async () => ((await inject('GET', `/channels/${channelId}/whatsapp/templates?status=APPROVED`)).body.data as unknown as { name: string }[]).map((row) => row.name);
    expect(await approved()).toContain('order_shipped');
    await postSigned(review('rejected', 'REJECTED'));
    expect(await approved()).not.toContain('order_shipped');
    expect((await rows<{ status: string }>("SELECT status FROM whatsapp_templates WHERE channel_id = $1 AND name = 'order_shipped'", [channelId]))[0]!.status).toBe('REJECTED');
    await postSigned(review('approved', 'PAUSED'));
    expect((await rows<{ status: string }>("SELECT status FROM whatsapp_templates WHERE channel_id = $1 AND name = 'order_shipped'", [channelId]))[0]!.status).toBe('PAUSED');
    await postSigned(review('approved', 'APPROVED'));
    expect(await approved()).toContain('order_shipped');
    // A review of a template this channel has not synced yet changes nothing and is not a dead letter.
    await postSigned(fixture.approved);
    expect((await rows<{ n: string }>("SELECT count(*) AS n FROM whatsapp_templates WHERE channel_id = $1 AND name = 'order_confirmation'", [channelId]))[0]!.n).toBe('0');
  });

  it('refuses a template with an empty variable, naming it, and sends it once filled', async () => {
    const templates = (await inject('GET', `/channels/${channelId}/whatsapp/templates?search=shipped`)).body.data as unknown as { id: string }[];
    const missing = await sendTemplate(templates[0]!.id, { header: { 1: '#1234' }, body: { 1: 'Dana' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'template.variable_missing', details: { missing: ['body.2'] } });
    expect(missing.body.error!.message).toContain('{{2}} of the body');

    const sent = await sendTemplate(templates[0]!.id, { header: { 1: '#1234' }, body: { 1: 'Dana', 2: '#1234' } });
    expect(sent.status, sent.raw).toBe(201);
    expect(sent.body.data.text).toBe('Order #1234\n\nHi Dana, your order #1234 is on its way.\n\nReply STOP to opt out');
    expect(await deliver(sent.body.data.id as number)).toBe('sent');
    expect(fake.sent().at(-1)).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: CUSTOMER,
      type: 'template',
      template: {
        name: 'order_shipped',
        language: { code: 'en_US' },
        components: [
          { type: 'header', parameters: [{ type: 'text', text: '#1234' }] },
          { type: 'body', parameters: [{ type: 'text', text: 'Dana' }, { type: 'text', text: '#1234' }] },
        ],
      },
    });
  });

  it('names the variables of a NAMED template in the send', async () => {
    const [named] = (await inject('GET', `/channels/${channelId}/whatsapp/templates?search=welcome`)).body.data as unknown as { id: string }[];
    const sent = await sendTemplate(named!.id, { body: { first_name: 'Dana' } });
    expect(sent.status, sent.raw).toBe(201);
    await deliver(sent.body.data.id as number);
    expect(fake.sent().at(-1)!.template).toEqual({ name: 'welcome_back', language: { code: 'pt_BR' }, components: [{ type: 'body', parameters: [{ type: 'text', parameter_name: 'first_name', text: 'Dana' }] }] });
  });
});

describe('the 24-hour customer-service window', () => {
  it('refuses a free-form reply once the customer last wrote more than 24 hours ago, and lets a template through', async () => {
    await t.db.database.pool.query("UPDATE conversations SET last_inbound_at = now() - interval '25 hours' WHERE id = $1", [conversationId]);
    const conversation = await inject('GET', `/conversations/${conversationId}`);
    expect(conversation.body.data.templatesOnly).toBe(true);
    expect(Date.parse(conversation.body.data.replyWindowClosesAt as string)).toBeLessThan(Date.now());

    const before = (await rows('SELECT 1 FROM messages WHERE conversation_id = $1', [conversationId])).length;
    const refused = await reply('Are you still there?');
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'message.outside_window', details: { templatesOnly: true } });
    expect(refused.body.error!.message).toMatch(/more than 24 hours ago.*template/);
    expect(await rows('SELECT 1 FROM messages WHERE conversation_id = $1', [conversationId])).toHaveLength(before);

    const [template] = (await inject('GET', `/channels/${channelId}/whatsapp/templates?search=welcome`)).body.data as unknown as { id: string }[];
    const sent = await sendTemplate(template!.id, { body: { first_name: 'Dana' } });
    expect(sent.status, sent.raw).toBe(201);
    expect(await deliver(sent.body.data.id as number)).toBe('sent');
  });

  it('opens again when the customer writes', async () => {
    await postSigned(inboundText('wamid.IN2', 'Yes, still here'));
    expect((await inject('GET', `/conversations/${conversationId}`)).body.data.templatesOnly).toBe(false);
    expect((await reply('Great, thanks!')).status).toBe(201);
  });
});

describe('Graph API errors', () => {
  const queued = async (text: string) => {
    const sent = await reply(text);
    expect(sent.status, sent.raw).toBe(201);
    return sent.body.data.id as number;
  };

  it('retries after a throttle (130429) and sends on the next attempt', async () => {
    const id = await queued('Throttled once');
    fake.failNext('/messages', { status: 400, body: graphError(130429, 'Rate limit hit', { details: 'Cloud API message throughput has been reached.' }) });
    expect(await deliver(id)).toBe('retrying');
    expect(await messageRow(id)).toMatchObject({ status: 'queued', error: expect.stringMatching(/slow down \[130429\]/) });
    expect(await deliver(id)).toBe('sent');
  });

  it('fails the message and asks to reconnect when the token is refused (190)', async () => {
    const id = await queued('Token revoked');
    fake.failNext('/messages', { status: 401, body: graphError(190, 'Error validating access token: Session has expired') });
    expect(await deliver(id)).toBe('failed');
    expect((await messageRow(id)).error).toMatch(/access token \[190\].*Reconnect/);
    const [channel] = await rows<{ health: string }>('SELECT health FROM channels WHERE id = $1', [channelId]);
    expect(channel!.health).toBe('needs_reconnect');
  });

  it('fails with the reason when WhatsApp answers re-engagement (131047), and retries a 5xx', async () => {
    const late = await queued('Too late');
    fake.failNext('/messages', { status: 400, body: graphError(131047, 'Re-engagement message', { details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' }) });
    expect(await deliver(late)).toBe('failed');
    expect((await messageRow(late)).error).toMatch(/More than 24 hours.*Send an approved template/);

    const flaky = await queued('Flaky');
    fake.failNext('/messages', { status: 503, body: graphError(2, 'Service temporarily unavailable', { type: 'OAuthException' }) });
    expect(await deliver(flaky)).toBe('retrying');
  });

  it('says what the template sync is missing, and a refused token', async () => {
    fake.failNext('/message_templates', { status: 401, body: graphError(190, 'Invalid OAuth access token') });
    const refused = await inject('POST', `/channels/${channelId}/whatsapp/templates/sync`);
    expect(refused.status).toBe(422);
    expect(refused.body.error!.code).toBe('whatsapp.credentials');
    expect((await inject('POST', '/channels/ch_nope/whatsapp/templates/sync')).status).toBe(404);
  });
});
