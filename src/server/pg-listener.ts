// A connection of its own that LISTENs on PostgreSQL channels and comes back by itself: on a lost
// connection (a database restart, a network cut) it reconnects with backoff (0.5 s doubling to 30 s)
// and LISTENs again. The real-time hub and the web chat hub each keep one per web process.
import type { FastifyBaseLogger } from 'fastify';
import pg from 'pg';

export class PgListener {
  private client: pg.Client | null = null;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly readyWaiters: (() => void)[] = [];
  listening = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly channels: string[],
    private readonly onNotification: (channel: string, payload: string) => void,
    private readonly logger: FastifyBaseLogger,
    /** Who listens, for the log: "realtime", "web chat" */
    private readonly label: string,
  ) {}

  async start(): Promise<void> {
    await this.connect(0);
  }

  /** Resolves once this process is LISTENing (tests use it to avoid racing the subscription). */
  ready(): Promise<void> {
    return this.listening ? Promise.resolve() : new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** Runs a statement on the listening connection; null while it is reconnecting. */
  query(text: string, values: unknown[]): Promise<unknown> | null {
    return this.client && this.listening ? this.client.query(text, values) : null;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.client?.end().catch(() => {});
  }

  private async connect(attempt: number): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.databaseUrl });
    client.on('notification', (message) => {
      if (message.payload) this.onNotification(message.channel, message.payload);
    });
    client.on('error', (error) => {
      this.logger.warn({ err: error }, `${this.label} LISTEN connection lost; reconnecting`);
      this.reconnect(client, 1);
    });
    try {
      await client.connect();
      for (const channel of this.channels) await client.query(`LISTEN ${channel}`);
      this.client = client;
      this.listening = true;
      for (const resolve of this.readyWaiters.splice(0)) resolve();
    } catch (error) {
      this.logger.warn({ err: error, attempt }, `${this.label} could not LISTEN; retrying`);
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
}
