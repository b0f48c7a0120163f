// The Telegram channel end to end on a real database against a fake Bot API on a real port: the
// TelegramBots update fixture (a message and a pressed inline button) arrives with the secret token,
// is drained into the inbox with its contact, and the button's callback is acknowledged; the agent's
// reply through the HTTP API goes out by the send job as sendMessage in reply to the customer's
// message (files as sendPhoto / sendDocument by URL), and the message is sent as `${chat}:${message_id}`.
// Also: a 429 waits for retry_after, a blocked bot fails the message with the reason, a token Telegram
// does not know marks the channel for reconnection, and setWebhook registers the URL and secret.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { channelTestKit } from '../../../../test/helpers/channel-e2e.js';
import { createWorkspaceWithOwner, type TestUser } from '../../../../test/helpers/factories.js';
import type { CommandContext } from '../../../server/context.js';
import { sendMessage } from '../../inbox/commands/send-message.js';
import { deliverMessage } from '../../inbox/jobs/send-message.js';
import { signedFileUrl } from '../public-files.js';
import { webhookFixtureText } from '../webhook-fixtures.js';
import { startFakeTelegram, type FakeTelegram } from './fake-telegram.js';
import { answerCallback, ANSWER_CALLBACK_JOB, setTelegramWebhook } from './telegram-driver.js';

const BOT_TOKEN = '7000000001:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const SECRET_TOKEN = 'parley-telegram_secret-1';
/** the private chat of the fixture's message and callback */
const CHAT = '1111111';

let t: TestApp;
let fake: FakeTelegram;
let ws: string;
let owner: TestUser;
let ownerMemberId: string;
let channelId: string;
let conversationId: string;
let customerMessageId: string;
const { secrets, deps, api, rows, messageRow, channelRow, postWebhook, ...kit } = channelTestKit(() => ({ t, owner, workspaceId: ws, channelId }));
/** An agent's reply in the conversation through the HTTP API; the send job it queued, run. */
const reply = (payload: Record<string, unknown>, now?: Date) => kit.reply(conversationId, payload, now);

beforeAll(async () => {
  t = await buildTestApp();
  fake = await startFakeTelegram({ token: BOT_TOKEN });
  const acme = await createWorkspaceWithOwner(t);
  ws = acme.workspace.id;
  owner = acme.owner;
  ownerMemberId = acme.ownerMemberId;
  const created = await api('POST', '/channels', { type: 'telegram', name: 'Acme bot', config: { botUsername: 'parley_support_bot', apiBaseUrl: fake.url }, credentials: { secretToken: SECRET_TOKEN, botToken: BOT_TOKEN } });
  expect(created.status, created.raw).toBe(201);
  channelId = created.body.data.id as string;
});

afterAll(async () => {
  await fake?.close();
  await t?.close();
});

describe('an update with a message and a pressed button', () => {
  it('is accepted with the secret token and drained into a conversation with the sender as contact', async () => {
    const body = webhookFixtureText('telegram_update.json');
    const forged = await t.app.inject({ method: 'POST', url: `/webhooks/telegram/${channelId}`, payload: body, headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'not-it' } });
    expect(forged.statusCode).toBe(401);
    expect(await postWebhook(`/webhooks/telegram/${channelId}`, body, { 'x-telegram-bot-api-secret-token': SECRET_TOKEN })).toMatchObject({ processed: 1 });

    const messages = await rows<{ id: string; conversation_id: string; external_id: string; text: string }>('SELECT id, conversation_id, external_id, text FROM messages WHERE channel_id = $1 ORDER BY id', [channelId]);
    expect(messages.map((row) => row.external_id)).toEqual([`${CHAT}:1365`, 'callback:4382bfdwdsb323b2d9']);
    // The button was pressed on an inline message, so it belongs to the person's private chat with the bot.
    expect(new Set(messages.map((row) => row.conversation_id)).size).toBe(1);
    conversationId = messages[0]!.conversation_id;
    customerMessageId = String(messages[0]!.id);
    const [contact] = await rows<{ name: string }>(
      `SELECT c.name FROM conversations v JOIN contacts c ON c.id = v.contact_id JOIN identities i ON i.contact_id = c.id WHERE v.id = $1 AND i.channel = 'telegram' AND i.external_id = $2 AND i.handle = 'Testusername'`,
      [conversationId, CHAT],
    );
    expect(contact?.name).toBe('Test Firstname Test Lastname');
  });

  it("the button's callback query is acknowledged through the bot, once", async () => {
    const jobs = await rows<{ payload: { workspaceId: string; channelId: string; callbackQueryId: string } }>(
      'SELECT j.payload FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks k ON k.id = j.task_id WHERE k.identifier = $1',
      [ANSWER_CALLBACK_JOB],
    );
    expect(jobs.map((job) => job.payload)).toEqual([{ workspaceId: ws, channelId, callbackQueryId: '4382bfdwdsb323b2d9' }]);
    expect(await answerCallback(deps(), jobs[0]!.payload)).toBe('answered');
    expect(fake.of('answerCallbackQuery').map((call) => ({ token: call.token, body: call.body }))).toEqual([{ token: BOT_TOKEN, body: { callback_query_id: '4382bfdwdsb323b2d9' } }]);
    // Run again (a retried job): Telegram refuses a second answer, and that is not worth retrying.
    expect(await answerCallback(deps(), jobs[0]!.payload)).toBe('refused');
  });
});

