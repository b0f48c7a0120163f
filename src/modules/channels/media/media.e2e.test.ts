// Customers' photos and files from WhatsApp and Telegram, end to end on a real database and graphile-worker
// against fake Cloud and Bot APIs on real ports: a signed fixture with a file is drained into the inbox,
// which queues one fetch job per message; the job downloads the file through the platform's API with the
// channel's sealed token and stores it, and the attachment becomes a file a signed-in agent fetches over
// HTTP, byte for byte what the platform served. An expired media id is noted and not retried, a file
// over the limit is not downloaded, an expired 5-minute link is asked for again, and a refused token
// fails the job (marking nothing) until a retry succeeds.
import { createHmac, randomBytes } from 'node:crypto';
import { Logger, runOnce, type Task } from 'graphile-worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { channelTestKit } from '../../../../test/helpers/channel-e2e.js';
import { as, createWorkspaceWithOwner, type TestUser } from '../../../../test/helpers/factories.js';
import type { MessageAttachment } from '../../../db/schema.js';
import { startFakeTelegram, type FakeTelegram } from '../telegram/fake-telegram.js';
import { webhookFixtureJson } from '../webhook-fixtures.js';
import { graphError, startFakeWhatsApp, type FakeWhatsApp } from '../whatsapp/fake-whatsapp.js';
import { FETCH_MEDIA_JOB, fetchMediaJob, fetchMessageMedia } from './fetch-media.js';

const PHONE_NUMBER_ID = '1122334455667';
const CUSTOMER = '14155550123';
const APP_SECRET = 'whatsapp-app-secret';
const WA_TOKEN = 'EAAG-system-user-token';
const BOT_TOKEN = '7000000001:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const SECRET_TOKEN = 'parley-telegram_secret-1';
const MB = 1024 * 1024;

let t: TestApp;
let wa: FakeWhatsApp;
let tg: FakeTelegram;
let ws: string;
let owner: TestUser;
let whatsAppChannelId: string;
let telegramChannelId: string;
const kit = channelTestKit(() => ({ t, owner, workspaceId: ws, channelId: whatsAppChannelId }));
const { rows, api } = kit;

const quietLogger = new Logger(() => () => {});
const task: Task = async (payload, helpers) => fetchMediaJob.handler(fetchMediaJob.payload.parse(payload), kit.deps(), helpers);
/** Runs the fetch jobs that are due, as a worker would. */
const runMediaJobs = () => runOnce({ pgPool: t.db.database.pool, taskList: { [FETCH_MEDIA_JOB]: task }, logger: quietLogger });

type StoredMessage = { id: string; attachments: MessageAttachment[]; data: Record<string, unknown> };
const messageOf = async (channelId: string, externalId: string) =>
  (await rows<StoredMessage>('SELECT id, attachments, data FROM messages WHERE channel_id = $1 AND external_id = $2', [channelId, externalId]))[0]!;
const mediaJobs = () =>
  rows<{ key: string; attempts: number; last_error: string | null }>('SELECT key, attempts, last_error FROM graphile_worker.jobs WHERE task_identifier = $1 ORDER BY id', [FETCH_MEDIA_JOB]);
const fileCount = async () => Number((await rows<{ n: string }>('SELECT count(*) AS n FROM message_files WHERE workspace_id = $1', [ws]))[0]!.n);

/** The stored file behind an attachment, fetched as the signed-in owner */
async function download(attachment: MessageAttachment, user: TestUser = owner, workspaceId = ws) {
  const response = await t.app.inject({ method: 'GET', url: attachment.url, headers: as(user, workspaceId) });
  return { status: response.statusCode, contentType: response.headers['content-type'], bytes: response.rawPayload };
}

type WhatsAppFixture = { entry: { changes: { value: { contacts: Record<string, unknown>[]; messages: Record<string, unknown>[] } }[] }[] };

