// YouTube Data API failures as SourceErrors. Google puts the cause in `error.errors[].reason`;
// the daily quota resets at midnight Pacific time, so a quotaExceeded waits until then.
import { SourceError } from '../driver.js';
import { googleErrorSchema } from './youtube-types.js';

const pacificClock = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/Los_Angeles',
  hourCycle: 'h23',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** Milliseconds from `now` until the next midnight in America/Los_Angeles (where YouTube quotas reset). */
export const msUntilPacificMidnight = (now: number): number => {
  const parts = Object.fromEntries(pacificClock.formatToParts(new Date(now)).map((part) => [part.type, part.value]));
  const elapsed = (Number(parts.hour) * 3600 + Number(parts.minute) * 60 + Number(parts.second)) * 1000 + (now % 1000);
  return 24 * 3600 * 1000 - elapsed;
};

const QUOTA_REASONS = new Set(['quotaExceeded', 'dailyLimitExceeded']);
const RATE_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded']);
const CREDENTIAL_REASONS = new Set(['keyInvalid', 'keyExpired', 'forbidden', 'accessNotConfigured', 'ipRefererBlocked', 'authError']);
const CONFIG_REASONS = new Set(['commentsDisabled', 'videoNotFound', 'channelNotFound', 'commentThreadNotFound']);

export const youtubeError = async (response: Response, target: string, now: number): Promise<SourceError> => {
  const status = response.status;
  const parsed = googleErrorSchema.safeParse(await response.json().catch(() => null));
  const reason = parsed.success ? parsed.data.error.errors?.[0]?.reason : undefined;
  // A key that is not a key at all answers 400 badRequest "API key not valid".
  const badKey = status === 400 && parsed.success && /API key/i.test(parsed.data.error.message ?? '');
  const because = reason ? ` (${reason})` : '';

  if (reason && QUOTA_REASONS.has(reason)) {
    return new SourceError('rate_limited', 'The YouTube API key has used up its daily quota; it resets at midnight Pacific time.', { status, retryAfterMs: msUntilPacificMidnight(now) });
  }
  if ((reason && RATE_REASONS.has(reason)) || status === 429) {
    const retryAfter = Number(response.headers.get('retry-after'));
    return new SourceError('rate_limited', `YouTube asks to slow down${because}.`, { status, retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 60_000 });
  }
  if (reason === 'commentsDisabled') return new SourceError('config', `Comments are turned off for ${target}.`, { status });
  if ((reason && CONFIG_REASONS.has(reason)) || status === 404) return new SourceError('config', `YouTube has no ${target}${because}.`, { status });
  if ((reason && CREDENTIAL_REASONS.has(reason)) || badKey || status === 401 || status === 403) {
    return new SourceError('credentials', `YouTube refused the API key${because}: check it and that the YouTube Data API is enabled for its project.`, { status });
  }
  if (status >= 500) return new SourceError('temporary', `YouTube answered ${status}${because}.`, { status });
  return new SourceError('config', `YouTube refused the request for ${target} (${status}${because}).`, { status });
};
