// The PostgreSQL server a benchmark seeds and measures on: the one given (DATABASE_URL), else an
// embedded one started as `npm start` starts its own (startEmbeddedDatabase: memory sized to the
// machine, autovacuum on), so that the figures are those of Parley's default set-up and not of
// whatever server the machine happens to run.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { startEmbeddedDatabase } from '../../../db/embedded.js';
import { freePort } from '../../../lib/free-port.js';
import { loadEnv } from '../../../server/env.js';
import { createLogger } from '../../../server/runtime.js';

export type BenchDatabaseServer = {
  /** A URL to create and drop scratch databases through */
  adminUrl: string;
  embedded: boolean;
  /** Stops an embedded server; its data folder stays when `keep` (a --reuse run starts it again). */
  stop(keep: boolean): Promise<void>;
};

/** `adminUrl` when given; else an embedded PostgreSQL with its data in `dataDir`. */
export async function benchDatabaseServer(adminUrl: string | undefined, dataDir: string, log: (line: string) => void): Promise<BenchDatabaseServer> {
  if (adminUrl) return { adminUrl, embedded: false, stop: async () => {} };
  const folder = path.resolve(dataDir);
  const env = loadEnv({ ...process.env, PARLEY_DATA_DIR: folder });
  log(`embedded PostgreSQL in ${folder}, as npm start runs it (set DATABASE_URL to measure on a server of your own)…`);
  const embedded = await startEmbeddedDatabase({ dataDir: folder, port: await freePort(), osUser: env.PARLEY_PG_OS_USER, logger: createLogger('warn') });
  return {
    adminUrl: embedded.url,
    embedded: true,
    stop: async (keep) => {
      await embedded.stop();
      if (keep) log(`the embedded PostgreSQL's data stays in ${folder} (--reuse runs on it again)`);
      else await rm(folder, { recursive: true, force: true });
    },
  };
}
