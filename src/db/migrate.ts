// Applies Parley's SQL migrations and graphile-worker's schema, under a PostgreSQL advisory lock so
// that several processes starting together take turns instead of racing.
import { readdir } from 'node:fs/promises';
import type pg from 'pg';
import { migrate as drizzleMigrate } from 'drizzle-orm/node-postgres/migrator';
import { runMigrations } from 'graphile-worker';
import type { Database } from './client.js';
import { migrationsFolder } from '../lib/paths.js';

const MIGRATION_LOCK = 0x7061726c; // "parl"

export async function migrateDatabase(db: Database, pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await drizzleMigrate(db, { migrationsFolder, migrationsSchema: 'parley_meta' });
      await runMigrations({ pgPool: pool });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}

/** For /readyz: true when every committed migration has been applied. */
export async function migrationsApplied(pool: pg.Pool): Promise<boolean> {
  const files = (await readdir(migrationsFolder)).filter((name) => name.endsWith('.sql'));
  try {
    const result = await pool.query<{ count: string }>('SELECT count(*)::text AS count FROM parley_meta.__drizzle_migrations');
    return Number(result.rows[0]?.count ?? 0) >= files.length;
  } catch {
    return false;
  }
}
