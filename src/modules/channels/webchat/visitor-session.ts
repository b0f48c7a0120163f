// One visitor's open widget: reads its frames in order, one at a time, and answers each. A visitor
// is known by the token their widget keeps; we keep only its hash. Their messages enter the inbox
// through receiveMessage like any channel's, with the widget's id as the platform's message id, so a
// message re-sent after a reconnection is stored once.
import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import type { Database } from '../../../db/client.js';
import type { MessageAttachment } from '../../../db/schema.js';
import { newId } from '../../../lib/ids.js';
import { hashToken, randomToken } from '../../../lib/secrets.js';
import { AppError } from '../../../server/errors.js';
import { emitEvent } from '../../../server/events.js';
import { answerCsat } from '../../inbox/commands/answer-csat.js';
import { receiveMessage } from '../../inbox/commands/receive-message.js';
import type { ChannelRow } from '../repository.js';
import {
  clientFrameSchema,
  externalMessageIdOf,
  prechatRequired,
  presentChatMessage,
  presentVisitor,
  threadOf,
  widgetConfig,
  type ClientFrame,
  type ServerFrame,
} from './protocol.js';
import * as repo from './repository.js';
import { publish } from './webchat-bus.js';
import type { WebchatConfig } from './webchat-config.js';
import type { VisitorConnection, WebchatHub } from './webchat-hub.js';

/** Frames a socket may send per window before it is told to slow down, and before it is closed. */
const WINDOW_MS = 10_000;
const SOFT_LIMIT = 40;
const HARD_LIMIT = 120;
const MESSAGES_PER_WINDOW = 15;
const TYPING_REPEAT_MS = 3000;
/** A file chunk weighs this much of a frame against the limits (a 5 MB file is about 110 chunks). */
const CHUNK_WEIGHT = 0.2;

export type SessionDeps = { db: Database; hub: WebchatHub; logger: FastifyBaseLogger; publicUrl: string };

export class VisitorSession implements VisitorConnection {
  private visitor: repo.VisitorRow | null = null;
  private token: string | null = null;
  conversationId: string | null = null;
  lastStatus: string | null = null;
  private queue: Promise<void> = Promise.resolve();
  private windowStart = Date.now();
  private framesInWindow = 0;
  private messagesInWindow = 0;
  private lastTyping: { on: boolean; at: number } | null = null;
  private upload: { id: string; name: string; contentType: string; size: number; chunks: Buffer[]; received: number } | null = null;

  constructor(
    private readonly deps: SessionDeps,
    private readonly socket: WebSocket,
    private readonly channel: ChannelRow,
    private readonly config: WebchatConfig,
    private readonly request: { userAgent: string | null },
  ) {
    socket.on('message', (data, isBinary) => this.onRaw(isBinary ? null : data.toString()));
    socket.on('close', () => {
      this.deps.hub.detach(this);
      if (this.lastTyping?.on) void this.emitTyping(false);
    });
  }

  get visitorId(): string {
    return this.visitor?.id ?? '';
  }

  get workspaceId(): string {
    return this.channel.workspaceId;
  }

