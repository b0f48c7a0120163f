// Without a server given, the inbox benchmark measures on an embedded PostgreSQL of its own, set up as
// `npm start` sets up its own; --keep leaves its data folder for a --reuse run, which removes it.
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { defaultBenchInboxOptions, formatBenchInbox, runBenchInbox, type BenchInboxOptions } from './run-bench-inbox.js';

const parent = await mkdtemp(path.join(tmpdir(), 'parley-bench-embedded-test-'));
// Run as root, the embedded PostgreSQL runs as an unprivileged user, who must be able to enter it.
await chmod(parent, 0o711);
afterAll(() => rm(parent, { recursive: true, force: true }));

it('seeds and measures on an embedded PostgreSQL, kept for --reuse and removed after', { timeout: 240_000 }, async () => {
  const dataDir = path.join(parent, 'pg-data');
  const options: BenchInboxOptions = {
    ...defaultBenchInboxOptions,
    conversations: 100,
    messagesPerConversation: 4,
    agents: 9,
    seconds: 1,
    warmupSeconds: 0,
    thinkMs: 50,
    inboundSeconds: 1,
    inboundConcurrency: 1,
    inboundBatch: 10,
    serverPoolSize: 4,
    server: 'sources',
    database: 'parley_bench_embedded_test',
    dataDir,
    keep: true,
  };

  const first = await runBenchInbox(options);
  expect(first.database).toBe('embedded');
  expect(first.seedSeconds).toBeGreaterThan(0);
  expect(first.agentErrors).toBe(0);
  // The embedded server's own settings, as npm start's: its shared buffers are sized to the machine.
  expect(first.databaseSharedBuffersMb).toBe(first.embeddedSharedBuffersMb);
  expect(first.databaseAutovacuum).toBe(true);
  expect(formatBenchInbox(first)).toContain('embedded PostgreSQL, as npm start runs it');
  expect(existsSync(path.join(dataDir, 'pg', 'PG_VERSION'))).toBe(true);

  const second = await runBenchInbox({ ...options, keep: false, reuse: true });
  expect(second.database).toBe('embedded');
  expect(second.seedSeconds).toBeNull();
  expect(second.conversations).toBeGreaterThanOrEqual(first.conversations);
  expect(second.agentErrors).toBe(0);
  expect(existsSync(dataDir)).toBe(false);
});
