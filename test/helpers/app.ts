// An in-process Parley app on its own fresh database, for HTTP tests through app.inject().
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from '../../src/server/app.js';
import { createAuth, type Auth } from '../../src/server/auth.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export type TestApp = { app: FastifyInstance; auth: Auth; db: TestDatabase; close(): Promise<void> };

export const TEST_SECRET = 'test-secret-test-secret-test-secret-0123456789';

export async function buildTestApp(
  options: { authRateLimit?: number; database?: TestDatabase; publicUrl?: string } = {},
): Promise<TestApp> {
  const db = options.database ?? (await createTestDatabase());
  const publicUrl = options.publicUrl ?? 'http://localhost:3000';
  const auth = createAuth({ db: db.database.db, secret: TEST_SECRET, publicUrl });
  const app = await buildApp({
    database: db.database,
    databaseUrl: db.url,
    auth,
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    publicUrl,
    authRateLimit: options.authRateLimit ?? 1000,
  });
  await app.ready();
  return {
    app,
    auth,
    db,
    close: async () => {
      await app.close();
      if (!options.database) await db.drop();
    },
  };
}
