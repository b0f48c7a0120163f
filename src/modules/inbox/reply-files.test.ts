// An agent's files for a reply, through the HTTP API on a real database: uploaded to a web chat
// conversation, sent with the reply and downloaded back byte for byte by a signed-in agent; the
// limits (413, 415, empty), other workspaces (404), the permission (403); channels that fetch files by
// URL take them (the send job gives them a signed link), and one that cannot carry a file refuses up
// front with the driver's reason.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, TEST_SECRET, type TestApp } from '../../../test/helpers/app.js';
import { addMember, as, createWorkspaceWithOwner, type TestUser } from '../../../test/helpers/factories.js';
import { createChannel, receiveCustomerMessage } from '../../../test/helpers/inbox.js';
import { SecretBox } from '../../lib/secrets.js';

let t: TestApp;
let ws: string;
let owner: TestUser;
let other: { ws: string; owner: TestUser };
const conversation = { webchat: '', telegram: '', whatsapp: '', comment: '', xPost: '' };

type Body = { data: Record<string, unknown>; error?: { code: string; message: string; details: Record<string, unknown> } };
const upload = async (conversationId: string, bytes: Buffer, contentType: string, options: { name?: string; user?: TestUser; workspace?: string } = {}) => {
  const response = await t.app.inject({
    method: 'POST',
    url: `/api/v1/conversations/${conversationId}/files?name=${encodeURIComponent(options.name ?? 'receipt.png')}`,
    headers: { ...as(options.user ?? owner, options.workspace ?? ws), 'content-type': contentType },
    payload: bytes,
  });
  return { status: response.statusCode, body: response.json() as Body };
};
const storedFiles = async () => Number((await t.db.database.pool.query('SELECT count(*) FROM message_files')).rows[0].count);
const withCredentials = async (channelId: string, credentials: Record<string, string>) => {
  await t.db.database.pool.query('UPDATE channels SET credentials = $2 WHERE id = $1', [channelId, new SecretBox(TEST_SECRET).seal(JSON.stringify(credentials))]);
  return channelId;
};
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(2000)]);

beforeAll(async () => {
  t = await buildTestApp();
  const acme = await createWorkspaceWithOwner(t, 'Acme');
  ws = acme.workspace.id;
  owner = acme.owner;
  const chat = await createChannel(t, ws, { type: 'webchat', name: 'Website chat' });
  conversation.webchat = (await receiveCustomerMessage(t, ws, chat, { thread: 'wv_visitor1:1', id: 'm1', text: 'Can I see the invoice?', from: { handle: 'visitor-1' } })).conversationId;
  const telegram = await withCredentials(await createChannel(t, ws, { type: 'telegram', name: 'Acme bot' }), { botToken: '7000000001:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw' });
  conversation.telegram = (await receiveCustomerMessage(t, ws, telegram, { thread: '52345678', id: '52345678:1', text: 'Photo please', from: { handle: 'customer', channel: 'telegram' } })).conversationId;
  const whatsapp = await withCredentials(await createChannel(t, ws, { type: 'whatsapp', name: 'Acme WhatsApp', config: { phoneNumberId: '106540352242922' } }), { accessToken: 'EAAG-token' });
  conversation.whatsapp = (await receiveCustomerMessage(t, ws, whatsapp, { thread: '106540352242922:14155550123', id: 'wamid.1', text: 'Send the receipt', from: { handle: '+14155550123', channel: 'whatsapp' } })).conversationId;
  const messenger = await withCredentials(await createChannel(t, ws, { type: 'messenger', name: 'Acme Page', config: { pageId: '1111' } }), { accessToken: 'EAAG-page-token' });
  conversation.comment = (await receiveCustomerMessage(t, ws, messenger, { thread: '0_1111', id: '1111_2222', text: 'Photo of the blue one?', visibility: 'public', from: { handle: '6098142640266467', channel: 'facebook' } })).conversationId;
  const x = await withCredentials(await createChannel(t, ws, { type: 'x', name: 'Acme on X' }), { bearerToken: 'x-user-token' });
  conversation.xPost = (await receiveCustomerMessage(t, ws, x, { thread: '1790000000000000001', id: '1790000000000000001', text: '@acme my order?', visibility: 'public', from: { handle: 'ana', channel: 'twitter' } })).conversationId;
  const beta = await createWorkspaceWithOwner(t, 'Beta');
  other = { ws: beta.workspace.id, owner: beta.owner };
});

afterAll(async () => t?.close());

