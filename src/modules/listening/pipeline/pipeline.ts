// The listening pipeline: batches of incoming posts → normalize (analyzePost) → match against the
// workspace's queries → enrich what matched (language, sentiment, spam, bot, near-duplicates, the
// workspace's learned corrections) → store the mentions in PostgreSQL with one statement per batch,
// idempotent on (source, external id) → one event per batch for live screens, and a kick to the job
// that links authors to contacts.
//
// Posts that match no query are dropped after matching: they are not the workspace's business. Only
// matched posts are enriched, except that a post's language is detected before matching when a query
// on `lang:` could match it; that is what lets one process keep up with a firehose.
//
// Back-pressure: at most `maxPendingPosts` posts are between arrival and storage across all callers;
// `submit` waits for room before taking more, so a burst slows its sources down instead of filling
// memory. Within one submit, the CPU work of a batch overlaps with the database write of the one
// before it.
import type pg from 'pg';
import type { Database } from '../../../db/client.js';
import { mentions } from '../../../db/schema.js';
import { EVENTS_CHANNEL, type WorkspaceEvent } from '../../../server/events.js';
import { loadEnabledQueries, readRevisions, WorkspaceEngine } from './engine.js';
import type { IncomingPost } from './incoming.js';
import { loadDeployedModelRows, workspaceModelsFrom, type WorkspaceModels } from './models.js';
import { prepareBatch, type MentionInput } from './prepare.js';
import { PipelineThreads } from './threads.js';

export type PipelineOptions = {
  /** posts per database statement */
  batchSize?: number;
  /** posts accepted but not yet stored, across all callers, before submit waits */
  maxPendingPosts?: number;
  /** how often a workspace's query and model revisions are checked */
  refreshMs?: number;
  /** worker threads for analysis, matching and enrichment; 0 (default) does that work in this thread */
  threads?: number;
};

export type IngestResult = {
  received: number;
  matched: number;
  stored: number;
  duplicates: number;
  /** ids of the mentions stored by this call, in input order of their posts */
  mentionIds: string[];
};

const COLUMNS: [keyof MentionInput, string][] = [
  ['externalId', 'text'],
  ['channel', 'text'],
  ['url', 'text'],
  ['title', 'text'],
  ['text', 'text'],
  ['lang', 'text'],
  ['langConfidence', 'real'],
  ['country', 'text'],
  ['publishedAt', 'timestamptz'],
  ['authorHandle', 'text'],
  ['authorExternalId', 'text'],
  ['authorName', 'text'],
  ['authorFollowers', 'int'],
  ['authorVerified', 'boolean'],
  ['authorProfileUrl', 'text'],
  ['authorAvatarUrl', 'text'],
  ['topicIds', 'text'],
  ['queryIds', 'text'],
  ['sentimentScore', 'real'],
  ['sentimentLabel', 'text'],
  ['sentimentBy', 'text'],
  ['machineSentimentLabel', 'text'],
  ['relevance', 'text'],
  ['relevanceBy', 'text'],
  ['spamScore', 'real'],
  ['botScore', 'real'],
  ['simhash', 'bigint'],
  ['clusterKey', 'text'],
  ['data', 'text'],
];

// One statement per batch: the columns travel as arrays and unnest back into rows. Topic and query
// ids travel comma-joined (our ids never hold commas) since unnest flattens arrays of arrays.
const INSERT = (() => {
  const names = COLUMNS.map(([name]) => mentions[name].name);
  const select = COLUMNS.map(([name]) => {
    const column = mentions[name].name;
    if (name === 'topicIds' || name === 'queryIds') return `string_to_array(u.${column}, ',')`;
    if (name === 'data') return `u.${column}::jsonb`;
    return `u.${column}`;
  });
  return `
    INSERT INTO mentions (workspace_id, source, ${names.join(', ')})
    SELECT $1, $2, ${select.join(', ')}
      FROM unnest(${COLUMNS.map(([, type], i) => `$${i + 3}::${type}[]`).join(', ')}) AS u(${names.join(', ')})
    ON CONFLICT (workspace_id, source, external_id) DO NOTHING
    RETURNING id, external_id`;
})();

