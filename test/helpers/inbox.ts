// Inbox factories for tests: a channel account, and customer messages received through the real
// receiveMessage (contact resolution, routing, SLA and all).
import type { ChannelType, IdentityChannel } from '../../src/db/schema.js';
import { channels } from '../../src/db/schema.js';
import { newId } from '../../src/lib/ids.js';
import { receiveMessage, type ReceivedMessage } from '../../src/modules/inbox/commands/receive-message.js';
import type { TestApp } from './app.js';

export async function createChannel(t: TestApp, workspaceId: string, options: { type?: ChannelType; name?: string; config?: Record<string, unknown>; sendsPerMinute?: number } = {}): Promise<string> {
  const id = newId('ch');
  await t.db.database.db.insert(channels).values({
    id,
    workspaceId,
    type: options.type ?? 'webchat',
    name: options.name ?? 'Website chat',
    config: options.config ?? {},
    ...(options.sendsPerMinute ? { sendsPerMinute: options.sendsPerMinute } : {}),
  });
  return id;
}

export type CustomerMessage = {
  thread: string;
  id: string;
  text: string;
  /** The sender: a handle on the channel's network (identity channel 'webchat' unless given) */
  from: { handle: string; name?: string; followers?: number; email?: string; channel?: IdentityChannel };
  visibility?: 'public' | 'private';
  occurredAt?: Date;
  language?: string;
  subject?: string;
};

export async function receiveCustomerMessage(t: TestApp, workspaceId: string, channelId: string, message: CustomerMessage, now?: Date): Promise<ReceivedMessage> {
  return receiveMessage(
    t.db.database.db,
    {
      workspaceId,
      channelId,
      externalThreadId: message.thread,
      externalMessageId: message.id,
      ...(message.visibility ? { visibility: message.visibility } : {}),
      sender: {
        identity: {
          channel: message.from.channel ?? 'webchat',
          externalId: message.from.handle,
          handle: message.from.handle,
          ...(message.from.name ? { displayName: message.from.name } : {}),
          ...(message.from.followers !== undefined ? { followers: message.from.followers } : {}),
        },
        ...(message.from.email ? { email: message.from.email } : {}),
        ...(message.from.name ? { name: message.from.name } : {}),
      },
      text: message.text,
      ...(message.occurredAt ? { occurredAt: message.occurredAt } : {}),
      ...(message.language ? { language: message.language } : {}),
      ...(message.subject ? { subject: message.subject } : {}),
    },
    now ? { now } : {},
  );
}
