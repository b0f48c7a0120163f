// The unified inbound events every messaging platform's webhook is parsed into (parseWebhook), which the
// webhook ingress turns into receiveMessage calls, delivery statuses, reactions and edits on the inbox.
// Parsers never throw on odd content: what Parley cannot use becomes an 'unsupported' event that is kept and logged.

export type InboundIdentityChannel = 'facebook' | 'instagram' | 'whatsapp' | 'twitter' | 'telegram';

export type InboundSender = {
  identity: {
    channel: InboundIdentityChannel;
    externalId: string;
    handle?: string;
    displayName?: string;
    followers?: number;
    profileUrl?: string;
  };
  phone?: string;
  email?: string;
  name?: string;
};

/**
 * A file on an inbound message. `url` is either a URL or, when the platform gives only an id, a reference the
 * channel's driver resolves later: 'whatsapp-media:<media id>' or 'telegram-file:<file_id>'. `size` is 0 when unknown.
 */
export type InboundAttachment = { name: string; contentType: string; size: number; url: string };

export type InboundMessage = {
  kind: 'message';
  /** Messenger/Instagram DM `${pageId}:${psid}`, WhatsApp `${phoneNumberId}:${wa_id}`, Telegram the chat id, X DM the sorted pair of user ids, X public the conversation root, comments the post id */
  externalThreadId: string;
  externalMessageId: string;
  visibility: 'public' | 'private';
  sender: InboundSender;
  text: string;
  attachments: InboundAttachment[];
  replyToExternalId?: string | null;
  occurredAt: Date;
  subject?: string;
  /** Quick reply and postback payloads, location, shared contacts, order items, referral… */
  data?: Record<string, unknown>;
};

export type InboundStatus = { kind: 'status'; externalMessageId: string; status: 'sent' | 'delivered' | 'read' | 'failed'; occurredAt: Date; error?: string };

/** `emoji` null means the reaction was removed */
export type InboundReaction = { kind: 'reaction'; externalMessageId: string; emoji: string | null; occurredAt: Date; senderExternalId?: string };

export type InboundEdit = { kind: 'edit'; externalMessageId: string; text: string; occurredAt: Date };

/** Something the platform sent that Parley does not act on (handover, typing, account updates…), kept for the log */
export type InboundUnsupported = { kind: 'unsupported'; type: string; reason: string };

/** WhatsApp: Meta reviewed one of the business account's message templates (approved, rejected, paused…). */
export type InboundTemplateStatus = { kind: 'template_status'; templateExternalId: string | null; name: string; language: string; status: string; reason: string | null; occurredAt: Date };

export type InboundEvent = InboundMessage | InboundStatus | InboundReaction | InboundEdit | InboundTemplateStatus | InboundUnsupported;

export type WebhookPlatform = 'meta' | 'x' | 'telegram';
export type WebhookChannelType = 'messenger' | 'instagram' | 'whatsapp' | 'x' | 'telegram';

/** The body is not the platform's webhook envelope at all (not a Meta `{object, entry}`, an X activity or a Telegram update). */
export class WebhookParseError extends Error {
  constructor(
    readonly platform: WebhookPlatform,
    message: string,
  ) {
    super(message);
    this.name = 'WebhookParseError';
  }
}

/** A sender identity without the fields the platform did not give */
export function senderIdentity(
  channel: InboundIdentityChannel,
  externalId: string,
  extra: { handle?: string | undefined; displayName?: string | undefined; followers?: number | undefined; profileUrl?: string | undefined } = {},
): InboundSender['identity'] {
  const identity: InboundSender['identity'] = { channel, externalId };
  if (extra.handle) identity.handle = extra.handle;
  if (extra.displayName) identity.displayName = extra.displayName;
  if (extra.followers !== undefined) identity.followers = extra.followers;
  if (extra.profileUrl) identity.profileUrl = extra.profileUrl;
  return identity;
}
