// HTTP access to the X API v2 with the user's bearer token, and X's failures as SourceErrors:
// 429 waits until x-rate-limit-reset, 401/403 ask for a new token, 5xx and network failures retry.
import { SourceError } from '../driver.js';
import { z } from 'zod';
import { problemSchema } from './x-types.js';

export const X_BASE_URL = 'https://api.x.com';

export type XClientOptions = {
  baseUrl?: string;
  bearerToken: string;
  fetch?: typeof fetch;
  signal?: AbortSignal;
  now?: () => number;
};

/** ms until the rate-limit window of this response resets, from x-rate-limit-reset (epoch seconds). */
export const rateLimitResetMs = (response: Response, now: number): number | undefined => {
  const reset = Number(response.headers.get('x-rate-limit-reset'));
  return Number.isFinite(reset) && reset > 0 ? Math.max(reset * 1000 - now, 0) : undefined;
};

const describeProblem = async (response: Response): Promise<string> => {
  const body: unknown = await response.json().catch(() => null);
  const parsed = problemSchema.extend({ errors: z.array(z.object({ message: z.string().optional() })).optional() }).safeParse(body);
  if (!parsed.success) return '';
  // A 400 names the bad parameters in errors[].message ("Invalid 'since_id'…").
  const texts = [parsed.data.detail ?? parsed.data.title ?? parsed.data.message, ...(parsed.data.errors ?? []).map((error) => error.message)].filter(Boolean);
  return texts.length > 0 ? `: ${texts.join(' ')}` : '';
};

export const xError = async (response: Response, what: string, now: number): Promise<SourceError> => {
  const status = response.status;
  const detail = await describeProblem(response);
  if (status === 429) {
    return new SourceError('rate_limited', `X asks to slow down (${what})${detail}.`, { status, retryAfterMs: rateLimitResetMs(response, now) ?? 60_000 });
  }
  if (status === 401 || status === 403) {
    return new SourceError('credentials', `X refused the bearer token for ${what} (${status})${detail}: reconnect X, with a plan that includes this endpoint.`, { status });
  }
  if (status >= 500) return new SourceError('temporary', `X answered ${status} for ${what}${detail}.`, { status });
  return new SourceError('config', `X refused ${what} (${status})${detail}.`, { status });
};

export class XClient {
  readonly baseUrl: string;
  readonly now: () => number;

  constructor(private readonly options: XClientOptions) {
    this.baseUrl = (options.baseUrl ?? X_BASE_URL).replace(/\/+$/, '');
    this.now = options.now ?? Date.now;
  }

  /** Sends a request; network failures are temporary, and non-2xx answers are left to the caller. */
  async send(path: string, init: Omit<RequestInit, 'signal'> & { query?: Record<string, string>; signal?: AbortSignal } = {}): Promise<Response> {
    const url = new URL(`${this.baseUrl}${path}`);
    for (const [key, value] of Object.entries(init.query ?? {})) url.searchParams.set(key, value);
    const signal = init.signal ?? this.options.signal;
    try {
      return await (this.options.fetch ?? fetch)(url, {
        ...init,
        headers: { authorization: `Bearer ${this.options.bearerToken}`, accept: 'application/json', ...init.headers },
        signal,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new SourceError('temporary', `X could not be reached: ${(error as Error).message}`, { cause: error });
    }
  }

  /** Sends a request and reads its JSON body, failing with a SourceError unless it succeeded. */
  async json(path: string, what: string, init: Omit<RequestInit, 'signal'> & { query?: Record<string, string> } = {}): Promise<{ body: unknown; response: Response }> {
    const response = await this.send(path, init);
    if (!response.ok) throw await xError(response, what, this.now());
    const body: unknown = await response.json().catch(() => {
      throw new SourceError('temporary', `X answered ${what} with something that is not JSON.`);
    });
    return { body, response };
  }
}

export const bearerTokenOf = (credentials: Record<string, string> | undefined): string => {
  const token = credentials?.bearerToken;
  if (!token) throw new SourceError('credentials', 'An X API bearer token is needed.');
  return token;
};
