// Request and response shapes of /channels, and the presenter from rows to responses. Credentials are
// never presented; a web chat channel carries the one script tag that embeds its widget.
import { z } from 'zod';
import { channelTypes } from '../../db/schema.js';
import type { SecretBox } from '../../lib/secrets.js';
import { channelHealthOf, channelHealthStates } from './health/channel-health.js';
import type { ChannelRow } from './repository.js';
import { openChannelCredentials } from './settings.js';
import { webhookPlatformOf, webhookUrlOf } from './webhooks/channel-settings.js';

const settings = z.record(z.string(), z.unknown());
const credentials = z.record(z.string(), z.string().max(10_000)).describe('Secret fields (tokens, app secrets): stored encrypted, never shown again');

export const channelSchema = z
  .object({
    id: z.string(),
    type: z.enum(channelTypes),
    name: z.string(),
    config: settings.describe("The type's settings (web chat: title, greeting, color, position, prechatFields, offlineMessage, askEmailWhenOffline, allowAttachments, allowedOrigins)"),
    hasCredentials: z.boolean(),
    storedCredentials: z.array(z.string()).describe('Names of the credential fields stored (never their values)'),
    enabled: z.boolean(),
    sendsPerMinute: z.number().int(),
    health: z.string(),
    lastError: z.string().nullable(),
    lastErrorAt: z.iso.datetime().nullable(),
    status: z
      .object({ state: z.enum(channelHealthStates), summary: z.string(), tokenExpiresInDays: z.number().int().nullable() })
      .describe('What to do about the channel now: ok, disabled, needs_reconnect, token_expiring, rate_limited, failing or webhook_unverified'),
    tokenExpiresAt: z.iso.datetime().nullable().describe('When the access token stops working, when known'),
    webhookVerifiedAt: z.iso.datetime().nullable().describe('The first verified handshake or signed delivery from the platform'),
    rateLimitedUntil: z.iso.datetime().nullable(),
    webhook: z
      .object({ platform: z.enum(['meta', 'x', 'telegram']), url: z.string().describe("The callback URL to give the platform") })
      .nullable()
      .describe('Messaging channels: where the platform sends its webhooks'),
    widget: z
      .object({ scriptUrl: z.string(), snippet: z.string().describe('The one script tag to paste into a site') })
      .nullable()
      .describe('Web chat channels: how to embed the widget'),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Channel' });

export const channelCreateSchema = z.object({
  type: z.enum(channelTypes),
  name: z.string().trim().max(200).optional(),
  config: settings.default({}),
  credentials: credentials.optional(),
  tokenExpiresAt: z.iso.datetime({ offset: true }).nullable().optional().describe('When the access token expires, if the platform said (Meta: long-lived tokens after ~60 days)'),
  enabled: z.boolean().optional(),
  sendsPerMinute: z.number().int().min(1).max(100_000).optional(),
});

export const channelUpdateSchema = z.object({
  name: z.string().trim().max(200).optional(),
  config: settings.optional(),
  credentials: credentials.optional(),
  tokenExpiresAt: z.iso.datetime({ offset: true }).nullable().optional().describe('When the (new) access token expires; null when it does not'),
  enabled: z.boolean().optional(),
  sendsPerMinute: z.number().int().min(1).max(100_000).optional(),
});

export const channelListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  type: z.enum(channelTypes).optional(),
});

export function widgetSnippet(publicUrl: string, channelId: string): { scriptUrl: string; snippet: string } {
  const scriptUrl = `${publicUrl.replace(/\/$/, '')}/widget.js`;
  return { scriptUrl, snippet: `<script src="${scriptUrl}" data-channel="${channelId}" async></script>` };
}

export function presentChannel(channel: ChannelRow, publicUrl: string, secrets?: SecretBox): z.infer<typeof channelSchema> {
  const platform = webhookPlatformOf[channel.type];
  return {
    id: channel.id,
    type: channel.type,
    name: channel.name,
    config: channel.config,
    hasCredentials: channel.credentials !== null,
    storedCredentials: Object.keys(openChannelCredentials(secrets, channel.credentials)).sort(),
    enabled: channel.enabled,
    sendsPerMinute: channel.sendsPerMinute,
    health: channel.health,
    lastError: channel.lastError,
    lastErrorAt: channel.lastErrorAt?.toISOString() ?? null,
    status: channelHealthOf(channel),
    tokenExpiresAt: channel.tokenExpiresAt?.toISOString() ?? null,
    webhookVerifiedAt: channel.webhookVerifiedAt?.toISOString() ?? null,
    rateLimitedUntil: channel.rateLimitedUntil?.toISOString() ?? null,
    webhook: platform ? { platform, url: webhookUrlOf(publicUrl, platform, channel.id) } : null,
    widget: channel.type === 'webchat' ? widgetSnippet(publicUrl, channel.id) : null,
    createdAt: channel.createdAt.toISOString(),
    updatedAt: channel.updatedAt.toISOString(),
  };
}