const AFTER_INSERT = `
  SELECT pg_notify($1, $2),
         graphile_worker.add_job('listening.link_authors', '{}'::json, job_key := 'listening.link_authors', job_key_mode := 'preserve_run_at',
                                 run_at := now() + interval '1 second')`;

class Capacity {
  private available: number;
  /** the most ever taken at once: what back-pressure kept memory to */
  peak = 0;
  private readonly waiting: { need: number; resolve: () => void }[] = [];
  constructor(readonly limit: number) {
    this.available = limit;
  }
  async acquire(need: number): Promise<void> {
    const wanted = Math.min(need, this.limit);
    if (this.waiting.length === 0 && this.available >= wanted) {
      this.take(wanted);
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push({ need: wanted, resolve }));
  }
  release(count: number): void {
    this.available += Math.min(count, this.limit);
    while (this.waiting.length > 0 && this.available >= this.waiting[0]!.need) {
      const next = this.waiting.shift()!;
      this.take(next.need);
      next.resolve();
    }
  }
  private take(count: number): void {
    this.available -= count;
    this.peak = Math.max(this.peak, this.limit - this.available);
  }
}

type Prepared = { rows: MentionInput[]; order: Map<string, number> };

export class ListeningPipeline {
  private readonly engines = new Map<string, WorkspaceEngine>();
  private readonly models = new Map<string, WorkspaceModels>();
  private readonly refreshing = new Map<string, Promise<WorkspaceEngine>>();
  private readonly capacity: Capacity;
  private readonly batchSize: number;
  private readonly refreshMs: number;
  private readonly pool: pg.Pool;
  private readonly threads: PipelineThreads | null;
  /** per workspace, the threads' generation its state was last sent to */
  private readonly sentTo = new Map<string, number>();

  constructor(
    private readonly db: Database,
    options: PipelineOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.capacity = new Capacity(options.maxPendingPosts ?? 10_000);
    this.refreshMs = options.refreshMs ?? 1000;
    this.pool = db.$client;
    this.threads = options.threads ? new PipelineThreads(options.threads) : null;
  }

  /** Stops the pipeline's threads; call after the last submit. */
  async close(): Promise<void> {
    await this.threads?.close();
  }

  /**
   * Runs posts of one source through the pipeline and resolves once the matched ones are stored.
   * Safe to call concurrently; waits while the pipeline is full.
   */
  async submit(workspaceId: string, source: string, posts: IncomingPost[]): Promise<IngestResult> {
    const result: IngestResult = { received: posts.length, matched: 0, stored: 0, duplicates: 0, mentionIds: [] };
    const writes: Promise<void>[] = [];
    for (let start = 0; start < posts.length; start += this.batchSize) {
      const chunk = posts.slice(start, start + this.batchSize);
      await this.capacity.acquire(chunk.length);
      let prepared: Prepared;
      try {
        prepared = await this.prepare(workspaceId, source, chunk);
      } catch (error) {
        this.capacity.release(chunk.length);
        throw error;
      }
      result.matched += prepared.rows.length;
      // At most one write in flight per call: the next batch's CPU work overlaps with this write.
      if (writes.length > 0) await writes.shift();
      writes.push(
        this.store(workspaceId, source, prepared)
          .then((stored) => {
            result.stored += stored.length;
            result.duplicates += prepared.rows.length - stored.length;
            for (const id of stored) result.mentionIds.push(id);
          })
          .finally(() => this.capacity.release(chunk.length)),
      );
    }
    await Promise.all(writes);
    return result;
  }

  /** The most posts that were ever between arrival and storage at once. */
  get peakPendingPosts(): number {
    return this.capacity.peak;
  }

