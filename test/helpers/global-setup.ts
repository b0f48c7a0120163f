// One PostgreSQL server for the whole test run: the machine's (DATABASE_URL) or an embedded one in
// .parley-test/. Each test file then gets a fresh database of its own (see database.ts).
import path from 'node:path';
import { rm } from 'node:fs/promises';
import pino from 'pino';
import type { TestProject } from 'vitest/node';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../src/db/embedded.js';
import { freePort } from './process.js';

declare module 'vitest' {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
  }
}

// Global setup runs once per project (server, browser) in the same process: share one server.
const shared = globalThis as { parleyTestDatabase?: Promise<EmbeddedDatabase>; parleyTestUsers?: number };

export async function setup(project: TestProject): Promise<void> {
  let url = process.env.DATABASE_URL;
  if (!url) {
    shared.parleyTestUsers = (shared.parleyTestUsers ?? 0) + 1;
    shared.parleyTestDatabase ??= startTestServer();
    url = (await shared.parleyTestDatabase).url;
  }
  project.provide('adminDatabaseUrl', url);
}

// Each run gets its own data folder and port, so several runs (developers, CI) never share a server.
async function startTestServer(): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve('.parley-test', `embedded-${process.pid}`);
  await rm(dataDir, { recursive: true, force: true });
  const server = await startEmbeddedDatabase({
    dataDir,
    port: Number(process.env.PARLEY_TEST_PG_PORT ?? (await freePort())),
    osUser: process.env.PARLEY_PG_OS_USER ?? 'postgres',
    logger: pino({ level: 'warn' }),
  });
  return {
    url: server.url,
    stop: async () => {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function teardown(): Promise<void> {
  shared.parleyTestUsers = (shared.parleyTestUsers ?? 1) - 1;
  if (shared.parleyTestUsers === 0 && shared.parleyTestDatabase) await (await shared.parleyTestDatabase).stop();
}
