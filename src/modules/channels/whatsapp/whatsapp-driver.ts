// The WhatsApp channel: replies go out through the Cloud API's POST /{version}/{phone-number-id}/messages
// — text (with link previews), files by link, reply buttons and lists when the message carries them,
// the customer's message quoted when the agent answered a particular one, and approved templates.
// Free-form replies are allowed for 24 hours after the customer's last message; after that only a
// template goes out (the composer offers them; the inbox refuses anything else up front).
import { ChannelSendError, type ChannelDriver, type DriverContext, type FreeFormWindow, type OutboundAttachment, type OutboundMessage } from '../driver.js';
import { registerChannelDriver } from '../registry.js';
import { defaultGraphHttp, graphFailure, graphRequest, graphUrl, readGraphError, whatsAppSettings, type GraphHttp, type WhatsAppSettings } from './graph.js';
import * as repo from './repository.js';
import type { TemplatePayload } from './templates.js';

/** WhatsApp's customer-service window: free-form messages within 24 hours of the customer's last one */
export const CUSTOMER_SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;
const CAPTION_LIMIT = 1024;

/** Reply buttons (up to 3) or a list a message may carry in `data.interactive` */
export type InteractiveContent =
  | { type: 'buttons'; buttons: { id: string; title: string }[] }
  | { type: 'list'; button: string; sections: { title?: string; rows: { id: string; title: string; description?: string }[] }[] };

export function customerServiceWindow(lastInboundAt: Date | null, now: Date): FreeFormWindow {
  if (!lastInboundAt) return { open: false, closesAt: null, reason: 'The customer has not written on WhatsApp yet, so only an approved message template can start the conversation.' };
  const closesAt = new Date(lastInboundAt.getTime() + CUSTOMER_SERVICE_WINDOW_MS);
  if (now < closesAt) return { open: true, closesAt, reason: null };
  return { open: false, closesAt, reason: `The customer last wrote more than 24 hours ago (the window closed ${closesAt.toISOString()}), so WhatsApp only delivers an approved message template until they write again.` };
}

const templateOf = (data: Record<string, unknown>): TemplatePayload | null => {
  const template = data.template as { payload?: TemplatePayload } | undefined;
  return template?.payload && typeof template.payload.name === 'string' ? template.payload : null;
};

/**
 * Who the message goes to and from which number. The thread `${phoneNumberId}:${waId}` holds both as
 * WhatsApp gave them; the contact's identity (stored in E.164, "+14155550123") is the fallback.
 */
function addressOf(settings: WhatsAppSettings, message: OutboundMessage): { from: string | null; to: string | null } {
  const [threadNumber, threadWaId] = (message.externalThreadId ?? '').split(':');
  const from = threadNumber && /^\d+$/.test(threadNumber) ? threadNumber : settings.phoneNumberId;
  const identity = message.recipient?.externalId?.replace(/^\+/, '') ?? null;
  return { from, to: threadWaId || identity || null };
}

