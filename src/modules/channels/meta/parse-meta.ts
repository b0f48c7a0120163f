// Meta webhooks (`{object, entry: [...]}`) for Page (Messenger and Page comments), Instagram and WhatsApp Business
// accounts. The envelope's `object` says which product sent it; each entry is parsed on its own so one odd entry
// never hides the others.
import { WebhookParseError, type InboundEvent } from '../inbound.js';
import { asArray, asId, asObject, asObjects, asString, asTime, describeError, type JsonObject } from '../inbound-json.js';
import { parseInstagramChange, parsePageChange } from './parse-comments.js';
import { parseMessagingItem } from './parse-messaging.js';
import { parseWhatsAppChange } from './parse-whatsapp.js';

export function parseMetaWebhook(body: unknown): InboundEvent[] {
  const envelope = asObject(body);
  const object = asString(envelope?.object);
  if (!envelope || object === undefined || !Array.isArray(envelope.entry)) {
    throw new WebhookParseError('meta', 'not a Meta webhook: expected {"object": string, "entry": [...]}');
  }
  const events: InboundEvent[] = [];
  for (const [index, raw] of asArray(envelope.entry).entries()) {
    const entry = asObject(raw);
    if (!entry) {
      events.push({ kind: 'unsupported', type: `meta.${object}.entry`, reason: `entry ${index} is not an object` });
      continue;
    }
    try {
      events.push(...parseEntry(object, entry));
    } catch (error) {
      // Parsers read defensively; this is the last guard so a surprise shape is logged, not a failed delivery.
      events.push({ kind: 'unsupported', type: `meta.${object}.entry`, reason: `entry ${index} could not be read: ${describeError(error)}` });
    }
  }
  return events;
}

function parseEntry(object: string, entry: JsonObject): InboundEvent[] {
  const accountId = asId(entry.id);
  const entryTime = asTime(entry.time);
  if (object === 'whatsapp_business_account') {
    return asObjects(entry.changes).flatMap((change) => parseWhatsAppChange(change, entryTime));
  }
  if (object === 'page' || object === 'instagram') {
    const channel = object === 'page' ? 'facebook' : 'instagram';
    const messaging = asObjects(entry.messaging).flatMap((item) => parseMessagingItem(item, { channel, accountId, entryTime, standby: false }));
    const standby = asObjects(entry.standby).flatMap((item) => parseMessagingItem(item, { channel, accountId, entryTime, standby: true }));
    const changes = asObjects(entry.changes).flatMap((change) =>
      object === 'page' ? parsePageChange(change, accountId, entryTime) : parseInstagramChange(change, accountId, entryTime),
    );
    const events = [...messaging, ...standby, ...changes];
    return events.length > 0 ? events : [{ kind: 'unsupported', type: `meta.${object}.entry`, reason: 'entry with no messaging, standby or changes' }];
  }
  return [{ kind: 'unsupported', type: `meta.${object}`, reason: `webhooks for object "${object}" are not handled` }];
}
