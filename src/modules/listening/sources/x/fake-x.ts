// A local stand-in for the X API v2, for the X sources' tests: a real HTTP server (node:http, port 0)
// with bearer-token checks, recent search (since_id, next_token, x-rate-limit-* headers), the
// stream rules endpoints (list with paging, add, delete, duplicate and length checks) and the
// filtered stream, whose bytes the test writes itself: posts, keep-alive blank lines, lines split
// across chunks, in-stream errors, an end or a dropped connection.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeTweet = { id: string; author_id?: string } & Record<string, unknown>;
export type FakeUser = { id: string; username: string } & Record<string, unknown>;
export type FakeRule = { id: string; value: string; tag?: string };
export type FakeXRequest = { method: string; path: string; query: URLSearchParams; headers: IncomingMessage['headers']; body?: unknown };

/** One open stream connection, written to by the test. */
export type FakeStreamConnection = {
  query: URLSearchParams;
  write(text: string): Promise<void>;
  end(): void;
  /** drops the TCP connection without ending the HTTP response */
  drop(): void;
  closed: Promise<void>;
};

type QueuedFailure = { status: number; body: unknown; headers?: Record<string, string> };

export class FakeX {
  /** posts for recent search, any order; they are served newest (highest id) first */
  tweets: FakeTweet[] = [];
  users: FakeUser[] = [];
  rules: FakeRule[] = [];
  readonly requests: FakeXRequest[] = [];
  /** x-rate-limit-remaining of the next search responses */
  searchRemaining = 450;
  rateLimitReset = 1_665_183_229;
  maxRuleLength = 512;
  /** X may answer fewer posts than max_results; search pages hold at most this many */
  searchPageCap = 100;
  /** rules per page of the rules list at most */
  rulesPageSize = 1000;
  private nextRuleId = 1_273_026_480_692_322_304n;
  private failures: QueuedFailure[] = [];
  private connections: FakeStreamConnection[] = [];
  private waiting: ((connection: FakeStreamConnection) => void)[] = [];
  private server: Server | undefined;

  constructor(private readonly bearerToken: string) {}

  get url(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('The fake X is not listening.');
    return `http://127.0.0.1:${address.port}`;
  }

  /** The next request (of any endpoint) answers this instead. */
  failNext(status: number, body: unknown, headers?: Record<string, string>): void {
    this.failures.push({ status, body, headers });
  }

