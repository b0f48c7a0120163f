// One entry point for every messaging platform's webhook body: parseWebhook(platform, channelType, body) returns
// the unified inbound events (inbound.ts). It throws WebhookParseError only when the body is not the platform's
// envelope at all; anything inside an envelope that Parley cannot use comes back as an 'unsupported' event.
import { WebhookParseError, type InboundEvent, type WebhookChannelType, type WebhookPlatform } from './inbound.js';
import { describeError } from './inbound-json.js';
import { parseMetaWebhook } from './meta/parse-meta.js';
import { parseTelegramUpdate } from './telegram/parse-update.js';
import { parseAccountActivity } from './x/parse-account-activity.js';

export { WebhookParseError } from './inbound.js';
export type { InboundEvent } from './inbound.js';

const platformOf: Record<WebhookChannelType, WebhookPlatform> = { messenger: 'meta', instagram: 'meta', whatsapp: 'meta', x: 'x', telegram: 'telegram' };

/**
 * Parses a webhook body (already JSON-decoded). For Meta, the envelope's `object` decides how entries are read
 * (a Page, Instagram or WhatsApp Business account), so a channel that receives another product's deliveries
 * still gets correct events; `channelType` must belong to the platform. A valid envelope gives at least one event.
 */
export function parseWebhook(platform: WebhookPlatform, channelType: WebhookChannelType, body: unknown): InboundEvent[] {
  if (platformOf[channelType] !== platform) throw new WebhookParseError(platform, `channel type ${channelType} does not receive ${platform} webhooks`);
  try {
    const events = platform === 'meta' ? parseMetaWebhook(body) : platform === 'x' ? parseAccountActivity(body) : parseTelegramUpdate(body);
    // An envelope always gives at least one event, so an empty delivery is logged like any other unused one.
    if (events.length === 0) return [{ kind: 'unsupported', type: `${platform}.empty`, reason: 'delivery with no events' }];
    // A reason built from the platform's own (possibly blank) words still says something to whoever reads the dead letter.
    return events.map((event) => (event.kind === 'unsupported' && !event.reason.trim() ? { ...event, reason: `${event.type}: the delivery gives no reason` } : event));
  } catch (error) {
    if (error instanceof WebhookParseError) throw error;
    // The platform parsers guard each entry; this keeps the promise that a delivery never crashes the ingress.
    return [{ kind: 'unsupported', type: `${platform}.webhook`, reason: `could not be read: ${describeError(error)}` }];
  }
}
