// What Messenger and Instagram share when Parley answers on them. A direct message goes through the Send
// API (POST /{version}/{page or account id}/messages, messaging_type RESPONSE) to the person's page- or
// account-scoped id, within Meta's 24-hour window after their last message (a person's reply for 7 days
// with the HUMAN_AGENT tag, when the channel says Meta granted that permission); a comment (a public
// conversation on a post) is answered on the comment itself, through the product's own endpoint.
import { and, eq } from 'drizzle-orm';
import { conversations, messages } from '../../../db/schema.js';
import { ChannelSendError, type ChannelDriver, type DriverContext, type OutboundAttachment, type OutboundMessage } from '../driver.js';
import { defaultReplyHttp, type ReplyHttp } from '../listening/reply-http.js';
import { DEFAULT_GRAPH_BASE_URL, DEFAULT_GRAPH_VERSION, graphPost, type GraphTarget } from './send-graph-client.js';

/** Meta's standard messaging window: replies are allowed this long after the person's last message. */
export const MESSAGING_WINDOW_MS = 24 * 60 * 60 * 1000;
/** With the Human Agent permission (config humanAgent), a person's reply may go out this long after, tagged HUMAN_AGENT. */
export const HUMAN_AGENT_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;
/** The Send API takes at most 13 quick replies, each titled in 20 characters. */
const MAX_QUICK_REPLIES = 13;
const MAX_QUICK_REPLY_TITLE = 20;

export type GraphCall = { path: string; body: Record<string, unknown> };

export type MetaProduct = {
  type: 'messenger' | 'instagram';
  /** The platform's name in reasons shown to agents */
  platform: string;
  /** The config key of the account that sends (the Page id, the Instagram account id); `me` when absent */
  accountKey: 'pageId' | 'accountId';
  /** What to add when the channel has no access token */
  missingToken: string;
  /** The call answering a comment in public, or why this reply cannot be one */
  commentReply(commentId: string, message: OutboundMessage): GraphCall | { refusal: string };
};

type Plan = { reason: string } | { reason: null; target: GraphTarget; calls: GraphCall[] };

const stringOf = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

function graphTarget(product: MetaProduct, context: DriverContext): GraphTarget | { reason: string } {
  const accessToken = stringOf(context.channel.credentials.accessToken);
  if (!accessToken) return { reason: product.missingToken };
  const version = stringOf(context.channel.config.apiVersion) ?? DEFAULT_GRAPH_VERSION;
  if (!/^v\d+\.\d+$/.test(version)) return { reason: `The channel's apiVersion "${version.slice(0, 40)}" is not a Graph API version; use the form v21.0.` };
  return { baseUrl: stringOf(context.channel.config.apiBaseUrl) ?? DEFAULT_GRAPH_BASE_URL, version, accessToken };
}

