// resolveIdentity's statements settle on one generic plan per connection: their rows travel as one JSON
// document, which PostgreSQL estimates alike with or without the values. (Arrays made every execution
// plan again: a custom plan knows an array's length, so it always looked cheaper than the generic one.)
// Calls that arrive together are resolved in shared batches, each caller getting its own answer.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createWorkspaceWithOwner } from '../../../test/helpers/factories.js';
import { connectDatabase, type DatabaseHandle } from '../../db/client.js';
import { systemActor } from '../../server/context.js';
import { resolveIdentity } from './commands/resolve-identity.js';

let t: TestApp;
let handle: DatabaseHandle;
let ws: string;

beforeAll(async () => {
  t = await buildTestApp();
  ws = (await createWorkspaceWithOwner(t, 'Plans')).workspace.id;
  // One connection, so every call runs on the same prepared statements.
  handle = connectDatabase(t.db.url, 1);
});
afterAll(async () => {
  await handle?.close();
  await t?.close();
});

it('plans its statements once: after the first runs, each execution reuses the generic plan', async () => {
  const actor = systemActor('test');
  for (let n = 0; n < 12; n++) {
    // A new person each time (the lock, the certain-match lookup and the write), and the one before seen again (the touch).
    await resolveIdentity(handle.db, ws, actor, { identity: { channel: 'mastodon', handle: `plans${n}@example.social`, displayName: `Plans ${n}` } });
    await resolveIdentity(handle.db, ws, actor, { identity: { channel: 'mastodon', handle: `plans${n}@example.social`, followers: n } });
  }
  const { rows } = await handle.pool.query<{ statement: string; generic_plans: string; custom_plans: string }>(
    `SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE '%identities%' OR statement LIKE '%pg_advisory_xact_lock%'`,
  );
  // The touch, the lock, the certain-match lookup and the write.
  expect(rows.length).toBe(4);
  for (const row of rows) {
    // PostgreSQL makes five custom plans before it compares them with the generic one.
    expect(Number(row.custom_plans), row.statement.slice(0, 120)).toBeLessThanOrEqual(5);
    expect(Number(row.generic_plans), row.statement.slice(0, 120)).toBeGreaterThan(5);
  }
});

it('resolves calls that arrive together in shared batches, each caller getting its own answer', async () => {
  const actor = systemActor('test');
  const touches = async () => {
    const { rows } = await handle.pool.query<{ n: string }>(`SELECT generic_plans + custom_plans AS n FROM pg_prepared_statements WHERE statement LIKE '%AS stale%'`);
    return Number(rows[0]?.n ?? 0);
  };
  const before = await touches();
  // Ten new people, each arriving twice at once, and one call that is not a valid identity.
  const calls = Array.from({ length: 20 }, (_, n) => resolveIdentity(handle.db, ws, actor, { identity: { channel: 'mastodon', handle: `together${n % 10}@example.social` } }));
  const invalid = resolveIdentity(handle.db, ws, actor, { identity: { channel: 'mastodon', handle: 'not a handle' } });
  const results = await Promise.all(calls);
  await expect(invalid).rejects.toThrow();
  for (let n = 0; n < 10; n++) {
    const [first, second] = [results[n]!, results[n + 10]!];
    expect(second.contactId).toBe(first.contactId);
    expect([first.createdContact, second.createdContact].filter(Boolean)).toHaveLength(1);
  }
  expect(new Set(results.map((result) => result.contactId)).size).toBe(10);
  // Fewer statements than calls: they went in batches (two at most in flight).
  expect((await touches()) - before).toBeLessThanOrEqual(4);
});
