// Messaging webhooks on a real database: Meta's, X's and Telegram's verification with the published
// vectors, 401/404 storing nothing, durable storage before the 200, idempotent re-delivery, dead
// letters, processing into the inbox, and a failing event retried then left 'failed' on the channel.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, TEST_SECRET, type TestApp } from '../../../../test/helpers/app.js';
import { createWorkspaceWithOwner } from '../../../../test/helpers/factories.js';
import { channels } from '../../../db/schema.js';
import { newId } from '../../../lib/ids.js';
import { SecretBox } from '../../../lib/secrets.js';
import { adminAddChannel } from '../../../cli/admin.js';
import { drainWebhookEvents, MAX_ATTEMPTS } from './drain-webhook-events.js';

const fixtures = path.resolve(import.meta.dirname, '../../../../test/fixtures/webhooks');
const fixture = (name: string) => readFileSync(path.join(fixtures, name));
type Vector = Record<string, unknown> & { id: string };
const vectors = (JSON.parse(fixture('vectors.json').toString()) as { vectors: Vector[] }).vectors;
const vector = (id: string) => vectors.find((v) => v.id === id)!;

const pywa = vector('meta_x_hub_signature_256_pywa') as Vector & { app_secret: string; expected_header_value: string };
const metaGet = vector('meta_get_verification_bottender') as Vector & { verify_token_configured: string; request_ok: Record<string, string>; request_bad: Record<string, string> };
const crc = vector('twitter_crc_devrel_example') as Vector & { consumer_secret: string; request: string; expected_response: { response_token: string } };
const crcToken = crc.request.split('crc_token=')[1]!;
const TELEGRAM_SECRET = 'telegram-secret_123';

let t: TestApp;
let ws: string;
const channel = { whatsapp: '', x: '', telegram: '' };
const quiet = { log: () => {} };

