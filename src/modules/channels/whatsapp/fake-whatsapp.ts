// The WhatsApp Cloud API for tests, on a real port: POST /{version}/{phone-number-id}/messages (bearer
// token, the messaging_product and message types checked as the Graph API does, a wamid answered) and
// GET /{version}/{waba-id}/message_templates paged with cursors and paging.next, and customers' media:
// GET /{version}/{media-id} answers { url, mime_type, sha256, file_size, id } for a media of `media`
// (an unknown or expired id Graph's "Object with ID … does not exist"), and the url, on a second server
// standing for lookaside.fbsbx.com, serves the bytes to the same bearer token. Every request is
// recorded; the next answers of a path can be made failures (Graph error bodies, 429s, 5xx).
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { FailureQueue, startFakePlatformServer, startJsonServer, type FakeFailure } from '../fake-platform-server.js';

export type FakeGraphRequest = { method: string; path: string; query: URLSearchParams; headers: IncomingHttpHeaders; json: Record<string, unknown> | null; /** what the fake answered */ answer?: { status: number; body: unknown } };
export type FakeGraphFailure = FakeFailure;

export type FakeWhatsApp = {
  url: string;
  requests: FakeGraphRequest[];
  /** The message sends received, in order */
  sent(): Record<string, unknown>[];
  /** the next requests whose path ends with this suffix ("/messages", "/message_templates") answer these failures, one each */
  failNext(suffix: string, ...failures: FakeGraphFailure[]): void;
  /** the templates of the business account, as the Graph API lists them */
  templates: Record<string, unknown>[];
  /** customers' media by media id */
  media: Map<string, FakeWhatsAppMedia>;
  /** the downloads asked of the media host, in order, with what it answered */
  downloads: FakeMediaDownload[];
  /** the next downloads answer these failures (404: the 5-minute link expired), one each */
  failNextDownload(...failures: FakeGraphFailure[]): void;
  close(): Promise<void>;
};

/** A media a customer sent; `fileSize` is what Graph reports (the bytes' length unless set) */
export type FakeWhatsAppMedia = { bytes: Buffer; mimeType: string; fileSize?: number };
export type FakeMediaDownload = { mediaId: string | null; authorization: string | undefined; status: number };

export type FakeWhatsAppOptions = { accessToken: string; phoneNumberId: string; businessAccountId: string; version?: string; templatesPageSize?: number };

/** A Graph API error body, as Meta sends them */
export const graphError = (code: number, message: string, extra: { type?: string; details?: string; subcode?: number } = {}) => ({
  error: { message, type: extra.type ?? 'OAuthException', code, ...(extra.subcode ? { error_subcode: extra.subcode } : {}), ...(extra.details ? { error_data: { messaging_product: 'whatsapp', details: extra.details } } : {}), fbtrace_id: 'AbCdEf123' },
});

const MESSAGE_TYPES = new Set(['text', 'image', 'video', 'audio', 'document', 'sticker', 'interactive', 'template', 'location', 'contacts', 'reaction']);

