// One WebSocket per browser session delivers its workspace's events. Each web process LISTENs on
// PostgreSQL, so an event committed through any process reaches browsers connected to every other.
import type { FastifyBaseLogger } from 'fastify';
import pg from 'pg';
import type { WebSocket } from 'ws';
import { EVENTS_CHANNEL, type WorkspaceEvent } from './events.js';

export class RealtimeHub {
  private readonly sockets = new Map<string, Set<WebSocket>>();
  private readonly socketUsers = new WeakMap<WebSocket, string | null>();
  private client: pg.Client | null = null;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly readyWaiters: (() => void)[] = [];
  listening = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly logger: FastifyBaseLogger,
  ) {}

  async start(): Promise<void> {
    await this.connect(0);
  }

  /** Resolves once this process is LISTENing (tests use it to avoid racing the subscription). */
  ready(): Promise<void> {
    return this.listening ? Promise.resolve() : new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  private async connect(attempt: number): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.databaseUrl });
    client.on('notification', (message) => {
      if (message.channel === EVENTS_CHANNEL && message.payload) this.dispatch(message.payload);
    });
    client.on('error', (error) => {
      this.logger.warn({ err: error }, 'realtime LISTEN connection lost; reconnecting');
      this.reconnect(client, 1);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
      this.client = client;
      this.listening = true;
      for (const resolve of this.readyWaiters.splice(0)) resolve();
    } catch (error) {
      this.logger.warn({ err: error, attempt }, 'realtime could not LISTEN; retrying');
      this.reconnect(client, attempt + 1);
    }
  }

  private reconnect(client: pg.Client, attempt: number): void {
    this.listening = false;
    client.end().catch(() => {});
    if (this.stopped || this.retryTimer) return;
    const delay = Math.min(30_000, 500 * 2 ** Math.min(attempt, 6));
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect(attempt);
    }, delay);
  }

  private dispatch(payload: string): void {
    let event: WorkspaceEvent;
    try {
      event = JSON.parse(payload) as WorkspaceEvent;
    } catch {
      return;
    }
    const sockets = this.sockets.get(event.workspaceId);
    if (!sockets) return;
    const message = JSON.stringify({ type: event.type, workspaceId: event.workspaceId, data: event.data, at: event.at });
    for (const socket of sockets) {
      if (socket.readyState !== socket.OPEN) continue;
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

  get connections(): number {
    let n = 0;
    for (const set of this.sockets.values()) n += set.size;
    return n;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    for (const set of this.sockets.values()) for (const socket of set) socket.close(1001, 'server shutting down');
    this.sockets.clear();
    await this.client?.end().catch(() => {});
  }
}
