// HTTP access to Reddit's listings: an application-only OAuth token (client credentials) cached
// until shortly before it expires, or no credentials at all against www.reddit.com; the
// User-Agent Reddit requires; its rate-limit headers read after every response; and its failures
// turned into SourceErrors.
import { SourceError } from '../driver.js';
import { accessTokenSchema, listingSchema } from './reddit-types.js';
import type { z } from 'zod';

export const REDDIT_OAUTH_BASE_URL = 'https://oauth.reddit.com';
export const REDDIT_PUBLIC_BASE_URL = 'https://www.reddit.com';
export const REDDIT_DEFAULT_USER_AGENT = 'node:parley-listening:v0.1.0 (self-hosted Parley social CRM)';

/** A token is renewed this long before Reddit says it expires, so that no request carries a dead one. */
const TOKEN_MARGIN_MS = 60_000;

export type RedditRateLimit = {
  /** requests left in the current window */
  remaining: number;
  /** ms until the window resets */
  resetMs: number;
};

type CachedToken = { accessToken: string; expiresAt: number };

export type RedditClientOptions = {
  baseUrl: string;
  authBaseUrl: string;
  userAgent: string;
  credentials?: { clientId: string; clientSecret: string };
  fetch: typeof fetch;
  signal?: AbortSignal;
  now: () => number;
  /** shared by the driver across polls: key → token */
  tokenCache: Map<string, CachedToken>;
};

export type RedditListingPage = z.infer<typeof listingSchema>;

const retryAfterMs = (response: Response): number | undefined => {
  const reset = Number(response.headers.get('x-ratelimit-reset'));
  if (Number.isFinite(reset) && reset > 0) return reset * 1000;
  const retryAfter = Number(response.headers.get('retry-after'));
  return Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined;
};

const readRateLimit = (response: Response): RedditRateLimit | undefined => {
  const remaining = response.headers.get('x-ratelimit-remaining');
  const reset = response.headers.get('x-ratelimit-reset');
  if (remaining === null || reset === null) return undefined;
  return { remaining: Number(remaining), resetMs: Number(reset) * 1000 };
};

const bodyReason = async (response: Response): Promise<string | undefined> => {
  try {
    const body: unknown = await response.json();
    if (body && typeof body === 'object' && 'reason' in body && typeof body.reason === 'string') return body.reason;
  } catch {
    // not JSON: the status says enough
  }
  return undefined;
};

/** Subreddits that exist but cannot be read by this app: the user must choose others. */
const UNREADABLE_SUBREDDIT_REASONS = new Set(['private', 'quarantined', 'gold_only', 'banned']);

export class RedditClient {
  constructor(private readonly options: RedditClientOptions) {}

  private get tokenKey(): string {
    return `${this.options.authBaseUrl}\n${this.options.credentials?.clientId ?? ''}`;
  }

  private async token(): Promise<string | undefined> {
    const { credentials, tokenCache, now } = this.options;
    if (!credentials) return undefined;
    const cached = tokenCache.get(this.tokenKey);
    if (cached && cached.expiresAt > now()) return cached.accessToken;

    const response = await this.send(`${this.options.authBaseUrl}/api/v1/access_token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    if (response.status === 401 || response.status === 403) {
      throw new SourceError('credentials', 'Reddit refused the app’s client id and secret: check them under Reddit → preferences → apps.', { status: response.status });
    }
    await this.failUnlessOk(response);
    const parsed = accessTokenSchema.safeParse(await response.json().catch(() => null));
    if (!parsed.success) {
      // Reddit answers 200 with {"error": "invalid_grant"} and the like for some bad credentials.
      throw new SourceError('credentials', 'Reddit did not issue an access token for the app’s client id and secret.');
    }
    const token = { accessToken: parsed.data.access_token, expiresAt: now() + parsed.data.expires_in * 1000 - TOKEN_MARGIN_MS };
    tokenCache.set(this.tokenKey, token);
    return token.accessToken;
  }

  private async send(url: string, init: RequestInit): Promise<Response> {
    try {
      return await this.options.fetch(url, {
        ...init,
        headers: { 'user-agent': this.options.userAgent, accept: 'application/json', ...init.headers },
        signal: this.options.signal,
      });
    } catch (error) {
      if (this.options.signal?.aborted) throw error;
      throw new SourceError('temporary', `Reddit could not be reached: ${(error as Error).message}`, { cause: error });
    }
  }

  private async failUnlessOk(response: Response): Promise<void> {
    if (response.ok) return;
    const status = response.status;
    if (status === 429) {
      throw new SourceError('rate_limited', 'Reddit asks to slow down (429).', { status, retryAfterMs: retryAfterMs(response) ?? 60_000 });
    }
    if (status === 401) throw new SourceError('credentials', 'Reddit rejected the access token (401).', { status });
    if (status === 403) {
      const reason = await bodyReason(response);
      if (reason && UNREADABLE_SUBREDDIT_REASONS.has(reason)) {
        throw new SourceError('config', `The subreddit cannot be read: it is ${reason}.`, { status });
      }
      throw new SourceError('credentials', 'Reddit refused the request (403): the app or its User-Agent may be blocked.', { status });
    }
    if (status === 404) {
      const reason = await bodyReason(response);
      throw new SourceError('config', `Reddit has no such subreddit or listing${reason ? ` (${reason})` : ''}.`, { status });
    }
    if (status >= 500) throw new SourceError('temporary', `Reddit answered ${status}.`, { status });
    throw new SourceError('config', `Reddit refused the request (${status}).`, { status });
  }

  /**
   * GETs a listing. `path` is relative to the base URL without `.json`; `raw_json=1` asks for text
   * without HTML entities (`&amp;`), as it was written.
   */
  async listing(path: string, params: Record<string, string>): Promise<{ page: RedditListingPage; rateLimit?: RedditRateLimit }> {
    const url = new URL(`${this.options.baseUrl}${path}.json`);
    for (const [key, value] of Object.entries({ ...params, raw_json: '1' })) url.searchParams.set(key, value);

    let token = await this.token();
    let response = await this.send(url.toString(), { headers: token ? { authorization: `bearer ${token}` } : {} });
    if (response.status === 401 && token) {
      // A token revoked or expired early: fetch a new one once before giving up.
      this.options.tokenCache.delete(this.tokenKey);
      token = await this.token();
      response = await this.send(url.toString(), { headers: { authorization: `bearer ${token}` } });
    }
    // An unknown subreddit redirects to the subreddit search rather than answering 404.
    if (response.redirected && new URL(response.url).pathname.startsWith('/subreddits/search')) {
      throw new SourceError('config', `Reddit has no subreddit at ${path}.`, { status: 404 });
    }
    await this.failUnlessOk(response);
    const parsed = listingSchema.safeParse(await response.json().catch(() => null));
    if (!parsed.success) throw new SourceError('temporary', `Reddit answered ${path} with something that is not a listing.`);
    return { page: parsed.data, rateLimit: readRateLimit(response) };
  }
}
