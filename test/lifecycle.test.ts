// The real `parley start` process on the embedded database: it survives kill -9 with nothing lost,
// runs several web processes on one port when asked, and stops cleanly on SIGTERM, also when that
// goes to the `npm start` that runs it.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { isAlive } from '../src/db/embedded.js';
import { freePort, runParley, runParleyToEnd, waitUntilReady } from './helpers/process.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

it('keeps accounts, workspaces and audit entries across kill -9, and stops cleanly on SIGTERM', { timeout: 180_000 }, async () => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'parley-lifecycle-'));
  dirs.push(dataDir);
  const env = { PARLEY_DATA_DIR: dataDir, PORT: String(await freePort()), PARLEY_EMBEDDED_PG_PORT: String(await freePort()), DATABASE_URL: '' };
  const base = `http://127.0.0.1:${env.PORT}`;

  const first = runParley(['start'], env);
  await waitUntilReady(base, first);
  const setup = await fetch(`${base}/api/v1/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Kim Owner', email: 'kim@example.com', password: 'survives a kill -9', workspaceName: 'Durable Co' }),
  });
  expect(setup.status).toBe(201);
  first.child.kill('SIGKILL');
  await first.exited;

  const second = runParley(['start'], env);
  await waitUntilReady(base, second);
  const signIn = await fetch(`${base}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'kim@example.com', password: 'survives a kill -9' }),
  });
  expect(signIn.status).toBe(200);
  const cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const me = (await (await fetch(`${base}/api/v1/me`, { headers: { cookie } })).json()) as { data: { workspaces: { id: string; name: string }[] } };
  expect(me.data.workspaces.map((w) => w.name)).toEqual(['Durable Co']);
  const audit = (await (
    await fetch(`${base}/api/v1/audit-events`, { headers: { cookie, 'x-parley-workspace': me.data.workspaces[0]!.id } })
  ).json()) as { data: { action: string }[] };
  expect(audit.data.map((e) => e.action).sort()).toEqual(['member.added', 'workspace.created']);

  // An admin command attaches to the embedded database the running server started, and leaves it running.
  const key = await runParleyToEnd(['admin', 'create-api-key', '--workspace', me.data.workspaces[0]!.id], env);
  expect(key.code).toBe(0);
  const apiKey = (JSON.parse(key.stdout) as { apiKey: string }).apiKey;
  const viaKey = await fetch(`${base}/api/v1/members`, { headers: { authorization: `Bearer ${apiKey}` } });
  expect(viaKey.status).toBe(200);

  // The embedded server's memory is sized to this machine: a quarter of it for shared buffers (at most 4 GB).
  const password = (await readFile(path.join(dataDir, 'pg-password'), 'utf8')).trim();
  const database = new pg.Client({ connectionString: `postgres://parley:${encodeURIComponent(password)}@127.0.0.1:${env.PARLEY_EMBEDDED_PG_PORT}/parley` });
  await database.connect();
  const settings = (await database.query<{ shared: string; cache: string }>(`SELECT pg_size_bytes(current_setting('shared_buffers')) AS shared, pg_size_bytes(current_setting('effective_cache_size')) AS cache`)).rows[0]!;
  await database.end();
  const mb = 1024 ** 2;
  expect(Number(settings.shared) / mb).toBe(Math.min(4096, Math.max(128, Math.floor(totalmem() / 4 / mb))));
  expect(Math.abs(Number(settings.cache) - totalmem() / 2)).toBeLessThan(mb);

  second.child.kill('SIGTERM');
  expect(await second.exited).toBe(0);
  expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
});

/** The pids of a process's children that run `parley start` (its web processes), read from /proc. */
function webProcessesOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return parent === pid && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('main.ts');
      } catch {
        return false; // gone meanwhile
      }
    })
    .map(Number);
}

