// WhatsApp Cloud API `changes[]` of a `whatsapp_business_account` entry. The thread is `${phoneNumberId}:${wa_id}`.
// Media arrive as ids only: attachments carry 'whatsapp-media:<id>', which the driver turns into a download later.
import { senderIdentity, type InboundAttachment, type InboundEvent, type InboundMessage } from '../inbound.js';
import { asId, asMimeType, asNumber, asObject, asObjects, asString, asTime, compact, type JsonObject } from '../inbound-json.js';

const mediaTypes = ['image', 'video', 'audio', 'document', 'sticker'] as const;
const defaultContentTypes: Record<(typeof mediaTypes)[number], string> = {
  image: 'image/jpeg',
  video: 'video/mp4',
  audio: 'audio/ogg',
  document: 'application/octet-stream',
  sticker: 'image/webp',
};

export function parseWhatsAppChange(change: JsonObject, entryTime: Date): InboundEvent[] {
  const field = asString(change.field) ?? 'unknown';
  const value = asObject(change.value);
  if (!value) return [unsupported(`whatsapp.${field}`, 'change without a value')];
  if (field === 'smb_message_echoes') return asObjects(value.message_echoes).map((echo) => parseEcho(echo, entryTime));
  if (field === 'message_template_status_update') return [parseTemplateStatus(value, entryTime)];
  if (field !== 'messages') return [unsupported(`whatsapp.${field}`, `${field} updates are not inbox messages`)];

  const phoneNumberId = asId(asObject(value.metadata)?.phone_number_id) ?? 'unknown';
  const contacts = asObjects(value.contacts);
  // Errors of the whole delivery (e.g. a message WhatsApp could not render) explain otherwise empty messages.
  const deliveryErrors = describeErrors(value.errors);
  const events: InboundEvent[] = [];
  for (const message of asObjects(value.messages)) events.push(...parseMessage(message, { phoneNumberId, contacts, entryTime, deliveryErrors }));
  for (const status of asObjects(value.statuses)) events.push(parseStatus(status, entryTime));
  if (events.length === 0) {
    events.push(unsupported('whatsapp.messages', deliveryErrors ? `no messages or statuses: ${deliveryErrors}` : 'no messages or statuses'));
  }
  return events;
}

/** A template's review: its new status (APPROVED, REJECTED, PAUSED, DISABLED…) and Meta's reason. */
function parseTemplateStatus(value: JsonObject, entryTime: Date): InboundEvent {
  // asId: a blank name or language names no template.
  const name = asId(value.message_template_name);
  const language = asId(value.message_template_language);
  if (!name || !language) return unsupported('whatsapp.message_template_status_update', 'no template name or language');
  // Meta's statuses are words such as APPROVED or PENDING_DELETION; anything else cannot be stored as one.
  const status = asString(value.event);
  if (!status || !/^[A-Za-z_]+$/.test(status)) return unsupported('whatsapp.message_template_status_update', `event ${JSON.stringify(status ?? null)} is not a template status`);
  const reason = asString(asObject(value.rejection_info)?.reason) ?? asString(value.reason);
  return { kind: 'template_status', templateExternalId: asId(value.message_template_id) ?? null, name, language, status: status.toUpperCase(), reason: reason && reason !== 'NONE' ? reason : null, occurredAt: entryTime };
}

type MessageContext = { phoneNumberId: string; contacts: JsonObject[]; entryTime: Date; deliveryErrors: string | undefined };