  private async engine(workspaceId: string): Promise<WorkspaceEngine> {
    const cached = this.engines.get(workspaceId);
    if (cached && Date.now() - cached.checkedAt < this.refreshMs) return cached;
    let pending = this.refreshing.get(workspaceId);
    if (!pending) {
      pending = this.refresh(workspaceId, cached).finally(() => this.refreshing.delete(workspaceId));
      this.refreshing.set(workspaceId, pending);
    }
    return pending;
  }

  private async refresh(workspaceId: string, cached: WorkspaceEngine | undefined): Promise<WorkspaceEngine> {
    const engine = cached ?? new WorkspaceEngine(workspaceId);
    const revisions = await readRevisions(this.db, workspaceId);
    // Threads that were replaced after a crash know nothing: send them everything again.
    const resend = this.threads !== null && this.sentTo.get(workspaceId) !== this.threads.generation;
    if (revisions.queryRevision !== engine.queryRevision || resend) {
      const rows = await loadEnabledQueries(this.db, workspaceId);
      // With threads, the matchers live there; this thread keeps only the revision it has sent.
      if (this.threads) this.threads.broadcast({ kind: 'queries', workspaceId, rows });
      else engine.apply(rows);
      engine.queryRevision = revisions.queryRevision;
    }
    if (revisions.modelRevision !== engine.modelRevision || resend) {
      const rows = await loadDeployedModelRows(this.db, workspaceId);
      if (this.threads) this.threads.broadcast({ kind: 'models', workspaceId, models: rows });
      else this.models.set(workspaceId, workspaceModelsFrom(rows));
      engine.modelRevision = revisions.modelRevision;
    }
    if (this.threads) this.sentTo.set(workspaceId, this.threads.generation);
    engine.checkedAt = Date.now();
    this.engines.set(workspaceId, engine);
    return engine;
  }

  private async prepare(workspaceId: string, source: string, posts: IncomingPost[]): Promise<Prepared> {
    const engine = await this.engine(workspaceId);
    const now = new Date().toISOString();
    const rows = this.threads ? await this.threads.prepare(workspaceId, posts, now) : prepareBatch(engine, this.models.get(workspaceId), posts, now);
    // Clusters are assigned here, in arrival order, against the one index of the workspace.
    const order = new Map<string, number>();
    for (const [index, row] of rows.entries()) {
      order.set(row.externalId, index);
      const key = `${source}:${row.externalId}`;
      const cluster = engine.nearDuplicates.add(key, BigInt(row.simhash));
      row.clusterKey = cluster === key ? null : cluster;
    }
    return { rows, order };
  }

  private async store(workspaceId: string, source: string, prepared: Prepared): Promise<string[]> {
    if (prepared.rows.length === 0) return [];
    const columns = COLUMNS.map(([name]) => prepared.rows.map((row) => row[name]));
    const inserted = await this.pool.query<{ id: string; external_id: string }>({ name: 'listening.insert_mentions', text: INSERT, values: [workspaceId, source, ...columns] });
    if (inserted.rows.length === 0) return [];
    const topicIds = [...new Set(prepared.rows.flatMap((row) => row.topicIds.split(',')))];
    const event: WorkspaceEvent = {
      workspaceId,
      type: 'mentions.created',
      // pg_notify payloads are limited to 8000 bytes: the first ids say what to fetch, count says how many.
      data: { count: inserted.rows.length, mentionIds: inserted.rows.slice(0, 50).map((row) => String(row.id)), topicIds: topicIds.slice(0, 50) },
      at: new Date().toISOString(),
    };
    await this.pool.query({ name: 'listening.after_insert', text: AFTER_INSERT, values: [EVENTS_CHANNEL, JSON.stringify(event)] });
    return inserted.rows
      .sort((a, b) => (prepared.order.get(a.external_id) ?? 0) - (prepared.order.get(b.external_id) ?? 0))
      .map((row) => String(row.id));
  }
}