/** The pywa fixture's `kind` message (image, video…) from the customer, with its own message and media ids */
function whatsAppMedia(kind: 'image' | 'video', wamid: string, mediaId: string): WhatsAppFixture {
  const payload = structuredClone((webhookFixtureJson('whatsapp_cloud_api/pywa/tests/data/updates/message.json') as Record<string, WhatsAppFixture>)[kind]!);
  const value = payload.entry[0]!.changes[0]!.value;
  const message = value.messages[0]!;
  // The fixture's number is not a valid phone number; a real-looking one stands in.
  value.contacts[0]!.wa_id = CUSTOMER;
  message.from = CUSTOMER;
  message.id = wamid;
  (message[kind] as Record<string, unknown>).id = mediaId;
  return payload;
}

async function postWhatsApp(payload: unknown) {
  const body = JSON.stringify(payload);
  return kit.postWebhook(`/webhooks/meta/${whatsAppChannelId}`, body, { 'x-hub-signature-256': `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}` });
}

type TelegramUpdate = { update_id: number; message: Record<string, unknown> };

/** One update of the TelegramBots getUpdates fixture (by message_id), its file given `fileId` */
function telegramUpdate(messageId: number, fileId: string, newMessageId: number): TelegramUpdate {
  const { result } = webhookFixtureJson('telegram_bot_api/TelegramBots/extracted_testListUpdates2.json') as { result: TelegramUpdate[] };
  const update = structuredClone(result.find((candidate) => candidate.message.message_id === messageId)!);
  // Telegram numbers its updates (and the ingress drops a number it has seen).
  update.update_id = newMessageId;
  update.message.message_id = newMessageId;
  const photo = update.message.photo as { file_id: string }[] | undefined;
  if (photo) for (const size of photo) size.file_id = `${fileId}-small`;
  if (photo) photo.at(-1)!.file_id = fileId;
  const document = update.message.document as { file_id: string } | undefined;
  if (document) document.file_id = fileId;
  return update;
}

const postTelegram = (update: TelegramUpdate) => kit.postWebhook(`/webhooks/telegram/${telegramChannelId}`, JSON.stringify(update), { 'x-telegram-bot-api-secret-token': SECRET_TOKEN });

beforeAll(async () => {
  t = await buildTestApp();
  wa = await startFakeWhatsApp({ accessToken: WA_TOKEN, phoneNumberId: PHONE_NUMBER_ID, businessAccountId: 'WABA77' });
  tg = await startFakeTelegram({ token: BOT_TOKEN });
  const acme = await createWorkspaceWithOwner(t, 'Acme');
  ws = acme.workspace.id;
  owner = acme.owner;
  const whatsApp = await api('POST', '/channels', {
    type: 'whatsapp',
    name: 'Support line',
    config: { phoneNumberId: PHONE_NUMBER_ID, businessAccountId: 'WABA77', apiBaseUrl: wa.url },
    credentials: { appSecret: APP_SECRET, verifyToken: 'verify-me', accessToken: WA_TOKEN },
  });
  expect(whatsApp.status, whatsApp.raw).toBe(201);
  whatsAppChannelId = whatsApp.body.data.id as string;
  const telegram = await api('POST', '/channels', { type: 'telegram', name: 'Acme bot', config: { botUsername: 'parley_support_bot', apiBaseUrl: tg.url }, credentials: { secretToken: SECRET_TOKEN, botToken: BOT_TOKEN } });
  expect(telegram.status, telegram.raw).toBe(201);
  telegramChannelId = telegram.body.data.id as string;
});

afterAll(async () => {
  await wa?.close();
  await tg?.close();
  await t?.close();
});

