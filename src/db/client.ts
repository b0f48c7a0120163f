// The database handle every module uses: a pg pool and Drizzle over it.
import { createHash } from 'node:crypto';
import pg from 'pg';
import { parseIntoClientConfig } from 'pg-connection-string';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import * as schema from './schema.js';

export type Database = NodePgDatabase<typeof schema> & { $client: pg.Pool };
/** A transaction handle or the database itself: commands accept either so callers can compose them. */
export type Executor = Database | Parameters<Parameters<Database['transaction']>[0]>[0];

export type DatabaseHandle = { pool: pg.Pool; db: Database; close(): Promise<void> };

// Statements the application runs again and again can go to PostgreSQL as named prepared statements,
// so each connection parses them once and PostgreSQL can keep their plan: planning the inbox's queue
// query (six joins over a table with fifteen indexes) took longer than running it. A statement is
// named the second time its text is seen; only statements with parameters (one statement each) are,
// and at most PREPARED_MAX texts per process, so queries whose text varies cannot grow the cache.
const PREPARED_MAX = 400;
const SEEN_MAX = 5_000;
const seenTexts = new Map<string, number>();
const statementNames = new Map<string, string>();

export function statementNameOf(text: string): string | undefined {
  const known = statementNames.get(text);
  if (known) return known;
  const seen = (seenTexts.get(text) ?? 0) + 1;
  if (seen < 2) {
    if (seenTexts.size < SEEN_MAX) seenTexts.set(text, seen);
    return undefined;
  }
  if (statementNames.size >= PREPARED_MAX) return undefined;
  seenTexts.delete(text);
  const name = `parley_${createHash('sha1').update(text).digest('base64url').slice(0, 22)}`;
  statementNames.set(text, name);
  return name;
}

class PreparingClient extends pg.Client {
  override query(...args: unknown[]): never {
    const [config, values] = args as [unknown, unknown];
    if (config && typeof config === 'object' && 'text' in config && !('name' in config && (config as { name?: string }).name) && !('submit' in config)) {
      const query = config as pg.QueryConfig;
      const params = Array.isArray(values) ? values : query.values;
      const name = params && params.length > 0 ? statementNameOf(query.text) : undefined;
      if (name) args[0] = { ...query, name };
    }
    return (super.query as unknown as (...a: unknown[]) => never)(...args);
  }
}

// Parley's sessions run without PostgreSQL's JIT compiler. It compiles a statement whose estimated
// cost passes a threshold, at every execution, which pays off for long analytical queries, and ours
// are short: an inbound batch's SLA ledger read, estimated at thousands of events per conversation on
// a table without statistics yet, spent more time compiling than running, and took 30 % off the
// inbound rate. Any `options` the database URL sets are kept.
const SESSION_OPTIONS = '-c jit=off';

/** The pool's connection settings: the URL's, with Parley's session options. */
function connectionConfigOf(url: string): pg.ClientConfig {
  const config = parseIntoClientConfig(url);
  return { ...config, options: [config.options, SESSION_OPTIONS].filter(Boolean).join(' ') };
}

/** `prepared: false` sends every statement unnamed (DATABASE_PREPARED_STATEMENTS=false). */
export function connectDatabase(url: string, poolSize = 10, options: { prepared?: boolean } = {}): DatabaseHandle {
  const pool = new pg.Pool({ ...connectionConfigOf(url), max: poolSize, idleTimeoutMillis: 30_000, ...(options.prepared === false ? {} : { Client: PreparingClient }) });
  // An idle client losing its connection (database restart) must not crash the process.
  pool.on('error', () => {});
  const db = drizzle(pool, { schema, casing: 'snake_case' });
  return { pool, db, close: () => pool.end() };
}
