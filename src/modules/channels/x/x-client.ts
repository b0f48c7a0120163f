// X's write API for the X channel: direct messages (POST /2/dm_conversations/with/:participant_id/messages),
// their media (POST /2/media/upload, or its initialize/append/finalize flow for GIFs and videos) and public
// replies (POST /2/tweets with reply.in_reply_to_tweet_id), as the connected account. All need
// user context: OAuth 1.0a (the app's consumer key and secret with the account's access token and
// secret, each request HMAC-SHA1 signed) or an OAuth 2.0 user access token; X refuses app-only tokens.
import { createHmac, randomBytes } from 'node:crypto';
import { retryAfterMs } from '../../listening/sources/retry-after.js';
import { ChannelSendError } from '../driver.js';
import { connectPublicFetch } from '../../../lib/public-fetch.js';

export const X_API_BASE_URL = 'https://api.x.com';
const REQUEST_TIMEOUT_MS = 30_000;
/** When a 429 names no reset at all */
const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

export type XUserAuth =
  | { kind: 'oauth1'; consumerKey: string; consumerSecret: string; accessToken: string; accessTokenSecret: string }
  | { kind: 'bearer'; token: string };

export type XHttp = {
  fetch: typeof fetch;
  now: () => number;
  nonce: () => string;
  /** waits while X processes an uploaded video */
  sleep?: (ms: number) => Promise<void>;
  /** Download reply files' links from private addresses too (a trusted file server on the local network); off, only public ones */
  allowPrivateDownloads?: boolean;
  /** fetch for reply files' links (public addresses only): one that checks each address as it connects */
  download?: typeof fetch;
};

export const defaultXHttp = (): XHttp => ({
  fetch: (input, init) => fetch(input, init),
  download: connectPublicFetch,
  now: Date.now,
  nonce: () => randomBytes(16).toString('hex'),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
});

type XAction = 'direct message' | 'reply' | 'media upload';
export type XMediaUpload = { bytes: Buffer; contentType: string; kind: 'image' | 'gif' | 'video' };

/** APPEND segments: X takes up to 5 MB per request; 4 MB leaves room for the multipart framing. */
const CHUNK_BYTES = 4 * 1024 * 1024;
/** How long a send waits for X to process a GIF or video before it is retried as a whole */
const MAX_PROCESSING_WAIT_MS = 120_000;

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

/**
 * How the channel's credentials let it act as its account: OAuth 1.0a when all four keys are there
 * (the consumer secret alone only verifies webhooks), else an OAuth 2.0 user token; null when neither.
 */
export function xUserAuthOf(credentials: Record<string, unknown>): XUserAuth | null {
  const consumerKey = text(credentials.consumerKey);
  const consumerSecret = text(credentials.consumerSecret);
  const accessToken = text(credentials.accessToken);
  const accessTokenSecret = text(credentials.accessTokenSecret);
  if (consumerKey && consumerSecret && accessToken && accessTokenSecret) return { kind: 'oauth1', consumerKey, consumerSecret, accessToken, accessTokenSecret };
  const bearer = text(credentials.bearerToken);
  return bearer ? { kind: 'bearer', token: bearer } : null;
}

/** RFC 3986 percent-encoding, which OAuth 1.0a signs with (encodeURIComponent leaves !'()* alone). */
export const percentEncode = (value: string): string => encodeURIComponent(value).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);

type OAuth1Keys = Extract<XUserAuth, { kind: 'oauth1' }>;

/**
 * The OAuth 1.0a signature (HMAC-SHA1) of a request: the method, the URL without its query, and every
 * oauth_*, query and form parameter, sorted. A JSON body is not signed (X's v2 endpoints take JSON).
 */
export function oauth1Signature(keys: Pick<OAuth1Keys, 'consumerSecret' | 'accessTokenSecret'>, method: string, url: URL, params: Record<string, string>): string {
  const all: [string, string][] = [...url.searchParams.entries(), ...Object.entries(params)].map(([key, value]) => [percentEncode(key), percentEncode(value)]);
  all.sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  const base = [method.toUpperCase(), percentEncode(`${url.origin}${url.pathname}`), percentEncode(all.map(([key, value]) => `${key}=${value}`).join('&'))].join('&');
  return createHmac('sha1', `${percentEncode(keys.consumerSecret)}&${percentEncode(keys.accessTokenSecret)}`).update(base).digest('base64');
}

