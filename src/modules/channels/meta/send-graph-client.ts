// Meta's Graph API for sending: one POST with the channel's access token, and Graph's error answers
// ({error: {code, error_subcode, type, message}}) as the channel's send failures, so the send job knows
// whether to wait (rate limits), ask for a reconnection (token), give up with a reason, or retry.
import { endpoint, replyRequest, type ReplyHttp } from '../listening/reply-http.js';
import { retryAfterMs } from '../../listening/sources/retry-after.js';
import { ChannelSendError } from '../driver.js';

export const DEFAULT_GRAPH_BASE_URL = 'https://graph.facebook.com';
export const DEFAULT_GRAPH_VERSION = 'v21.0';
/** When a throttled answer names no wait at all */
const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

/** Graph's throttling codes: app (4), user (17), page (32), call-rate (613) and the Business Use Case limits (80001-80014). */
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613]);
const isBucThrottle = (code: number) => code >= 80_001 && code <= 80_014;
/** Codes about the token itself: invalid or expired (190), session (102), and missing permissions (200-299). */
const isCredentialCode = (code: number) => code === 190 || code === 102 || (code >= 200 && code <= 299);
/** Subcodes of code 10 meaning the 24-hour standard messaging window has closed (Messenger, Instagram) */
const OUTSIDE_WINDOW_SUBCODES = new Set([2018278, 2534022]);

export type GraphTarget = { baseUrl: string; version: string; accessToken: string };

export type GraphError = { code?: number; subcode?: number; type?: string; message: string; transient: boolean };

/** POSTs JSON to /{version}{path} and answers the JSON body; any refusal is thrown as a ChannelSendError. */
export async function graphPost(http: ReplyHttp, target: GraphTarget, path: string, body: Record<string, unknown>, platform: string): Promise<Record<string, unknown>> {
  const response = await replyRequest(
    http,
    endpoint(target.baseUrl, `/${target.version}${path}`),
    {
      method: 'POST',
      // The token goes in a header rather than the query string, so no proxy or access log ever holds it.
      headers: { authorization: `Bearer ${target.accessToken}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    },
    platform,
  );
  const text = await response.text().catch(() => '');
  if (!response.ok) throw graphFailure(response.status, response.headers, text, platform, http.now());
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through: a proxy's page
  }
  throw new ChannelSendError('temporary', `${platform} accepted the request but did not answer JSON`);
}

/** The error object of a Graph answer, whatever is missing from it. */
export function readGraphError(status: number, text: string): GraphError {
  try {
    const parsed = JSON.parse(text) as { error?: Record<string, unknown> };
    const error = parsed.error;
    if (typeof error === 'object' && error !== null) {
      const number = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
      const message = typeof error.error_user_msg === 'string' && error.error_user_msg ? error.error_user_msg : typeof error.message === 'string' ? error.message : `HTTP ${status}`;
      const code = number(error.code);
      const subcode = number(error.error_subcode);
      return {
        ...(code !== undefined ? { code } : {}),
        ...(subcode !== undefined ? { subcode } : {}),
        ...(typeof error.type === 'string' ? { type: error.type } : {}),
        message: message.slice(0, 300),
        transient: error.is_transient === true,
      };
    }
  } catch {
    // not JSON
  }
  return { message: `HTTP ${status}`, transient: false };
}

/**
 * The wait a throttled answer asks for: Retry-After, else the longest estimated_time_to_regain_access (in
 * minutes) of the X-Business-Use-Case-Usage header (keyed by business id, one entry per use case) or of
 * X-Page-Usage / X-App-Usage when they carry one.
 */
export function throttleWaitMs(headers: Headers, now: number): number | undefined {
  const retryAfter = retryAfterMs(headers, now);
  if (retryAfter !== undefined) return retryAfter;
  const minutes: number[] = [];
  const collect = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(collect);
    else if (typeof value === 'object' && value !== null) {
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'estimated_time_to_regain_access' && typeof inner === 'number' && inner > 0) minutes.push(inner);
        else collect(inner);
      }
    }
  };
  for (const name of ['x-business-use-case-usage', 'x-page-usage', 'x-app-usage']) {
    const raw = headers.get(name);
    if (!raw) continue;
    try {
      collect(JSON.parse(raw));
    } catch {
      // a header we cannot read names no wait
    }
  }
  return minutes.length > 0 ? Math.max(...minutes) * 60_000 : undefined;
}

/** A refused Graph call as the channel's send failure. */
export function graphFailure(status: number, headers: Headers, text: string, platform: string, now: number): ChannelSendError {
  const error = readGraphError(status, text);
  const code = error.code ?? -1;
  const detail = `${error.message}${error.code !== undefined ? ` (code ${error.code}${error.subcode !== undefined ? `, subcode ${error.subcode}` : ''})` : ''}`;
  if (status === 429 || RATE_LIMIT_CODES.has(code) || isBucThrottle(code)) {
    return new ChannelSendError('rate_limited', `${platform} asks to slow down: ${detail}`, throttleWaitMs(headers, now) ?? DEFAULT_RATE_LIMIT_WAIT_MS);
  }
  if (code === 10 && error.subcode !== undefined && OUTSIDE_WINDOW_SUBCODES.has(error.subcode)) {
    return new ChannelSendError('permanent', `${platform} refused the reply: more than 24 hours since the customer's last message; Meta allows replies only within 24 hours. ${detail}`);
  }
  if (code === 551) return new ChannelSendError('permanent', `${platform} refused the reply: this person is not available right now (they blocked the account, left, or cannot receive messages). ${detail}`);
  if (isCredentialCode(code) || status === 401) {
    return new ChannelSendError('credentials', `${platform} refused the channel's access token: ${detail}. Reconnect the channel with a valid access token that has the messaging permissions.`);
  }
  if (code === 10) return new ChannelSendError('permanent', `${platform} refused the reply (the account is not allowed to send this message): ${detail}`);
  if (status >= 500 || error.transient || code === 1 || code === 2) return new ChannelSendError('temporary', `${platform} failed (${status}): ${detail}`);
  return new ChannelSendError('permanent', `${platform} refused the reply (${status}): ${detail}`);
}
