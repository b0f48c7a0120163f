// Reply buttons through the reply API on a real database: stored once as data.interactive where the
// channel shows them, refused up front with 422 beyond what the channel shows (WhatsApp: 3, and only
// under text), listed in the text where the channel has no buttons (web chat, a public comment), and
// validation errors that name the field. The drivers' sends are covered by the Telegram and Meta e2e tests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { as, createWorkspaceWithOwner, type TestUser } from '../../../test/helpers/factories.js';
import { createChannel, receiveCustomerMessage } from '../../../test/helpers/inbox.js';
import { withButtonIds } from '../../shared/reply-buttons.js';

let t: TestApp;
let ws: string;
let owner: TestUser;
const conversation = { whatsapp: '', webchat: '', comment: '' };

type Body = { data: Record<string, unknown>; error?: { code: string; message: string; details: Record<string, unknown> } };
const post = async (conversationId: string, payload: unknown) => {
  const response = await t.app.inject({ method: 'POST', url: `/api/v1/conversations/${conversationId}/messages`, headers: as(owner, ws), payload: payload as object });
  return { status: response.statusCode, body: response.json() as Body };
};
const rows = async <T>(text: string, params: unknown[] = []) => (await t.db.database.pool.query(text, params)).rows as T[];
const stored = async (id: unknown) => (await rows<{ text: string; data: Record<string, unknown> }>('SELECT text, data FROM messages WHERE id = $1', [id]))[0]!;

beforeAll(async () => {
  t = await buildTestApp();
  const acme = await createWorkspaceWithOwner(t, 'Acme');
  ws = acme.workspace.id;
  owner = acme.owner;
  const whatsapp = await createChannel(t, ws, { type: 'whatsapp', name: 'Acme WhatsApp', config: { phoneNumberId: '106540352242922' } });
  conversation.whatsapp = (await receiveCustomerMessage(t, ws, whatsapp, { thread: '106540352242922:14155550123', id: 'wamid.1', text: 'Is my order on its way?', from: { handle: '+14155550123', channel: 'whatsapp' } })).conversationId;
  const chat = await createChannel(t, ws, { type: 'webchat', name: 'Website chat' });
  conversation.webchat = (await receiveCustomerMessage(t, ws, chat, { thread: 'visit-1', id: 'm1', text: 'Hello', from: { handle: 'visitor-1' } })).conversationId;
  const messenger = await createChannel(t, ws, { type: 'messenger', name: 'Acme Page' });
  conversation.comment = (await receiveCustomerMessage(t, ws, messenger, { thread: '0_1111', id: '1111_2222', text: 'In stock?', visibility: 'public', from: { handle: '6098142640266467', channel: 'facebook' } })).conversationId;
});

afterAll(async () => t?.close());

describe('on WhatsApp', () => {
  it('stores up to 3 buttons once, as data.interactive, and the message shows them', async () => {
    const sent = await post(conversation.whatsapp, { text: 'Did it arrive?', buttons: [{ title: 'Yes' }, { title: 'No' }, { title: 'Not sure', id: 'unsure' }] });
    expect(sent.status).toBe(201);
    const buttons = [{ id: 'yes', title: 'Yes' }, { id: 'no', title: 'No' }, { id: 'unsure', title: 'Not sure' }];
    expect(sent.body.data.buttons).toEqual(buttons);
    expect(await stored(sent.body.data.id)).toEqual({ text: 'Did it arrive?', data: { interactive: { type: 'buttons', buttons } } });
  });

  it('answers 422 naming the channel and the limit for 4 buttons, and stores nothing', async () => {
    const before = await rows('SELECT id FROM messages WHERE conversation_id = $1', [conversation.whatsapp]);
    const sent = await post(conversation.whatsapp, { text: 'Pick one', buttons: [{ title: 'A' }, { title: 'B' }, { title: 'C' }, { title: 'D' }] });
    expect(sent.status).toBe(422);
    expect(sent.body.error).toEqual({ code: 'message.too_many_buttons', message: 'WhatsApp shows at most 3 reply buttons; this reply has 4.', details: { field: 'buttons', channelType: 'whatsapp', max: 3 } });
    expect(await rows('SELECT id FROM messages WHERE conversation_id = $1', [conversation.whatsapp])).toHaveLength(before.length);
  });

  it('answers 422 for buttons with a file, which its interactive message would drop', async () => {
    const sent = await post(conversation.whatsapp, { text: 'Your receipt', attachments: [{ name: 'r.png', contentType: 'image/png', size: 10, url: 'https://files.example/r.png' }], buttons: [{ title: 'Thanks' }] });
    expect(sent.status).toBe(422);
    expect(sent.body.error).toMatchObject({ code: 'message.buttons_need_text', details: { field: 'buttons', channelType: 'whatsapp' } });
  });
});

