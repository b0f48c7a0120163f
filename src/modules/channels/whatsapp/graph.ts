// The WhatsApp Cloud API over HTTP: a channel's settings (base URL, API version, phone number id,
// business account id, access token), one request with a timeout, and the Graph API's error codes
// as the channel's send failures — rate limits retried, a revoked token asking to reconnect, the
// customer-service window and template refusals permanent with what to do, 5xx temporary.
import { retryAfterMs } from '../../listening/sources/retry-after.js';
import { ChannelSendError, type ChannelAccount } from '../driver.js';

export const DEFAULT_GRAPH_BASE_URL = 'https://graph.facebook.com';
export const DEFAULT_GRAPH_VERSION = 'v21.0';
const REQUEST_TIMEOUT_MS = 30_000;
/** The Graph API names no wait when it throttles; a minute is what its pair-rate limits reset within */
const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

export type GraphHttp = { fetch: typeof fetch; now: () => number };
export const defaultGraphHttp = (): GraphHttp => ({ fetch: (input, init) => fetch(input, init), now: Date.now });

export type WhatsAppSettings = { baseUrl: string; version: string; phoneNumberId: string | null; businessAccountId: string | null; accessToken: string | null };

const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);

export function whatsAppSettings(channel: Pick<ChannelAccount, 'config' | 'credentials'>): WhatsAppSettings {
  const version = text(channel.config.apiVersion);
  return {
    baseUrl: (text(channel.config.apiBaseUrl) ?? DEFAULT_GRAPH_BASE_URL).replace(/\/+$/, ''),
    version: version && /^v\d+\.\d+$/.test(version) ? version : DEFAULT_GRAPH_VERSION,
    phoneNumberId: text(channel.config.phoneNumberId),
    businessAccountId: text(channel.config.businessAccountId),
    accessToken: text(channel.credentials.accessToken),
  };
}

export const graphUrl = (settings: WhatsAppSettings, path: string) => new URL(`${settings.baseUrl}/${settings.version}/${path.replace(/^\/+/, '')}`);

/** One request; a network failure or timeout is temporary, any HTTP answer goes back to the caller. */
export async function graphRequest(http: GraphHttp, url: URL, init: RequestInit): Promise<Response> {
  try {
    return await http.fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (error) {
    throw new ChannelSendError('temporary', `Cannot reach the WhatsApp Cloud API (${url.host}): ${error instanceof Error ? error.message : String(error)}`);
  }
}

export type GraphError = { status: number; code: number | null; subcode: number | null; type: string | null; message: string; details: string | null };

/** The Graph API's `{error: {message, type, code, error_subcode, error_data: {details}}}`, whatever of it is there. */
export async function readGraphError(response: Response): Promise<GraphError> {
  const body = await response.text().catch(() => '');
  let error: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    if (parsed.error && typeof parsed.error === 'object') error = parsed.error as Record<string, unknown>;
  } catch {
    // not JSON: a proxy's page
  }
  const data = error.error_data && typeof error.error_data === 'object' ? (error.error_data as Record<string, unknown>) : {};
  return {
    status: response.status,
    code: typeof error.code === 'number' ? error.code : null,
    subcode: typeof error.error_subcode === 'number' ? error.error_subcode : null,
    type: text(error.type),
    message: (text(error.message) ?? (response.statusText || `HTTP ${response.status}`)).slice(0, 300),
    details: text(data.details)?.slice(0, 300) ?? null,
  };
}

// Throughput limits: application (4, 80007), account/pair (130429 throughput, 131048 spam rate, 131056 pair rate).
const RATE_LIMIT_CODES = new Set([4, 80007, 130429, 131048, 131056]);
// 190 expired or revoked token, 102 session, 10 and 200-299 permissions the token lacks.
const isCredentialCode = (code: number) => code === 190 || code === 102 || code === 10 || (code >= 200 && code <= 299);

/** A refused call as a ChannelSendError: what happened, and what to do about it. */
export function graphFailure(error: GraphError, http: GraphHttp, headers: Headers): ChannelSendError {
  const said = `${error.message}${error.details && error.details !== error.message ? ` (${error.details})` : ''}`;
  const code = error.code;
  const codeText = code !== null ? ` [${code}]` : '';
  if (error.status === 429 || (code !== null && RATE_LIMIT_CODES.has(code))) {
    return new ChannelSendError('rate_limited', `WhatsApp asks to slow down${codeText}: ${said}`, retryAfterMs(headers, http.now()) ?? DEFAULT_RATE_LIMIT_WAIT_MS);
  }
  if (error.status === 401 || (code !== null && isCredentialCode(code)) || (error.type === 'OAuthException' && error.status !== 400 && error.status < 500)) {
    return new ChannelSendError('credentials', `WhatsApp refused the channel's access token${codeText}: ${said}. Reconnect the channel with a valid system-user token that has whatsapp_business_messaging.`);
  }
  if (code === 131047) return new ChannelSendError('permanent', `More than 24 hours have passed since the customer last wrote, so WhatsApp only delivers a message template now${codeText}. Send an approved template instead.`);
  if (code === 131026) return new ChannelSendError('permanent', `WhatsApp could not deliver to this number${codeText}: it may not be on WhatsApp, or has not accepted the latest terms. ${said}`);
  if (code !== null && code >= 132000 && code < 133000) return new ChannelSendError('permanent', `WhatsApp refused the template${codeText}: ${said}. Sync the templates and check its name, language and variables.`);
  if (error.status >= 500 || code === 1 || code === 2 || code === 131000) return new ChannelSendError('temporary', `The WhatsApp Cloud API failed (${error.status})${codeText}: ${said}`);
  return new ChannelSendError('permanent', `WhatsApp refused the message (${error.status})${codeText}: ${said}`);
}
