// The inbox benchmark at a tiny size: it seeds, starts the real server, signs agents in, measures each
// operation, sends inbound messages that routing rules route, and drops its scratch database.
import pg from 'pg';
import { expect, inject, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { defaultBenchInboxOptions, formatBenchInbox, runBenchInbox } from './run-bench-inbox.js';

it('measures agents and inbound messages on a small seeded inbox', { timeout: 180_000 }, async () => {
  const adminUrl = inject('adminDatabaseUrl');
  const database = `parley_bench_test_${randomBytes(4).toString('hex')}`;
  const result = await runBenchInbox({
    ...defaultBenchInboxOptions,
    conversations: 200,
    messagesPerConversation: 10,
    agents: 10,
    seconds: 2,
    warmupSeconds: 0,
    thinkMs: 50,
    inboundSeconds: 2,
    inboundConcurrency: 2,
    inboundBatch: 20,
    serverPoolSize: 5,
    // The server as a primary with two web processes sharing its port, as WEB_PROCESSES=2 runs it.
    webProcesses: 2,
    // The sources through tsx: a test does not build dist/ (the command line's default does, when stale).
    server: 'sources',
    database,
    adminUrl,
  });

  expect(result.database).toBe('server');
  expect(result.conversations).toBe(200);
  expect(result.messages).toBeGreaterThan(1000);
  expect(result.messages).toBeLessThan(4000);
  expect(result.seedSeconds).toBeGreaterThan(0);
  expect(result.agentErrors).toBe(0);
  expect(result.requestsPerSec).toBeGreaterThan(0);
  for (const key of ['queueViewP95Ms', 'openConversationP95Ms', 'sendReplyP95Ms'] as const) expect(result[key]).toBeGreaterThan(0);
  expect(result.inboundErrors).toBe(0);
  expect(result.inboundMessages).toBeGreaterThan(0);
  expect(result.newConversations).toBeGreaterThan(0);
  // The catch-all rule routes every conversation the run opened.
  expect(result.routedConversations).toBe(result.newConversations);
  expect(result.cpuReferenceMs).toBeGreaterThan(0);
  expect(result.databaseRoundTripUs).toBeGreaterThan(0);
  expect(result.databaseSharedBuffersMb).toBeGreaterThan(0);
  expect(result.embeddedSharedBuffersMb).toBeGreaterThanOrEqual(128);
  expect(result.serverCpuMsPerRequest).toBeGreaterThan(0);
  expect(result.inboundMachineCpuUsPerMessage).toBeGreaterThan(0);
  expect(formatBenchInbox(result)).toContain('queue view');
  expect(formatBenchInbox(result)).toContain('reference workload');
  expect(formatBenchInbox(result)).toContain(`shared_buffers ${result.databaseSharedBuffersMb.toLocaleString('en')} MB, autovacuum ${result.databaseAutovacuum ? 'on' : 'off'}`);

  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  // What the server says of itself, asked here.
  const settings = await admin.query<{ autovacuum: string; blocks: string; block: string }>(
    `SELECT current_setting('autovacuum') AS autovacuum, setting AS blocks, current_setting('block_size') AS block FROM pg_settings WHERE name = 'shared_buffers'`,
  );
  expect(result.databaseAutovacuum).toBe(settings.rows[0]!.autovacuum === 'on');
  expect(result.databaseSharedBuffersMb).toBe((Number(settings.rows[0]!.blocks) * Number(settings.rows[0]!.block)) / 1024 ** 2);
  const left = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  await admin.end();
  expect(left.rowCount).toBe(0);
});
