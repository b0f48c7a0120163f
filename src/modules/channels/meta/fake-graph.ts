// Meta's Graph API as the Messenger and Instagram drivers use it, for tests, on a real port: the Send API
// (POST /{version}/{page or account id}/messages), Page comment replies (POST /{version}/{comment-id}/comments)
// and Instagram comment replies (POST /{version}/{ig-comment-id}/replies). It checks the bearer token and the
// request's shape the way Graph does and answers Graph's shapes; every request is recorded; failures can be
// injected, in Graph's error format.
import type { IncomingHttpHeaders } from 'node:http';
import { startFakePlatformServer, type FakeFailure, type FakePlatformServer } from '../fake-platform-server.js';

export type GraphRequest = {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  token: string | null;
  json: Record<string, unknown> | null;
  /** what the fake answered */
  answer?: { status: number; body: unknown };
};
export type GraphFailure = FakeFailure;

/** `to(path)` takes the path with its version */
export type FakeGraph = FakePlatformServer<GraphRequest>;

/** A Graph error answer, as Graph writes them */
export const graphError = (status: number, code: number, message: string, extra: { subcode?: number; type?: string; headers?: Record<string, string> } = {}): GraphFailure => ({
  status,
  body: { error: { message, type: extra.type ?? 'OAuthException', code, ...(extra.subcode !== undefined ? { error_subcode: extra.subcode } : {}), fbtrace_id: 'AbCdEfGhIjK' } },
  ...(extra.headers ? { headers: extra.headers } : {}),
});

const invalidParameter = (message: string) => graphError(400, 100, `(#100) ${message}`);

/** `tokens`: the access tokens Graph accepts (one per Page or account) */
export async function startFakeGraph(options: { tokens: string[] }): Promise<FakeGraph> {
  let nextId = 1;
  return startFakePlatformServer<GraphRequest>({
    contentType: 'application/json; charset=UTF-8',
    // Graph takes the token as a bearer header or an access_token parameter.
    record: ({ method, path, url, headers, json }) => ({
      method,
      path,
      headers,
      token: headers.authorization?.replace(/^bearer /i, '') ?? url.searchParams.get('access_token') ?? (typeof json?.access_token === 'string' ? json.access_token : null),
      json,
    }),
    failureBody: () => ({ error: { message: 'Failure', code: 1 } }),
    route: (request, answer, { token, json }) => {
      const reject = (failure: GraphFailure) => answer(failure.status, failure.body, failure.headers);
      const route = /^\/v\d+\.\d+\/([^/]+)\/(messages|comments|replies)$/.exec(request.path);
      if (!route || request.method !== 'POST') return reject(graphError(400, 100, 'Unsupported post request.', { type: 'GraphMethodException' }));
      if (!token || !options.tokens.includes(token)) return reject(graphError(401, 190, 'Invalid OAuth access token - Cannot parse access token'));
      if (!json) return reject(invalidParameter('The request body is not JSON'));
      const id = nextId++;

      if (route[2] === 'messages') {
        const recipient = json.recipient as Record<string, unknown> | undefined;
        const message = json.message as Record<string, unknown> | undefined;
        if (typeof recipient?.id !== 'string' || recipient.id === '') return reject(invalidParameter('param recipient must be non-empty.'));
        if (!['RESPONSE', 'UPDATE', 'MESSAGE_TAG'].includes(String(json.messaging_type))) return reject(invalidParameter('param messaging_type must be one of {RESPONSE, UPDATE, MESSAGE_TAG}'));
        if (!message || (typeof message.text === 'string') === (message.attachment !== undefined)) return reject(invalidParameter('param message must have exactly one of text or attachment'));
        return answer(200, { recipient_id: recipient.id, message_id: `m_${route[1]}_${id}` });
      }
      if (typeof json.message !== 'string' || (json.message.trim() === '' && typeof json.attachment_url !== 'string')) return reject(invalidParameter('param message must be non-empty.'));
      // A Page comment's id is {post}_{comment}; an Instagram comment's is a bare number.
      return answer(200, { id: route[2] === 'comments' ? `${route[1]!.split('_')[0]}_${9000 + id}` : String(18_000_000_000 + id) });
    },
  });
}
