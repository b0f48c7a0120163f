// The interface every listening source implements (RSS and Atom feeds, Mastodon, Bluesky, Reddit,
// X, YouTube…): a driver turns a platform's API into IncomingPosts for the pipeline, and a cursor
// that the caller persists only after those posts are stored, so that a restart resumes with
// nothing lost (re-delivered posts are stored once: the pipeline is idempotent on external ids).
//
// Drivers know nothing about workspaces or the database: they get their configuration, decrypted
// credentials and the last cursor, and report failures as SourceErrors of a few kinds, which the
// caller maps to retries and to the health the user sees.
import type { LookupFunction } from 'node:net';
import type { IncomingPost } from '../pipeline/incoming.js';

export type SourceErrorKind =
  /** a network failure or a 5xx: try again later, with backoff */
  | 'temporary'
  /** the platform asked us to slow down: try again after retryAfterMs */
  | 'rate_limited'
  /** the token or key is missing, invalid, expired or revoked: the user must reconnect */
  | 'credentials'
  /** the cursor is no longer valid (too old, unknown): start again from now */
  | 'cursor'
  /** the configuration cannot work (unknown instance, channel or subreddit; a feed that is not a feed): the user must change it */
  | 'config';

export class SourceError extends Error {
  constructor(
    readonly kind: SourceErrorKind,
    message: string,
    readonly options: { retryAfterMs?: number; status?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'SourceError';
  }
}

/** What every driver is given besides its own configuration. */
export type DriverContext = {
  /** the platform's base URL; each driver has its documented default and tests point it at a fake */
  baseUrl?: string;
  /** decrypted credentials (tokens, keys), never logged */
  credentials?: Record<string, string>;
  /** fetch to use (the global one by default) */
  fetch?: typeof fetch;
  /** the DNS lookup for sockets a driver opens itself (a WebSocket): one that refuses private addresses unless they are allowed */
  lookup?: LookupFunction;
  signal?: AbortSignal;
};

export type PollResult = {
  posts: IncomingPost[];
  /** where the next poll starts; persisted by the caller once the posts are stored */
  cursor: string | null;
  /** the platform's own hint for the next poll (Retry-After, rate-limit reset), if any */
  nextPollAfterMs?: number;
};

/** A source read by polling (feeds, search APIs, comment lists). */
export interface PollingDriver<Config> {
  readonly kind: string;
  poll(config: Config, cursor: string | null, context: DriverContext): Promise<PollResult>;
}

/** A source read from a stream (Mastodon streaming, Bluesky Jetstream, X filtered stream). */
export interface StreamingDriver<Config> {
  readonly kind: string;
  /**
   * Reads the stream from `cursor` (null: from now) until the signal aborts or the stream fails
   * (a SourceError). `onPosts` is awaited before more is read, which is the back-pressure, and the
   * cursor it receives is the position after those posts.
   */
  stream(config: Config, cursor: string | null, context: DriverContext, onPosts: (posts: IncomingPost[], cursor: string | null) => Promise<void>): Promise<void>;
}
