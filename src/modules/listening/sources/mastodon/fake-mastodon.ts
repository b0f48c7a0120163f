// A small Mastodon instance for tests, on a real port: hashtag and public timelines and status
// search with Mastodon's paging (max_id, since_id, min_id, limit, Link headers), bearer tokens,
// JSON errors, injected failures (429 with rate-limit headers, 5xx…), and the streaming API as a
// server-sent events response that the test writes to chunk by chunk.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

type FakeStatus = { id: string; content?: string; account?: { acct?: string }; tags?: { name: string }[]; reblog?: FakeStatus | null };

export type FakeMastodonOptions = {
  statuses: readonly unknown[];
  /** when set, a request must carry this bearer token (a wrong one is always refused) */
  accessToken?: string;
  /** refuse requests without a token (an instance that disabled public previews) */
  requireToken?: boolean;
};

export type FakeFailure = { status: number; body?: unknown; headers?: Record<string, string> };

export type FakeStream = {
  /** the request the stream answers (path, query, headers) */
  request: IncomingMessage;
  write(chunk: string): void;
  /** a clean end of the response */
  end(): void;
  /** the connection dropped mid-stream */
  destroy(): void;
};

export type FakeMastodon = {
  url: string;
  /** every request received, in order */
  requests: { url: URL; authorization?: string }[];
  addStatuses(statuses: readonly unknown[]): void;
  /** the next requests answer these failures, one each */
  failNext(...failures: FakeFailure[]): void;
  /** resolves with the next streaming connection */
  nextStream(): Promise<FakeStream>;
  close(): Promise<void>;
};

const byIdDescending = (a: FakeStatus, b: FakeStatus) => (BigInt(b.id) > BigInt(a.id) ? 1 : BigInt(b.id) < BigInt(a.id) ? -1 : 0);

function hasTag(status: FakeStatus, tag: string): boolean {
  const original = status.reblog ?? status;
  return (original.tags ?? []).some((candidate) => candidate.name.toLowerCase() === tag);
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify(body));
}

/** One page as Mastodon pages timelines: newest first; min_id reads forward from an id, max_id and since_id bound. */
function page(statuses: FakeStatus[], query: URLSearchParams): FakeStatus[] {
  const limit = Math.min(Number(query.get('limit') ?? 20), 40);
  const newerThan = (bound: string | null) => (status: FakeStatus) => bound === null || BigInt(status.id) > BigInt(bound);
  const sorted = [...statuses].sort(byIdDescending).filter((status) => query.get('max_id') === null || BigInt(status.id) < BigInt(query.get('max_id') ?? 0));
  const minId = query.get('min_id');
  if (minId !== null) return sorted.filter(newerThan(minId)).reverse().slice(0, limit).reverse();
  return sorted.filter(newerThan(query.get('since_id'))).slice(0, limit);
}

function linkHeader(request: URL, result: FakeStatus[]): Record<string, string> {
  const first = result[0];
  const last = result.at(-1);
  if (!first || !last) return {};
  const withParam = (name: string, value: string) => {
    const url = new URL(request);
    for (const param of ['max_id', 'min_id', 'since_id']) url.searchParams.delete(param);
    url.searchParams.set(name, value);
    return url.href;
  };
  return { link: `<${withParam('max_id', last.id)}>; rel="next", <${withParam('min_id', first.id)}>; rel="prev"` };
}

export async function startFakeMastodon(options: FakeMastodonOptions): Promise<FakeMastodon> {
  const statuses = [...options.statuses] as FakeStatus[];
  const knownTags = new Set<string>();
  const remember = (added: readonly FakeStatus[]) => {
    for (const status of added) for (const tag of (status.reblog ?? status).tags ?? []) knownTags.add(tag.name.toLowerCase());
  };
  remember(statuses);
  const failures: FakeFailure[] = [];
  const requests: FakeMastodon['requests'] = [];
  const streamWaiters: ((stream: FakeStream) => void)[] = [];
  const pendingStreams: FakeStream[] = [];
  const openSockets = new Set<import('node:net').Socket>();

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', `http://${request.headers.host}`);
    const authorization = request.headers.authorization;
    requests.push({ url, authorization });
    const failure = failures.shift();
    if (failure) return sendJson(response, failure.status, failure.body ?? { error: 'Failure' }, failure.headers);
    const token = authorization?.replace(/^Bearer /, '');
    if ((token !== undefined && options.accessToken !== undefined && token !== options.accessToken) || (options.requireToken && token === undefined)) {
      return sendJson(response, 401, { error: 'The access token is invalid' });
    }

    if (url.pathname.startsWith('/api/v1/streaming/')) {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', 'transfer-encoding': 'chunked' });
      response.flushHeaders();
      const stream: FakeStream = {
        request,
        write: (chunk) => void response.write(chunk),
        end: () => response.end(),
        destroy: () => response.socket?.destroy(),
      };
      const waiter = streamWaiters.shift();
      if (waiter) waiter(stream);
      else pendingStreams.push(stream);
      return;
    }

    const tagPath = /^\/api\/v1\/timelines\/tag\/([^/]+)$/.exec(url.pathname);
    if (tagPath?.[1]) {
      const tag = decodeURIComponent(tagPath[1]).toLowerCase();
      if (!knownTags.has(tag)) return sendJson(response, 404, { error: 'Record not found' });
      const result = page(statuses.filter((status) => hasTag(status, tag)), url.searchParams);
      return sendJson(response, 200, result, linkHeader(url, result));
    }
    if (url.pathname === '/api/v1/timelines/public') {
      const local = url.searchParams.get('local') === 'true';
      const remote = url.searchParams.get('remote') === 'true';
      const matching = statuses.filter((status) => {
        const isRemote = (status.account?.acct ?? '').includes('@');
        return (!local || !isRemote) && (!remote || isRemote);
      });
      const result = page(matching, url.searchParams);
      return sendJson(response, 200, result, linkHeader(url, result));
    }
    if (url.pathname === '/api/v2/search') {
      if (token === undefined) return sendJson(response, 401, { error: 'The access token is invalid' });
      const words = (url.searchParams.get('q') ?? '').toLowerCase();
      const matching = statuses.filter((status) => ((status.reblog ?? status).content ?? '').toLowerCase().includes(words));
      return sendJson(response, 200, { accounts: [], statuses: page(matching, url.searchParams), hashtags: [] });
    }
    return sendJson(response, 404, { error: 'Record not found' });
  });
  server.on('connection', (socket) => {
    openSockets.add(socket);
    socket.on('close', () => openSockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    addStatuses(added) {
      statuses.push(...(added as FakeStatus[]));
      remember(added as FakeStatus[]);
    },
    failNext: (...added) => void failures.push(...added),
    nextStream: () => {
      const pending = pendingStreams.shift();
      return pending ? Promise.resolve(pending) : new Promise((resolve) => streamWaiters.push(resolve));
    },
    close: async () => {
      for (const socket of openSockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