function parseMessage(message: JsonObject, context: MessageContext): InboundEvent[] {
  const type = asString(message.type) ?? 'unknown';
  const from = asId(message.from);
  const id = asId(message.id);
  const occurredAt = asTime(message.timestamp, context.entryTime);
  if (!from || !id) return [unsupported(`whatsapp.message.${type}`, 'message without a sender or id')];

  if (type === 'reaction') {
    const reaction = asObject(message.reaction);
    const target = asId(reaction?.message_id);
    if (!target) return [unsupported('whatsapp.message.reaction', 'reaction without the message it reacts to')];
    // An empty or missing emoji means the person removed their reaction.
    return [{ kind: 'reaction', externalMessageId: target, emoji: asString(reaction?.emoji) || null, occurredAt, senderExternalId: from }];
  }
  if (type === 'edit') {
    const edit = asObject(message.edit);
    const original = asId(edit?.original_message_id);
    if (!original) return [unsupported('whatsapp.message.edit', 'edit without the original message id')];
    return [{ kind: 'edit', externalMessageId: original, text: content(asObject(edit?.message) ?? {}).text, occurredAt }];
  }
  if (type === 'revoke') return [unsupported('whatsapp.message.revoke', `the person deleted message ${asId(asObject(message.revoke)?.original_message_id) ?? '?'}`)];
  if (type === 'system') {
    const system = asObject(message.system);
    return [unsupported(`whatsapp.system.${asString(system?.type) ?? 'unknown'}`, asString(system?.body) ?? 'system message')];
  }
  if (type === 'unsupported') {
    const innerType = asString(asObject(message.unsupported)?.type);
    return [unsupported('whatsapp.message.unsupported', `${innerType ? `${innerType}: ` : ''}${describeErrors(message.errors) ?? 'message type WhatsApp does not deliver'}`)];
  }
  const interactive = asObject(message.interactive);
  if (type === 'interactive') {
    const innerType = asString(interactive?.type);
    if (!innerType || !['button_reply', 'list_reply', 'nfm_reply'].includes(innerType)) {
      return [unsupported(`whatsapp.interactive.${innerType ?? 'unknown'}`, describeErrors(message.errors) ?? context.deliveryErrors ?? 'interactive reply Parley does not handle')];
    }
  }

  const body = content(message);
  if (body.text === '' && body.attachments.length === 0 && !body.data) return [unsupported(`whatsapp.message.${type}`, describeErrors(message.errors) ?? context.deliveryErrors ?? 'message type Parley does not read')];
  const contact = context.contacts.find((candidate) => asId(candidate.wa_id) === from) ?? context.contacts[0];
  const name = asString(asObject(contact?.profile)?.name);
  const username = asString(asObject(contact?.profile)?.username);
  const messageContext = asObject(message.context);
  const data = compact({
    ...body.data,
    referral: asObject(message.referral),
    forwarded: messageContext?.forwarded === true || undefined,
    frequentlyForwarded: messageContext?.frequently_forwarded === true || undefined,
  });
  const event: InboundMessage = {
    kind: 'message',
    externalThreadId: `${context.phoneNumberId}:${from}`,
    externalMessageId: id,
    visibility: 'private',
    sender: {
      identity: senderIdentity('whatsapp', from, { displayName: name, handle: username }),
      ...(/^\d{6,15}$/.test(from) ? { phone: `+${from}` } : {}),
      ...(name ? { name } : {}),
    },
    text: body.text,
    attachments: body.attachments,
    replyToExternalId: asId(messageContext?.id) ?? null,
    occurredAt,
  };
  if (Object.keys(data).length > 0) event.data = data;
  return [event];
}

/** The text, files and structured content of a message (or of the new version of an edited one) */
function content(message: JsonObject): { text: string; attachments: InboundAttachment[]; data?: Record<string, unknown> } {
  const type = asString(message.type);
  if (type === 'text') return { text: asString(asObject(message.text)?.body) ?? '', attachments: [] };
  const mediaType = mediaTypes.find((candidate) => candidate === type);
  if (mediaType) {
    const media = asObject(message[mediaType]) ?? {};
    const mediaId = asId(media.id);
    const contentType = asMimeType(media.mime_type) ?? defaultContentTypes[mediaType];
    const attachments = mediaId ? [{ name: asString(media.filename) ?? `${mediaType}-${mediaId}${extension(contentType)}`, contentType, size: 0, url: `whatsapp-media:${mediaId}` }] : [];
    const data = compact({ voice: media.voice === true || undefined, animatedSticker: media.animated === true || undefined, sha256: asString(media.sha256) });
    return { text: asString(media.caption) ?? '', attachments, ...(Object.keys(data).length > 0 ? { data } : {}) };
  }
  if (type === 'location') {
    const location = asObject(message.location) ?? {};
    const latitude = asNumber(location.latitude);
    const longitude = asNumber(location.longitude);
    const named = [asString(location.name), asString(location.address)].filter(Boolean).join(', ');
    const text = named || (latitude !== undefined && longitude !== undefined ? `${latitude}, ${longitude}` : '');
    return { text, attachments: [], data: { location: compact({ latitude, longitude, name: asString(location.name), address: asString(location.address), url: asString(location.url) }) } };
  }
  if (type === 'contacts') {
    const shared = asObjects(message.contacts).map((card) => {
      const name = asObject(card.name);
      return compact({
        name: asString(name?.formatted_name) ?? ([asString(name?.first_name), asString(name?.last_name)].filter(Boolean).join(' ') || undefined),
        phones: asObjects(card.phones).map((phone) => compact({ phone: asString(phone.phone), waId: asId(phone.wa_id), type: asString(phone.type) })),
        emails: asObjects(card.emails).map((email) => compact({ email: asString(email.email), type: asString(email.type) })),
      });
    });
    return { text: shared.map((card) => (typeof card.name === 'string' ? card.name : 'Contact')).join(', '), attachments: [], data: { contacts: shared } };
  }
  if (type === 'interactive') {
    const interactive = asObject(message.interactive) ?? {};
    const innerType = asString(interactive.type) ?? 'unknown';
    const reply = asObject(interactive[innerType]) ?? {};
    if (innerType === 'nfm_reply') {
      return { text: asString(reply.body) ?? '', attachments: [], data: { flowResponse: parseJsonObject(asString(reply.response_json)) ?? null, flowName: asString(reply.name) ?? null } };
    }
    return { text: asString(reply.title) ?? '', attachments: [], data: { interactive: compact({ type: innerType, id: asId(reply.id), title: asString(reply.title), description: asString(reply.description) }) } };
  }
  if (type === 'button') {
    const button = asObject(message.button) ?? {};
    return { text: asString(button.text) ?? '', attachments: [], data: { button: compact({ payload: asString(button.payload), text: asString(button.text) }) } };
  }
  if (type === 'order') {
    const order = asObject(message.order) ?? {};
    const items = asObjects(order.product_items).map((item) =>
      compact({ productRetailerId: asId(item.product_retailer_id), quantity: asNumber(item.quantity), itemPrice: asNumber(item.item_price), currency: asString(item.currency) }),
    );
    const summary = items.map((item) => `${String(item.quantity ?? 1)} × ${String(item.productRetailerId ?? 'item')}`).join(', ');
    return { text: asString(order.text) || (items.length > 0 ? `Order: ${summary}` : ''), attachments: [], data: { order: { catalogId: asId(order.catalog_id) ?? null, items } } };
  }
  return { text: '', attachments: [] };
}

