// The ingress's promise under a crash: `parley start` is killed with SIGKILL in the middle of a replay,
// started again, and every delivery is sent again. Every webhook that was acknowledged before the
// kill is stored and processed, and the re-deliveries create no duplicate message.
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/helpers/database.js';
import { freePort, runParley, waitUntilReady, type ParleyProcess } from '../../../../test/helpers/process.js';
import { signedDelivery, type SignedDelivery } from './bench/signed-deliveries.js';
import { deliver, seedBenchChannels } from './bench/run-bench-webhooks.js';

const DELIVERIES = 240;
const CONCURRENCY = 12;

let database: TestDatabase;
let dataDir: string;
let server: ParleyProcess | null = null;

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = await mkdtemp(path.join(tmpdir(), 'parley-webhook-crash-'));
});
afterAll(async () => {
  if (server && server.child.exitCode === null) {
    server.child.kill('SIGKILL');
    await server.exited;
  }
  await database?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

/** Sends every delivery (CONCURRENCY at a time); calls onAck after each 200; returns which were acknowledged. */
async function replay(baseUrl: string, deliveries: SignedDelivery[], onAck: (count: number) => void = () => {}): Promise<Set<string>> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const url = new URL(baseUrl);
  const acknowledged = new Set<string>();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < deliveries.length) {
        const delivery = deliveries[next++]!;
        if ((await deliver(agent, url, delivery)) === 200) {
          acknowledged.add(delivery.externalMessageId);
          onAck(acknowledged.size);
        }
      }
    }),
  );
  agent.destroy();
  return acknowledged;
}

it('loses no acknowledged webhook to kill -9 and stores none twice when everything is delivered again', { timeout: 600_000 }, async () => {
  const secret = randomBytes(32).toString('hex');
  const { channels } = await seedBenchChannels(database.database.pool, secret);
  const deliveries = Array.from({ length: DELIVERIES }, (_, n) => signedDelivery(channels, 'crash', n));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = { DATABASE_URL: database.url, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: baseUrl, PARLEY_SECRET: secret, PARLEY_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };

  server = runParley(['start'], env);
  await waitUntilReady(baseUrl, server, 180_000);
  const killed = server;
  const beforeKill = await replay(baseUrl, deliveries, (count) => {
    if (count === DELIVERIES / 3 && killed.child.exitCode === null) killed.child.kill('SIGKILL');
  });
  await killed.exited;
  // The kill landed mid-replay: some were acknowledged, and not all.
  expect(beforeKill.size).toBeGreaterThanOrEqual(DELIVERIES / 3);
  expect(beforeKill.size).toBeLessThan(DELIVERIES);

  server = runParley(['start'], env);
  await waitUntilReady(baseUrl, server, 180_000);
  const afterRestart = await replay(baseUrl, deliveries);
  expect(afterRestart.size).toBe(DELIVERIES);

  // Processing catches up: nothing left 'received'.
  const pool = database.database.pool;
  const pending = async () => Number((await pool.query<{ n: string }>("SELECT count(*) AS n FROM webhook_events WHERE state = 'received'")).rows[0]!.n);
  const deadline = Date.now() + 400_000;
  while ((await pending()) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 500));
  expect(await pending()).toBe(0);

  const events = (await pool.query<{ state: string; n: string }>('SELECT state, count(*) AS n FROM webhook_events GROUP BY state')).rows;
  expect(events).toEqual([{ state: 'processed', n: String(DELIVERIES) }]);
  const messages = (await pool.query<{ external_id: string; n: string }>("SELECT external_id, count(*) AS n FROM messages WHERE direction = 'inbound' GROUP BY external_id")).rows;
  expect(messages).toHaveLength(DELIVERIES);
  expect(messages.every((row) => row.n === '1')).toBe(true);
  const inInbox = new Set(messages.map((row) => row.external_id));
  for (const id of beforeKill) expect(inInbox.has(id), `acknowledged before the kill: ${id}`).toBe(true);
});
