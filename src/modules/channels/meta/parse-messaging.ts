// Messenger Platform `messaging` (and `standby`) items of Page and Instagram webhooks: messages with attachments,
// quick replies and replies, postbacks, echoes of our own sends, reads, deliveries, reactions, edits, referrals and
// handover. The thread of a DM is `${pageOrAccountId}:${psid}`, the person's page- or account-scoped id.
import { senderIdentity, type InboundAttachment, type InboundEvent, type InboundIdentityChannel } from '../inbound.js';
import { asArray, asId, asObject, asObjects, asString, asTime, compact, type JsonObject } from '../inbound-json.js';

export type MessagingContext = {
  /** 'facebook' for Page webhooks (object 'page'), 'instagram' for object 'instagram' */
  channel: InboundIdentityChannel;
  /** entry.id: the Page id or the Instagram professional account id */
  accountId: string | undefined;
  entryTime: Date;
  /** The item came in `standby` (another app owns the thread) */
  standby: boolean;
};

const handoverTypes = ['pass_thread_control', 'take_thread_control', 'request_thread_control', 'app_roles'] as const;

export function parseMessagingItem(item: JsonObject, context: MessagingContext): InboundEvent[] {
  const prefix = context.channel === 'instagram' ? 'instagram' : 'messenger';
  const senderId = asId(asObject(item.sender)?.id);
  const recipientId = asId(asObject(item.recipient)?.id);
  const occurredAt = asTime(item.timestamp, context.entryTime);
  const message = asObject(item.message);

  if (message && message.is_echo === true) {
    // Sent by the Page or account (through us or another tool): the sender is the account, the person is the recipient.
    const mid = asId(message.mid);
    if (!mid) return [unsupported(`${prefix}.echo`, 'echo without a message id')];
    return [{ kind: 'status', externalMessageId: mid, status: 'sent', occurredAt }];
  }

  const threadAccountId = context.accountId ?? recipientId;
  const threadOf = (personId: string): string => `${threadAccountId ?? 'unknown'}:${personId}`;

  if (message) {
    const mid = asId(message.mid);
    if (message.is_deleted === true) return [unsupported(`${prefix}.message_deleted`, `the person unsent message ${mid ?? '(no id)'}`)];
    if (!mid || !senderId) return [unsupported(`${prefix}.message`, 'message without a sender or message id')];
    if (message.is_unsupported === true) return [unsupported(`${prefix}.message_unsupported`, `message ${mid} of a type the platform does not deliver to apps`)];
    const attachments = asObjects(message.attachments).flatMap((attachment) => toAttachment(attachment) ?? []);
    const replyTo = asObject(message.reply_to);
    const story = asObject(replyTo?.story);
    const storyMention = asObjects(message.attachments).find((attachment) => attachment.type === 'story_mention');
    const quickReply = asObject(message.quick_reply);
    const data = compact({
      quickReply: quickReply ? asString(quickReply.payload) : undefined,
      storyReply: story ? compact({ id: asId(story.id), url: asString(story.url) }) : undefined,
      storyMention: storyMention ? compact({ url: asString(asObject(storyMention.payload)?.url) }) : undefined,
      referral: asObject(message.referral),
      sharedLinks: sharedLinks(message),
      stickerId: asId(message.sticker_id),
      standby: context.standby || undefined,
    });
    return [
      {
        kind: 'message',
        externalThreadId: threadOf(senderId),
        externalMessageId: mid,
        visibility: 'private',
        sender: { identity: senderIdentity(context.channel, senderId) },
        text: asString(message.text) ?? '',
        attachments,
        replyToExternalId: asId(replyTo?.mid) ?? null,
        occurredAt,
        ...(Object.keys(data).length > 0 ? { data } : {}),
      },
    ];
  }

  const postback = asObject(item.postback);
  if (postback) {
    if (!senderId) return [unsupported(`${prefix}.postback`, 'postback without a sender')];
    const title = asString(postback.title) ?? '';
    const payload = asString(postback.payload);
    return [
      {
        kind: 'message',
        externalThreadId: threadOf(senderId),
        // A postback has a mid only on recent API versions; the sender and time identify it otherwise.
        externalMessageId: asId(postback.mid) ?? `postback:${senderId}:${occurredAt.getTime()}`,
        visibility: 'private',
        sender: { identity: senderIdentity(context.channel, senderId) },
        text: title,
        attachments: [],
        replyToExternalId: null,
        occurredAt,
        data: compact({ postback: payload ?? null, referral: asObject(postback.referral), standby: context.standby || undefined }),
      },
    ];
  }

  const read = asObject(item.read);
  if (read) {
    // Instagram names the message read; Messenger sends only a watermark (every message before it was read).
    const mid = asId(read.mid);
    if (mid) return [{ kind: 'status', externalMessageId: mid, status: 'read', occurredAt }];
    return [unsupported(`${prefix}.read`, `read watermark ${asId(read.watermark) ?? '(none)'} without message ids`)];
  }

  const delivery = asObject(item.delivery);
  if (delivery) {
    const mids = asArray(delivery.mids).flatMap((mid) => asId(mid) ?? []);
    if (mids.length === 0) return [unsupported(`${prefix}.delivery`, `delivery watermark ${asId(delivery.watermark) ?? '(none)'} without message ids`)];
    return mids.map((mid) => ({ kind: 'status' as const, externalMessageId: mid, status: 'delivered' as const, occurredAt }));
  }

  const reaction = asObject(item.reaction);
  if (reaction) {
    const mid = asId(reaction.mid);
    if (!mid) return [unsupported(`${prefix}.reaction`, 'reaction without a message id')];
    const removed = reaction.action === 'unreact';
    const emoji = removed ? null : (asString(reaction.emoji) ?? asString(reaction.reaction) ?? null);
    return [{ kind: 'reaction', externalMessageId: mid, emoji: emoji === '' ? null : emoji, occurredAt, ...(senderId ? { senderExternalId: senderId } : {}) }];
  }

  const edit = asObject(item.message_edit);
  if (edit) {
    const mid = asId(edit.mid);
    if (!mid) return [unsupported(`${prefix}.message_edit`, 'edit without a message id')];
    return [{ kind: 'edit', externalMessageId: mid, text: asString(edit.text) ?? '', occurredAt }];
  }

  const referral = asObject(item.referral);
  if (referral) {
    // The person opened the thread from a link or an ad; their first message carries the referral again.
    return [unsupported(`${prefix}.referral`, `referral ${asString(referral.source) ?? ''} ${asString(referral.ref) ?? ''} without a message`.replace(/\s+/g, ' ').trim())];
  }

  for (const type of handoverTypes) {
    if (asObject(item[type])) return [unsupported(`${prefix}.${type}`, 'thread ownership changed (handover protocol)')];
  }
  if (asObject(item.optin)) return [unsupported(`${prefix}.optin`, 'opt-in (send-to-Messenger or notification request)')];

  // Adapters serialise absent events as null; only objects are events.
  const known = Object.keys(item).filter((key) => !['sender', 'recipient', 'timestamp'].includes(key) && asObject(item[key]));
  if (known.length === 0) return [unsupported(`${prefix}.${context.standby ? 'standby' : 'messaging'}`, 'item with no event')];
  return [unsupported(`${prefix}.${known[0] ?? 'unknown'}`, `no handling for ${known.join(', ')}`)];
}

