// One WebSocket per browser session delivers its workspace's events. Each web process LISTENs on
// PostgreSQL, so an event committed through any process reaches browsers connected to every other.
// Browsers also say on it who is viewing or typing in a conversation (collision detection); the hub
// relays that to the workspace's other people through the same channel.
import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { forgetWorkspaceAccess } from '../modules/workspaces/commands/resolve-workspace-access.js';
import { EVENTS_CHANNEL, type WorkspaceEvent } from './events.js';
import { PgListener } from './pg-listener.js';

/** What a browser may send: its presence in a conversation. */
const presenceMessage = z.object({
  type: z.literal('presence'),
  conversationId: z.string().min(1).max(100),
  state: z.enum(['viewing', 'typing', 'left']),
});
type PresenceState = z.infer<typeof presenceMessage>['state'];

/** The member behind a socket, as others see them in "Dana is viewing". */
export type PresenceAuthor = { userId: string; memberId: string; name: string };

/** A relayed event may name the person it comes from: their own sockets do not get it back. */
type RelayedEvent = WorkspaceEvent & { fromUserId?: string };

const MAX_CLIENT_MESSAGE_BYTES = 1024;

export class RealtimeHub {
  private readonly sockets = new Map<string, Set<WebSocket>>();
  private readonly socketUsers = new WeakMap<WebSocket, string | null>();
  /** The conversation each socket last said it was in, to say "left" for it when the socket closes. */
  private readonly socketPresence = new WeakMap<WebSocket, { conversationId: string; state: PresenceState }>();
  private readonly listener: PgListener;

  constructor(
    databaseUrl: string,
    private readonly logger: FastifyBaseLogger,
  ) {
    this.listener = new PgListener(databaseUrl, [EVENTS_CHANNEL], (_channel, payload) => this.dispatch(payload), logger, 'realtime');
  }

  get listening(): boolean {
    return this.listener.listening;
  }

  async start(): Promise<void> {
    await this.listener.start();
  }

  /** Resolves once this process is LISTENing (tests use it to avoid racing the subscription). */
  ready(): Promise<void> {
    return this.listener.ready();
  }

  private dispatch(payload: string): void {
    let event: RelayedEvent;
    try {
      event = JSON.parse(payload) as RelayedEvent;
    } catch {
      return;
    }
    // Every web process hears of a changed role or a removal here: none may go on trusting the old one.
    if (event.type === 'member.updated' || event.type === 'member.removed') forgetWorkspaceAccess(event.workspaceId);
    const sockets = this.sockets.get(event.workspaceId);
    if (!sockets) return;
    const message = JSON.stringify({ type: event.type, workspaceId: event.workspaceId, data: event.data, at: event.at });
    for (const socket of sockets) {
      if (socket.readyState !== socket.OPEN) continue;
      if (event.fromUserId && this.socketUsers.get(socket) === event.fromUserId) continue;
      socket.send(message);
      // Someone removed from the workspace stops receiving its events at once.
      if (event.type === 'member.removed' && event.data.userId && this.socketUsers.get(socket) === event.data.userId) {
        socket.close(4403, 'removed from the workspace');
      }
    }
  }

  add(workspaceId: string, socket: WebSocket, userId: string | null): void {
    this.socketUsers.set(socket, userId);
    let set = this.sockets.get(workspaceId);
    if (!set) this.sockets.set(workspaceId, (set = new Set()));
    set.add(socket);
    socket.on('close', () => {
      set.delete(socket);
      if (set.size === 0) this.sockets.delete(workspaceId);
    });
  }

  /**
   * A message from a browser: `{type: 'presence', conversationId, state}` is relayed to the
   * workspace's other people as 'conversation.presence' {conversationId, memberId, name, state};
   * anything else is ignored. A socket that closes while viewing a conversation leaves it.
   */
  receive(workspaceId: string, socket: WebSocket, author: PresenceAuthor | null, raw: string): void {
    if (!author || raw.length > MAX_CLIENT_MESSAGE_BYTES) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return;
    }
    const message = presenceMessage.safeParse(parsed);
    if (!message.success) return;
    const { conversationId, state } = message.data;
    const previous = this.socketPresence.get(socket);
    if (!previous) socket.once('close', () => this.leave(workspaceId, socket, author));
    this.socketPresence.set(socket, { conversationId, state });
    // Moving to another conversation leaves the one before.
    if (previous && previous.state !== 'left' && previous.conversationId !== conversationId) this.relayPresence(workspaceId, author, previous.conversationId, 'left');
    this.relayPresence(workspaceId, author, conversationId, state);
  }

  private leave(workspaceId: string, socket: WebSocket, author: PresenceAuthor): void {
    const last = this.socketPresence.get(socket);
    if (last && last.state !== 'left') this.relayPresence(workspaceId, author, last.conversationId, 'left');
  }

  private relayPresence(workspaceId: string, author: PresenceAuthor, conversationId: string, state: PresenceState): void {
    const event: RelayedEvent = {
      workspaceId,
      type: 'conversation.presence',
      data: { conversationId, memberId: author.memberId, name: author.name, state },
      at: new Date().toISOString(),
      fromUserId: author.userId,
    };
    const payload = JSON.stringify(event);
    // Through PostgreSQL, like every event, so browsers on other web processes see it too; without
    // the connection (reconnecting), at least this process's browsers do.
    const sent = this.listener.query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, payload]);
    if (!sent) this.dispatch(payload);
    else
      sent.catch((error: unknown) => {
        this.logger.warn({ err: error }, 'realtime could not relay a presence');
        this.dispatch(payload);
      });
  }

  get connections(): number {
    let n = 0;
    for (const set of this.sockets.values()) n += set.size;
    return n;
  }

  async stop(): Promise<void> {
    for (const set of this.sockets.values()) for (const socket of set) socket.close(1001, 'server shutting down');
    this.sockets.clear();
    await this.listener.stop();
  }
}