  /** The next stream connection (or one already open and not yet taken). */
  nextStreamConnection(): Promise<FakeStreamConnection> {
    const open = this.connections.shift();
    return open ? Promise.resolve(open) : new Promise((resolve) => this.waiting.push(resolve));
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => response.writeHead(500).end(String(error)));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server?.close((error) => (error ? reject(error) : resolve())));
  }

  private send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://fake');
    let body: unknown;
    if (request.method === 'POST') {
      let text = '';
      for await (const chunk of request) text += String(chunk);
      body = text ? JSON.parse(text) : undefined;
    }
    this.requests.push({ method: request.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: request.headers, body });

    if (request.headers.authorization !== `Bearer ${this.bearerToken}`) {
      return this.send(response, 401, { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' });
    }
    const failure = this.failures.shift();
    if (failure) return this.send(response, failure.status, failure.body, failure.headers);

    if (url.pathname === '/2/tweets/search/recent') return this.search(url.searchParams, response);
    if (url.pathname === '/2/tweets/search/stream/rules') return request.method === 'POST' ? this.changeRules(url.searchParams, body, response) : this.listRules(url.searchParams, response);
    if (url.pathname === '/2/tweets/search/stream') return this.openStream(url.searchParams, response);
    this.send(response, 404, { title: 'Not Found Error', type: 'https://api.twitter.com/2/problems/resource-not-found', detail: 'Not found' });
  }

  private search(query: URLSearchParams, response: ServerResponse): void {
    const sinceId = query.get('since_id');
    const pageSize = Math.min(Number(query.get('max_results') ?? 10), this.searchPageCap);
    const matching = this.tweets
      .filter((tweet) => sinceId === null || BigInt(tweet.id) > BigInt(sinceId))
      .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
    const token = query.get('next_token');
    const start = token ? Number(Buffer.from(token, 'base64url').toString()) : 0;
    const data = matching.slice(start, start + pageSize);
    const next = start + pageSize < matching.length ? Buffer.from(String(start + pageSize)).toString('base64url') : undefined;
    const authors = new Set(data.map((tweet) => tweet.author_id));
    const users = this.users.filter((user) => authors.has(user.id));
    this.searchRemaining = Math.max(this.searchRemaining - 1, 0);
    this.send(
      response,
      200,
      {
        ...(data.length > 0 ? { data } : {}),
        ...(users.length > 0 ? { includes: { users } } : {}),
        meta: { ...(data.length > 0 ? { newest_id: data[0]!.id, oldest_id: data.at(-1)!.id } : {}), result_count: data.length, ...(next ? { next_token: next } : {}) },
      },
      { 'x-rate-limit-limit': '450', 'x-rate-limit-remaining': String(this.searchRemaining), 'x-rate-limit-reset': String(this.rateLimitReset) },
    );
  }

  private listRules(query: URLSearchParams, response: ServerResponse): void {
    const pageSize = Math.min(Number(query.get('max_results') ?? 1000), this.rulesPageSize);
    const token = query.get('pagination_token');
    const start = token ? Number(Buffer.from(token, 'base64url').toString()) : 0;
    const data = this.rules.slice(start, start + pageSize);
    const next = start + pageSize < this.rules.length ? Buffer.from(String(start + pageSize)).toString('base64url') : undefined;
    this.send(response, 200, { ...(data.length > 0 ? { data } : {}), meta: { sent: new Date().toISOString(), result_count: data.length, ...(next ? { next_token: next } : {}) } });
  }

  private changeRules(query: URLSearchParams, body: unknown, response: ServerResponse): void {
    const request = body as { add?: { value: string; tag?: string }[]; delete?: { ids: string[] } };
    const sent = new Date().toISOString();
    if (request.delete) {
      const ids = new Set(request.delete.ids);
      const deleted = this.rules.filter((rule) => ids.has(rule.id)).length;
      this.rules = this.rules.filter((rule) => !ids.has(rule.id));
      return this.send(response, 200, { meta: { sent, summary: { deleted, not_deleted: ids.size - deleted } } });
    }
    const created: FakeRule[] = [];
    const errors: unknown[] = [];
    for (const rule of request.add ?? []) {
      const duplicate = this.rules.find((existing) => existing.value === rule.value);
      if (duplicate) {
        errors.push({ value: rule.value, id: duplicate.id, title: 'DuplicateRule', type: 'https://api.twitter.com/2/problems/duplicate-rules' });
      } else if (rule.value.length > this.maxRuleLength) {
        errors.push({ value: rule.value, details: [`Rule is too long (${rule.value.length} > ${this.maxRuleLength})`], title: 'Invalid Rule', type: 'https://api.twitter.com/2/problems/invalid-rules' });
      } else {
        const added = { id: String(this.nextRuleId++), value: rule.value, ...(rule.tag ? { tag: rule.tag } : {}) };
        if (query.get('dry_run') !== 'true') this.rules.push(added);
        created.push(added);
      }
    }
    this.send(response, 200, {
      ...(created.length > 0 ? { data: created } : {}),
      meta: { sent, summary: { created: created.length, not_created: errors.length, valid: created.length, invalid: errors.length } },
      ...(errors.length > 0 ? { errors } : {}),
    });
  }

  private openStream(query: URLSearchParams, response: ServerResponse): void {
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'transfer-encoding': 'chunked' });
    response.flushHeaders();
    let resolveClosed: () => void;
    const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
    response.on('close', () => resolveClosed());
    const connection: FakeStreamConnection = {
      query,
      write: (text) => new Promise<void>((resolve) => response.write(text, () => resolve())),
      end: () => response.end(),
      drop: () => response.socket?.destroy(),
      closed,
    };
    const waiter = this.waiting.shift();
    if (waiter) waiter(connection);
    else this.connections.push(connection);
  }
}