function mediaKind(contentType: string): 'image' | 'video' | 'audio' | 'document' {
  if (/^image\/(jpeg|png)$/i.test(contentType)) return 'image';
  if (/^video\//i.test(contentType)) return 'video';
  if (/^audio\//i.test(contentType)) return 'audio';
  return 'document';
}

function interactivePayload(content: InteractiveContent, text: string): Record<string, unknown> {
  if (!text) throw new ChannelSendError('permanent', 'WhatsApp buttons and lists need the message to have text.');
  if (content.type === 'buttons') {
    if (content.buttons.length < 1 || content.buttons.length > 3) throw new ChannelSendError('permanent', `WhatsApp allows 1 to 3 reply buttons; this message has ${content.buttons.length}.`);
    const long = content.buttons.find((button) => button.title.length > 20);
    if (long) throw new ChannelSendError('permanent', `WhatsApp button titles are at most 20 characters; "${long.title}" is longer.`);
    return { type: 'button', body: { text }, action: { buttons: content.buttons.map((button) => ({ type: 'reply', reply: { id: button.id, title: button.title } })) } };
  }
  const rows = content.sections.reduce((count, section) => count + section.rows.length, 0);
  if (rows < 1 || rows > 10) throw new ChannelSendError('permanent', `WhatsApp lists have 1 to 10 rows; this message has ${rows}.`);
  return { type: 'list', body: { text }, action: { button: content.button, sections: content.sections } };
}

/** The link WhatsApp fetches a file from (a file stored in Parley goes by its signed link), or why there is none. */
function fileLink(attachment: OutboundAttachment): { link: string } | { refusal: string } {
  const link = attachment.publicUrl ?? attachment.url;
  return /^https?:\/\//i.test(link) ? { link } : { refusal: `The file "${attachment.name}" has no public link WhatsApp can fetch (${link.slice(0, 80)}).` };
}

/** The Cloud API message bodies this message becomes, in order (files and text may take more than one). */
export function messagePayloads(message: OutboundMessage, data: Record<string, unknown>): Record<string, unknown>[] {
  const template = templateOf(data);
  if (template) return [{ type: 'template', template }];
  const text = message.text.trim();
  if (data.interactive) return [{ type: 'interactive', interactive: interactivePayload(data.interactive as InteractiveContent, text) }];
  const files = message.attachments.map((attachment) => {
    const file = fileLink(attachment);
    if ('refusal' in file) throw new ChannelSendError('permanent', file.refusal);
    const { link } = file;
    const kind = mediaKind(attachment.contentType);
    return { kind, media: { link, ...(kind === 'document' ? { filename: attachment.name } : {}) } as Record<string, unknown> };
  });
  const captioned = files[0] && files[0].kind !== 'audio' && text.length > 0 && text.length <= CAPTION_LIMIT;
  if (captioned) files[0]!.media.caption = text;
  const payloads: Record<string, unknown>[] = [];
  if (text && !captioned) payloads.push({ type: 'text', text: { body: text, preview_url: /https?:\/\//i.test(text) } });
  for (const file of files) payloads.push({ type: file.kind, [file.kind]: file.media });
  return payloads;
}

async function postMessage(http: GraphHttp, settings: WhatsAppSettings, from: string, body: Record<string, unknown>): Promise<string> {
  const response = await graphRequest(http, graphUrl(settings, `${from}/messages`), {
    method: 'POST',
    headers: { authorization: `Bearer ${settings.accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw graphFailure(await readGraphError(response), http, response.headers);
  const answer = (await response.json().catch(() => null)) as { messages?: { id?: unknown }[] } | null;
  const id = answer?.messages?.[0]?.id;
  if (typeof id !== 'string' || !id) throw new ChannelSendError('temporary', 'The WhatsApp Cloud API accepted the message but gave no message id');
  return id;
}

export function createWhatsAppDriver(http: GraphHttp = defaultGraphHttp()): ChannelDriver {
  const refusal = async (context: DriverContext, message: OutboundMessage, data: Record<string, unknown>): Promise<string | null> => {
    const settings = whatsAppSettings(context.channel);
    if (!settings.accessToken) return 'This WhatsApp channel has no access token: add a system-user token with whatsapp_business_messaging to its credentials to reply.';
    const { from, to } = addressOf(settings, message);
    if (!from) return "This WhatsApp channel has no phone number id: add it to the channel's settings to reply.";
    if (!to) return 'This conversation has no WhatsApp number to reply to.';
    if (templateOf(data)) return null;
    const conversation = await repo.conversationOf(context.db, context.channel.workspaceId, message.conversationId);
    const shut = customerServiceWindow(conversation?.lastInboundAt ?? null, new Date(http.now())).reason;
    if (shut) return shut;
    // Buttons and templates go without files (messagePayloads); a file otherwise needs a link WhatsApp can fetch.
    if (data.interactive) return null;
    for (const attachment of message.attachments) {
      const file = fileLink(attachment);
      if ('refusal' in file) return file.refusal;
    }
    return null;
  };
  const dataOf = async (context: DriverContext, message: OutboundMessage) => (await repo.outboundMessage(context.db, context.channel.workspaceId, Number(message.messageId))) ?? { data: {}, replyToMessageId: null };

  return {
    type: 'whatsapp',
    freeFormWindow: customerServiceWindow,
    async cannotReply(context, message) {
      return refusal(context, message, (await dataOf(context, message)).data);
    },
    async send(context, message) {
      const stored = await dataOf(context, message);
      const reason = await refusal(context, message, stored.data);
      if (reason) throw new ChannelSendError('permanent', reason);
      const settings = whatsAppSettings(context.channel);
      const { from, to } = addressOf(settings, message);
      // Quoting is for an answer to one particular message the agent chose, not every reply.
      const quoted = stored.replyToMessageId !== null && message.replyToExternalId ? { context: { message_id: message.replyToExternalId } } : {};
      let externalId: string | null = null;
      for (const payload of messagePayloads(message, stored.data)) {
        const id = await postMessage(http, settings, from!, { messaging_product: 'whatsapp', recipient_type: 'individual', to, ...quoted, ...payload });
        externalId ??= id;
      }
      return { externalId, status: 'sent' };
    },
  };
}

export const whatsAppDriver = createWhatsAppDriver();
registerChannelDriver(whatsAppDriver);
