// Prepared queries are built once and run on the connection of whoever runs them: the pool outside a
// transaction, each transaction's own connection inside one (its uncommitted rows, its rollback).
import { eq, sql } from 'drizzle-orm';
import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.js';
import { connectDatabase, type DatabaseHandle, type Executor } from './client.js';
import { preparedQueries, preparedQuery } from './prepared.js';

const probes = pgTable('prepared_probes', { id: integer().primaryKey(), name: text().notNull() });

let t: TestDatabase;
let handle: DatabaseHandle;

beforeAll(async () => {
  t = await createTestDatabase();
  handle = connectDatabase(t.url, 3);
  await handle.pool.query(`CREATE TABLE prepared_probes (id int PRIMARY KEY, name text NOT NULL)`);
});
afterAll(async () => {
  await handle?.close();
  await t?.drop();
});

let insertsBuilt = 0;
const insertProbe = preparedQuery((db) => {
  insertsBuilt += 1;
  return db.insert(probes).values({ id: sql.placeholder('id'), name: sql.placeholder('name') }).returning().prepare('');
});
const findProbe = preparedQuery((db) => db.select().from(probes).where(eq(probes.id, sql.placeholder('id'))).prepare(''));
const names = async (db: Executor, id: number) => (await findProbe(db).execute({ id })).map((row) => row.name);

it('runs a prepared query on the transaction that runs it: its own rows, its rollback, and no other transaction’s', async () => {
  insertsBuilt = 0;
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let inserted!: () => void;
  const insertedYet = new Promise<void>((resolve) => (inserted = resolve));

  // One transaction inserts and waits, uncommitted, while another and the pool look.
  const rolledBack = handle.db
    .transaction(async (tx) => {
      expect(await insertProbe(tx).execute({ id: 1, name: 'uncommitted' })).toEqual([{ id: 1, name: 'uncommitted' }]);
      expect(await names(tx, 1)).toEqual(['uncommitted']);
      inserted();
      await held;
      throw new Error('roll back');
    })
    .catch((error: Error) => error.message);
  await insertedYet;
  await handle.db.transaction(async (other) => {
    expect(await names(other, 1)).toEqual([]);
    expect(await insertProbe(other).execute({ id: 2, name: 'committed' })).toEqual([{ id: 2, name: 'committed' }]);
  });
  expect(await names(handle.db, 1)).toEqual([]);
  release();
  expect(await rolledBack).toBe('roll back');

  expect(await names(handle.db, 1)).toEqual([]);
  expect(await names(handle.db, 2)).toEqual(['committed']);
  // Built once for every transaction of this handle.
  expect(insertsBuilt).toBe(1);
});

it('keeps one statement per shape, inside transactions too', async () => {
  const byShape = preparedQueries<ReturnType<typeof build>>(2);
  let built = 0;
  const build = (db: Executor, column: 'id' | 'name') => {
    built += 1;
    return db.select({ value: column === 'id' ? sql<string>`${probes.id}::text` : probes.name }).from(probes).where(eq(probes.id, sql.placeholder('id'))).prepare('');
  };
  await handle.db.transaction(async (tx) => {
    await insertProbe(tx).execute({ id: 3, name: 'three' });
    for (let i = 0; i < 3; i++) {
      expect(await byShape(tx, 'id', (db) => build(db, 'id')).execute({ id: 3 })).toEqual([{ value: '3' }]);
      expect(await byShape(tx, 'name', (db) => build(db, 'name')).execute({ id: 3 })).toEqual([{ value: 'three' }]);
    }
  });
  expect(built).toBe(2);
});