const rows = async <T>(text: string, params: unknown[] = []) => (await t.db.database.pool.query(text, params)).rows as T[];
const post = (url: string, body: Buffer | string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url, payload: body, headers: { 'content-type': 'application/json', ...headers } });
const metaSign = (secret: string, body: Buffer | string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
const xSign = (secret: string, body: Buffer | string) => `sha256=${createHmac('sha256', secret).update(body).digest('base64')}`;
const telegramUpdate = (updateId: number, messageId: number, text: string) =>
  JSON.stringify({ update_id: updateId, message: { message_id: messageId, date: 1730231903, chat: { id: 4242, type: 'private', first_name: 'Tess' }, from: { id: 4242, is_bot: false, first_name: 'Tess', username: 'tess_t' }, text } });

async function addChannel(type: 'whatsapp' | 'x' | 'telegram', credentials: Record<string, string>) {
  const id = newId('ch');
  await t.db.database.db.insert(channels).values({ id, workspaceId: ws, type, name: type, credentials: new SecretBox(TEST_SECRET).seal(JSON.stringify(credentials)) });
  return id;
}

beforeAll(async () => {
  t = await buildTestApp();
  ws = (await createWorkspaceWithOwner(t)).workspace.id;
  channel.whatsapp = await addChannel('whatsapp', { appSecret: pywa.app_secret, verifyToken: metaGet.verify_token_configured });
  channel.x = await addChannel('x', { consumerSecret: crc.consumer_secret });
  channel.telegram = await addChannel('telegram', { secretToken: TELEGRAM_SECRET });
});
afterAll(async () => t?.close());

describe('verification handshakes', () => {
  it('echoes Meta hub.challenge only for the configured verify token', async () => {
    const ok = await t.app.inject({ method: 'GET', url: `/webhooks/meta/${channel.whatsapp}`, query: metaGet.request_ok });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe(metaGet.request_ok['hub.challenge']);
    const bad = await t.app.inject({ method: 'GET', url: `/webhooks/meta/${channel.whatsapp}`, query: metaGet.request_bad });
    expect(bad.statusCode).toBe(403);
  });

  it("answers X's CRC with the published response token", async () => {
    const response = await t.app.inject({ method: 'GET', url: `/webhooks/x/${channel.x}?crc_token=${crcToken}` });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(crc.expected_response);
  });

  it('404s unknown channels and channels of another platform', async () => {
    expect((await t.app.inject({ method: 'GET', url: `/webhooks/x/ch_nope?crc_token=a` })).statusCode).toBe(404);
    expect((await post(`/webhooks/x/${channel.whatsapp}`, '{}', { 'x-twitter-webhooks-signature': xSign(crc.consumer_secret, '{}') })).statusCode).toBe(404);
    expect((await post(`/webhooks/telegram/ch_nope`, '{}', { 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET })).statusCode).toBe(404);
  });
});

describe('channels added by an operator', () => {
  it('prints the webhook URL of a WhatsApp channel whose sealed credentials then verify its webhooks', async () => {
    const added = await adminAddChannel(t.db.database.db, new SecretBox(TEST_SECRET), {
      workspaceId: ws,
      type: 'whatsapp',
      settings: { name: 'Support line', appSecret: 'app-secret-1', verifyToken: 'verify-me', phoneNumberId: '277321005464405' },
      publicUrl: 'https://parley.example/',
    });
    expect(added).toEqual({ channelId: expect.stringMatching(/^ch_/), webhookUrl: `https://parley.example/webhooks/meta/${added.channelId}` });
    const [row] = await rows<{ credentials: string; config: Record<string, unknown> }>('SELECT credentials, config FROM channels WHERE id = $1', [added.channelId]);
    expect(row!.credentials).not.toContain('app-secret-1');
    expect(row!.config).toEqual({ phoneNumberId: '277321005464405' });
    const path = new URL(added.webhookUrl!).pathname;
    const challenge = await t.app.inject({ method: 'GET', url: path, query: { 'hub.mode': 'subscribe', 'hub.verify_token': 'verify-me', 'hub.challenge': '1158201444' } });
    expect(challenge.body).toBe('1158201444');
    const body = '{"object":"whatsapp_business_account","entry":[]}';
    expect((await post(path, body, { 'x-hub-signature-256': metaSign('app-secret-1', body) })).statusCode).toBe(200);
    expect((await post(path, body, { 'x-hub-signature-256': metaSign(pywa.app_secret, body) })).statusCode).toBe(401);
    // An envelope with nothing in it is kept, as a dead letter
    expect(await drainWebhookEvents(t.db.database.db, quiet)).toMatchObject({ processed: 0, dead: 1 });
  });
});

describe('signed deliveries', () => {
  it('accepts the published WhatsApp vector, stores its exact bytes once and processes it into the inbox', async () => {
    const body = fixture('pywa_whatsapp_raw_body.json');
    expect(metaSign(pywa.app_secret, body)).toBe(pywa.expected_header_value);
    const first = await post(`/webhooks/meta/${channel.whatsapp}`, body, { 'x-hub-signature-256': pywa.expected_header_value });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ accepted: true, duplicate: false });
    const stored = await rows<{ body: Buffer; state: string }>('SELECT body, state FROM webhook_events WHERE channel_id = $1', [channel.whatsapp]);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.body.equals(body)).toBe(true);

    const again = await post(`/webhooks/meta/${channel.whatsapp}`, body, { 'x-hub-signature-256': pywa.expected_header_value });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ accepted: true, duplicate: true });
    expect(await rows('SELECT 1 FROM webhook_events WHERE channel_id = $1', [channel.whatsapp])).toHaveLength(1);

    expect(await drainWebhookEvents(t.db.database.db, quiet)).toMatchObject({ processed: 1, dead: 0 });
    const messages = await rows<{ text: string; external_id: string; conversation_id: string }>('SELECT text, external_id, conversation_id FROM messages WHERE channel_id = $1', [channel.whatsapp]);
    expect(messages).toEqual([expect.objectContaining({ text: 'Hey there! I am using PyWa.', external_id: 'wamid.HBgMOTcyNTQ0NDAxMjQzFQIAEhggM0RFQTNCMEEwRTY3QzUwODYzMDc4NjQ4QzM4ODAxM0YA' })]);
    const [conversation] = await rows<{ status: string; contact_id: string | null }>('SELECT status, contact_id FROM conversations WHERE id = $1', [messages[0]!.conversation_id]);
    expect(conversation).toMatchObject({ status: 'open' });
    expect(conversation!.contact_id).not.toBeNull();
    expect(await rows<{ state: string }>('SELECT state FROM webhook_events WHERE channel_id = $1', [channel.whatsapp])).toEqual([{ state: 'processed' }]);
  });

  it('refuses forged and unsigned deliveries with 401 and stores nothing', async () => {
    const body = fixture('whatsapp_messages.json');
    const before = (await rows('SELECT 1 FROM webhook_events')).length;
    const forged = await post(`/webhooks/meta/${channel.whatsapp}`, body, { 'x-hub-signature-256': metaSign('not the app secret', body) });
    expect(forged.statusCode).toBe(401);
    expect(forged.json().error.code).toBe('webhook.bad_signature');
    // Signed, then altered by one byte on the way
    const altered = Buffer.from(body);
    altered[altered.length - 2] = 0x20;
    expect((await post(`/webhooks/meta/${channel.whatsapp}`, altered, { 'x-hub-signature-256': metaSign(pywa.app_secret, body) })).statusCode).toBe(401);
    expect((await post(`/webhooks/meta/${channel.whatsapp}`, body)).statusCode).toBe(401);
    expect((await post(`/webhooks/x/${channel.x}`, body, { 'x-twitter-webhooks-signature': metaSign(crc.consumer_secret, body) })).statusCode).toBe(401);
    expect((await post(`/webhooks/telegram/${channel.telegram}`, body, { 'x-telegram-bot-api-secret-token': 'guess' })).statusCode).toBe(401);
    expect((await post(`/webhooks/telegram/${channel.telegram}`, body)).statusCode).toBe(401);
    expect(await rows('SELECT 1 FROM webhook_events')).toHaveLength(before);
  });

  it('processes an X direct message signed the X way', async () => {
    const body = fixture('x_direct_message_events.json');
    const response = await post(`/webhooks/x/${channel.x}`, body, { 'x-twitter-webhooks-signature': xSign(crc.consumer_secret, body) });
    expect(response.statusCode).toBe(200);
    await drainWebhookEvents(t.db.database.db, quiet);
    expect(await rows('SELECT text FROM messages WHERE channel_id = $1', [channel.x])).toEqual([{ text: 'Hello World!' }]);
  });

  it('keeps Telegram updates once per update_id and turns an edit into the same message edited', async () => {
    const headers = { 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET };
    expect((await post(`/webhooks/telegram/${channel.telegram}`, telegramUpdate(501, 77, 'Where is my order?'), headers)).json()).toEqual({ accepted: true, duplicate: false });
    // Telegram re-sends the same update_id (even re-serialized): one event
    expect((await post(`/webhooks/telegram/${channel.telegram}`, ` ${telegramUpdate(501, 77, 'Where is my order?')}`, headers)).json()).toEqual({ accepted: true, duplicate: true });
    const edit = JSON.stringify({ update_id: 502, edited_message: { ...JSON.parse(telegramUpdate(0, 77, 'Where is my order #1234?')).message, edit_date: 1730232000 } });
    expect((await post(`/webhooks/telegram/${channel.telegram}`, edit, headers)).statusCode).toBe(200);
    expect(await rows('SELECT 1 FROM webhook_events WHERE channel_id = $1', [channel.telegram])).toHaveLength(2);
    await drainWebhookEvents(t.db.database.db, quiet);
    const messages = await rows<{ text: string; data: Record<string, unknown> }>('SELECT text, data FROM messages WHERE channel_id = $1', [channel.telegram]);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.text).toBe('Where is my order #1234?');
    expect(messages[0]!.data).toMatchObject({ edited: true, originalText: 'Where is my order?' });
  });

  it('keeps a signed body that is not JSON, or of no known kind, as a dead letter with the reason', async () => {
    const garbage = Buffer.from('this is not json');
    const response = await post(`/webhooks/meta/${channel.whatsapp}`, garbage, { 'x-hub-signature-256': metaSign(pywa.app_secret, garbage) });
    expect(response.statusCode).toBe(200);
    const odd = '{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"something_new","value":{}}]}]}';
    expect((await post(`/webhooks/meta/${channel.whatsapp}`, odd, { 'x-hub-signature-256': metaSign(pywa.app_secret, odd) })).statusCode).toBe(200);
    expect(await drainWebhookEvents(t.db.database.db, quiet)).toMatchObject({ dead: 2, failed: 0 });
    const dead = await rows<{ body: Buffer; error: string }>("SELECT body, error FROM webhook_events WHERE state = 'dead' AND channel_id = $1 ORDER BY id", [channel.whatsapp]);
    expect(dead).toHaveLength(2);
    expect(dead[0]!.body.toString()).toBe('this is not json');
    expect(dead[0]!.error).toMatch(/not JSON/);
    expect(dead[1]!.error.length).toBeGreaterThan(0);
  });

  it('retries an event whose processing fails, then leaves it failed and says so on the channel', async () => {
    await t.db.database.pool.query(`CREATE FUNCTION refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.text = 'boom' THEN RAISE EXCEPTION 'disk on fire'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER refuse_boom BEFORE INSERT ON messages FOR EACH ROW EXECUTE FUNCTION refuse_boom();`);
    const headers = { 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET };
    expect((await post(`/webhooks/telegram/${channel.telegram}`, telegramUpdate(900, 90, 'boom'), headers)).statusCode).toBe(200);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const result = await drainWebhookEvents(t.db.database.db, quiet);
      const state = JSON.stringify(await rows("SELECT state, attempts, retry_at, error FROM webhook_events WHERE dedupe_key = 'update:900'"));
      expect(result, `attempt ${attempt}: ${state}`).toMatchObject(attempt < MAX_ATTEMPTS ? { retried: 1, failed: 0 } : { retried: 0, failed: 1 });
      // Waiting for the backoff is the clock's job; here the retry is made due — a second ago, since the
      // next drain's transaction, on another connection, was seen to start no later than this statement's now().
      await t.db.database.pool.query("UPDATE webhook_events SET retry_at = now() - interval '1 second' WHERE state = 'received'");
    }
    const [event] = await rows<{ state: string; attempts: number; error: string }>("SELECT state, attempts, error FROM webhook_events WHERE dedupe_key = 'update:900'");
    expect(event).toEqual({ state: 'failed', attempts: MAX_ATTEMPTS, error: expect.stringMatching(/disk on fire/) });
    const [health] = await rows<{ health: string; last_error: string }>('SELECT health, last_error FROM channels WHERE id = $1', [channel.telegram]);
    expect(health!.health).toBe('failing');
    expect(health!.last_error).toMatch(/disk on fire/);
    expect(await drainWebhookEvents(t.db.database.db, quiet)).toEqual({ processed: 0, dead: 0, retried: 0, failed: 0 });
  });
});
