// The LISTEN connection comes back by itself: its backend is killed (as a database restart would), and
// notifications sent after it reconnects arrive again.
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.js';
import { PgListener } from './pg-listener.js';

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

it('reconnects after its connection is killed and hears notifications again', async () => {
  const heard: string[] = [];
  const listener = new PgListener(t.url, ['parley_listener_test'], (channel, payload) => heard.push(`${channel}:${payload}`), pino({ level: 'silent' }), 'test');
  await listener.start();
  try {
    await listener.ready();
    await t.database.pool.query(`SELECT pg_notify('parley_listener_test', 'one')`);
    await expect.poll(() => heard).toEqual(['parley_listener_test:one']);

    const killed = await t.database.pool.query(`SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity WHERE query = 'LISTEN parley_listener_test' AND datname = current_database()`);
    expect(killed.rows).toEqual([{ done: true }]);
    await expect.poll(() => listener.listening, { timeout: 5_000 }).toBe(false);
    await listener.ready();
    await t.database.pool.query(`SELECT pg_notify('parley_listener_test', 'two')`);
    await expect.poll(() => heard, { timeout: 5_000 }).toEqual(['parley_listener_test:one', 'parley_listener_test:two']);
  } finally {
    await listener.stop();
  }
});