const attachmentContentTypes: Record<string, string> = {
  image: 'image/jpeg',
  video: 'video/mp4',
  audio: 'audio/mpeg',
  file: 'application/octet-stream',
  story_mention: 'image/jpeg',
  ig_reel: 'video/mp4',
  reel: 'video/mp4',
  animated_image_share: 'image/gif',
  share: 'image/jpeg',
};

function toAttachment(attachment: JsonObject): InboundAttachment | undefined {
  const type = asString(attachment.type) ?? 'file';
  const payload = asObject(attachment.payload);
  const url = asString(payload?.url);
  // Templates, fallbacks (shared links, kept in data) and locations have no file.
  if (!url || type === 'fallback' || type === 'template' || type === 'location') return undefined;
  return { name: fileName(url, type), contentType: attachmentContentTypes[type] ?? 'application/octet-stream', size: 0, url };
}

function sharedLinks(message: JsonObject): string[] | undefined {
  const links = asObjects(message.attachments)
    .filter((attachment) => attachment.type === 'fallback')
    .flatMap((attachment) => asString(asObject(attachment.payload)?.url) ?? asString(attachment.url) ?? []);
  return links.length > 0 ? links : undefined;
}

function fileName(url: string, fallback: string): string {
  try {
    const last = new URL(url).pathname.split('/').filter(Boolean).pop();
    return last ? decodeURIComponent(last) : fallback;
  } catch {
    return fallback;
  }
}

function unsupported(type: string, reason: string): InboundEvent {
  return { kind: 'unsupported', type, reason };
}
