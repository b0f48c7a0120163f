// One per web process: the visitors' open sockets, and a LISTEN connection that brings them what
// other processes publish — agents' messages and typing (parley_webchat) and conversation changes
// (the workspace events on parley_events: status, agents' availability, agents typing).
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../../db/client.js';
import { EVENTS_CHANNEL, type WorkspaceEvent } from '../../../server/events.js';
import { PgListener } from '../../../server/pg-listener.js';
import { WEBCHAT_ACK_CHANNEL, WEBCHAT_CHANNEL, type BusMessage } from './webchat-bus.js';
import type { ServerFrame } from './protocol.js';
import * as repo from './repository.js';

/** What the hub needs of a connected visitor (a VisitorSession). */
export interface VisitorConnection {
  readonly visitorId: string;
  readonly workspaceId: string;
  conversationId: string | null;
  /** The conversation status the widget last heard */
  lastStatus: string | null;
  send(frame: ServerFrame): void;
  sendStoredMessage(messageId: number): Promise<boolean>;
}

export class WebchatHub {
  private readonly byVisitor = new Map<string, Set<VisitorConnection>>();
  private readonly byWorkspace = new Map<string, Set<VisitorConnection>>();
  private readonly listener: PgListener;

  constructor(
    databaseUrl: string,
    private readonly db: Database,
    private readonly logger: FastifyBaseLogger,
  ) {
    this.listener = new PgListener(
      databaseUrl,
      [WEBCHAT_CHANNEL, EVENTS_CHANNEL],
      (channel, payload) => {
        if (channel === WEBCHAT_CHANNEL) void this.onBusMessage(payload);
        else if (channel === EVENTS_CHANNEL) void this.onWorkspaceEvent(payload);
      },
      logger,
      'web chat',
    );
  }

  get listening(): boolean {
    return this.listener.listening;
  }

  async start(): Promise<void> {
    await this.listener.start();
  }

  ready(): Promise<void> {
    return this.listener.ready();
  }

  attach(connection: VisitorConnection): void {
    addTo(this.byVisitor, connection.visitorId, connection);
    addTo(this.byWorkspace, connection.workspaceId, connection);
  }

  detach(connection: VisitorConnection): void {
    removeFrom(this.byVisitor, connection.visitorId, connection);
    removeFrom(this.byWorkspace, connection.workspaceId, connection);
  }

  /** The visitor's other open sockets (another tab) see what one of them sent. */
  connectionsOf(visitorId: string): VisitorConnection[] {
    return [...(this.byVisitor.get(visitorId) ?? [])];
  }

  get connections(): number {
    let n = 0;
    for (const set of this.byVisitor.values()) n += set.size;
    return n;
  }

  private async onBusMessage(payload: string): Promise<void> {
    let message: BusMessage;
    try {
      message = JSON.parse(payload) as BusMessage;
    } catch {
      return;
    }
    const connections = this.connectionsOf(message.visitorId);
    if (connections.length === 0) return;
    try {
      if (message.kind === 'message') {
        const sent = await Promise.all(connections.map((connection) => connection.sendStoredMessage(Number(message.messageId))));
        if (message.deliveryId && sent.some(Boolean)) await this.db.$client.query('SELECT pg_notify($1, $2)', [WEBCHAT_ACK_CHANNEL, message.deliveryId]);
      } else if (message.kind === 'typing') {
        for (const connection of connections) connection.send({ type: 'typing', on: message.on, name: message.name });
      } else if (message.kind === 'csat') {
        for (const connection of connections) connection.send({ type: 'csat', token: message.token });
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'web chat delivery failed');
    }
  }

  private async onWorkspaceEvent(payload: string): Promise<void> {
    let event: WorkspaceEvent;
    try {
      event = JSON.parse(payload) as WorkspaceEvent;
    } catch {
      return;
    }
    const connections = this.byWorkspace.get(event.workspaceId);
    if (!connections || connections.size === 0) return;
    try {
      const conversationId = typeof event.data.conversationId === 'string' ? event.data.conversationId : null;
      if (event.type === 'conversation.updated' && conversationId) {
        const watching = [...connections].filter((connection) => connection.conversationId === conversationId);
        if (watching.length === 0) return;
        const status = await repo.conversationStatus(this.db, conversationId);
        if (!status) return;
        for (const connection of watching) {
          if (connection.lastStatus === status) continue;
          connection.lastStatus = status;
          connection.send({ type: 'status', status });
        }
      } else if (event.type === 'conversation.presence' && conversationId) {
        // An agent typing in the inbox (collision presence) is shown to the customer too.
        const name = typeof event.data.name === 'string' ? event.data.name.split(/\s+/)[0]! : null;
        for (const connection of connections) {
          if (connection.conversationId === conversationId) connection.send({ type: 'typing', on: event.data.state === 'typing', name });
        }
      } else if (event.type === 'agent_status.updated') {
        const online = await repo.anyAgentOnline(this.db, event.workspaceId);
        for (const connection of connections) connection.send({ type: 'agents', online });
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'web chat could not follow a workspace event');
    }
  }

  async stop(): Promise<void> {
    this.byVisitor.clear();
    this.byWorkspace.clear();
    await this.listener.stop();
  }
}

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

function removeFrom<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
}
