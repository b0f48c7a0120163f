// Test support: the scaffolding every fake platform server shares (Meta's Graph API, X, WhatsApp,
// Telegram, the listening reply platforms). It listens on a free port of 127.0.0.1, reads each body,
// parses JSON leniently (a fake records what a broken client sent rather than crash on it), records the
// requests, keeps queues of injected failures and answers JSON. Each fake keeps only what is its
// platform's own: auth checks, routes, answer shapes, ids and error formats.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An answer a test injects in place of the platform's: the fake's own error body when it has none */
export type FakeFailure = { status: number; body?: unknown; headers?: Record<string, string> };

/** One request as it reached the fake, body read */
export type FakeHttpRequest = {
  method: string;
  url: URL;
  path: string;
  headers: IncomingHttpHeaders;
  /** the raw body, as UTF-8 */
  body: string;
  /** the raw body's bytes (file uploads) */
  bytes: Buffer;
  /** the body as a JSON object; null when it is empty, not JSON or not an object */
  json: Record<string, unknown> | null;
};

export type JsonAnswer = (status: number, body: unknown, headers?: Record<string, string>) => void;

/** An answer of raw bytes (a file download), with its Content-Length */
export type BytesAnswer = (status: number, body: Buffer, headers?: Record<string, string>) => void;

export type JsonServer = { url: string; close(): Promise<void> };

function parseJsonObject(text: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Listens on a free port of 127.0.0.1 and hands `handle` every request, body read, with a JSON answer. */
export async function startJsonServer(handle: (request: FakeHttpRequest, answer: JsonAnswer, answerBytes: BytesAnswer) => void, options: { contentType?: string | undefined } = {}): Promise<JsonServer> {
  const contentType = options.contentType ?? 'application/json; charset=utf-8';
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', `http://${request.headers.host ?? '127.0.0.1'}`);
      const bytes = Buffer.concat(chunks);
      const body = bytes.toString('utf8');
      const answer: JsonAnswer = (status, answerBody, headers = {}) => {
        response.writeHead(status, { 'content-type': contentType, ...headers });
        response.end(JSON.stringify(answerBody));
      };
      const answerBytes: BytesAnswer = (status, content, headers = {}) => {
        response.writeHead(status, { 'content-type': 'application/octet-stream', 'content-length': String(content.length), ...headers });
        response.end(content);
      };
      handle({ method: request.method ?? 'GET', url, path: url.pathname, headers: request.headers, body, bytes, json: parseJsonObject(body) }, answer, answerBytes);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Injected failures, each queued under a key (a path, a suffix, a method) and answered once, in the order added. */
export class FailureQueue<F = FakeFailure> {
  private readonly queued: { key: string; failure: F }[] = [];

  add(key: string, ...failures: F[]): void {
    this.queued.push(...failures.map((failure) => ({ key, failure })));
  }

  /** the next failure whose key `matches` (by default: is exactly `key`), taken off the queue */
  take(key: string, matches: (queuedKey: string, key: string) => boolean = (queuedKey) => queuedKey === key): F | undefined {
    const index = this.queued.findIndex((entry) => matches(entry.key, key));
    return index < 0 ? undefined : this.queued.splice(index, 1)[0]!.failure;
  }
}

/** What every fake records of a request; the answer it gave is noted on it. */
export type RecordedRequest = { path: string; /** what the fake answered */ answer?: { status: number; body: unknown } };

export type FakePlatformServer<R extends RecordedRequest> = {
  url: string;
  requests: R[];
  /** requests to one path, in order */
  to(path: string): R[];
  /** the next requests to this path answer these failures, one each */
  failNext(path: string, ...failures: FakeFailure[]): void;
  close(): Promise<void>;
};

export type FakePlatform<R extends RecordedRequest> = {
  /** what the fake records of a request (its platform's own fields beside the path) */
  record(request: FakeHttpRequest): R;
  /** the body of an injected failure that has none, in the platform's error format */
  failureBody(failure: FakeFailure): unknown;
  /** the platform's auth checks and routes; only reached when no failure was injected */
  route(request: FakeHttpRequest, answer: JsonAnswer, recorded: R): void;
  /** which injected failures answer a path: by default those queued for exactly that path */
  failureFor?(queuedKey: string, path: string): boolean;
  contentType?: string;
};

/** A fake platform on a free port: every request recorded, then answered by an injected failure or the platform's routes. */
export async function startFakePlatformServer<R extends RecordedRequest>(platform: FakePlatform<R>): Promise<FakePlatformServer<R>> {
  const requests: R[] = [];
  const failures = new FailureQueue();
  const server = await startJsonServer(
    (request, send) => {
      const recorded = platform.record(request);
      requests.push(recorded);
      const answer: JsonAnswer = (status, body, headers) => {
        recorded.answer = { status, body };
        send(status, body, headers);
      };
      const failure = failures.take(request.path, platform.failureFor);
      if (failure) return answer(failure.status, failure.body ?? platform.failureBody(failure), failure.headers);
      platform.route(request, answer, recorded);
    },
    { contentType: platform.contentType },
  );
  return {
    url: server.url,
    requests,
    to: (path) => requests.filter((request) => request.path === path),
    failNext: (path, ...added) => failures.add(path, ...added),
    close: server.close,
  };
}