describe('on web chat', () => {
  it('stores the file, the reply carries it, and a signed-in agent downloads the same bytes', async () => {
    const uploaded = await upload(conversation.webchat, png, 'image/png');
    expect(uploaded.status).toBe(201);
    const file = uploaded.body.data;
    expect(file).toEqual({ id: expect.stringMatching(/^file/), name: 'receipt.png', contentType: 'image/png', size: png.length, url: `/api/v1/message-files/${String(file.id)}` });

    const sent = await t.app.inject({ method: 'POST', url: `/api/v1/conversations/${conversation.webchat}/messages`, headers: as(owner, ws), payload: { text: 'Here it is', attachments: [file] } });
    expect(sent.statusCode).toBe(201);
    const messages = await t.app.inject({ method: 'GET', url: `/api/v1/conversations/${conversation.webchat}/messages`, headers: as(owner, ws) });
    const last = (messages.json() as { data: { text: string; attachments: unknown[] }[] }).data.at(-1)!;
    expect(last).toMatchObject({ text: 'Here it is', attachments: [file] });

    const download = await t.app.inject({ method: 'GET', url: String(file.url), headers: as(owner, ws) });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('image/png');
    expect(download.rawPayload.equals(png)).toBe(true);
    // Another workspace's agent does not get it.
    expect((await t.app.inject({ method: 'GET', url: String(file.url), headers: as(other.owner, other.ws) })).statusCode).toBe(404);
  });

  it('answers 413 with the limit, 415 naming the allowed types, 400 when empty, and stores nothing', async () => {
    const before = await storedFiles();
    const big = await upload(conversation.webchat, Buffer.alloc(5 * 1024 * 1024 + 1), 'application/pdf', { name: 'big.pdf' });
    expect(big.status).toBe(413);
    expect(big.body.error).toMatchObject({ code: 'file.too_large', details: { maxBytes: 5 * 1024 * 1024 } });
    expect(big.body.error!.message).toContain('5 MB');

    const exe = await upload(conversation.webchat, Buffer.from('MZ…'), 'application/x-msdownload', { name: 'setup.exe' });
    expect(exe.status).toBe(415);
    expect(exe.body.error!.code).toBe('file.type');
    expect(exe.body.error!.message).toContain('image/png, image/jpeg, image/gif, image/webp, application/pdf, text/plain');

    const json = await upload(conversation.webchat, Buffer.from('{"a":1}'), 'application/json', { name: 'a.json' });
    expect(json.status).toBe(415);

    const empty = await upload(conversation.webchat, Buffer.alloc(0), 'text/plain', { name: 'empty.txt' });
    expect(empty.status).toBe(400);
    expect(empty.body.error!.code).toBe('file.empty');
    expect(await storedFiles()).toBe(before);
  });
});

describe('access', () => {
  it("answers 404 for another workspace's conversation", async () => {
    const before = await storedFiles();
    const response = await upload(conversation.webchat, png, 'image/png', { user: other.owner, workspace: other.ws });
    expect(response.status).toBe(404);
    expect(response.body.error!.code).toBe('conversation.not_found');
    expect(await storedFiles()).toBe(before);
  });

  it('answers 403 to an analyst, who cannot reply', async () => {
    const analyst = await addMember(t, ws, 'analyst');
    const response = await upload(conversation.webchat, png, 'image/png', { user: analyst.user });
    expect(response.status).toBe(403);
  });
});

describe('channels that fetch files by URL, and those that cannot carry them', () => {
  it('takes a file on Telegram and WhatsApp, whose drivers are sent a signed link to it', async () => {
    for (const id of [conversation.telegram, conversation.whatsapp]) {
      const response = await upload(id, png, 'image/png');
      expect(response.status).toBe(201);
      expect(response.body.data.url).toBe(`/api/v1/message-files/${String(response.body.data.id)}`);
    }
  });

  it('refuses up front with the driver’s reason on a public X post, and stores nothing', async () => {
    const before = await storedFiles();
    const response = await upload(conversation.xPost, png, 'image/png');
    expect(response.status).toBe(422);
    expect(response.body.error).toEqual({ code: 'attachment.refused', message: 'Parley answers public X posts with text only: send the file in a direct message, or a link to it.', details: { channelType: 'x' } });
    expect(await storedFiles()).toBe(before);
  });

  it('takes a photo on a Facebook comment (Graph fetches its signed link) and refuses any other file there', async () => {
    const photo = await upload(conversation.comment, png, 'image/png');
    expect(photo.status, JSON.stringify(photo.body)).toBe(201);
    const before = await storedFiles();
    const response = await upload(conversation.comment, Buffer.from('%PDF-1.4\n'), 'application/pdf');
    expect(response.status).toBe(422);
    expect(response.body.error).toEqual({ code: 'attachment.refused', message: 'A Facebook comment can carry a photo only; share other files in Messenger.', details: { channelType: 'messenger' } });
    expect(await storedFiles()).toBe(before);
  });
});