/** The Authorization header of an OAuth 1.0a request; `formParams` only for form-encoded bodies. */
export function oauth1Header(keys: OAuth1Keys, method: string, url: URL, at: { nonce: string; timestamp: number }, formParams: Record<string, string> = {}): string {
  const oauth: Record<string, string> = {
    oauth_consumer_key: keys.consumerKey,
    oauth_nonce: at.nonce,
    oauth_signature_method: 'HMAC-SHA1',
    oauth_timestamp: String(at.timestamp),
    oauth_token: keys.accessToken,
    oauth_version: '1.0',
  };
  oauth.oauth_signature = oauth1Signature(keys, method, url, { ...formParams, ...oauth });
  return `OAuth ${Object.entries(oauth)
    .map(([key, value]) => `${percentEncode(key)}="${percentEncode(value)}"`)
    .join(', ')}`;
}

/** X's problem details ({title, detail, type, errors[]}) as one line, and the problem type. */
async function describe(response: Response): Promise<{ detail: string; type: string }> {
  const body = await response.text().catch(() => '');
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    const errors = Array.isArray(parsed.errors) ? (parsed.errors as Record<string, unknown>[]) : [];
    const first = errors[0] ?? {};
    const detail = text(parsed.detail) ?? text(first.message) ?? text(first.detail) ?? text(parsed.title) ?? text(parsed.reason);
    const type = text(parsed.type) ?? text(first.type) ?? '';
    if (detail) return { detail: detail.slice(0, 300), type };
  } catch {
    // not JSON: a proxy's page
  }
  return { detail: response.statusText || `HTTP ${response.status}`, type: '' };
}

/** 403s that are about the app or its token rather than this message (X's problem types and wording). */
const AUTH_PROBLEM = /client-forbidden|oauth1-permissions|unsupported-authentication|client-not-enrolled/;
const AUTH_WORDING = /\b(oauth|token|authenticat\w*|app permissions?|client app|not configured)\b/i;

/** A refused request as the channel's send failure. */
export async function xFailure(response: Response, what: XAction, now: number): Promise<ChannelSendError> {
  const status = response.status;
  const { detail, type } = await describe(response);
  if (status === 429) {
    const reset = Number(response.headers.get('x-rate-limit-reset'));
    const wait = retryAfterMs(response.headers, now) ?? (Number.isFinite(reset) && reset > 0 ? Math.max(reset * 1000 - now, 0) : DEFAULT_RATE_LIMIT_WAIT_MS);
    return new ChannelSendError('rate_limited', `X asks to slow down: ${detail}`, wait);
  }
  if (status === 401 || (status === 403 && (AUTH_PROBLEM.test(type) || AUTH_WORDING.test(detail)))) {
    const access = what === 'direct message' ? 'send direct messages (dm.write)' : what === 'media upload' ? 'upload media (media.write)' : 'send posts (tweet.write)';
    return new ChannelSendError('credentials', `X refused the channel's credentials (${status}): ${detail}. Reconnect the X account with access that can ${access}.`);
  }
  if (status === 413) return new ChannelSendError('permanent', `X refused the file as too large (413): ${detail}`);
  if (what === 'media upload' && status === 400 && /media[_ ]type|unsupported|format|size|too (large|long|big)/i.test(detail)) {
    return new ChannelSendError('permanent', `X does not take this file: ${detail}`);
  }
  if (status === 403) {
    return new ChannelSendError(
      'permanent',
      what === 'direct message' ? `X does not allow this direct message: ${detail.replace(/\.$/, '')} (the person may not accept messages from this account).` : `X does not allow this ${what}: ${detail}`,
    );
  }
  if (status >= 500) return new ChannelSendError('temporary', `X failed (${status}): ${detail}`);
  return new ChannelSendError('permanent', `X refused the ${what} (${status}): ${detail}`);
}

export class XClient {
  constructor(
    private readonly baseUrl: string,
    private readonly auth: XUserAuth,
    private readonly http: XHttp = defaultXHttp(),
  ) {}

  /** One DM to a user (text, one uploaded media, or both); answers X's ids of the new message event and of the conversation. */
  async sendDirectMessage(participantId: string, message: { text?: string; mediaId?: string }): Promise<{ dmEventId: string; dmConversationId: string | null }> {
    const json = { ...(message.text ? { text: message.text } : {}), ...(message.mediaId ? { attachments: [{ media_id: message.mediaId }] } : {}) };
    const body = await this.request('POST', `/2/dm_conversations/with/${encodeURIComponent(participantId)}/messages`, { json }, 'direct message');
    const data = body.data as Record<string, unknown> | undefined;
    const dmEventId = text(data?.dm_event_id);
    if (!dmEventId) throw new ChannelSendError('temporary', 'X accepted the direct message without a dm_event_id');
    return { dmEventId, dmConversationId: text(data?.dm_conversation_id) ?? null };
  }

