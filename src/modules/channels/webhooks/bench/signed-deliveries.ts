// Correctly signed webhook deliveries with unique ids, shaped like the fixtures (a WhatsApp Cloud API
// text message, an X Account Activity DM, a Telegram update), for the benchmark and the crash test.
import { createHmac } from 'node:crypto';
import type { WebhookPlatform } from '../verify.js';

export type BenchChannels = { whatsapp: { id: string; appSecret: string }; x: { id: string; consumerSecret: string }; telegram: { id: string; secretToken: string } };
export type SignedDelivery = { platform: WebhookPlatform; path: string; headers: Record<string, string>; body: string; externalMessageId: string };

const hex = (secret: string, body: string) => createHmac('sha256', secret).update(body).digest('hex');
const b64 = (secret: string, body: string) => createHmac('sha256', secret).update(body).digest('base64');

/** Delivery number `n` of run `runId`: platforms in turn, each with its own message id, from 20,000 senders in turn. */
export function signedDelivery(channels: BenchChannels, runId: string, n: number): SignedDelivery {
  const sender = 10_000_000 + (n % 20_000);
  const seconds = 1_730_000_000 + n;
  switch (n % 3) {
    case 0: {
      const id = `wamid.${runId}.${n}`;
      const body = JSON.stringify({
        object: 'whatsapp_business_account',
        entry: [{ id: '1234567890987654321', changes: [{ value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550953877', phone_number_id: '277321005464405' }, contacts: [{ profile: { name: `Customer ${sender}` }, wa_id: `972${sender}` }], messages: [{ from: `972${sender}`, id, timestamp: String(seconds), text: { body: `Where is my order ${n}?` }, type: 'text' }] }, field: 'messages' }] }],
      });
      return { platform: 'meta', path: `/webhooks/meta/${channels.whatsapp.id}`, headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${hex(channels.whatsapp.appSecret, body)}` }, body, externalMessageId: id };
    }
    case 1: {
      const id = `${runId.replace(/\D/g, '') || '1'}${n}`;
      const body = JSON.stringify({
        for_user_id: '4337869213',
        direct_message_events: [{ type: 'message_create', id, created_timestamp: String(seconds * 1000), message_create: { target: { recipient_id: '4337869213' }, sender_id: String(sender), message_data: { text: `Hello from ${n}`, entities: { hashtags: [], symbols: [], user_mentions: [], urls: [] } } } }],
        users: { [String(sender)]: { id: String(sender), created_timestamp: '1422556069340', name: `Sender ${sender}`, screen_name: `sender${sender}`, followers_count: 10, verified: false } },
      });
      return { platform: 'x', path: `/webhooks/x/${channels.x.id}`, headers: { 'content-type': 'application/json', 'x-twitter-webhooks-signature': `sha256=${b64(channels.x.consumerSecret, body)}` }, body, externalMessageId: id };
    }
    default: {
      const updateId = n;
      const body = JSON.stringify({ update_id: updateId, message: { message_id: n, date: seconds, chat: { id: sender, type: 'private', first_name: 'Tess' }, from: { id: sender, is_bot: false, first_name: 'Tess', username: `tess${sender}` }, text: `Telegram ${runId} ${n}` } });
      return { platform: 'telegram', path: `/webhooks/telegram/${channels.telegram.id}`, headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': channels.telegram.secretToken }, body, externalMessageId: `${sender}:${n}` };
    }
  }
}
