// A local stand-in for Reddit's listing API and token endpoint, for the Reddit source's tests: a
// real HTTP server (node:http, port 0) that pages a list of things the way Reddit does (newest
// first; `before`/`after` fullnames; `limit`), issues client-credentials tokens, sends the
// x-ratelimit-* headers, and answers with the errors the test queues.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeRedditThing = { kind: string; data: { name: string; subreddit: string } & Record<string, unknown> };

export type FakeRedditRequest = { method: string; path: string; query: URLSearchParams; headers: IncomingMessage['headers'] };

type QueuedFailure = { status: number; body?: unknown; headers?: Record<string, string> };

export type FakeRedditOptions = {
  /** when set, listings require a bearer token issued for these client credentials */
  client?: { id: string; secret: string };
  /** lifetime of issued tokens, in seconds */
  tokenExpiresIn?: number;
  /** requests allowed per window; x-ratelimit-remaining counts down from it */
  rateLimit?: number;
  /** seconds until the window resets, sent as x-ratelimit-reset */
  rateLimitResetSeconds?: number;
  /** subreddits that exist; others answer like Reddit does for unknown ones */
  subreddits?: string[];
  /** a recorded token response to send instead of a generated one */
  tokenResponse?: { access_token: string } & Record<string, unknown>;
};

export class FakeReddit {
  /** newest first, as Reddit lists them */
  submissions: FakeRedditThing[] = [];
  comments: FakeRedditThing[] = [];
  readonly requests: FakeRedditRequest[] = [];
  issuedTokens: string[] = [];
  private failures: QueuedFailure[] = [];
  private remaining: number;
  private server: Server | undefined;

  constructor(private readonly options: FakeRedditOptions = {}) {
    this.remaining = options.rateLimit ?? 600;
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('The fake Reddit is not listening.');
    return `http://127.0.0.1:${address.port}`;
  }

  /** The next listing request answers this instead. */
  failNext(status: number, body?: unknown, headers?: Record<string, string>): void {
    this.failures.push({ status, body, headers });
  }

  /** Invalidates every issued token, as when Reddit revokes them. */
  revokeTokens(): void {
    this.issuedTokens = [];
  }

  listingRequests(): FakeRedditRequest[] {
    return this.requests.filter((request) => request.path !== '/api/v1/access_token');
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        response.writeHead(500).end(String(error));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve, reject) => this.server?.close((error) => (error ? reject(error) : resolve())));
  }

  private send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    response.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
    response.end(JSON.stringify(body));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://fake');
    this.requests.push({ method: request.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: request.headers });

    if (url.pathname === '/api/v1/access_token') return this.issueToken(request, response);

    const rateHeaders = (): Record<string, string> => {
      this.remaining = Math.max(this.remaining - 1, 0);
      return {
        'x-ratelimit-used': String((this.options.rateLimit ?? 600) - this.remaining),
        'x-ratelimit-remaining': this.remaining.toFixed(1),
        'x-ratelimit-reset': String(this.options.rateLimitResetSeconds ?? 300),
      };
    };

    if (this.options.client) {
      const token = /^bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1];
      if (!token || !this.issuedTokens.includes(token)) return this.send(response, 401, { message: 'Unauthorized', error: 401 });
    }
    const failure = this.failures.shift();
    if (failure) return this.send(response, failure.status, failure.body ?? { message: 'Error', error: failure.status }, { ...rateHeaders(), ...failure.headers });

    const route = /^\/(?:r\/([^/]+)\/)?(new|comments|search)\.json$/.exec(url.pathname);
    if (!route) return this.send(response, 404, { message: 'Not Found', error: 404 }, rateHeaders());
    const [, multi, listing] = route;
    const wanted = multi ? multi.split('+').map((name) => name.toLowerCase()) : undefined;
    const known = this.options.subreddits?.map((name) => name.toLowerCase());
    if (wanted && known && wanted.some((name) => !known.includes(name))) {
      // Reddit sends unknown subreddits to its subreddit search.
      response.writeHead(302, { location: `/subreddits/search.json?q=${encodeURIComponent(multi!)}` }).end();
      return;
    }
    const source = listing === 'comments' ? this.comments : this.submissions;
    let things = wanted ? source.filter((thing) => wanted.includes(thing.data.subreddit.toLowerCase())) : source;
    if (listing === 'search') {
      const words = (url.searchParams.get('q') ?? '').toLowerCase().split(/\s+/).filter(Boolean);
      things = things.filter((thing) => words.every((word) => JSON.stringify(thing.data).toLowerCase().includes(word)));
    }
    this.send(response, 200, this.page(things, url.searchParams), rateHeaders());
  }

  /** Reddit's paging: `after=X` is the page older than X, `before=X` the page just newer than X. */
  private page(things: FakeRedditThing[], query: URLSearchParams): unknown {
    const limit = Math.min(Number(query.get('limit') ?? 25), 100);
    const before = query.get('before');
    const after = query.get('after');
    let start = 0;
    let end = Math.min(limit, things.length);
    if (before) {
      const index = things.findIndex((thing) => thing.data.name === before);
      end = Math.max(index, 0);
      start = Math.max(end - limit, 0);
    } else if (after) {
      const index = things.findIndex((thing) => thing.data.name === after);
      start = index < 0 ? things.length : index + 1;
      end = Math.min(start + limit, things.length);
    }
    const children = things.slice(start, end);
    return {
      kind: 'Listing',
      data: {
        modhash: '',
        dist: children.length,
        children,
        after: end < things.length && children.length > 0 ? children[children.length - 1]!.data.name : null,
        before: start > 0 && children.length > 0 ? children[0]!.data.name : null,
      },
    };
  }

  private async issueToken(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let body = '';
    for await (const chunk of request) body += String(chunk);
    const expected = this.options.client ? `Basic ${Buffer.from(`${this.options.client.id}:${this.options.client.secret}`).toString('base64')}` : undefined;
    if (request.method !== 'POST' || !expected || request.headers.authorization !== expected) {
      return this.send(response, 401, { message: 'Unauthorized', error: 401 });
    }
    if (new URLSearchParams(body).get('grant_type') !== 'client_credentials') return this.send(response, 200, { error: 'unsupported_grant_type' });
    const token = this.options.tokenResponse ?? { access_token: `fake-token-${this.issuedTokens.length + 1}-${Date.now()}`, token_type: 'bearer', expires_in: this.options.tokenExpiresIn ?? 3600, scope: '*' };
    this.issuedTokens.push(token.access_token);
    this.send(response, 200, token);
  }
}
