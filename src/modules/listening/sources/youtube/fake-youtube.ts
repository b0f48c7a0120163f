// A local stand-in for the YouTube Data API's commentThreads.list, for the YouTube source's tests:
// a real HTTP server (node:http, port 0) that checks the API key, lists the threads of a video or
// channel newest first in pages with its own page tokens, and answers with the errors the test queues.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeYouTubeThread = { id: string; snippet: { videoId?: string; channelId?: string } & Record<string, unknown> } & Record<string, unknown>;

export type FakeYouTubeRequest = { path: string; query: URLSearchParams };

export class FakeYouTube {
  /** all threads, newest first */
  threads: FakeYouTubeThread[] = [];
  readonly requests: FakeYouTubeRequest[] = [];
  private failures: { status: number; body: unknown; headers?: Record<string, string> }[] = [];
  private server: Server | undefined;

  constructor(private readonly apiKey: string) {}

  get url(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('The fake YouTube is not listening.');
    return `http://127.0.0.1:${address.port}`;
  }

  failNext(status: number, body: unknown, headers?: Record<string, string>): void {
    this.failures.push({ status, body, headers });
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve, reject) => this.server?.close((error) => (error ? reject(error) : resolve())));
  }

  private send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    response.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers }).end(JSON.stringify(body));
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://fake');
    this.requests.push({ path: url.pathname, query: url.searchParams });
    if (url.pathname !== '/youtube/v3/commentThreads') return this.send(response, 404, { error: { code: 404, message: 'Not Found' } });
    if (url.searchParams.get('key') !== this.apiKey) {
      return this.send(response, 400, { error: { code: 400, message: 'API key not valid. Please pass a valid API key.', errors: [{ message: 'API key not valid. Please pass a valid API key.', domain: 'global', reason: 'badRequest' }], status: 'INVALID_ARGUMENT' } });
    }
    const failure = this.failures.shift();
    if (failure) return this.send(response, failure.status, failure.body, failure.headers);

    const videoId = url.searchParams.get('videoId');
    const channelId = url.searchParams.get('allThreadsRelatedToChannelId');
    const threads = this.threads.filter((thread) => (videoId ? thread.snippet.videoId === videoId : thread.snippet.channelId === channelId));
    const pageSize = Number(url.searchParams.get('maxResults') ?? 20);
    const token = url.searchParams.get('pageToken');
    const start = token ? Number(Buffer.from(token, 'base64url').toString()) : 0;
    const items = threads.slice(start, start + pageSize);
    const next = start + pageSize < threads.length ? Buffer.from(String(start + pageSize)).toString('base64url') : undefined;
    this.send(response, 200, {
      kind: 'youtube#commentThreadListResponse',
      ...(next ? { nextPageToken: next } : {}),
      pageInfo: { totalResults: items.length, resultsPerPage: pageSize },
      items,
    });
  }
}
