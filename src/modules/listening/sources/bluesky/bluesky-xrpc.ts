// XRPC GET requests to a Bluesky AppView, and XRPC failures as SourceErrors: auth errors
// (AuthRequired, ExpiredToken, InvalidToken; 401/403) are credentials, 429 is rate_limited until
// `ratelimit-reset`, other 4xx (InvalidRequest…) config, 5xx and network failures temporary.
import { SourceError, type DriverContext } from '../driver.js';
import { retryAfterMs } from '../retry-after.js';

const REQUEST_TIMEOUT_MS = 30_000;
const CREDENTIAL_ERRORS = new Set(['AuthRequired', 'AuthMissing', 'ExpiredToken', 'InvalidToken', 'AccountTakedown', 'AccountDeactivated']);

/** Milliseconds until the limit resets: Retry-After (seconds or a date), else ratelimit-reset (Unix seconds). */
export function blueskyRetryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const retryAfter = retryAfterMs(headers, now);
  if (retryAfter !== undefined) return retryAfter;
  const reset = Number(headers.get('ratelimit-reset') ?? Number.NaN);
  return Number.isFinite(reset) ? Math.max(0, reset * 1000 - now) : undefined;
}

/** A refused request as a SourceError, from its HTTP status, its headers and its XRPC error name. */
export function blueskyHttpError(status: number, headers: Headers, xrpcError: string | undefined, message: string): SourceError {
  if (status === 429) return new SourceError('rate_limited', message, { status, retryAfterMs: blueskyRetryAfterMs(headers) });
  if (status === 401 || status === 403 || (xrpcError !== undefined && CREDENTIAL_ERRORS.has(xrpcError))) return new SourceError('credentials', message, { status });
  if (status >= 500) return new SourceError('temporary', message, { status });
  return new SourceError('config', message, { status });
}

async function xrpcError(response: Response, what: string): Promise<SourceError> {
  let name: string | undefined;
  let detail = response.statusText;
  try {
    const body = (await response.json()) as { error?: unknown; message?: unknown };
    if (typeof body.error === 'string') name = body.error;
    if (typeof body.message === 'string') detail = body.message;
  } catch {
    // not an XRPC error body
  }
  return blueskyHttpError(response.status, response.headers, name, `${what}: ${response.status} ${name ?? ''} ${detail}`.trim());
}

/** GET an XRPC method and its JSON body; a failure is a SourceError, an abort by the caller is rethrown as is. */
export async function getXrpc(url: URL, context: DriverContext): Promise<unknown> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = context.credentials?.accessToken;
  if (token) headers.authorization = `Bearer ${token}`;
  const what = `${url.host} ${url.pathname.replace('/xrpc/', '')}`;
  const signals = [AbortSignal.timeout(REQUEST_TIMEOUT_MS), ...(context.signal ? [context.signal] : [])];
  let response: Response;
  try {
    response = await (context.fetch ?? fetch)(url, { headers, signal: AbortSignal.any(signals) });
  } catch (error) {
    if (context.signal?.aborted) throw error;
    throw new SourceError('temporary', `cannot reach ${url.host}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (!response.ok) throw await xrpcError(response, what);
  try {
    return await response.json();
  } catch (error) {
    throw new SourceError('temporary', `${what} did not answer JSON`, { cause: error });
  }
}
