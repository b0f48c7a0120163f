// Workspace events: every event of a change reaches a LISTENer after the commit, and the statement
// that sends them has one text whatever their number, so it is prepared once per connection rather
// than once per count (which would spend the process's budget of prepared statements).
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.js';
import { connectDatabase } from '../db/client.js';
import { emitEvents, EVENTS_CHANNEL, type WorkspaceEvent } from './events.js';

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

it('delivers every event of a transaction at its commit, through one statement text for any number of events', async () => {
  const listener = new pg.Client({ connectionString: t.url });
  await listener.connect();
  const heard: WorkspaceEvent[] = [];
  listener.on('notification', (message) => heard.push(JSON.parse(message.payload!) as WorkspaceEvent));
  await listener.query(`LISTEN ${EVENTS_CHANNEL}`);
  const handle = connectDatabase(t.url, 1);
  try {
    const batch = (n: number, from: number) => Array.from({ length: n }, (_, i) => ({ type: 'message.created', data: { messageId: from + i } }));
    for (const [n, from] of [[1, 0], [3, 1], [120, 4], [2, 124]] as const) {
      await handle.db.transaction(async (tx) => {
        await emitEvents(tx, 'ws_events', batch(n, from));
        // Nothing is heard before the commit.
        await new Promise((resolve) => setTimeout(resolve, 20));
        expect(heard.length).toBe(from);
      });
    }
    await expect.poll(() => heard.length, { timeout: 5_000 }).toBe(126);
    expect(heard.map((event) => event.data.messageId)).toEqual(Array.from({ length: 126 }, (_, i) => i));
    expect(new Set(heard.map((event) => `${event.workspaceId} ${event.type}`))).toEqual(new Set(['ws_events message.created']));
    const prepared = await handle.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement LIKE '%pg_notify%'`);
    expect(prepared.rows[0]!.n).toBe(1);
  } finally {
    await handle.close();
    await listener.end();
  }
});
