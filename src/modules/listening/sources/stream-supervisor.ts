// Runs the enabled streaming sources (Mastodon streaming, Bluesky Jetstream, X filtered stream…) in
// worker processes. Every few seconds it reads which should run; each is streamed by the one process
// holding its lease (a row lease renewed on every scan, so a process that dies loses it within
// leaseMs and another takes over). After each onPosts the posts are in the pipeline before the
// cursor, counters and health are written — only while the lease is held. A failure is mapped to
// health exactly as for polling, and the stream reconnects after the backoff; a change of config,
// credentials or enabled (the row's revision) restarts or stops it.
import { hostname } from 'node:os';
import type { FastifyBaseLogger } from 'fastify';
import { randomToken } from '../../../lib/secrets.js';
import { driverContextOf, pipelineSourceOf, type SourceDeps } from './commands/poll-source.js';
import { loadEnabledQueries, readRevisions } from '../pipeline/engine.js';
import { SourceError } from './driver.js';
import { failureOutcome } from './health.js';
import { baseUrlOf } from './registry.js';
import * as repo from './repository.js';
import { openCredentials, runtimeSettings } from './settings.js';

export type StreamSupervisorOptions = {
  /** how often the table is read for changes, and leases renewed */
  scanMs?: number;
  /** how long a lease lasts without renewal */
  leaseMs?: number;
  /** this process's name in leases */
  owner?: string;
  logger?: Pick<FastifyBaseLogger, 'warn' | 'error'>;
};

type Running = {
  revision: number;
  controller: AbortController;
  done: Promise<void>;
  /** for streams filtered by rules: the workspace's query revision the rules were last synced at, and a re-sync */
  queryRevision?: number;
  resync?: () => Promise<void>;
};

export class StreamSupervisor {
  readonly owner: string;
  private readonly scanMs: number;
  private readonly leaseMs: number;
  private readonly running = new Map<string, Running>();
  private timer: NodeJS.Timeout | null = null;
  private scanning: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly deps: SourceDeps,
    private readonly options: StreamSupervisorOptions = {},
  ) {
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomToken(6)}`;
    this.scanMs = options.scanMs ?? 5000;
    this.leaseMs = options.leaseMs ?? Math.max(30_000, this.scanMs * 4);
  }

  start(): void {
    const tick = () => {
      if (this.stopped) return;
      this.scanning = this.scan()
        .catch((error: unknown) => this.options.logger?.error({ err: error }, 'stream supervisor scan failed'))
        .finally(() => {
          this.scanning = null;
          if (!this.stopped) this.timer = setTimeout(tick, this.scanMs);
        });
    };
    tick();
  }

  /** Ids of the sources this process streams now. */
  get streaming(): string[] {
    return [...this.running.keys()];
  }

  /** One look at the table: stop what should not run, renew leases, start what may. */
  async scan(): Promise<void> {
    const wanted = new Map((await repo.listStreamingSources(this.deps.db)).map((row) => [row.id, row]));
    for (const [id, run] of this.running) {
      const row = wanted.get(id);
      if (!row || row.revision !== run.revision || !(await repo.takeLease(this.deps.db, id, this.owner, this.leaseMs))) run.controller.abort();
      else if (run.resync) await run.resync();
    }
    const now = Date.now();
    for (const row of wanted.values()) {
      if (this.stopped || this.running.has(row.id)) continue;
      if (row.nextPollAt && row.nextPollAt.getTime() > now) continue;
      // Due as the row is now, not as this scan read it: the holder may have failed and backed off since.
      if (await repo.takeLease(this.deps.db, row.id, this.owner, this.leaseMs, { due: true })) this.launch(row);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.scanning;
    for (const run of this.running.values()) run.controller.abort();
    await Promise.all([...this.running.values()].map((run) => run.done));
  }

  private launch(row: repo.SourceRow): void {
    const controller = new AbortController();
    const done = this.run(row, controller)
      .catch((error: unknown) => this.options.logger?.error({ err: error, sourceId: row.id }, 'stream bookkeeping failed'))
      .finally(async () => {
        this.running.delete(row.id);
        await repo.releaseLease(this.deps.db, row.id, this.owner).catch(() => {});
      });
    this.running.set(row.id, { revision: row.revision, controller, done });
  }

  private async run(row: repo.SourceRow, controller: AbortController): Promise<void> {
    const { db, pipeline, secrets } = this.deps;
    const signal = controller.signal;
    let failures = row.failures;
    try {
      const { entry, config, mode } = runtimeSettings(row.type, row.config);
      if (mode.mode !== 'streaming') return;
      const credentials = openCredentials(secrets, row.credentials);
      const context = await driverContextOf(this.deps, baseUrlOf(entry, config), credentials, signal);
      if (entry.syncQueries) {
        const syncQueries = entry.syncQueries;
        // Rules first (a failure here is the stream's failure), then again on each scan that
        // finds the workspace's queries changed.
        const sync = async (): Promise<void> => {
          const { queryRevision } = await readRevisions(db, row.workspaceId);
          const running = this.running.get(row.id);
          if (running?.queryRevision === queryRevision) return;
          await syncQueries(await loadEnabledQueries(db, row.workspaceId), config, context);
          if (running) running.queryRevision = queryRevision;
        };
        await sync();
        const running = this.running.get(row.id);
        if (running) {
          running.resync = () =>
            sync().catch((error: unknown) => {
              this.options.logger?.warn({ sourceId: row.id, err: error }, 'could not update the stream rules to the changed queries');
            });
        }
      }
      await mode.driver.stream(config, row.cursor, context, async (posts, cursor) => {
        const ingest = posts.length > 0 ? await pipeline.submit(row.workspaceId, pipelineSourceOf(row), posts) : { received: 0, stored: 0 };
        const held = await repo.recordSuccess(db, row.id, { cursor, received: ingest.received, stored: ingest.stored, nextRunAt: null, leaseOwner: this.owner });
        failures = 0;
        // Another process has the stream now: stop reading.
        if (!held) controller.abort();
      });
      if (signal.aborted) return;
      throw new SourceError('temporary', 'the stream ended');
    } catch (error) {
      if (signal.aborted) return;
      const outcome = failureOutcome(error, failures);
      this.options.logger?.warn({ sourceId: row.id, kind: outcome.kind }, `stream failed: ${outcome.message}`);
      await repo.recordFailure(db, row.id, outcome, { revision: row.revision, leaseOwner: this.owner });
    }
  }
}