export async function startFakeWhatsApp(options: FakeWhatsAppOptions): Promise<FakeWhatsApp> {
  const version = options.version ?? 'v21.0';
  const pageSize = options.templatesPageSize ?? 25;
  const templates: Record<string, unknown>[] = [];
  const media = new Map<string, FakeWhatsAppMedia>();
  const downloads: FakeMediaDownload[] = [];
  const downloadFailures = new FailureQueue();
  let nextId = 1;

  // The media host: the link Graph gives is only good with the token (and, at Meta, for 5 minutes).
  const mediaHost = await startJsonServer((request, answer, answerBytes) => {
    const mediaId = request.url.searchParams.get('mid');
    const download: FakeMediaDownload = { mediaId, authorization: request.headers.authorization, status: 200 };
    downloads.push(download);
    const send = (status: number, body: unknown) => {
      download.status = status;
      answer(status, body);
    };
    const failure = downloadFailures.take('download');
    if (failure) return send(failure.status, failure.body ?? graphError(1, 'An unknown error occurred'));
    if (request.headers.authorization !== `Bearer ${options.accessToken}`) return send(401, graphError(190, 'Invalid OAuth access token - Cannot parse access token'));
    const file = request.method === 'GET' && request.path === '/whatsapp_business/attachments/' && mediaId ? media.get(mediaId) : undefined;
    if (!file) return send(404, graphError(100, 'Media not found', { type: 'GraphMethodException' }));
    answerBytes(200, file.bytes, { 'content-type': file.mimeType });
  });

  const server = await startFakePlatformServer<FakeGraphRequest>({
    record: ({ method, path, url, headers, json }) => ({ method, path, query: url.searchParams, headers, json }),
    failureFor: (suffix, path) => path.endsWith(suffix),
    failureBody: () => graphError(1, 'An unknown error occurred'),
    route: ({ method, path, url, headers, json }, answer) => {
      if (headers.authorization !== `Bearer ${options.accessToken}`) return answer(401, graphError(190, 'Invalid OAuth access token - Cannot parse access token'));

      if (method === 'POST' && path === `/${version}/${options.phoneNumberId}/messages`) {
        if (json?.messaging_product !== 'whatsapp') return answer(400, graphError(100, '(#100) The parameter messaging_product is required.'));
        if (typeof json.to !== 'string' || !json.to) return answer(400, graphError(100, '(#100) The parameter to is required.'));
        const type = typeof json.type === 'string' ? json.type : 'text';
        if (!MESSAGE_TYPES.has(type) || typeof json[type] !== 'object' || json[type] === null) return answer(400, graphError(100, `(#100) Param ${type} must be an object`));
        const id = `wamid.FAKE${String(nextId++).padStart(6, '0')}`;
        return answer(200, { messaging_product: 'whatsapp', contacts: [{ input: json.to, wa_id: json.to }], messages: [{ id }] });
      }
      if (method === 'GET' && path === `/${version}/${options.businessAccountId}/message_templates`) {
        const start = Number(url.searchParams.get('after') ?? '0') || 0;
        const limit = Math.min(pageSize, Number(url.searchParams.get('limit') ?? pageSize) || pageSize);
        const data = templates.slice(start, start + limit);
        const end = start + data.length;
        const next = new URL(url);
        next.searchParams.set('after', String(end));
        return answer(200, { data, paging: { cursors: { before: String(start), after: String(end) }, ...(end < templates.length ? { next: next.toString() } : {}) } });
      }
      const mediaMatch = method === 'GET' ? new RegExp(`^/${version}/([^/]+)$`).exec(path) : null;
      if (mediaMatch) {
        const mediaId = decodeURIComponent(mediaMatch[1]!);
        const file = media.get(mediaId);
        // What Graph answers for a media id that expired (or never was)
        if (!file) return answer(400, graphError(100, `Unsupported get request. Object with ID '${mediaId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, { type: 'GraphMethodException', subcode: 33 }));
        const link = new URL('/whatsapp_business/attachments/', mediaHost.url);
        link.searchParams.set('mid', mediaId);
        link.searchParams.set('ext', String(Math.floor(Date.now() / 1000) + 300));
        link.searchParams.set('hash', createHash('sha256').update(`${mediaId}:${nextId++}`).digest('hex').slice(0, 16));
        return answer(200, {
          messaging_product: 'whatsapp',
          url: link.toString(),
          mime_type: file.mimeType,
          sha256: createHash('sha256').update(file.bytes).digest('hex'),
          // Graph gives the size as a string.
          file_size: String(file.fileSize ?? file.bytes.length),
          id: mediaId,
        });
      }
      return answer(404, graphError(100, `Unsupported ${method} request. Object with ID does not exist`, { type: 'GraphMethodException' }));
    },
  });
  return {
    url: server.url,
    requests: server.requests,
    sent: () => server.requests.filter((entry) => entry.method === 'POST' && entry.path.endsWith('/messages')).map((entry) => entry.json ?? {}),
    failNext: server.failNext,
    templates,
    media,
    downloads,
    failNextDownload: (...failures) => downloadFailures.add('download', ...failures),
    close: async () => {
      await Promise.all([server.close(), mediaHost.close()]);
    },
  };
}