/** The Send API's attachment type for a file: Meta fetches it by URL, so the URL must be public (a stored file's signed link). */
function sendApiAttachment(attachment: OutboundAttachment): { type: string; payload: { url: string; is_reusable: boolean } } | { refusal: string } {
  let url: URL;
  try {
    url = new URL(attachment.publicUrl ?? attachment.url);
  } catch {
    return { refusal: `Meta fetches attachments by URL, and "${attachment.name}" has no public http(s) URL.` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { refusal: `Meta fetches attachments by URL, and "${attachment.name}" has no public http(s) URL.` };
  const kind = attachment.contentType.split('/')[0];
  const type = kind === 'image' || kind === 'video' || kind === 'audio' ? kind : 'file';
  return { type, payload: { url: url.toString(), is_reusable: false } };
}

/**
 * Quick replies set on the message: the reply buttons every channel reads (data.interactive of type
 * buttons, each id the payload), or what automation writes in data.quickReplies (titles, or {title, payload}).
 */
function quickRepliesOf(data: Record<string, unknown> | undefined): { content_type: 'text'; title: string; payload: string }[] | { refusal: string } | undefined {
  const interactive = data?.interactive as { type?: unknown; buttons?: unknown } | undefined;
  if (interactive && (interactive.type !== 'buttons' || !Array.isArray(interactive.buttons))) return { refusal: `The buttons on this message are not in a form Parley can send as quick replies (data.interactive of type buttons).` };
  const raw = interactive ? (interactive.buttons as unknown[]).map((button) => ({ title: (button as Record<string, unknown> | null)?.title, payload: (button as Record<string, unknown> | null)?.id })) : data?.quickReplies;
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_QUICK_REPLIES) return { refusal: `Quick replies must be a list of 1 to ${MAX_QUICK_REPLIES} choices.` };
  const replies = [];
  for (const item of raw as unknown[]) {
    const title = typeof item === 'string' ? stringOf(item) : stringOf((item as Record<string, unknown> | null)?.title);
    const payload = typeof item === 'string' ? title : (stringOf((item as Record<string, unknown> | null)?.payload) ?? title);
    if (!title || !payload || title.length > MAX_QUICK_REPLY_TITLE) return { refusal: `Each quick reply needs a title of at most ${MAX_QUICK_REPLY_TITLE} characters.` };
    replies.push({ content_type: 'text' as const, title, payload: payload.slice(0, 1000) });
  }
  return replies;
}

/** The calls of a direct message: the Send API takes text or one attachment per message, so each file is its own send. */
async function directMessageCalls(product: MetaProduct, context: DriverContext, message: OutboundMessage, now: number): Promise<GraphCall[] | { reason: string }> {
  const { db, channel } = context;
  const recipientId = message.recipient?.externalId;
  if (!recipientId) return { reason: `This conversation has no ${product.platform} person to write to (no page-scoped id on its contact identity).` };
  const [conversation] = await db
    .select({ lastInboundAt: conversations.lastInboundAt })
    .from(conversations)
    .where(and(eq(conversations.workspaceId, channel.workspaceId), eq(conversations.id, message.conversationId)));
  const last = conversation?.lastInboundAt;
  if (!last) return { reason: `The customer has not written on ${product.platform} yet; Meta allows replies only within 24 hours of the customer's last message.` };
  const [row] = await db
    .select({ data: messages.data })
    .from(messages)
    .where(and(eq(messages.workspaceId, channel.workspaceId), eq(messages.id, Number(message.messageId))));
  // Past 24 hours, only a person's reply goes out, tagged HUMAN_AGENT, for 7 days, and only when Meta granted the app that permission.
  const since = now - last.getTime();
  const tagged = since > MESSAGING_WINDOW_MS;
  if (tagged) {
    if (channel.config.humanAgent !== true) {
      return { reason: `Cannot reply on ${product.platform}: more than 24 hours since the customer's last message; Meta allows replies only within 24 hours (a person's reply within 7 days once Meta grants the app the Human Agent permission: then turn on humanAgent in the channel's settings).` };
    }
    if (since > HUMAN_AGENT_WINDOW_MS) return { reason: `Cannot reply on ${product.platform}: more than 7 days since the customer's last message; Meta allows a person's reply (Human Agent) only within 7 days.` };
    if (row?.data.automatic) return { reason: `Cannot send an automatic message on ${product.platform} more than 24 hours after the customer's last message: Meta's Human Agent tag is for a person's replies only.` };
  }
  const quickReplies = quickRepliesOf(row?.data);
  if (quickReplies && 'refusal' in quickReplies) return { reason: quickReplies.refusal };

  const parts: Record<string, unknown>[] = [];
  if (message.text.trim()) parts.push({ text: message.text });
  for (const attachment of message.attachments) {
    const converted = sendApiAttachment(attachment);
    if ('refusal' in converted) return { reason: converted.refusal };
    parts.push({ attachment: converted });
  }
  if (parts.length === 0) return { reason: 'The message has neither text nor attachments.' };
  // Quick replies ride on the last part, so the choices show under everything that was sent.
  if (quickReplies) parts[parts.length - 1] = { ...parts[parts.length - 1], quick_replies: quickReplies };
  const account = stringOf(channel.config[product.accountKey]) ?? 'me';
  const kind = tagged ? { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' } : { messaging_type: 'RESPONSE' };
  return parts.map((part) => ({ path: `/${encodeURIComponent(account)}/messages`, body: { recipient: { id: recipientId }, ...kind, message: part } }));
}

async function plan(product: MetaProduct, context: DriverContext, message: OutboundMessage, now: number): Promise<Plan> {
  const target = graphTarget(product, context);
  if ('reason' in target) return target;
  if (message.visibility === 'public') {
    if (!message.replyToExternalId) return { reason: `There is no ${product.platform} comment in this conversation to reply to.` };
    const call = product.commentReply(message.replyToExternalId, message);
    return 'refusal' in call ? { reason: call.refusal } : { reason: null, target, calls: [call] };
  }
  const calls = await directMessageCalls(product, context, message, now);
  return 'reason' in calls ? calls : { reason: null, target, calls };
}

export function createMetaDriver(product: MetaProduct, http: ReplyHttp = defaultReplyHttp()): ChannelDriver {
  return {
    type: product.type,
    async cannotReply(context, message) {
      return (await plan(product, context, message, http.now())).reason;
    },
    async send(context, message) {
      const planned = await plan(product, context, message, http.now());
      if (planned.reason !== null) throw new ChannelSendError('permanent', planned.reason);
      let externalId: string | null = null;
      for (const call of planned.calls) {
        const answer = await graphPost(http, planned.target, call.path, call.body, product.platform);
        // The Send API answers {recipient_id, message_id}; comment endpoints answer {id}.
        const id = stringOf(answer.message_id) ?? stringOf(answer.id);
        if (!id) throw new ChannelSendError('temporary', `${product.platform} accepted the message without giving its id`);
        // The first part's id is the message's: delivery and read webhooks name it.
        externalId ??= id;
      }
      return { externalId, status: 'sent' };
    },
  };
}
