// A local HTTP server serving the feed fixtures the way real sites do, for the feed source's tests:
// ETag and Last-Modified with 304, redirects, rate limits, errors. Routes can be swapped per test.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const fixtures = path.resolve(import.meta.dirname, '../../../../../test/fixtures/feeds');
export const feedFixture = (name: string) => readFileSync(path.join(fixtures, name));

export type FeedRoute = (request: IncomingMessage, response: ServerResponse) => void;

/** A feed with validators: 304 when the client already has this version. */
export function servedFeed(body: () => Buffer | string, contentType = 'application/rss+xml; charset=utf-8'): FeedRoute {
  return (request, response) => {
    const content = body();
    const etag = `"${Buffer.from(content).length}-${Buffer.from(content).subarray(-40).toString('hex').slice(0, 16)}"`;
    const lastModified = 'Tue, 10 Jun 2003 09:41:01 GMT';
    if (request.headers['if-none-match'] === etag) {
      response.writeHead(304, { etag, 'last-modified': lastModified }).end();
      return;
    }
    response.writeHead(200, { 'content-type': contentType, etag, 'last-modified': lastModified }).end(content);
  };
}

export const redirectTo = (location: string, status = 301): FeedRoute => (_request, response) => {
  response.writeHead(status, { location }).end();
};

export const failWith = (status: number, headers: Record<string, string> = {}): FeedRoute => (_request, response) => {
  response.writeHead(status, { 'content-type': 'text/plain', ...headers }).end(`status ${status}`);
};

export type FakeFeedServer = { url: (pathname: string) => string; routes: Map<string, FeedRoute>; hits: string[]; close(): Promise<void> };

export async function startFakeFeedServer(routes: Record<string, FeedRoute>): Promise<FakeFeedServer> {
  const table = new Map(Object.entries(routes));
  const hits: string[] = [];
  const server = createServer((request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://x').pathname;
    hits.push(`${pathname}${request.headers['if-none-match'] ? ' (conditional)' : ''}`);
    const route = table.get(pathname);
    if (route) route(request, response);
    else failWith(404)(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (pathname) => `http://127.0.0.1:${port}${pathname}`,
    routes: table,
    hits,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
