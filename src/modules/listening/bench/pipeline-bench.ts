// The pipeline part of `parley bench listening`: the workload's queries saved as a workspace's topics
// and queries, then its posts sent through the real ListeningPipeline — normalization, matching,
// enrichment and durable storage of the matched mentions in PostgreSQL — by several concurrent
// submitters, as sources would. The database is a scratch one: a fresh embedded PostgreSQL in a
// temporary folder (under --data-dir when given), or with DATABASE_URL a temporary database on that
// server; either is removed afterwards.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { connectDatabase, type DatabaseHandle } from '../../../db/client.js';
import { migrateDatabase } from '../../../db/migrate.js';
import { newId } from '../../../lib/ids.js';
import { loadEnv } from '../../../server/env.js';
import { createLogger, openDatabase } from '../../../server/runtime.js';
import type { Post } from '../text/types.js';
import { ListeningPipeline } from '../pipeline/pipeline.js';
import type { IncomingPost } from '../pipeline/incoming.js';

export type PipelineWorkload = { queries: { id: string; query: string; topic: string }[]; posts: Post[] };
export type PipelineMeasure = { postsPerSec: number; matched: number; stored: number; seconds: number };

const SUBMITTERS = 4;
const CHUNK = 1000;

async function scratchDatabase(dataDir: string | undefined): Promise<{ database: DatabaseHandle; close(): Promise<void> }> {
  const logger = createLogger('warn');
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const name = `parley_bench_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const database = connectDatabase(url.toString(), 8);
    await migrateDatabase(database.db, database.pool);
    return {
      database,
      close: async () => {
        await database.close();
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      },
    };
  }
  // Always a database of its own, never the one of a Parley that may live in dataDir.
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const folder = await mkdtemp(path.join(dataDir ?? tmpdir(), 'parley-bench-'));
  const env = loadEnv({ ...process.env, PARLEY_DATA_DIR: folder, DATABASE_POOL_SIZE: '8' });
  const opened = await openDatabase(env, logger);
  return {
    database: opened.database,
    close: async () => {
      await opened.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
}

const toIncoming = (post: Post, index: number): IncomingPost => ({
  externalId: post.id,
  text: post.text,
  title: post.title,
  url: post.url,
  links: post.links,
  lang: post.lang,
  country: post.country,
  channel: post.channel ?? 'twitter',
  publishedAt: new Date(Date.UTC(2026, 10, 1) + index * 10).toISOString(),
  ...(post.author ? { author: { handle: post.author } } : {}),
});

/** `threads`: the pipeline's threads, one per core by default (as `parley start` gives a web process one less than the cores, plus its main thread). */
export async function measurePipeline(workload: PipelineWorkload, options: { dataDir?: string; threads?: number } = {}): Promise<PipelineMeasure> {
  const scratch = await scratchDatabase(options.dataDir);
  try {
    const { pool, db } = scratch.database;
    const workspaceId = newId('ws');
    await pool.query('INSERT INTO workspaces (id, name) VALUES ($1, $2)', [workspaceId, 'Listening benchmark']);
    const topicIds = new Map<string, string>();
    for (const { topic } of workload.queries) if (!topicIds.has(topic)) topicIds.set(topic, newId('top'));
    await pool.query('INSERT INTO topics (id, workspace_id, name) SELECT unnest($1::text[]), $2, unnest($3::text[])', [[...topicIds.values()], workspaceId, [...topicIds.keys()]]);
    for (let start = 0; start < workload.queries.length; start += 10_000) {
      const slice = workload.queries.slice(start, start + 10_000);
      await pool.query(
        `INSERT INTO listening_queries (id, workspace_id, topic_id, name, query)
         SELECT u.id, $1, u.topic_id, u.id, u.query FROM unnest($2::text[], $3::text[], $4::text[]) AS u(id, topic_id, query)`,
        [workspaceId, slice.map((q) => q.id), slice.map((q) => topicIds.get(q.topic)!), slice.map((q) => q.query)],
      );
    }
    await pool.query('INSERT INTO listening_state (workspace_id, query_revision) VALUES ($1, 1)', [workspaceId]);

    const threads = options.threads ?? availableParallelism();
    const pipeline = new ListeningPipeline(db, { refreshMs: 60_000, threads });
    // Loads the queries into every thread's matcher before the clock starts, as a running process has them.
    await Promise.all(Array.from({ length: Math.max(1, threads) }, (_, i) => pipeline.submit(workspaceId, 'warmup', [{ externalId: `warmup-${i}`, text: 'warmup' }])));

    const posts = workload.posts.map(toIncoming);
    let next = 0;
    let matched = 0;
    let stored = 0;
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: SUBMITTERS }, async () => {
        while (next < posts.length) {
          const chunk = posts.slice(next, next + CHUNK);
          next += CHUNK;
          const result = await pipeline.submit(workspaceId, 'bench', chunk);
          matched += result.matched;
          stored += result.stored;
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    await pipeline.close();
    return { postsPerSec: Math.round(posts.length / seconds), matched, stored, seconds: Math.round(seconds * 100) / 100 };
  } finally {
    await scratch.close();
  }
}
