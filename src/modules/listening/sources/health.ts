// What a source's run means for its health and its next run, for polling and streaming alike:
// success → ok at the next interval; a SourceError → the state the user sees, and when to try again
// (or never, until the user changes something). Pure: the caller persists the result.
import type { SourceHealthState } from '../../../db/schema.js';
import { notPublicCause } from '../../../lib/public-fetch.js';
import { SourceError, type SourceErrorKind } from './driver.js';

export type FailureOutcome = {
  state: SourceHealthState;
  kind: SourceErrorKind;
  message: string;
  failures: number;
  /** null: stopped until the user changes the credentials or the configuration */
  nextRunAt: Date | null;
  /** the cursor is no longer valid: start again from now */
  clearCursor: boolean;
};

const BACKOFF_BASE_MS = 30_000;
const BACKOFF_MAX_MS = 6 * 3600_000;
/** a rate limit without a Retry-After waits this long */
const RATE_LIMIT_DEFAULT_MS = 60_000;

/** ±fraction of random spread, so that sources configured together do not poll together. */
export function jitter(ms: number, fraction = 0.1): number {
  return Math.max(0, Math.round(ms * (1 + fraction * (2 * Math.random() - 1))));
}

/** 30 s, 1 min, 2 min… up to 6 h after the nth failure in a row, with jitter. */
export function backoffMs(failures: number): number {
  return jitter(Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1)), 0.2);
}

/** When to run again after a success: the interval with jitter, or later if the platform asked for it. */
export function nextRunAfterSuccess(intervalMs: number, platformHintMs: number | undefined, now = Date.now()): Date {
  return new Date(now + Math.max(jitter(intervalMs), platformHintMs ?? 0));
}

const STATE_OF: Record<SourceErrorKind, SourceHealthState> = {
  temporary: 'retrying',
  rate_limited: 'rate_limited',
  credentials: 'needs_reconnect',
  cursor: 'needs_resync',
  config: 'misconfigured',
};

/**
 * Anything that is not a SourceError (a bug, the database away) counts as temporary; an address
 * refused as private is the configuration's, whatever the driver made of it.
 */
export function asSourceError(error: unknown): SourceError {
  // However the driver wrapped it.
  const refused = notPublicCause(error);
  if (refused) return new SourceError('config', `${refused.message} Use a public address, or set FETCH_PRIVATE_ADDRESSES=true on the server if this source is on your own network.`, { cause: error });
  if (error instanceof SourceError) return error;
  return new SourceError('temporary', error instanceof Error ? error.message : String(error), { cause: error });
}

export function failureOutcome(error: unknown, failuresBefore: number, now = Date.now()): FailureOutcome {
  const sourceError = asSourceError(error);
  const failures = failuresBefore + 1;
  const kind = sourceError.kind;
  const at = (ms: number) => new Date(now + ms);
  const nextRunAt =
    kind === 'temporary' ? at(backoffMs(failures))
    : kind === 'rate_limited' ? at(sourceError.options.retryAfterMs ?? Math.max(RATE_LIMIT_DEFAULT_MS, backoffMs(failures)))
    // The cursor is cleared and the source goes on from now at once.
    : kind === 'cursor' ? at(0)
    : null;
  return { state: STATE_OF[kind], kind, message: sourceError.message.slice(0, 1000), failures, nextRunAt, clearCursor: kind === 'cursor' };
}

/** States that stop a source until the user changes it (or disables it). */
export const STOPPED_STATES: readonly SourceHealthState[] = ['needs_reconnect', 'misconfigured', 'paused'];
