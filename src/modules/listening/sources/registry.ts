// The listening source types Parley knows: for each, how its posts arrive (a polling or streaming
// driver, or pushes to its webhook), the zod schemas of its settings and of its credentials, and how
// often it is polled. The HTTP API, the admin command, the poll job and the stream supervisor all go
// through this one table; a driver joins it with one registerSourceType call below.
import { z } from 'zod';
import type { DriverContext, PollingDriver, StreamingDriver } from './driver.js';
import { feedConfigSchema, feedCredentialsSchema, feedDriver } from './feed/feed-source.js';
import { platformSourceTypes } from './platform-types.js';

/** How one configured source's posts arrive. */
export type SourceMode =
  | { mode: 'polling'; driver: PollingDriver<unknown> }
  | { mode: 'streaming'; driver: StreamingDriver<unknown> }
  | { mode: 'webhook' };

export type SourceTypeEntry = {
  type: string;
  /** Settings shown to the user and stored as JSON; parsed before every use */
  config: z.ZodType<Record<string, unknown>>;
  /** Secret fields (tokens, keys), stored sealed; every field a string */
  credentials: z.ZodObject<Record<string, z.ZodType<string | undefined>>>;
  /** The driver for a configuration (Mastodon reads a timeline by polling or a stream, by its config) */
  modeOf(config: Record<string, unknown>): SourceMode;
  /** Between two polls unless the configuration says otherwise (intervalOf) */
  pollIntervalMs: number;
  intervalOf?(config: Record<string, unknown>): number | undefined;
  /** The platform's address for the DriverContext; `config.baseUrl` when not given */
  baseUrlOf?(config: Record<string, unknown>): string | undefined;
  /**
   * For a stream the platform filters by rules (X's filtered stream): called with the workspace's
   * enabled queries before the stream starts and whenever they change while it runs.
   */
  syncQueries?(queries: { id: string; query: string }[], config: Record<string, unknown>, context: DriverContext): Promise<void>;
};

const types = new Map<string, SourceTypeEntry>();

/** Adds a source type (or replaces one: tests register fakes). */
export function registerSourceType(entry: SourceTypeEntry): void {
  types.set(entry.type, entry);
}

/** Removes a type registered by a test. */
export function unregisterSourceType(type: string): void {
  types.delete(type);
}

export function sourceTypeEntry(type: string): SourceTypeEntry | undefined {
  return types.get(type);
}

export function registeredSourceTypes(): string[] {
  return [...types.keys()];
}

export function pollIntervalOf(entry: SourceTypeEntry, config: Record<string, unknown>): number {
  return entry.intervalOf?.(config) ?? entry.pollIntervalMs;
}

export function baseUrlOf(entry: SourceTypeEntry, config: Record<string, unknown>): string | undefined {
  if (entry.baseUrlOf) return entry.baseUrlOf(config);
  return typeof config.baseUrl === 'string' ? config.baseUrl : undefined;
}

/** Takes the credential fields out of one JSON object (the admin command's --config) and leaves the settings. */
export function splitSettings(entry: SourceTypeEntry, input: Record<string, unknown>): { config: Record<string, unknown>; credentials: Record<string, unknown> } {
  const secretFields = new Set(Object.keys(entry.credentials.shape));
  const config: Record<string, unknown> = {};
  const credentials: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) (secretFields.has(key) ? credentials : config)[key] = value;
  return { config, credentials };
}

const minutes = (n: number) => n * 60_000;

registerSourceType({
  type: 'rss',
  config: feedConfigSchema,
  credentials: feedCredentialsSchema,
  modeOf: () => ({ mode: 'polling', driver: feedDriver as PollingDriver<unknown> }),
  pollIntervalMs: minutes(15),
  intervalOf: (config) => (typeof config.intervalMinutes === 'number' ? minutes(config.intervalMinutes) : undefined),
});

/** Posts pushed to POST /webhooks/generic/{sourceId}, signed with the source's secret: nothing to configure. */
registerSourceType({
  type: 'generic',
  config: z.object({ channel: z.string().trim().min(1).max(50).optional().describe('channel of posts that do not name one') }).strict(),
  credentials: z.object({}).strict(),
  modeOf: () => ({ mode: 'webhook' }),
  pollIntervalMs: 0,
});

// Mastodon, Bluesky, Reddit, YouTube and X (platform-types.ts).
for (const entry of platformSourceTypes) registerSourceType(entry);
