// Requests to a Mastodon instance: the bearer token when there is one, a timeout, and the
// instance's failures as SourceErrors (401/403 credentials, 404/410 config, 429 rate_limited with
// the wait Mastodon announces, 5xx and network failures temporary).
import { SourceError, type DriverContext } from '../driver.js';
import { retryAfterMs } from '../retry-after.js';

export const DEFAULT_MASTODON_URL = 'https://mastodon.social';
const REQUEST_TIMEOUT_MS = 30_000;

export function mastodonBaseUrl(context: DriverContext, override?: string): URL {
  const raw = override ?? context.baseUrl ?? DEFAULT_MASTODON_URL;
  try {
    return new URL(raw);
  } catch {
    throw new SourceError('config', `"${raw}" is not a Mastodon instance URL`);
  }
}

/** Milliseconds until the instance accepts requests again: Retry-After (seconds or a date), else X-RateLimit-Reset (a date). */
export function mastodonRetryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const retryAfter = retryAfterMs(headers, now);
  if (retryAfter !== undefined) return retryAfter;
  const reset = Date.parse(headers.get('x-ratelimit-reset') ?? '');
  return Number.isNaN(reset) ? undefined : Math.max(0, reset - now);
}

async function errorMessage(response: Response): Promise<string> {
  const body = await response.text().catch(() => '');
  try {
    const parsed = JSON.parse(body) as { error?: unknown };
    if (typeof parsed.error === 'string') return parsed.error;
  } catch {
    // not JSON: a proxy's page
  }
  return response.statusText || `HTTP ${response.status}`;
}

export async function mastodonResponseError(response: Response, what: string): Promise<SourceError> {
  const status = response.status;
  const message = `${what}: ${status} ${await errorMessage(response)}`;
  if (status === 401 || status === 403) return new SourceError('credentials', message, { status });
  if (status === 429) return new SourceError('rate_limited', message, { status, retryAfterMs: mastodonRetryAfterMs(response.headers) });
  if (status >= 500) return new SourceError('temporary', message, { status });
  // 404 (unknown hashtag, not a Mastodon path), 410 (gone), 400/422 (a query the instance refuses)
  return new SourceError('config', message, { status });
}

/** GET a Mastodon URL; a failure is a SourceError, an abort by the caller's signal is rethrown as is. */
export async function getFromMastodon(
  url: URL,
  context: DriverContext,
  options: { accept?: string; timeoutMs?: number | null; signal?: AbortSignal } = {},
): Promise<Response> {
  const headers: Record<string, string> = { accept: options.accept ?? 'application/json' };
  const token = context.credentials?.accessToken;
  if (token) headers.authorization = `Bearer ${token}`;
  const signals = [options.signal ?? context.signal];
  if (options.timeoutMs !== null) signals.push(AbortSignal.timeout(options.timeoutMs ?? REQUEST_TIMEOUT_MS));
  let response: Response;
  try {
    response = await (context.fetch ?? fetch)(url, { headers, signal: AbortSignal.any(signals.filter((signal) => signal !== undefined)) });
  } catch (error) {
    if (context.signal?.aborted) throw error;
    throw new SourceError('temporary', `cannot reach ${url.host}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (!response.ok) throw await mastodonResponseError(response, `${url.host}${url.pathname}`);
  return response;
}

/** Mastodon ids are decimal strings of growing length: compare by length, then by characters. */
export function newerStatusId(a: string | null, b: string): string {
  if (a === null) return b;
  if (a.length !== b.length) return a.length > b.length ? a : b;
  return a >= b ? a : b;
}
