// The write side of the platforms listening sources read, for tests, on a real port: Mastodon's
// POST /api/v1/statuses (bearer token, Idempotency-Key), a Bluesky PDS (createSession with an app
// password, getPosts, createRecord and getRecord), X's POST /2/tweets, Reddit's POST /api/comment
// and YouTube's comments.insert. Every request is recorded; failures can be injected.
import type { IncomingHttpHeaders } from 'node:http';
import { startFakePlatformServer, type FakeFailure } from '../fake-platform-server.js';

export type { FakeFailure } from '../fake-platform-server.js';
export type FakeRequest = { method: string; path: string; query: URLSearchParams; headers: IncomingHttpHeaders; body: string; json: Record<string, unknown> | null; /** what the fake answered */ answer?: { status: number; body: unknown } };

export type FakeReplyPlatforms = {
  url: string;
  requests: FakeRequest[];
  /** requests to one path, in order */
  to(path: string): FakeRequest[];
  /** the next requests to this path answer these failures, one each */
  failNext(path: string, ...failures: FakeFailure[]): void;
  /** Bluesky posts getPosts knows, by at:// uri */
  blueskyPosts: Map<string, string>;
  close(): Promise<void>;
};

export type FakeReplyOptions = {
  /** the one token each platform accepts */
  tokens?: { mastodon?: string; x?: string; reddit?: string; youtube?: string };
  bluesky?: { handle: string; appPassword: string; did: string };
};

export async function startFakeReplyPlatforms(options: FakeReplyOptions = {}): Promise<FakeReplyPlatforms> {
  const statusesByKey = new Map<string, { id: string; uri: string }>();
  const blueskyPosts = new Map<string, string>();
  const records = new Map<string, { uri: string; cid: string }>();
  const blueskySessions = new Set<string>();
  let nextId = 1000;

  const server = await startFakePlatformServer<FakeRequest>({
    // These platforms read a body as JSON only when it says it is.
    record: ({ method, path, url, headers, body, json }) => ({ method, path, query: url.searchParams, headers, body, json: headers['content-type']?.includes('json') ? json : null }),
    failureBody: () => ({ error: 'Failure' }),
    route: (request, send, { json }) => {
      const { url, body } = request;
      const bearer = request.headers.authorization?.replace(/^bearer /i, '');
      const id = String(nextId++);

      switch (request.path) {
        case '/api/v1/statuses': {
          if (bearer !== options.tokens?.mastodon) return send(401, { error: 'The access token is invalid' });
          if (typeof json?.status !== 'string' || json.status.trim() === '') return send(422, { error: "Validation failed: Text can't be blank" });
          // Mastodon answers a repeated Idempotency-Key with the status it made the first time.
          const key = request.headers['idempotency-key'];
          const known = typeof key === 'string' ? statusesByKey.get(key) : undefined;
          const status = known ?? { id, uri: `https://fake.social/users/brand/statuses/${id}` };
          if (typeof key === 'string') statusesByKey.set(key, status);
          return send(200, { ...status, content: `<p>${json.status}</p>`, in_reply_to_id: json.in_reply_to_id ?? null, visibility: json.visibility ?? 'public' });
        }
        case '/xrpc/com.atproto.server.createSession': {
          const account = options.bluesky;
          if (!account || json?.identifier !== account.handle || json.password !== account.appPassword) return send(401, { error: 'AuthenticationRequired', message: 'Invalid identifier or password' });
          const token = `jwt-${id}`;
          blueskySessions.add(token);
          return send(200, { accessJwt: token, refreshJwt: `refresh-${id}`, handle: account.handle, did: account.did });
        }
        case '/xrpc/app.bsky.feed.getPosts': {
          if (!bearer || !blueskySessions.has(bearer)) return send(401, { error: 'AuthRequired' });
          const posts = url.searchParams.getAll('uris').flatMap((uri) => (blueskyPosts.has(uri) ? [{ uri, cid: blueskyPosts.get(uri) }] : []));
          return send(200, { posts });
        }
        case '/xrpc/com.atproto.repo.createRecord': {
          if (!bearer || !blueskySessions.has(bearer)) return send(401, { error: 'AuthRequired' });
          const repo = String(json?.repo);
          const rkey = typeof json?.rkey === 'string' ? json.rkey : id;
          const uri = `at://${repo}/app.bsky.feed.post/${rkey}`;
          if (records.has(uri)) return send(400, { error: 'InvalidRequest', message: 'Record already exists' });
          const record = { uri, cid: `bafy${id}` };
          records.set(uri, record);
          return send(200, record);
        }
        case '/xrpc/com.atproto.repo.getRecord': {
          const uri = `at://${url.searchParams.get('repo')}/${url.searchParams.get('collection')}/${url.searchParams.get('rkey')}`;
          const record = records.get(uri);
          return record ? send(200, { ...record, value: {} }) : send(400, { error: 'RecordNotFound' });
        }
        case '/2/tweets': {
          if (bearer !== options.tokens?.x) return send(401, { title: 'Unauthorized', detail: 'Unauthorized', status: 401 });
          return send(201, { data: { id: `19${id}`, text: json?.text } });
        }
        case '/api/comment': {
          if (bearer !== options.tokens?.reddit) return send(401, { message: 'Unauthorized', error: 401 });
          const form = new URLSearchParams(body);
          if (!form.get('text')) return send(200, { json: { errors: [['NO_TEXT', 'we need something here', 'text']] } });
          return send(200, { json: { errors: [], data: { things: [{ kind: 't1', data: { name: `t1_${id}`, id, parent_id: form.get('thing_id') } }] } } });
        }
        case '/youtube/v3/comments': {
          if (bearer !== options.tokens?.youtube) return send(401, { error: { code: 401, message: 'Request had invalid authentication credentials.', errors: [{ reason: 'authError' }] } });
          const snippet = (json?.snippet ?? {}) as Record<string, unknown>;
          return send(200, { kind: 'youtube#comment', id: `Ugz${id}`, snippet: { parentId: snippet.parentId, textOriginal: snippet.textOriginal } });
        }
        default:
          return send(404, { error: 'Not found' });
      }
    },
  });
  return { ...server, blueskyPosts };
}