  send(frame: ServerFrame): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(frame));
  }

  private error(code: string, message: string, ref?: string): void {
    this.send({ type: 'error', code, message, ...(ref ? { ref } : {}) });
  }

  private fileUrl = (fileId: string) => `${this.deps.publicUrl.replace(/\/$/, '')}/api/v1/webchat/files/${fileId}?token=${encodeURIComponent(this.token ?? '')}`;

  async sendStoredMessage(messageId: number): Promise<boolean> {
    if (!this.visitor || !this.conversationId) return false;
    const row = await repo.findChatMessage(this.deps.db, messageId);
    // Only this visitor's conversation: a message id from the bus is never trusted beyond it.
    if (!row || row.conversationId !== this.conversationId) return false;
    this.send({ type: 'message', message: presentChatMessage(row, this.visitor.id, this.fileUrl) });
    return this.socket.readyState === this.socket.OPEN;
  }

  private onRaw(raw: string | null): void {
    let json: unknown;
    let malformed = raw === null;
    if (raw !== null) {
      try {
        json = JSON.parse(raw);
      } catch {
        malformed = true;
      }
    }
    const now = Date.now();
    if (now - this.windowStart > WINDOW_MS) {
      this.windowStart = now;
      this.framesInWindow = 0;
      this.messagesInWindow = 0;
    }
    this.framesInWindow += (json as { type?: unknown } | undefined)?.type === 'file' ? CHUNK_WEIGHT : 1;
    if (this.framesInWindow > HARD_LIMIT) {
      this.socket.close(1008, 'too many frames');
      return;
    }
    if (this.framesInWindow > SOFT_LIMIT) return this.error('rate_limited', 'Too many frames; slow down.');
    if (malformed) return this.error('frame.malformed', raw === null ? 'Frames are JSON text.' : 'A frame must be one JSON object.');
    const parsed = clientFrameSchema.safeParse(json);
    if (!parsed.success) {
      const ref = json && typeof json === 'object' && typeof (json as { clientId?: unknown }).clientId === 'string' ? (json as { clientId: string }).clientId.slice(0, 64) : undefined;
      return this.error('frame.invalid', parsed.error.issues.map((issue) => `${issue.path.join('.') || 'frame'}: ${issue.message}`).join('; ').slice(0, 500), ref);
    }
    const frame = parsed.data;
    // Frames are handled one after another, so a visitor's messages are stored in the order sent.
    this.queue = this.queue.then(() => this.handle(frame)).catch((error: unknown) => this.onFailure(error, frame));
  }

  private onFailure(error: unknown, frame: ClientFrame): void {
    const ref = frame.type === 'message' ? frame.clientId : frame.type === 'file' ? frame.uploadId : undefined;
    if (error instanceof AppError && error.status < 500) return this.error(error.code, error.message, ref);
    this.deps.logger.error({ err: error, frame: frame.type }, 'web chat frame failed');
    this.error('internal', 'Something went wrong on our side; try again.', ref);
  }

  private async handle(frame: ClientFrame): Promise<void> {
    if (frame.type === 'ping') return this.send({ type: 'pong' });
    if (frame.type === 'hello') return this.hello(frame);
    if (!this.visitor) return this.error('hello.required', 'Say hello first.');
    if (frame.type === 'prechat') return this.prechat(frame);
    if (frame.type === 'message') return this.message(frame);
    if (frame.type === 'typing') return this.typing(frame.on);
    if (frame.type === 'read') return this.read(Number(frame.messageId));
    if (frame.type === 'csat') return this.answerSurvey(frame);
    if (frame.type === 'file') return this.receiveChunk(frame);
  }

  /**
   * A file sent through the socket in base64 chunks, in order. The page's own origin may not POST to
   * Parley (its access hook refuses cross-site writes), so this is how the widget uploads.
   */
  private async receiveChunk(frame: Extract<ClientFrame, { type: 'file' }>): Promise<void> {
    if (!this.config.allowAttachments) throw new AppError('attachments.disabled', 422, 'This chat does not take files.');
    if (frame.offset === 0) this.upload = { id: frame.uploadId, name: frame.name, contentType: frame.contentType, size: frame.size, chunks: [], received: 0 };
    const upload = this.upload;
    if (!upload || upload.id !== frame.uploadId || upload.received !== frame.offset || upload.size !== frame.size) {
      this.upload = null;
      throw new AppError('upload.out_of_order', 400, 'This part of the file does not follow the previous one; send the file again.');
    }
    const bytes = Buffer.from(frame.data, 'base64');
    upload.chunks.push(bytes);
    upload.received += bytes.length;
    if (upload.received > upload.size) {
      this.upload = null;
      throw new AppError('upload.too_large', 400, 'The file is larger than announced.');
    }
    if (upload.received < upload.size) return;
    this.upload = null;
    const file = await repo.insertFile(this.deps.db, {
      id: newId('file'),
      workspaceId: this.channel.workspaceId,
      channelId: this.channel.id,
      name: upload.name,
      contentType: upload.contentType,
      size: upload.size,
      content: Buffer.concat(upload.chunks),
    });
    this.send({ type: 'file_stored', uploadId: upload.id, file: { id: file.id, name: file.name, contentType: file.contentType, size: file.size, url: this.fileUrl(file.id) } });
  }

  /** The survey's answer goes through the socket: a POST from the customer's page would be cross-origin. */
  private async answerSurvey(frame: Extract<ClientFrame, { type: 'csat' }>): Promise<void> {
    const answered = await answerCsat(this.deps.db, frame.token, { score: frame.score, comment: frame.comment ?? null });
    this.send({ type: 'csat_answered', score: answered.score ?? frame.score });
  }

  private async hello(frame: Extract<ClientFrame, { type: 'hello' }>): Promise<void> {
    if (this.visitor) return this.error('hello.repeated', 'This connection already said hello.');
    const { db } = this.deps;
    const now = new Date();
    let visitor = frame.token ? await repo.findVisitorByTokenHash(db, this.channel.id, hashToken(frame.token)) : null;
    let token = frame.token ?? null;
    if (!visitor) {
      // No token, or one we do not know (another channel, a wiped database): a new visitor.
      token = randomToken(32);
      visitor = await repo.insertVisitor(db, {
        id: newId('wv'),
        workspaceId: this.channel.workspaceId,
        channelId: this.channel.id,
        tokenHash: hashToken(token),
        pageUrl: frame.pageUrl ?? null,
        userAgent: this.request.userAgent,
        lastSeenAt: now,
      });
    } else {
      visitor = await repo.updateVisitor(db, visitor.id, { lastSeenAt: now, ...(frame.pageUrl ? { pageUrl: frame.pageUrl } : {}) });
    }
    this.visitor = visitor;
    this.token = token;
    let conversation: { id: string; status: string } | null = null;
    if (visitor.conversationId) {
      const thread = await repo.conversationThread(db, this.channel.id, visitor.conversationId);
      if (thread) conversation = { id: visitor.conversationId, status: thread.status };
    }
    this.conversationId = conversation?.id ?? null;
    this.lastStatus = conversation?.status ?? null;
    const history = conversation ? await repo.listChatMessages(db, conversation.id) : [];
    this.deps.hub.attach(this);
    this.send({
      type: 'welcome',
      token: token!,
      visitor: presentVisitor(visitor),
      history: history.map((row) => presentChatMessage(row, visitor.id, this.fileUrl)),
      agentsOnline: await repo.anyAgentOnline(db, this.channel.workspaceId),
      config: widgetConfig(this.config),
      prechatRequired: prechatRequired(this.config, visitor),
      conversation,
    });
  }

  private async prechat(frame: Extract<ClientFrame, { type: 'prechat' }>): Promise<void> {
    const visitor = await repo.updateVisitor(this.deps.db, this.visitor!.id, {
      ...(frame.name ? { name: frame.name } : {}),
      ...(frame.email ? { email: frame.email.toLowerCase() } : {}),
    });
    this.visitor = visitor;
    this.send({ type: 'visitor', visitor: presentVisitor(visitor), prechatRequired: prechatRequired(this.config, visitor) });
  }

  private async message(frame: Extract<ClientFrame, { type: 'message' }>): Promise<void> {
    this.messagesInWindow += 1;
    if (this.messagesInWindow > MESSAGES_PER_WINDOW) throw new AppError('rate_limited', 429, 'Too many messages at once; wait a few seconds.');
    const visitor = this.visitor!;
    if (prechatRequired(this.config, visitor)) throw new AppError('prechat.required', 422, 'Fill in the form before writing.', { fields: this.config.prechatFields });
    const text = frame.text.trim();
    if (!text && frame.attachments.length === 0) throw new AppError('message.empty', 400, 'A message needs text or a file.');
    if (frame.attachments.length > 0 && !this.config.allowAttachments) throw new AppError('attachments.disabled', 422, 'This chat does not take files.');
    const { db } = this.deps;
    const files = await repo.findFiles(db, this.channel.id, [...new Set(frame.attachments)]);
    if (files.length !== new Set(frame.attachments).size) throw new AppError('attachment.not_found', 400, 'A file of this message was not uploaded to this chat.');
    const attachments: MessageAttachment[] = files.map((file) => ({
      id: file.id,
      name: file.name,
      contentType: file.contentType,
      size: file.size,
      url: `/api/v1/message-files/${file.id}?workspace=${file.workspaceId}`,
    }));

    let thread: string | null = null;
    if (this.conversationId) thread = (await repo.conversationThread(db, this.channel.id, this.conversationId))?.externalThreadId ?? null;
    thread ??= threadOf(visitor.id, (await repo.countVisitorThreads(db, this.channel.id, visitor.id)) + 1);

    const received = await receiveMessage(db, {
      workspaceId: this.channel.workspaceId,
      channelId: this.channel.id,
      externalThreadId: thread,
      externalMessageId: externalMessageIdOf(visitor.id, frame.clientId),
      visibility: 'private',
      sender: {
        identity: { channel: 'webchat', externalId: visitor.id, displayName: visitor.name ?? `Web visitor ${visitor.id.slice(-4)}` },
        ...(visitor.email ? { email: visitor.email } : {}),
        ...(visitor.name ? { name: visitor.name } : {}),
      },
      text,
      attachments,
      data: { webchat: { visitorId: visitor.id, pageUrl: visitor.pageUrl } },
    });
    if (this.conversationId !== received.conversationId) {
      this.conversationId = received.conversationId;
      this.lastStatus = 'open';
    }
    if (visitor.conversationId !== received.conversationId) this.visitor = await repo.updateVisitor(db, visitor.id, { conversationId: received.conversationId, lastSeenAt: new Date() });
    this.send({ type: 'ack', clientId: frame.clientId, messageId: String(received.messageId) });
    // The visitor's other tabs, wherever they are connected.
    if (!received.duplicate) await publish(db, { kind: 'message', visitorId: visitor.id, messageId: String(received.messageId) });
  }

  private async typing(on: boolean): Promise<void> {
    const now = Date.now();
    if (this.lastTyping && this.lastTyping.on === on && now - this.lastTyping.at < TYPING_REPEAT_MS) return;
    this.lastTyping = { on, at: now };
    await this.emitTyping(on);
  }

  private async emitTyping(on: boolean): Promise<void> {
    if (!this.conversationId) return;
    await emitEvent(this.deps.db, this.channel.workspaceId, 'conversation.typing', { conversationId: this.conversationId, who: 'contact', on }).catch(() => {});
  }

  private async read(messageId: number): Promise<void> {
    if (!this.conversationId) return;
    const marked = await repo.markOutboundRead(this.deps.db, this.conversationId, messageId, new Date());
    if (marked > 0) await emitEvent(this.deps.db, this.channel.workspaceId, 'message.updated', { conversationId: this.conversationId, messageId, status: 'read' });
  }
}