  /** A public reply to a post; answers the new post's id. */
  async postReply(inReplyToTweetId: string, messageText: string): Promise<{ tweetId: string }> {
    const body = await this.request('POST', '/2/tweets', { json: { text: messageText, reply: { in_reply_to_tweet_id: inReplyToTweetId } } }, 'reply');
    const tweetId = text((body.data as Record<string, unknown> | undefined)?.id);
    if (!tweetId) throw new ChannelSendError('temporary', 'X accepted the reply without a post id');
    return { tweetId };
  }

  /**
   * Uploads a file for a direct message and answers its media id. An image is one multipart POST
   * /2/media/upload (media_category dm_image); X takes GIFs and videos only through the chunked flow:
   * initialize, append in segments, finalize, then wait while X processes it.
   */
  async uploadDirectMessageMedia(file: XMediaUpload): Promise<string> {
    const category = `dm_${file.kind}`;
    if (file.kind === 'image') {
      const form = new FormData();
      form.append('media', new Blob([file.bytes], { type: file.contentType }), 'media');
      form.append('media_category', category);
      form.append('media_type', file.contentType);
      return this.mediaIdOf(await this.request('POST', '/2/media/upload', { form }, 'media upload'));
    }
    const initialized = await this.request('POST', '/2/media/upload/initialize', { json: { media_category: category, media_type: file.contentType, total_bytes: file.bytes.length } }, 'media upload');
    const mediaId = this.mediaIdOf(initialized);
    const path = `/2/media/upload/${encodeURIComponent(mediaId)}`;
    for (let offset = 0, segment = 0; offset < file.bytes.length; offset += CHUNK_BYTES, segment++) {
      const form = new FormData();
      form.append('segment_index', String(segment));
      form.append('media', new Blob([file.bytes.subarray(offset, offset + CHUNK_BYTES)], { type: 'application/octet-stream' }), 'media');
      await this.request('POST', `${path}/append`, { form }, 'media upload');
    }
    const finalized = await this.request('POST', `${path}/finalize`, {}, 'media upload');
    await this.awaitProcessing(mediaId, (finalized.data as Record<string, unknown> | undefined)?.processing_info);
    return mediaId;
  }

  /** X processes GIFs and videos after FINALIZE: poll STATUS as long as X says to, within a bound. */
  private async awaitProcessing(mediaId: string, initial: unknown): Promise<void> {
    let waited = 0;
    let info = initial as { state?: unknown; check_after_secs?: unknown; error?: { message?: unknown } } | undefined;
    while (info && (info.state === 'pending' || info.state === 'in_progress')) {
      const waitMs = Math.min(Math.max(Number(info.check_after_secs) || 1, 1) * 1000, 10_000);
      waited += waitMs;
      if (waited > MAX_PROCESSING_WAIT_MS) throw new ChannelSendError('temporary', 'X is still processing the uploaded file; the message will be sent again.');
      await (this.http.sleep ?? defaultXHttp().sleep!)(waitMs);
      const status = await this.request('GET', `/2/media/upload?command=STATUS&media_id=${encodeURIComponent(mediaId)}`, {}, 'media upload');
      info = (status.data as Record<string, unknown> | undefined)?.processing_info as typeof info;
    }
    if (info?.state === 'failed') throw new ChannelSendError('permanent', `X could not process the file: ${text(info.error?.message) ?? 'processing failed'}.`);
  }

  private mediaIdOf(body: Record<string, unknown>): string {
    const data = body.data as Record<string, unknown> | undefined;
    const mediaId = text(data?.id) ?? text(data?.media_id);
    if (!mediaId) throw new ChannelSendError('temporary', 'X accepted the media upload without a media id');
    return mediaId;
  }

  private async request(method: 'GET' | 'POST', path: string, body: { json?: Record<string, unknown>; form?: FormData }, what: XAction): Promise<Record<string, unknown>> {
    const url = new URL(`${this.baseUrl.replace(/\/+$/, '')}${path}`);
    // Only the oauth_* and query parameters are signed: JSON and multipart bodies are not (RFC 5849 §3.4.1.3).
    const authorization =
      this.auth.kind === 'oauth1' ? oauth1Header(this.auth, method, url, { nonce: this.http.nonce(), timestamp: Math.floor(this.http.now() / 1000) }) : `Bearer ${this.auth.token}`;
    const headers: Record<string, string> = { authorization, accept: 'application/json' };
    if (body.json) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      // fetch sets a FormData body's multipart content type with its boundary
      response = await this.http.fetch(url, { method, headers, body: body.json ? JSON.stringify(body.json) : body.form, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    } catch (error) {
      throw new ChannelSendError('temporary', `Cannot reach X (${url.host}): ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!response.ok) throw await xFailure(response, what, this.http.now());
    try {
      const parsed: unknown = await response.json();
      return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
    } catch {
      throw new ChannelSendError('temporary', `X accepted the ${what} but did not answer JSON`);
    }
  }
}