describe("the agent's reply", () => {
  it('goes out as sendMessage in reply to the customer’s message and is sent as chat:message_id', async () => {
    const { messageId, outcome } = await reply({ text: 'Hello! How can we help?', replyToMessageId: Number(customerMessageId) });
    expect(outcome).toBe('sent');
    const [call] = fake.of('sendMessage');
    expect(call).toMatchObject({ token: BOT_TOKEN, contentType: 'application/json' });
    expect(call!.body).toEqual({ chat_id: CHAT, text: 'Hello! How can we help?', reply_parameters: { message_id: 1365, allow_sending_without_reply: true } });
    expect(await messageRow(messageId)).toEqual({ status: 'sent', external_id: `${CHAT}:${String(call!.result!.message_id)}`, error: null });
  });

  it('sends files by URL: a photo with the text as caption, then a document', async () => {
    const { messageId, outcome } = await reply({
      text: 'Your receipt and the guide',
      attachments: [
        { name: 'receipt.png', contentType: 'image/png', size: 2048, url: 'https://files.example/receipt.png' },
        { name: 'guide.pdf', contentType: 'application/pdf', size: 90_000, url: 'https://files.example/guide.pdf' },
      ],
    });
    expect(outcome).toBe('sent');
    const photo = fake.of('sendPhoto').at(-1)!;
    expect(photo.body).toMatchObject({ chat_id: CHAT, photo: 'https://files.example/receipt.png', caption: 'Your receipt and the guide' });
    expect(fake.of('sendDocument').at(-1)!.body).toEqual({ chat_id: CHAT, document: 'https://files.example/guide.pdf' });
    expect((await messageRow(messageId)).external_id).toBe(`${CHAT}:${String(photo.result!.message_id)}`);
  });

  it('sends the buttons a message carries as an inline keyboard whose presses come back as callbacks', async () => {
    const ctx: CommandContext = { db: t.db.database.db, actor: { type: 'user', id: owner.id, label: owner.name }, workspace: { workspaceId: ws, role: 'owner', memberId: ownerMemberId }, requestId: null, ipAddress: null };
    const message = await sendMessage(ctx, conversationId, { text: 'Did this solve it?', data: { interactive: { type: 'buttons', buttons: [{ id: 'solved', title: 'Yes' }, { id: 'not-yet', title: 'Not yet' }] } } });
    expect(await deliverMessage(deps(), ws, message.id)).toBe('sent');
    expect(fake.of('sendMessage').at(-1)!.body).toMatchObject({
      chat_id: CHAT,
      text: 'Did this solve it?',
      reply_markup: { inline_keyboard: [[{ text: 'Yes', callback_data: 'solved' }, { text: 'Not yet', callback_data: 'not-yet' }]] },
    });
    const tooLong = await sendMessage(ctx, conversationId, { text: 'Pick one', data: { interactive: { type: 'buttons', buttons: [{ id: 'x'.repeat(65), title: 'Too long' }] } } });
    expect(await deliverMessage(deps(), ws, tooLong.id)).toBe('failed');
    expect((await messageRow(tooLong.id)).error).toMatch(/^Telegram button ids are at most 64 bytes/);
  });

  it("sends the reply API's buttons as an inline keyboard, ids from the titles unless given, and shows them on the message", async () => {
    const { messageId, outcome } = await reply({ text: 'Was this helpful?', buttons: [{ title: 'Yes, thanks' }, { title: 'Talk to a person', id: 'HUMAN' }] });
    expect(outcome).toBe('sent');
    expect(fake.of('sendMessage').at(-1)!.body).toEqual({
      chat_id: CHAT,
      text: 'Was this helpful?',
      reply_markup: { inline_keyboard: [[{ text: 'Yes, thanks', callback_data: 'yes-thanks' }, { text: 'Talk to a person', callback_data: 'HUMAN' }]] },
    });
    const shown = await api('GET', `/conversations/${conversationId}/messages`);
    expect((shown.body.data as unknown as { id: number; buttons: unknown }[]).find((message) => message.id === messageId)?.buttons).toEqual([
      { id: 'yes-thanks', title: 'Yes, thanks' },
      { id: 'HUMAN', title: 'Talk to a person' },
    ]);
  });

  it('sends a file stored in Parley by a signed link Telegram can fetch for an hour, which cannot be forged', async () => {
    const bytes = Buffer.from('%PDF-1.4 the return label');
    const [file] = await rows<{ id: string }>(
      "INSERT INTO message_files (id, workspace_id, channel_id, name, content_type, size, content) VALUES ('file_label1', $1, $2, 'label.pdf', 'application/pdf', $3, $4) RETURNING id",
      [ws, channelId, bytes.length, bytes],
    );
    const { outcome } = await reply({ text: 'Your return label', attachments: [{ id: file!.id, name: 'label.pdf', contentType: 'application/pdf', size: bytes.length, url: `/api/v1/message-files/${file!.id}` }] });
    expect(outcome).toBe('sent');
    const link = new URL(String(fake.of('sendDocument').at(-1)!.body.document));
    expect(`${link.origin}${link.pathname}`).toBe(`http://localhost:3000/api/v1/public-files/${file!.id}`);
    // What Telegram does with it: fetch it, without signing in.
    const fetched = await t.app.inject({ method: 'GET', url: `${link.pathname}${link.search}` });
    expect(fetched.statusCode).toBe(200);
    expect(fetched.headers['content-type']).toBe('application/pdf');
    expect(fetched.rawPayload.equals(bytes)).toBe(true);
    // A changed signature, another file under this signature, or an expired link: as if there were no file.
    const forged = new URL(link);
    forged.searchParams.set('signature', `${link.searchParams.get('signature')!.slice(0, -2)}xx`);
    expect((await t.app.inject({ method: 'GET', url: `${forged.pathname}${forged.search}` })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/public-files/file_other${link.search}` })).statusCode).toBe(404);
    const expired = new URL(signedFileUrl(secrets, 'http://localhost:3000', file!.id, Date.now() - 2 * 60 * 60 * 1000));
    expect((await t.app.inject({ method: 'GET', url: `${expired.pathname}${expired.search}` })).statusCode).toBe(404);
  });

  it('refuses a file that is not at a public URL before calling Telegram', async () => {
    const before = fake.calls.length;
    const { messageId, outcome } = await reply({ text: 'Here', attachments: [{ name: 'notes.txt', contentType: 'text/plain', size: 10, url: '/local/notes.txt' }] });
    expect(outcome).toBe('failed');
    expect((await messageRow(messageId)).error).toBe('Telegram downloads files from a public http(s) URL; "notes.txt" is not at one.');
    expect(fake.calls).toHaveLength(before);
  });

  it('waits for retry_after when Telegram answers 429, then sends', async () => {
    fake.failNext('sendMessage', { status: 429, body: { ok: false, error_code: 429, description: 'Too Many Requests: retry after 7', parameters: { retry_after: 7 } } });
    const now = new Date('2026-11-27T06:00:00Z');
    const { messageId, outcome } = await reply({ text: 'Still there?' }, now);
    expect(outcome).toBe('retrying');
    expect(await messageRow(messageId)).toMatchObject({ status: 'queued', error: 'Telegram asks to slow down: Too Many Requests: retry after 7' });
    const [job] = await rows<{ run_at: Date }>('SELECT run_at FROM graphile_worker.jobs WHERE task_identifier = $1 AND key = $2', ['inbox.send_message', `inbox-send:${messageId}`]);
    expect(job!.run_at.getTime() - now.getTime()).toBe(7_000);
    expect(await deliverMessage(deps(), ws, messageId, new Date(now.getTime() + 7_000))).toBe('sent');
    expect(fake.of('sendMessage').at(-1)!.body.text).toBe('Still there?');
  });

  it('fails with the reason when the customer blocked the bot, and the channel stays healthy', async () => {
    fake.blocked.add(CHAT);
    const { messageId, outcome } = await reply({ text: 'We miss you' });
    fake.blocked.delete(CHAT);
    expect(outcome).toBe('failed');
    expect((await messageRow(messageId)).error).toBe('The customer blocked the bot, so Telegram does not deliver its messages (Forbidden: bot was blocked by the user).');
    expect((await channelRow()).health).toBe('ok');
  });
});

describe('the webhook registration', () => {
  it("setWebhook is given the channel's webhook URL and its secret token", async () => {
    expect(await setTelegramWebhook(t.db.database.db, secrets, { workspaceId: ws, channelId, publicUrl: 'https://parley.example/' })).toEqual({ webhookUrl: `https://parley.example/webhooks/telegram/${channelId}` });
    expect(fake.of('setWebhook').at(-1)!.body).toMatchObject({ url: `https://parley.example/webhooks/telegram/${channelId}`, secret_token: SECRET_TOKEN });
  });
});

describe('a bot token Telegram does not know', () => {
  it('fails the message and marks the channel as needing reconnection, without the token in the error', async () => {
    const revoked = '7000000001:AAHrevokedrevokedrevokedrevoked00';
    const patched = await api('PATCH', `/channels/${channelId}`, { credentials: { secretToken: SECRET_TOKEN, botToken: revoked } });
    expect(patched.status, patched.raw).toBe(200);
    const { messageId, outcome } = await reply({ text: 'Hello again' });
    expect(outcome).toBe('failed');
    expect(fake.calls.at(-1)).toMatchObject({ method: 'sendMessage', token: revoked });
    expect((await messageRow(messageId)).error).toMatch(/^Telegram refused the bot token \(401 Unauthorized\)/);
    const channel = await channelRow();
    expect(channel.health).toBe('needs_reconnect');
    expect(channel.last_error).not.toContain('AAHrevoked');
  });
});