describe('where the channel shows no buttons', () => {
  it('lists them, numbered, at the end of the text on web chat, and stores no interactive data', async () => {
    const sent = await post(conversation.webchat, { text: 'How would you like to continue?', buttons: [{ title: 'Call me' }, { title: 'Email me' }] });
    expect(sent.status).toBe(201);
    expect(sent.body.data.buttons).toEqual([]);
    expect(await stored(sent.body.data.id)).toEqual({ text: 'How would you like to continue?\n\n1. Call me\n2. Email me', data: {} });
  });

  it('lists them in a public answer to a comment on Messenger, where quick replies cannot go', async () => {
    const sent = await post(conversation.comment, { text: 'Yes, in M and L.', buttons: [{ title: 'Order now' }] });
    expect(sent.status).toBe(201);
    expect((await stored(sent.body.data.id)).text).toBe('Yes, in M and L.\n\n1. Order now');
  });
});

describe('validation', () => {
  it('names the field of a bad button', async () => {
    const long = await post(conversation.webchat, { text: 'Hi', buttons: [{ title: 'Ok' }, { title: 'A title far longer than twenty' }] });
    expect(long.status).toBe(400);
    expect(long.body.error?.code).toBe('request.invalid');
    expect(long.body.error?.details.fields).toEqual([expect.objectContaining({ in: 'body', path: 'buttons.1.title' })]);

    const many = await post(conversation.webchat, { text: 'Hi', buttons: Array.from({ length: 11 }, (_, i) => ({ title: `Choice ${i}` })) });
    expect(many.status).toBe(400);
    expect(many.body.error?.details.fields).toEqual([expect.objectContaining({ path: 'buttons' })]);

    const twice = await post(conversation.whatsapp, { text: 'Hi', buttons: [{ title: 'Yes', id: 'same' }, { title: 'Sure', id: 'same' }] });
    expect(twice.status).toBe(400);
    expect(twice.body.error?.message).toMatch(/buttons.*Each button needs its own id/);

    const blank = await post(conversation.webchat, { text: 'Hi', buttons: [{ title: '   ' }] });
    expect(blank.status).toBe(400);
    expect(blank.body.error?.details.fields).toEqual([expect.objectContaining({ path: 'buttons.0.title' })]);
  });
});

describe('button ids', () => {
  it('come from the titles, unique, and fall back to the position for titles without letters', () => {
    expect(withButtonIds([{ title: 'Sí, gracias' }, { title: 'Yes' }, { title: 'yes!' }, { title: '👍' }, { title: 'Keep', id: 'yes-3' }, { title: 'YES' }])).toEqual([
      { id: 'si-gracias', title: 'Sí, gracias' },
      { id: 'yes', title: 'Yes' },
      { id: 'yes-2', title: 'yes!' },
      { id: 'button-4', title: '👍' },
      { id: 'yes-3', title: 'Keep' },
      { id: 'yes-4', title: 'YES' },
    ]);
  });
});

describe('the OpenAPI document', () => {
  it('documents the reply body’s buttons, with their limits', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    type Schema = { description?: string; maxItems?: number; items?: { properties?: Record<string, { maxLength?: number }> } };
    const document = response.json() as { paths: Record<string, { post?: { requestBody?: { content: Record<string, { schema: { properties: Record<string, Schema> } }> } } }> };
    const buttons = document.paths['/api/v1/conversations/{id}/messages']?.post?.requestBody?.content['application/json']?.schema.properties.buttons;
    expect(buttons?.description).toMatch(/WhatsApp shows up to 3/);
    expect(buttons?.maxItems).toBe(10);
    expect(buttons?.items?.properties?.title?.maxLength).toBe(20);
  });
});
