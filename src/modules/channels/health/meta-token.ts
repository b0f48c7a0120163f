// What Meta says about a channel's access token: GET {apiBaseUrl}/debug_token?input_token=…, asked
// with the token itself (a token may inspect itself; no app token is stored). `expires_at` is Unix
// seconds, 0 for a token that does not expire (system users' tokens); error code 190 is Meta's
// "invalid OAuth access token" (expired, revoked, password changed).
import { AppError } from '../../../server/errors.js';

export const META_GRAPH_URL = 'https://graph.facebook.com';
const TIMEOUT_MS = 10_000;

export type MetaTokenInfo = { valid: boolean; expiresAt: Date | null };

type DebugTokenResponse = { data?: { is_valid?: unknown; expires_at?: unknown }; error?: { message?: unknown; code?: unknown } };

const unreachable = (why: string) => new AppError('channel.token_check_failed', 503, `Meta could not be asked about the token: ${why}`);

export async function debugMetaToken(apiBaseUrl: string | undefined, accessToken: string): Promise<MetaTokenInfo> {
  const url = new URL(`${(apiBaseUrl || META_GRAPH_URL).replace(/\/+$/, '')}/debug_token`);
  url.searchParams.set('input_token', accessToken);
  url.searchParams.set('access_token', accessToken);
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    // The URL holds the token: say what failed, never where.
    throw unreachable(error instanceof Error && error.name === 'TimeoutError' ? 'no answer within 10 s' : 'the connection failed');
  }
  let body: DebugTokenResponse;
  try {
    body = (await response.json()) as DebugTokenResponse;
  } catch {
    throw unreachable(`HTTP ${response.status} without a JSON body`);
  }
  if (body.error) {
    if (body.error.code === 190) return { valid: false, expiresAt: null };
    throw unreachable(typeof body.error.message === 'string' ? body.error.message.slice(0, 300) : `HTTP ${response.status}`);
  }
  if (!response.ok || !body.data) throw unreachable(`HTTP ${response.status}`);
  const expiresAt = typeof body.data.expires_at === 'number' && body.data.expires_at > 0 ? new Date(body.data.expires_at * 1000) : null;
  return { valid: body.data.is_valid === true, expiresAt };
}
