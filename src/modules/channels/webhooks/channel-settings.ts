// Settings of the messaging platforms' channel accounts: what each needs to verify its webhooks
// (Meta's app secret and verify token, X's consumer secret, Telegram's secret token) and to send.
// Credentials are sealed by manage-channels; the rest is config in the clear.
import { z } from 'zod';
import type { ChannelType } from '../../../db/schema.js';
import type { ChannelTypeSettings } from '../settings.js';
import type { WebhookPlatform } from './verify.js';

/** Which webhook endpoint serves which channel type. */
export const webhookPlatformOf: Partial<Record<ChannelType, WebhookPlatform>> = {
  whatsapp: 'meta',
  messenger: 'meta',
  instagram: 'meta',
  x: 'x',
  telegram: 'telegram',
};

const secret = z.string().trim().min(1).max(2000);
const apiBaseUrl = z.url().max(500).optional();

/** The app has Meta's Human Agent permission: people (not automation) may answer for 7 days after the customer's last message, not 24 hours */
const humanAgent = z.boolean().optional().describe("Meta granted the app the Human Agent permission: agents' replies go out for 7 days after the customer's last message");

const metaCredentials = z.object({ appSecret: secret, verifyToken: secret, accessToken: secret.optional() });

export const messagingChannelSettings: ChannelTypeSettings[] = [
  {
    type: 'whatsapp',
    defaultName: 'WhatsApp',
    config: z.object({ phoneNumberId: z.string().max(100).optional(), businessAccountId: z.string().max(100).optional(), apiBaseUrl }).catchall(z.unknown()),
    credentials: metaCredentials,
  },
  {
    type: 'messenger',
    defaultName: 'Facebook Messenger',
    config: z.object({ pageId: z.string().max(100).optional(), apiBaseUrl, humanAgent }).catchall(z.unknown()),
    credentials: metaCredentials,
  },
  {
    type: 'instagram',
    defaultName: 'Instagram',
    config: z.object({ accountId: z.string().max(100).optional(), apiBaseUrl, humanAgent }).catchall(z.unknown()),
    credentials: metaCredentials,
  },
  {
    type: 'x',
    defaultName: 'X',
    config: z.object({ userId: z.string().max(100).optional(), apiBaseUrl }).catchall(z.unknown()),
    credentials: z.object({ consumerSecret: secret, consumerKey: secret.optional(), accessToken: secret.optional(), accessTokenSecret: secret.optional(), bearerToken: secret.optional() }),
  },
  {
    type: 'telegram',
    defaultName: 'Telegram',
    config: z.object({ botUsername: z.string().max(100).optional(), apiBaseUrl }).catchall(z.unknown()),
    credentials: z.object({ secretToken: z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, 'Telegram allows 1-256 characters A-Z, a-z, 0-9, _ and -'), botToken: secret.optional() }),
  },
];

/** The credentials a webhook of this platform is checked with, or null when the channel has none. */
export function webhookSecretsOf(platform: WebhookPlatform, credentials: Record<string, unknown>): { secret: string; verifyToken?: string } | null {
  const read = (key: string) => (typeof credentials[key] === 'string' && credentials[key] ? (credentials[key] as string) : null);
  if (platform === 'meta') {
    const appSecret = read('appSecret');
    return appSecret ? { secret: appSecret, verifyToken: read('verifyToken') ?? '' } : null;
  }
  const value = read(platform === 'x' ? 'consumerSecret' : 'secretToken');
  return value ? { secret: value } : null;
}

export const webhookUrlOf = (publicUrl: string, platform: WebhookPlatform, channelId: string) => `${publicUrl.replace(/\/+$/, '')}/webhooks/${platform}/${channelId}`;
