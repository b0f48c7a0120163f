// X's write API for tests, on a real port: POST /2/dm_conversations/with/:participant_id/messages (text
// and/or one uploaded media), POST /2/tweets, and media upload: the one-shot multipart POST /2/media/upload
// for images, and the initialize/append/finalize flow with its STATUS for GIFs and videos. It answers as X
// does (data, problem details on refusal), checks every request's OAuth 1.0a signature itself (its own base
// string, not the client's code) or the OAuth 2.0 user token; users who do not accept DMs get X's 403. Every
// request is recorded (a multipart body's fields and file bytes too); failures can be injected.
import { createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { startFakePlatformServer, type FakeFailure, type FakeHttpRequest, type FakePlatformServer, type JsonAnswer } from '../fake-platform-server.js';

export type FakeXRequest = {
  method: string;
  path: string;
  /** the query string's parameters */
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  json: Record<string, unknown> | null;
  /** a multipart body's text fields, and the bytes of its `media` file */
  form?: Record<string, string>;
  file?: Buffer;
  oauth: Record<string, string> | null;
  signatureValid: boolean;
  /** what the fake answered */ answer?: { status: number; body: unknown };
};
export type FakeXFailure = FakeFailure;
export type FakeXAccount = { consumerKey: string; consumerSecret: string; accessToken: string; accessTokenSecret: string; userToken?: string };

/** A media X holds: its use (media_category), type and bytes, as uploaded */
export type FakeXMedia = { category: string; contentType: string; bytes: Buffer };
export type FakeX = FakePlatformServer<FakeXRequest> & { media: Map<string, FakeXMedia> };

const MB = 1024 * 1024;
/** X's size limits per media category (docs.x.com: image 5 MB, GIF 15 MB, video 512 MB) */
const LIMITS: Record<string, number> = { dm_image: 5 * MB, tweet_image: 5 * MB, dm_gif: 15 * MB, tweet_gif: 15 * MB, dm_video: 512 * MB, tweet_video: 512 * MB };
const ONE_SHOT_CATEGORIES = new Set(['tweet_image', 'dm_image', 'subtitles']);
const IMAGE_TYPES = new Set(['image/jpeg', 'image/bmp', 'image/png', 'image/webp', 'image/pjpeg', 'image/tiff']);

/** A multipart/form-data body as its text fields and the bytes of its `media` file (undici's parser, not the client's code). */
async function parseMultipart(bytes: Buffer, contentType: string | undefined): Promise<{ form: Record<string, string>; file?: Buffer } | null> {
  if (!contentType?.startsWith('multipart/form-data')) return null;
  try {
    const parsed = await new Response(new Uint8Array(bytes), { headers: { 'content-type': contentType } }).formData();
    const form: Record<string, string> = {};
    let file: Buffer | undefined;
    for (const [name, value] of parsed.entries()) {
      if (typeof value === 'string') form[name] = value;
      else if (name === 'media') file = Buffer.from(await value.arrayBuffer());
    }
    return { form, ...(file ? { file } : {}) };
  } catch {
    return null;
  }
}

const encode = (value: string) => encodeURIComponent(value).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);

/** `OAuth k="v", …` as its decoded parameters */
function parseOAuthHeader(header: string | undefined): Record<string, string> | null {
  if (!header?.startsWith('OAuth ')) return null;
  const params: Record<string, string> = {};
  for (const match of header.slice(6).matchAll(/([\w%]+)="([^"]*)"/g)) params[decodeURIComponent(match[1]!)] = decodeURIComponent(match[2]!);
  return params;
}

/** The signature X computes: RFC 5849 §3.4 over the method, the URL and the sorted parameters. */
function expectedSignature(account: FakeXAccount, method: string, url: URL, oauth: Record<string, string>): string {
  const params = [...url.searchParams.entries(), ...Object.entries(oauth).filter(([key]) => key !== 'oauth_signature')]
    .map(([key, value]) => `${encode(key)}=${encode(value)}`)
    .sort();
  const base = `${method}&${encode(`${url.protocol}//${url.host}${url.pathname}`)}&${encode(params.join('&'))}`;
  return createHmac('sha1', `${encode(account.consumerSecret)}&${encode(account.accessTokenSecret)}`).update(base).digest('base64');
}

