// HTTP for the reply clients: one request with a timeout, and a platform's refusal as the channel's
// send failure — 429 rate_limited after Retry-After (or the platform's own reset header), 401/403
// credentials, other 4xx permanent, 5xx and network failures temporary.
import { retryAfterMs } from '../../listening/sources/retry-after.js';
import { ChannelSendError } from '../driver.js';

const REQUEST_TIMEOUT_MS = 30_000;
/** When a 429 names no wait at all */
const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

export type ReplyHttp = { fetch: typeof fetch; now: () => number };

export const defaultReplyHttp = (): ReplyHttp => ({ fetch: (input, init) => fetch(input, init), now: Date.now });

/** Sends one request; a network failure or timeout is temporary, any HTTP answer goes back to the caller. */
export async function replyRequest(http: ReplyHttp, url: URL, init: RequestInit, platform: string): Promise<Response> {
  try {
    return await http.fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (error) {
    throw new ChannelSendError('temporary', `Cannot reach ${platform} (${url.host}): ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The body's error text, whatever shape the platform gives it ({error}, {message}, {detail}, {error: {message}}), and its error name when it has one. */
async function describe(response: Response): Promise<{ text: string; name: string | undefined }> {
  const body = await response.text().catch(() => '');
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    const error = parsed.error;
    const candidates = [parsed.message, typeof error === 'object' && error !== null ? (error as Record<string, unknown>).message : error, parsed.detail, parsed.title, parsed.reason];
    const text = candidates.find((value): value is string => typeof value === 'string' && value.trim() !== '');
    if (text) return { text: text.slice(0, 300), name: typeof error === 'string' ? error : undefined };
  } catch {
    // not JSON: a proxy's page
  }
  return { text: response.statusText || `HTTP ${response.status}`, name: undefined };
}

export type FailureOptions = {
  /** The platform's own reset header, read when there is no Retry-After */
  resetMs?: (headers: Headers, now: number) => number | undefined;
  /** Error names that mean the credentials whatever the status (XRPC answers ExpiredToken with a 400) */
  credentialErrors?: ReadonlySet<string>;
};

/** A refused send as a ChannelSendError. */
export async function replyFailure(response: Response, platform: string, http: ReplyHttp, options: FailureOptions = {}): Promise<ChannelSendError> {
  const status = response.status;
  const { text: detail, name } = await describe(response);
  if (status === 429) {
    const wait = retryAfterMs(response.headers, http.now()) ?? options.resetMs?.(response.headers, http.now()) ?? DEFAULT_RATE_LIMIT_WAIT_MS;
    return new ChannelSendError('rate_limited', `${platform} asks to slow down: ${detail}`, wait);
  }
  if (status === 401 || status === 403 || (name !== undefined && options.credentialErrors?.has(name))) return new ChannelSendError('credentials', `${platform} refused the source's credentials (${status}): ${detail}. Reconnect the source with an account allowed to post.`);
  if (status >= 500) return new ChannelSendError('temporary', `${platform} failed (${status}): ${detail}`);
  return new ChannelSendError('permanent', `${platform} refused the reply (${status}): ${detail}`);
}

/** The JSON of a successful answer; one that is not JSON is a temporary failure (a proxy's page). */
export async function replyJson(response: Response, platform: string): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    throw new ChannelSendError('temporary', `${platform} accepted the reply but did not answer JSON`);
  }
}

/** A base URL and a path, whatever slashes the configured URL ends with. */
export const endpoint = (baseUrl: string, path: string): URL => new URL(`${baseUrl.replace(/\/+$/, '')}${path}`);
