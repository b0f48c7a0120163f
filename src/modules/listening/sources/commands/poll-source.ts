// One poll of one source: its driver from the last cursor, the posts through the pipeline, then the
// new cursor, counters, health and next poll in one statement — in that order, so that a crash
// between the two re-reads posts (stored once: the pipeline is idempotent) instead of losing them.
// A failure is recorded as the source's health and never thrown: one source cannot hurt another.
import type { Database } from '../../../../db/client.js';
import { assertPublicUrl, publicOnlyFetch, publicOnlyLookup } from '../../../../lib/public-fetch.js';
import type { SecretBox } from '../../../../lib/secrets.js';
import type { ListeningPipeline } from '../../pipeline/pipeline.js';
import type { DriverContext } from '../driver.js';
import { failureOutcome, nextRunAfterSuccess } from '../health.js';
import { baseUrlOf, pollIntervalOf } from '../registry.js';
import * as repo from '../repository.js';
import { openCredentials, runtimeSettings } from '../settings.js';

export type SourceDeps = {
  db: Database;
  pipeline: ListeningPipeline;
  secrets: SecretBox;
  /** FETCH_PRIVATE_ADDRESSES: let sources reach loopback and private addresses (else public ones only) */
  allowPrivateAddresses?: boolean;
};

/**
 * What a driver runs with: its address, credentials and, unless private addresses are allowed, a
 * fetch that reaches public addresses only — a feed URL or platform address is whatever a workspace
 * admin typed, and must not make the server fetch inside its own network (SSRF). Drivers that open a
 * WebSocket get a lookup that refuses private addresses as the socket connects; the configured address
 * is checked first too, since a socket to an IP address makes no lookup.
 */
export async function driverContextOf(deps: SourceDeps, baseUrl: string | undefined, credentials: Record<string, string> | undefined, signal?: AbortSignal): Promise<DriverContext> {
  if (deps.allowPrivateAddresses) return { baseUrl, credentials, signal };
  if (baseUrl) await assertPublicUrl(new URL(baseUrl));
  return { baseUrl, credentials, signal, fetch: publicOnlyFetch(), lookup: publicOnlyLookup() };
}

export type PollOutcome =
  | { status: 'skipped' }
  | { status: 'ok'; received: number; stored: number }
  | { status: 'failed'; kind: string; message: string };

/** The pipeline's source name of a configured source: what makes its re-delivered posts duplicates. */
export const pipelineSourceOf = (source: { type: string; id: string }) => `${source.type}:${source.id}`;

export async function pollSource(deps: SourceDeps, workspaceId: string, sourceId: string, signal?: AbortSignal): Promise<PollOutcome> {
  const source = await repo.findSource(deps.db, workspaceId, sourceId);
  if (!source || !source.enabled || source.mode !== 'polling') return { status: 'skipped' };
  try {
    const { entry, config, mode } = runtimeSettings(source.type, source.config);
    if (mode.mode !== 'polling') return { status: 'skipped' };
    const credentials = openCredentials(deps.secrets, source.credentials);
    const result = await mode.driver.poll(config, source.cursor, await driverContextOf(deps, baseUrlOf(entry, config), credentials, signal));
    const ingest = result.posts.length > 0 ? await deps.pipeline.submit(workspaceId, pipelineSourceOf(source), result.posts) : { received: 0, stored: 0 };
    await repo.recordSuccess(deps.db, source.id, {
      cursor: result.cursor,
      received: ingest.received,
      stored: ingest.stored,
      nextRunAt: nextRunAfterSuccess(pollIntervalOf(entry, config), result.nextPollAfterMs),
    });
    return { status: 'ok', received: ingest.received, stored: ingest.stored };
  } catch (error) {
    const outcome = failureOutcome(error, source.failures);
    await repo.recordFailure(deps.db, source.id, outcome, { revision: source.revision });
    return { status: 'failed', kind: outcome.kind, message: outcome.message };
  }
}
