// The web chat's WebSocket protocol: JSON frames, one per WebSocket message. The widget sends the
// client frames below; anything else gets an `error` frame, never a dropped connection.
//
//   widget → server                                  server → widget
//   hello {token?, pageUrl?}                         welcome {token, visitor, history, agentsOnline, config, prechatRequired, conversation}
//   prechat {name?, email?}                          visitor {visitor, prechatRequired}
//   message {clientId, text, attachments: [fileId]}  ack {clientId, messageId}   and   message {message}
//   typing {on}                                      typing {on, name?}    (an agent)
//   read {messageId}                                 status {status}       (the conversation: open, pending, snoozed, resolved)
//   file {uploadId, name, contentType, size, offset, data}   file_stored {uploadId, file}   (a file in base64 chunks, in order)
//   csat {token, score, comment?}                    csat {token} (the survey after resolution)   csat_answered {score}
//   ping                                             agents {online}       pong       error {code, message, ref?}
import { z } from 'zod';
import type { MessageAttachment } from '../../../db/schema.js';
import type { ChatMessageRow, VisitorRow } from './repository.js';
import type { WebchatConfig } from './webchat-config.js';

export const MAX_TEXT = 5000;
export const MAX_ATTACHMENTS = 5;
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
export const UPLOAD_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'text/plain'] as const;
/** A file chunk's base64 within the socket's 64 KB frames */
export const UPLOAD_CHUNK_BASE64 = 60_000;

export const clientFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), token: z.string().min(20).max(100).optional(), pageUrl: z.string().max(2000).optional() }),
  z.object({ type: z.literal('prechat'), name: z.string().trim().min(1).max(120).optional(), email: z.email().max(320).optional() }),
  z.object({
    type: z.literal('message'),
    clientId: z.string().regex(/^[A-Za-z0-9_-]{6,64}$/, '6 to 64 letters, digits, - or _'),
    text: z.string().max(MAX_TEXT),
    attachments: z.array(z.string().min(1).max(100)).max(MAX_ATTACHMENTS).default([]),
  }),
  z.object({ type: z.literal('typing'), on: z.boolean() }),
  z.object({ type: z.literal('read'), messageId: z.string().regex(/^\d{1,18}$/) }),
  z.object({
    type: z.literal('file'),
    uploadId: z.string().regex(/^[A-Za-z0-9_-]{6,64}$/),
    name: z.string().trim().min(1).max(200),
    contentType: z.enum(UPLOAD_TYPES),
    size: z.number().int().min(1).max(MAX_UPLOAD_BYTES),
    offset: z.number().int().min(0),
    data: z.base64().max(UPLOAD_CHUNK_BASE64),
  }),
  z.object({ type: z.literal('csat'), token: z.string().min(20).max(100), score: z.number().int().min(1).max(5), comment: z.string().trim().max(2000).optional() }),
  z.object({ type: z.literal('ping') }),
]);
export type ClientFrame = z.infer<typeof clientFrameSchema>;

export type ChatAttachment = { id: string | null; name: string; contentType: string; size: number; url: string };
export type ChatMessage = {
  id: string;
  /** The widget's id for a message it sent, so it can match its pending bubble */
  clientId: string | null;
  from: 'visitor' | 'agent';
  authorName: string | null;
  text: string;
  attachments: ChatAttachment[];
  status: string;
  at: string;
};
export type ChatVisitor = { id: string; name: string | null; email: string | null };
export type WidgetConfig = Omit<WebchatConfig, 'allowedOrigins'>;

export type ServerFrame =
  | { type: 'welcome'; token: string; visitor: ChatVisitor; history: ChatMessage[]; agentsOnline: boolean; config: WidgetConfig; prechatRequired: boolean; conversation: { id: string; status: string } | null }
  | { type: 'visitor'; visitor: ChatVisitor; prechatRequired: boolean }
  | { type: 'ack'; clientId: string; messageId: string }
  | { type: 'message'; message: ChatMessage }
  | { type: 'typing'; on: boolean; name?: string | null }
  | { type: 'status'; status: string }
  | { type: 'agents'; online: boolean }
  | { type: 'csat'; token: string }
  | { type: 'csat_answered'; score: number }
  | { type: 'file_stored'; uploadId: string; file: ChatAttachment }
  | { type: 'pong' }
  | { type: 'error'; code: string; message: string; ref?: string };

/** The visitor's external message id: their widget's id, scoped to them so visitors cannot collide. */
export const externalMessageIdOf = (visitorId: string, clientId: string) => `${visitorId}:${clientId}`;
/** A web chat thread is the visitor's id and the conversation's generation: `wv_…:1`. */
export const threadOf = (visitorId: string, generation: number) => `${visitorId}:${generation}`;
export const visitorOfThread = (thread: string | null): string | null => (thread && /^wv_[a-z0-9]+:\d+$/.test(thread) ? thread.split(':')[0]! : null);

export const presentVisitor = (visitor: VisitorRow): ChatVisitor => ({ id: visitor.id, name: visitor.name, email: visitor.email });

export function widgetConfig(config: WebchatConfig): WidgetConfig {
  const { allowedOrigins: _allowedOrigins, ...rest } = config;
  return rest;
}

/** Whether the pre-chat form still has fields to fill. */
export const prechatRequired = (config: WebchatConfig, visitor: VisitorRow) => config.prechatFields.some((field) => !visitor[field]);

/** A stored message as the visitor sees it; attachment links carry the visitor's token (the page has no cookie of ours). */
export function presentChatMessage(row: ChatMessageRow, visitorId: string, fileUrl: (fileId: string) => string): ChatMessage {
  const prefix = `${visitorId}:`;
  return {
    id: String(row.id),
    clientId: row.direction === 'inbound' && row.externalId?.startsWith(prefix) ? row.externalId.slice(prefix.length) : null,
    from: row.direction === 'inbound' ? 'visitor' : 'agent',
    authorName: row.direction === 'outbound' ? (row.authorName?.split(/\s+/)[0] ?? null) : null,
    text: row.text,
    attachments: row.attachments.map((attachment: MessageAttachment) => ({
      id: attachment.id ?? null,
      name: attachment.name,
      contentType: attachment.contentType,
      size: attachment.size,
      url: attachment.id ? fileUrl(attachment.id) : attachment.url,
    })),
    status: row.status,
    at: row.createdAt.toISOString(),
  };
}