describe('WhatsApp', () => {
  it("turns the fixture's image into a stored file a signed-in agent opens, and tells the open conversation", async () => {
    const bytes = randomBytes(48_000);
    wa.media.set('65463453', { bytes, mimeType: 'image/jpeg' });
    expect(await postWhatsApp(whatsAppMedia('image', 'wamid.IMAGE1', '65463453'))).toMatchObject({ processed: 1 });

    const before = await messageOf(whatsAppChannelId, 'wamid.IMAGE1');
    expect(before.attachments).toEqual([{ name: 'image-65463453.jpg', contentType: 'image/jpeg', size: 0, url: 'whatsapp-media:65463453' }]);
    expect(await mediaJobs()).toEqual([{ key: `${FETCH_MEDIA_JOB}:${before.id}`, attempts: 0, last_error: null }]);

    // The inbox's real-time feed: the job's message.updated for this message
    const listener = await t.db.database.pool.connect();
    const updated = new Promise<Record<string, unknown>>((resolve) => {
      listener.on('notification', (notification) => {
        const event = JSON.parse(notification.payload ?? '{}') as { type: string; data: Record<string, unknown> };
        if (event.type === 'message.updated' && event.data.messageId === Number(before.id)) resolve(event.data);
      });
    });
    await listener.query('LISTEN parley_events');
    try {
      await runMediaJobs();
      expect(await updated).toMatchObject({ messageId: Number(before.id), conversationId: expect.any(String) });
    } finally {
      await listener.query('UNLISTEN parley_events');
      listener.release();
    }

    const [attachment] = (await messageOf(whatsAppChannelId, 'wamid.IMAGE1')).attachments;
    expect(attachment).toEqual({ id: expect.stringMatching(/^file_/), name: 'image-65463453.jpg', contentType: 'image/jpeg', size: bytes.length, url: `/api/v1/message-files/${attachment!.id}?workspace=${ws}` });
    const fetched = await download(attachment!);
    expect(fetched.status).toBe(200);
    expect(fetched.contentType).toBe('image/jpeg');
    expect(Buffer.compare(fetched.bytes, bytes)).toBe(0);
    // Another workspace's people do not get it.
    const other = await createWorkspaceWithOwner(t, 'Other');
    expect((await download(attachment!, other.owner, other.workspace.id)).bytes.equals(bytes)).toBe(false);

    // Both calls carried the channel's token; the link came from the media lookup.
    expect(wa.requests.filter((request) => request.path === '/v21.0/65463453').map((request) => request.headers.authorization)).toEqual([`Bearer ${WA_TOKEN}`]);
    expect(wa.downloads).toEqual([{ mediaId: '65463453', authorization: `Bearer ${WA_TOKEN}`, status: 200 }]);
    expect(await mediaJobs()).toEqual([]);
  });

  it('does not download again when the message is delivered again', async () => {
    const files = await fileCount();
    const downloads = wa.downloads.length;
    // Not byte for byte the same body (the ingress drops those): the same message in another delivery
    for (const timestamp of ['1697043380', '1697043381']) {
      const again = whatsAppMedia('image', 'wamid.IMAGE1', '65463453');
      again.entry[0]!.changes[0]!.value.messages[0]!.timestamp = timestamp;
      expect(await postWhatsApp(again)).toMatchObject({ processed: 1 });
    }
    // Both queued the message's job: one job, by its key
    const { id } = await messageOf(whatsAppChannelId, 'wamid.IMAGE1');
    expect(await mediaJobs()).toEqual([{ key: `${FETCH_MEDIA_JOB}:${id}`, attempts: 0, last_error: null }]);
    await runMediaJobs();
    expect(wa.downloads).toHaveLength(downloads);
    expect(await fileCount()).toBe(files);
    expect((await messageOf(whatsAppChannelId, 'wamid.IMAGE1')).attachments[0]!.url).toMatch(/^\/api\/v1\/message-files\//);
    expect(await mediaJobs()).toEqual([]);
  });

  it('asks for a new link when the 5-minute one has expired', async () => {
    const bytes = randomBytes(1000);
    wa.media.set('70000001', { bytes, mimeType: 'image/png' });
    wa.failNextDownload({ status: 404, body: graphError(100, 'URL signature expired', { type: 'GraphMethodException' }) });
    await postWhatsApp(whatsAppMedia('image', 'wamid.IMAGE2', '70000001'));
    await runMediaJobs();
    const [attachment] = (await messageOf(whatsAppChannelId, 'wamid.IMAGE2')).attachments;
    expect(attachment).toMatchObject({ contentType: 'image/png', size: 1000 });
    expect(Buffer.compare((await download(attachment!)).bytes, bytes)).toBe(0);
    expect(wa.requests.filter((request) => request.path === '/v21.0/70000001')).toHaveLength(2);
    expect(wa.downloads.filter((entry) => entry.mediaId === '70000001').map((entry) => entry.status)).toEqual([404, 200]);
  });

  it('keeps an expired media id as a noted attachment and does not try it again', async () => {
    await postWhatsApp(whatsAppMedia('image', 'wamid.EXPIRED', '99999999'));
    await runMediaJobs();
    const message = await messageOf(whatsAppChannelId, 'wamid.EXPIRED');
    expect(message.attachments).toEqual([{ name: 'image-99999999.jpg — no longer available on WhatsApp (its media id or link expired)', contentType: 'image/jpeg', size: 0, url: 'whatsapp-media:99999999' }]);
    expect(message.data.mediaNotDownloaded).toEqual([{ url: 'whatsapp-media:99999999', name: 'image-99999999.jpg', reason: 'unavailable', note: 'no longer available on WhatsApp (its media id or link expired)', size: null }]);
    // Done, not failed: nothing is left to retry.
    expect(await mediaJobs()).toEqual([]);
    const lookups = wa.requests.length;
    expect(await fetchMessageMedia(kit.deps(), { workspaceId: ws, channelId: whatsAppChannelId, messageId: Number(message.id) })).toEqual({ stored: 0, noted: 0, failed: [] });
    expect(wa.requests).toHaveLength(lookups);
  });

  it('does not download a file over 25 MB and says so', async () => {
    wa.media.set('70000002', { bytes: randomBytes(64), mimeType: 'video/mp4', fileSize: 30 * MB });
    await postWhatsApp(whatsAppMedia('video', 'wamid.BIGVIDEO', '70000002'));
    await runMediaJobs();
    const message = await messageOf(whatsAppChannelId, 'wamid.BIGVIDEO');
    expect(message.attachments).toEqual([{ name: 'video-70000002.mp4 — not downloaded (30.0 MB): Parley keeps files up to 25 MB', contentType: 'video/mp4', size: 30 * MB, url: 'whatsapp-media:70000002' }]);
    expect(message.data.mediaNotDownloaded).toMatchObject([{ reason: 'too_large', size: 30 * MB }]);
    expect(wa.downloads.filter((entry) => entry.mediaId === '70000002')).toEqual([]);
    expect(await mediaJobs()).toEqual([]);
  });

  it('stops a download that runs past the limit when the size given was wrong', async () => {
    const files = await fileCount();
    wa.media.set('70000003', { bytes: randomBytes(5000), mimeType: 'image/jpeg', fileSize: 10 });
    await postWhatsApp(whatsAppMedia('image', 'wamid.LIAR', '70000003'));
    const message = await messageOf(whatsAppChannelId, 'wamid.LIAR');
    expect(await fetchMessageMedia(kit.deps(), { workspaceId: ws, channelId: whatsAppChannelId, messageId: Number(message.id) }, { limit: 1000 })).toEqual({ stored: 0, noted: 1, failed: [] });
    expect((await messageOf(whatsAppChannelId, 'wamid.LIAR')).data.mediaNotDownloaded).toMatchObject([{ reason: 'too_large', note: expect.stringContaining('Parley keeps files up to') }]);
    expect(await fileCount()).toBe(files);
  });

  it('fails the job on a refused token, changing nothing, and stores the file on the retry', async () => {
    const bytes = randomBytes(2000);
    wa.media.set('70000004', { bytes, mimeType: 'image/jpeg' });
    wa.failNext('/70000004', { status: 401, body: graphError(190, 'Error validating access token: Session has expired') });
    await postWhatsApp(whatsAppMedia('image', 'wamid.TOKEN', '70000004'));
    await runMediaJobs();
    const [job] = await mediaJobs();
    expect(job).toMatchObject({ attempts: 1, last_error: expect.stringContaining("WhatsApp refused the channel's access token [190]") });
    const message = await messageOf(whatsAppChannelId, 'wamid.TOKEN');
    expect(message.attachments).toEqual([{ name: 'image-70000004.jpg', contentType: 'image/jpeg', size: 0, url: 'whatsapp-media:70000004' }]);
    expect(message.data.mediaNotDownloaded).toBeUndefined();
    expect((await kit.channelRow()).health).not.toBe('needs_reconnect');

    // graphile-worker's retry, brought forward
    await rows(`UPDATE graphile_worker._private_jobs SET run_at = now() WHERE key = $1`, [job!.key]);
    await runMediaJobs();
    const [attachment] = (await messageOf(whatsAppChannelId, 'wamid.TOKEN')).attachments;
    expect(Buffer.compare((await download(attachment!)).bytes, bytes)).toBe(0);
    expect(await mediaJobs()).toEqual([]);
  });

  it("waits out WhatsApp's Retry-After when it rate limits the download, then stores the file", async () => {
    const bytes = randomBytes(1500);
    wa.media.set('70000005', { bytes, mimeType: 'image/jpeg' });
    wa.failNext('/70000005', { status: 429, body: graphError(4, 'Application request limit reached'), headers: { 'retry-after': '120' } });
    await postWhatsApp(whatsAppMedia('image', 'wamid.SLOW', '70000005'));
    const before = Date.now();
    await runMediaJobs();
    // Queued again for the moment WhatsApp named, not failed into graphile-worker's backoff.
    const [job] = await rows<{ key: string; attempts: number; run_at: Date; payload: { waits?: number } }>('SELECT key, attempts, run_at, payload FROM graphile_worker._private_jobs WHERE key LIKE $1', [`${FETCH_MEDIA_JOB}:%`]);
    expect(job).toMatchObject({ attempts: 0, payload: { waits: 1 } });
    expect(job!.run_at.getTime() - before).toBeGreaterThanOrEqual(119_000);
    expect(job!.run_at.getTime() - Date.now()).toBeLessThanOrEqual(120_000);
    expect((await messageOf(whatsAppChannelId, 'wamid.SLOW')).attachments[0]!.url).toBe('whatsapp-media:70000005');

    await rows(`UPDATE graphile_worker._private_jobs SET run_at = now() WHERE key = $1`, [job!.key]);
    await runMediaJobs();
    const [attachment] = (await messageOf(whatsAppChannelId, 'wamid.SLOW')).attachments;
    expect(Buffer.compare((await download(attachment!)).bytes, bytes)).toBe(0);
    expect(await mediaJobs()).toEqual([]);
  });
});

describe('Telegram', () => {
  it("turns the fixture's photo into a stored file a signed-in agent opens, downloading the largest size", async () => {
    const bytes = randomBytes(114_661);
    tg.files.set('photo-large', { bytes });
    expect(await postTelegram(telegramUpdate(103, 'photo-large', 2001))).toMatchObject({ processed: 1 });
    const before = await messageOf(telegramChannelId, '12345678:2001');
    expect(before.attachments).toEqual([{ name: 'photo.jpg', contentType: 'image/jpeg', size: 114_661, url: 'telegram-file:photo-large' }]);
    expect(await mediaJobs()).toEqual([{ key: `${FETCH_MEDIA_JOB}:${before.id}`, attempts: 0, last_error: null }]);

    await runMediaJobs();
    const [attachment] = (await messageOf(telegramChannelId, '12345678:2001')).attachments;
    expect(attachment).toMatchObject({ name: 'photo.jpg', contentType: 'image/jpeg', size: bytes.length, url: expect.stringMatching(/^\/api\/v1\/message-files\/file_/) });
    const fetched = await download(attachment!);
    expect(fetched).toMatchObject({ status: 200, contentType: 'image/jpeg' });
    expect(Buffer.compare(fetched.bytes, bytes)).toBe(0);
    expect(tg.of('getFile').map((call) => ({ token: call.token, body: call.body }))).toEqual([{ token: BOT_TOKEN, body: { file_id: 'photo-large' } }]);
    expect(tg.downloads.map((entry) => ({ token: entry.token, status: entry.status }))).toEqual([{ token: BOT_TOKEN, status: 200 }]);
    expect(await mediaJobs()).toEqual([]);
  });

  it("stores the fixture's document with its name and type", async () => {
    tg.files.set('doc-aaa', { bytes: Buffer.from('hi') });
    await postTelegram(telegramUpdate(106, 'doc-aaa', 2002));
    await runMediaJobs();
    const [attachment] = (await messageOf(telegramChannelId, '12345678:2002')).attachments;
    expect(attachment).toMatchObject({ name: 'aaa.txt', contentType: 'text/plain', size: 2 });
    const fetched = await download(attachment!);
    expect(fetched.status).toBe(200);
    expect(fetched.bytes.toString('utf8')).toBe('hi');
  });

  it('does not download a file over the 20 MB Telegram serves bots, whether the update or getFile says so', async () => {
    const declared = telegramUpdate(106, 'doc-big-declared', 2003);
    (declared.message.document as Record<string, unknown>).file_size = 21 * MB;
    tg.files.set('doc-big-declared', { bytes: randomBytes(16), fileSize: 21 * MB });
    const unsized = telegramUpdate(106, 'doc-big', 2004);
    delete (unsized.message.document as Record<string, unknown>).file_size;
    tg.files.set('doc-big', { bytes: randomBytes(16), fileSize: 22 * MB });
    await postTelegram(declared);
    await postTelegram(unsized);
    const getFiles = tg.of('getFile').length;
    await runMediaJobs();

    const first = await messageOf(telegramChannelId, '12345678:2003');
    expect(first.attachments).toEqual([{ name: 'aaa.txt — not downloaded (21.0 MB): Telegram lets bots download files up to 20 MB', contentType: 'text/plain', size: 21 * MB, url: 'telegram-file:doc-big-declared' }]);
    const second = await messageOf(telegramChannelId, '12345678:2004');
    expect(second.attachments[0]!.name).toBe('aaa.txt — not downloaded: Telegram lets bots download files up to 20 MB');
    expect(second.data.mediaNotDownloaded).toMatchObject([{ reason: 'too_large' }]);
    // The declared size spared the getFile call; the other was refused by Telegram; neither was downloaded.
    expect(tg.calls.filter((call) => call.method === 'getFile').slice(-1).map((call) => call.body)).toEqual([{ file_id: 'doc-big' }]);
    expect(tg.of('getFile')).toHaveLength(getFiles);
    expect(tg.downloads.filter((entry) => entry.status === 200)).toHaveLength(2);
    expect(await mediaJobs()).toEqual([]);
  });

  it('keeps a file Telegram no longer has as a noted attachment, without retrying', async () => {
    await postTelegram(telegramUpdate(103, 'gone-photo', 2005));
    await runMediaJobs();
    const message = await messageOf(telegramChannelId, '12345678:2005');
    expect(message.attachments[0]!.name).toBe('photo.jpg — no longer available on Telegram (Telegram refused getFile (400): Bad Request: wrong file_id or the file is temporarily unavailable)');
    expect(message.attachments[0]!.url).toBe('telegram-file:gone-photo');
    expect(message.data.mediaNotDownloaded).toMatchObject([{ reason: 'unavailable' }]);
    expect(await mediaJobs()).toEqual([]);
  });
});