export async function startFakeX(account: FakeXAccount, options: { refusesDmsFrom?: string[] } = {}): Promise<FakeX> {
  const nonces = new Set<string>();
  let nextId = 1_860_000_000_000_000_000n;
  const invalid = (message: string) => ({ errors: [{ message }], title: 'Invalid Request', detail: 'One or more parameters to your request was invalid.', type: 'https://api.twitter.com/2/problems/invalid-request' });
  const tooLarge = (size: number, limit: number) => ({ title: 'Payload Too Large', detail: `File size ${size} exceeds the limit of ${limit} bytes for this media category.`, type: 'about:blank', status: 413 });
  const media = new Map<string, FakeXMedia>();
  /** chunked uploads between initialize and finalize, by media id */
  const sessions = new Map<string, { category: string; contentType: string; totalBytes: number; segments: Map<number, Buffer> }>();
  const mediaAnswer = (id: string, size: number, extra: Record<string, unknown> = {}) => ({ data: { id, media_key: `3_${id}`, size, expires_after_secs: 86_400, ...extra } });

  /** The media routes; multipart bodies are parsed before they are recorded and answered. */
  async function routeMedia(request: FakeHttpRequest, answer: JsonAnswer, recorded: FakeXRequest): Promise<void> {
    const { method, path, json } = request;
    const multipart = await parseMultipart(request.bytes, request.headers['content-type']);
    if (multipart) {
      recorded.form = multipart.form;
      if (multipart.file) recorded.file = multipart.file;
    }
    if (method === 'POST' && path === '/2/media/upload') {
      if (!multipart) return answer(400, invalid('The body must be multipart/form-data'));
      const category = multipart.form.media_category ?? '';
      const contentType = multipart.form.media_type ?? '';
      if (!ONE_SHOT_CATEGORIES.has(category)) return answer(400, invalid(`media_category must be one of tweet_image, dm_image, subtitles: ${category}`));
      if (!multipart.file || multipart.file.length === 0) return answer(400, invalid('media is required'));
      if (!IMAGE_TYPES.has(contentType)) return answer(400, invalid(`Unsupported media_type: ${contentType}`));
      if (multipart.file.length > LIMITS[category]!) return answer(413, tooLarge(multipart.file.length, LIMITS[category]!));
      const id = String(nextId++);
      media.set(id, { category, contentType, bytes: multipart.file });
      return answer(200, mediaAnswer(id, multipart.file.length, { image: { image_type: contentType } }));
    }
    if (method === 'POST' && path === '/2/media/upload/initialize') {
      const category = String(json?.media_category ?? '');
      const totalBytes = Number(json?.total_bytes);
      if (!LIMITS[category] || typeof json?.media_type !== 'string' || !Number.isInteger(totalBytes) || totalBytes <= 0) return answer(400, invalid('media_category, media_type and total_bytes are required'));
      if (totalBytes > LIMITS[category]) return answer(413, tooLarge(totalBytes, LIMITS[category]));
      const id = String(nextId++);
      sessions.set(id, { category, contentType: json.media_type, totalBytes, segments: new Map() });
      return answer(200, { data: { id, media_key: `7_${id}`, expires_after_secs: 86_400 } });
    }
    const chunked = /^\/2\/media\/upload\/(\d+)\/(append|finalize)$/.exec(path);
    if (method === 'POST' && chunked) {
      const session = sessions.get(chunked[1]!);
      if (!session) return answer(400, invalid(`Unknown media id: ${chunked[1]}`));
      if (chunked[2] === 'append') {
        const segment = Number(multipart?.form.segment_index);
        if (!multipart?.file || !Number.isInteger(segment) || segment < 0 || segment > 999) return answer(400, invalid('media and segment_index are required'));
        session.segments.set(segment, multipart.file);
        return answer(200, { data: { expires_at: Math.floor(Date.now() / 1000) + 86_400 } });
      }
      const bytes = Buffer.concat([...session.segments.entries()].sort(([a], [b]) => a - b).map(([, chunk]) => chunk));
      if (bytes.length !== session.totalBytes) return answer(400, invalid(`File size mismatch: received ${bytes.length} of ${session.totalBytes} bytes`));
      sessions.delete(chunked[1]!);
      media.set(chunked[1]!, { category: session.category, contentType: session.contentType, bytes });
      // GIFs and videos are processed after FINALIZE: STATUS says when they are ready
      return answer(200, mediaAnswer(chunked[1]!, bytes.length, { processing_info: { state: 'pending', check_after_secs: 1 } }));
    }
    if (method === 'GET' && path === '/2/media/upload' && request.url.searchParams.get('command') === 'STATUS') {
      const id = request.url.searchParams.get('media_id') ?? '';
      const held = media.get(id);
      if (!held) return answer(400, invalid(`Unknown media id: ${id}`));
      return answer(200, mediaAnswer(id, held.bytes.length, { processing_info: { state: 'succeeded', progress_percent: 100 } }));
    }
    return answer(404, { title: 'Not Found Error', detail: `Sorry, that page does not exist: ${path}`, status: 404 });
  }

  const server = await startFakePlatformServer<FakeXRequest>({
    record: ({ method, url, path, headers, json }) => {
      const oauth = parseOAuthHeader(headers.authorization);
      const signatureValid =
        oauth !== null &&
        oauth.oauth_consumer_key === account.consumerKey &&
        oauth.oauth_token === account.accessToken &&
        oauth.oauth_signature_method === 'HMAC-SHA1' &&
        /^\d+$/.test(oauth.oauth_timestamp ?? '') &&
        !!oauth.oauth_nonce &&
        !nonces.has(oauth.oauth_nonce) &&
        oauth.oauth_signature === expectedSignature(account, method, url, oauth);
      if (oauth?.oauth_nonce) nonces.add(oauth.oauth_nonce);
      return { method, path, query: Object.fromEntries(url.searchParams), headers, json, oauth, signatureValid };
    },
    failureBody: (failure) => ({ title: 'Failure', status: failure.status }),
    route: (request, answer, recorded) => {
      const { method, path, headers, json } = request;
      const { signatureValid } = recorded;
      const bearerValid = account.userToken !== undefined && headers.authorization === `Bearer ${account.userToken}`;
      if (!signatureValid && !bearerValid) return answer(401, { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' });
      const id = String(nextId++);

      const dm = /^\/2\/dm_conversations\/with\/([^/]+)\/messages$/.exec(path);
      if (method === 'POST' && dm) {
        const participant = decodeURIComponent(dm[1]!);
        const attachments = Array.isArray(json?.attachments) ? (json.attachments as { media_id?: unknown }[]) : [];
        const hasText = typeof json?.text === 'string' && json.text !== '';
        if (!hasText && attachments.length === 0) return answer(400, invalid('text or attachments is required'));
        if (attachments.length > 1) return answer(400, invalid('attachments: only one media may be attached to a Direct Message'));
        const attached = attachments[0] ? media.get(String(attachments[0].media_id)) : undefined;
        if (attachments[0] && !attached?.category.startsWith('dm_')) return answer(400, invalid(`attachments: media ${String(attachments[0].media_id)} was not uploaded for Direct Messages`));
        if (options.refusesDmsFrom?.includes(participant)) return answer(403, { detail: 'You are not allowed to send this user a Direct Message.', type: 'about:blank', title: 'Forbidden', status: 403 });
        return answer(201, { data: { dm_conversation_id: `${participant}-self`, dm_event_id: id } });
      }
      if (method === 'POST' && path === '/2/tweets') {
        if (typeof json?.text !== 'string' || json.text === '') return answer(400, invalid('text is required'));
        return answer(201, { data: { id, text: json.text, edit_history_tweet_ids: [id] } });
      }
      if (path.startsWith('/2/media/upload')) return void routeMedia(request, answer, recorded);
      return answer(404, { title: 'Not Found Error', detail: `Sorry, that page does not exist: ${path}`, status: 404 });
    },
  });
  return { ...server, media };
}