function parseStatus(status: JsonObject, entryTime: Date): InboundEvent {
  const id = asId(status.id);
  const value = asString(status.status);
  if (status.type === 'call') return unsupported('whatsapp.status.call', `call ${id ?? '?'} ${value ?? ''}`.trim());
  if (!id || !value) return unsupported('whatsapp.status', 'status without a message id or status');
  const occurredAt = asTime(status.timestamp, entryTime);
  // 'played' (a voice message was listened to) implies it was read.
  const mapped = value === 'played' ? 'read' : value;
  if (mapped !== 'sent' && mapped !== 'delivered' && mapped !== 'read' && mapped !== 'failed') return unsupported(`whatsapp.status.${value}`, `status ${value} of ${id}`);
  const error = describeErrors(status.errors);
  return { kind: 'status', externalMessageId: id, status: mapped, occurredAt, ...(error ? { error } : {}) };
}

/** Messages the business sent from the WhatsApp Business app (coexistence): ours, so a sent status or an edit */
function parseEcho(echo: JsonObject, entryTime: Date): InboundEvent {
  const type = asString(echo.type) ?? 'unknown';
  const id = asId(echo.id);
  const occurredAt = asTime(echo.timestamp, entryTime);
  if (type === 'edit') {
    const edit = asObject(echo.edit);
    const original = asId(edit?.original_message_id);
    if (original) return { kind: 'edit', externalMessageId: original, text: content(asObject(edit?.message) ?? {}).text, occurredAt };
  }
  if (type === 'revoke') return unsupported('whatsapp.echo.revoke', `the business deleted message ${asId(asObject(echo.revoke)?.original_message_id) ?? '?'}`);
  if (!id) return unsupported(`whatsapp.echo.${type}`, 'echo without a message id');
  return { kind: 'status', externalMessageId: id, status: 'sent', occurredAt };
}

function describeErrors(errors: unknown): string | undefined {
  const described = asObjects(errors).map((error) => {
    const code = asId(error.code);
    const title = asString(error.title) ?? asString(error.message);
    const details = asString(asObject(error.error_data)?.details);
    const head = [code, title].filter(Boolean).join(' ');
    return (details ? `${head}: ${details}` : head).trim();
  }).filter(Boolean);
  return described.length > 0 ? described.join('; ') : undefined;
}

function extension(contentType: string): string {
  const subtype = contentType.split(';')[0]?.split('/')[1]?.trim();
  return subtype && /^[a-z0-9.+-]{1,10}$/.test(subtype) ? `.${subtype === 'jpeg' ? 'jpg' : subtype}` : '';
}

function parseJsonObject(text: string | undefined): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    return asObject(JSON.parse(text));
  } catch {
    return undefined;
  }
}

function unsupported(type: string, reason: string): InboundEvent {
  return { kind: 'unsupported', type, reason };
}
