// Bluesky for tests, on real ports: an AppView answering app.bsky.feed.searchPosts as the real one
// does (sort=latest by sortAt, since, lang, limit, an opaque page cursor, XRPC error bodies,
// injected failures), and a Jetstream WebSocket server whose connections the test drives (messages
// in one frame or in fragments, clean closes, dropped connections, refused handshakes).
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { postViewSchema, postViewSortAt, type PostView } from './bluesky-post.js';

export type FakeFailure = { status: number; body?: unknown; headers?: Record<string, string> };

export type FakeAppView = {
  url: string;
  requests: { url: URL; authorization?: string }[];
  addPosts(posts: readonly unknown[]): void;
  failNext(...failures: FakeFailure[]): void;
  close(): Promise<void>;
};

export async function startFakeAppView(initial: readonly unknown[]): Promise<FakeAppView> {
  const posts: PostView[] = [];
  const addPosts = (added: readonly unknown[]) => posts.push(...added.map((raw) => postViewSchema.parse(raw)));
  addPosts(initial);
  const failures: FakeFailure[] = [];
  const requests: FakeAppView['requests'] = [];

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', `http://${request.headers.host}`);
    requests.push({ url, authorization: request.headers.authorization });
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      response.end(JSON.stringify(body));
    };
    const failure = failures.shift();
    if (failure) return send(failure.status, failure.body ?? { error: 'InternalServerError', message: 'Internal Server Error' }, failure.headers);
    if (url.pathname !== '/xrpc/app.bsky.feed.searchPosts') return send(501, { error: 'MethodNotImplemented', message: 'Method Not Implemented' });

    const query = url.searchParams;
    const q = query.get('q');
    if (!q) return send(400, { error: 'InvalidRequest', message: 'Error: Params must have the property "q"' });
    const limit = Number(query.get('limit') ?? 25);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) return send(400, { error: 'InvalidRequest', message: 'Error: limit can not be greater than 100' });
    const words = q.toLowerCase().split(/\s+/);
    const since = query.get('since');
    const lang = query.get('lang');
    const matching = posts
      .filter((post) => {
        const record = post.record as { text?: string; langs?: string[] };
        const text = (record.text ?? '').toLowerCase();
        return words.every((word) => text.includes(word)) && (!lang || (record.langs ?? []).includes(lang)) && (!since || postViewSortAt(post) >= new Date(since).toISOString());
      })
      .sort((a, b) => (postViewSortAt(a) < postViewSortAt(b) ? 1 : -1));
    const offset = Number(query.get('cursor') ?? 0);
    const page = matching.slice(offset, offset + limit);
    const next = offset + limit < matching.length ? String(offset + limit) : undefined;
    return send(200, { posts: page, hitsTotal: matching.length, ...(next ? { cursor: next } : {}) });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    addPosts,
    failNext: (...added) => void failures.push(...added),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type FakeJetstreamConnection = {
  /** the subscription request's URL (wantedCollections, cursor…) */
  url: URL;
  /** one message in one frame */
  send(message: string): Promise<void>;
  /** one message split into WebSocket fragments of `size` characters */
  sendFragmented(message: string, size: number): Promise<void>;
  close(code?: number, reason?: string): void;
  /** the TCP connection dropped, no close frame */
  drop(): void;
  /** stop answering pings (a dead peer that keeps the TCP connection) */
  mute(): void;
};

export type FakeJetstream = {
  url: string;
  nextConnection(): Promise<FakeJetstreamConnection>;
  /** the next subscription is refused with this HTTP status and headers */
  refuseNext(status: number, headers?: Record<string, string>): void;
  close(): Promise<void>;
};

const sent = (socket: WebSocket, data: string, options: { fin: boolean }) =>
  new Promise<void>((resolve, reject) => socket.send(data, options, (error) => (error ? reject(error) : resolve())));

export async function startFakeJetstream(): Promise<FakeJetstream> {
  const refusals: { status: number; headers?: Record<string, string> }[] = [];
  const waiting: ((connection: FakeJetstreamConnection) => void)[] = [];
  const pending: FakeJetstreamConnection[] = [];
  const server = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    path: '/subscribe',
    autoPong: false,
    verifyClient: (_info: { req: IncomingMessage }, accept: (result: boolean, code?: number, message?: string, headers?: Record<string, string>) => void) => {
      const refusal = refusals.shift();
      if (refusal) accept(false, refusal.status, 'Refused', refusal.headers);
      else accept(true);
    },
  });
  server.on('connection', (socket, request) => {
    let muted = false;
    socket.on('ping', (data) => {
      if (!muted) socket.pong(data);
    });
    const connection: FakeJetstreamConnection = {
      url: new URL(request.url ?? '/', 'ws://jetstream.test'),
      send: (message) => sent(socket, message, { fin: true }),
      async sendFragmented(message, size) {
        for (let at = 0; at < message.length; at += size) await sent(socket, message.slice(at, at + size), { fin: at + size >= message.length });
      },
      close: (code = 1000, reason = '') => socket.close(code, reason),
      drop: () => socket.terminate(),
      mute: () => {
        muted = true;
      },
    };
    const waiter = waiting.shift();
    if (waiter) waiter(connection);
    else pending.push(connection);
  });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    nextConnection: () => {
      const connection = pending.shift();
      return connection ? Promise.resolve(connection) : new Promise((resolve) => waiting.push(resolve));
    },
    refuseNext: (status, headers) => void refusals.push({ status, headers }),
    close: async () => {
      for (const client of server.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
