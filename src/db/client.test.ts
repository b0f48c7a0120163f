// Named prepared statements: a statement with parameters becomes one the second time its text is
// seen, answers the same as unnamed, and DATABASE_PREPARED_STATEMENTS=false keeps every statement unnamed;
// sessions run without the JIT compiler.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.js';
import { connectDatabase, statementNameOf } from './client.js';

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

/** Names of the prepared statements on the pool's one connection. */
const preparedOn = async (handle: ReturnType<typeof connectDatabase>) =>
  (await handle.pool.query<{ name: string }>(`SELECT name FROM pg_prepared_statements`)).rows.map((row) => row.name);

it('names a statement with parameters from its second run on, and it answers as before', async () => {
  const handle = connectDatabase(t.url, 1);
  try {
    // A text no other test runs, so this process has not seen it yet.
    const marker = randomUUID();
    const query = (n: number) => handle.db.execute<{ n: number; marker: string }>(sql`SELECT ${n}::int + 1 AS n, ${marker}::text AS marker`);
    const text = `SELECT $1::int + 1 AS n, $2::text AS marker`;
    expect((await query(1)).rows).toEqual([{ n: 2, marker }]);
    expect(await preparedOn(handle)).toEqual([]);
    expect((await query(2)).rows).toEqual([{ n: 3, marker }]);
    const name = statementNameOf(text);
    expect(name).toMatch(/^parley_/);
    expect(await preparedOn(handle)).toContain(name);
    expect((await query(41)).rows).toEqual([{ n: 42, marker }]);
    // Statements without parameters (migrations, several statements in one text) are never named.
    await handle.pool.query(`SELECT 1; SELECT 2`);
    await handle.pool.query(`SELECT 1; SELECT 2`);
    expect((await preparedOn(handle)).filter((n) => n !== name)).toEqual([]);
  } finally {
    await handle.close();
  }
});

it('sends every statement unnamed when prepared statements are off', async () => {
  const handle = connectDatabase(t.url, 1, { prepared: false });
  try {
    for (let i = 0; i < 3; i++) await handle.db.execute(sql`SELECT ${i}::int AS n, 'unprepared' AS kind`);
    expect(await preparedOn(handle)).toEqual([]);
  } finally {
    await handle.close();
  }
});

it('runs its sessions without the JIT compiler, keeping the options the database URL sets', async () => {
  const url = new URL(t.url);
  url.searchParams.set('options', '-c statement_timeout=4321');
  for (const [handle, timeout] of [
    [connectDatabase(t.url, 1), null],
    [connectDatabase(url.toString(), 1), '4321ms'],
  ] as const) {
    try {
      const { rows } = await handle.pool.query<{ jit: string; timeout: string }>(`SELECT current_setting('jit') AS jit, current_setting('statement_timeout') AS timeout`);
      expect(rows[0]!.jit).toBe('off');
      if (timeout) expect(rows[0]!.timeout).toBe(timeout);
    } finally {
      await handle.close();
    }
  }
});
