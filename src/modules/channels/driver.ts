// One interface for every channel a conversation can live on (web chat, a listening source's replies,
// and the messaging platforms). Inbound events are normalized by each platform's webhook or socket
// code and handed to the inbox's receiveMessage; outbound messages go through `send`, called by the
// inbox.send_message job, which retries, honours Retry-After and per-channel rate limits.
import type { ChannelType, MessageAttachment } from '../../db/schema.js';
import type { Database } from '../../db/client.js';
import type { SecretBox } from '../../lib/secrets.js';

export type ChannelAccount = { id: string; workspaceId: string; type: ChannelType; name: string; config: Record<string, unknown>; credentials: Record<string, unknown> };

/**
 * A file to send. `publicUrl`, for a file stored in Parley, is a signed link that works for an hour without
 * signing in: what platforms that fetch files by URL (Meta, WhatsApp, Telegram) are given.
 */
export type OutboundAttachment = MessageAttachment & { publicUrl?: string };

export type OutboundMessage = {
  /** Our message id (stringified), stable across retries: drivers pass it to platforms that de-duplicate sends */
  messageId: string;
  conversationId: string;
  /** The platform's thread (a chat session, a post being replied to, a DM thread) */
  externalThreadId: string | null;
  visibility: 'public' | 'private';
  /** The contact's identity on this channel (platform user id, handle…) */
  recipient: { externalId: string | null; handle: string | null } | null;
  text: string;
  attachments: OutboundAttachment[];
  /** The platform id of the message this one answers, when known */
  replyToExternalId: string | null;
  /** The listening mention the conversation was escalated from (listening channel) */
  sourceMentionId: number | null;
};

export type SendResult = {
  /** The platform's id for the sent message, when it gives one */
  externalId: string | null;
  /** 'sent' when the platform accepted it; 'delivered' when delivery is already known (web chat to an open widget) */
  status: 'sent' | 'delivered';
};

export type DriverContext = { db: Database; secrets?: SecretBox; channel: ChannelAccount };

/** Where a conversation stands in a platform's free-form reply window (WhatsApp's 24-hour customer-service window). */
export type FreeFormWindow = {
  /** Free-form replies may go out now */
  open: boolean;
  /** When the window closes (or closed); null when the customer never wrote */
  closesAt: Date | null;
  /** Why only a template can go out, when the window is shut */
  reason: string | null;
};

export interface ChannelDriver {
  readonly type: ChannelType;
  /** Why this conversation cannot be answered here (e.g. its source has no reply API), or null when it can */
  cannotReply?(context: DriverContext, message: OutboundMessage): Promise<string | null> | string | null;
  /**
   * Platforms that allow free-form replies only for a while after the customer's last message: the
   * window as of `now`. Outside it only a message template (`data.template` on the message) may go out.
   */
  freeFormWindow?(lastInboundAt: Date | null, now: Date): FreeFormWindow;
  send(context: DriverContext, message: OutboundMessage): Promise<SendResult>;
}

/**
 * A send that failed. temporary and rate_limited are retried (rate_limited after `retryAfterMs`);
 * credentials marks the channel as needing reconnection; permanent fails the message at once.
 */
export class ChannelSendError extends Error {
  constructor(
    readonly kind: 'temporary' | 'rate_limited' | 'credentials' | 'permanent',
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ChannelSendError';
  }
}