it('runs several web processes on one port with WEB_PROCESSES, replaces one that dies, and stops them all on SIGTERM', { timeout: 180_000 }, async () => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'parley-cluster-'));
  dirs.push(dataDir);
  const env = { PARLEY_DATA_DIR: dataDir, PORT: String(await freePort()), PARLEY_EMBEDDED_PG_PORT: String(await freePort()), DATABASE_URL: '', WEB_PROCESSES: '2' };
  const base = `http://127.0.0.1:${env.PORT}`;
  const run = runParley(['start'], env);
  await waitUntilReady(base, run);
  const primary = run.child.pid!;
  await expect.poll(() => webProcessesOf(primary).length, { timeout: 30_000 }).toBe(2);
  const [first, second] = webProcessesOf(primary);

  // Set up through one connection, sign in through others: every web process serves the same instance.
  const setup = await fetch(`${base}/api/v1/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', connection: 'close' },
    body: JSON.stringify({ name: 'Ada Owner', email: 'ada@example.com', password: 'two processes, one port', workspaceName: 'Busy Co' }),
  });
  expect(setup.status).toBe(201);
  const signIn = await fetch(`${base}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', connection: 'close' },
    body: JSON.stringify({ email: 'ada@example.com', password: 'two processes, one port' }),
  });
  expect(signIn.status).toBe(200);
  const cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  // Connections go round-robin to the web processes listening (the second may still be starting when
  // the first answers): before long, each has logged requests it completed.
  const servedBy = () =>
    new Set(
      run
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{') && line.includes('"request completed"'))
        .map((line) => (JSON.parse(line) as { pid: number }).pid),
    );
  await expect
    .poll(
      async () => {
        const me = await fetch(`${base}/api/v1/me`, { headers: { cookie, connection: 'close' } });
        expect(me.status).toBe(200);
        return [...servedBy()].sort();
      },
      { timeout: 30_000, interval: 100 },
    )
    .toEqual([first, second].sort());
  // One instance, ready once: the primary says so, not each of its processes.
  const ready = run
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{') && line.includes('"Parley is ready"'))
    .map((line) => JSON.parse(line) as { pid: number; webProcesses?: number });
  expect(ready).toEqual([expect.objectContaining({ pid: primary, webProcesses: 2 })]);

  // A web process that dies is replaced; the others serve meanwhile.
  process.kill(first!, 'SIGKILL');
  await expect.poll(() => webProcessesOf(primary).filter((pid) => pid !== first).length, { timeout: 30_000 }).toBe(2);
  expect(run.output()).toContain('a web process stopped; starting another');
  expect((await fetch(`${base}/api/v1/me`, { headers: { cookie, connection: 'close' } })).status).toBe(200);

  run.child.kill('SIGTERM');
  expect(await run.exited).toBe(0);
  expect(webProcessesOf(primary)).toEqual([]);
  expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
});

it('stops Parley and its database when the `npm start` running it gets SIGTERM, as from a container or a process manager', { timeout: 120_000 }, async () => {
  // npm start runs the build (bin/parley.js → dist/), which npm install made.
  expect(existsSync(path.resolve(import.meta.dirname, '..', 'dist', 'cli', 'index.js')), 'dist/ is missing: run npm run build').toBe(true);
  const dataDir = await mkdtemp(path.join(tmpdir(), 'parley-npm-start-'));
  dirs.push(dataDir);
  const env = { PARLEY_DATA_DIR: dataDir, PORT: String(await freePort()), PARLEY_EMBEDDED_PG_PORT: String(await freePort()), DATABASE_URL: '', LOG_LEVEL: 'info' };
  const npm = spawn('npm', ['start'], { cwd: path.resolve(import.meta.dirname, '..'), env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  npm.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  npm.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
  await waitUntilReady(`http://127.0.0.1:${env.PORT}`, { child: npm, output: () => output, exited });
  const postgres = Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
  const parley = Number(readFileSync(path.join(dataDir, 'pg-owner.pid'), 'utf8'));
  expect(isAlive(postgres) && isAlive(parley)).toBe(true);

  try {
    // The signal goes to npm alone: a shell between npm and Parley would die with it and leave Parley running.
    npm.kill('SIGTERM');
    await exited;
    await expect.poll(() => isAlive(parley), { timeout: 30_000 }).toBe(false);
    expect(isAlive(postgres)).toBe(false);
    expect(output).toContain('"msg":"shutting down"');
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
  } finally {
    // Left running by a failure here: stopped, so that it does not outlive the test.
    if (isAlive(parley)) {
      process.kill(parley, 'SIGTERM');
      await expect.poll(() => isAlive(parley), { timeout: 30_000 }).toBe(false);
    }
  }
});
