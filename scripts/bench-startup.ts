// npm run bench:startup — time from `parley start` to a ready /readyz, cold (a new data folder:
// initdb + migrations) and warm (the same folder again), and the memory of the idle server.
// Uses the built server (npm run build) and the embedded PostgreSQL, as `npm start` does.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

async function rssKb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

/** Proportional set size: shared memory split among the processes that share it, so a sum is honest. */
async function pssKb(pid: number): Promise<number> {
  const rollup = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8');
  return Number(/Pss:\s+(\d+)/.exec(rollup)?.[1] ?? 0);
}

/** The postmaster (first line of postmaster.pid) and its backends. */
async function postgresPids(dataDir: string): Promise<number[]> {
  const postmaster = Number((await readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0]);
  let children: number[] = [];
  try {
    children = execFileSync('pgrep', ['-P', String(postmaster)], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
  } catch {
    // no backends
  }
  return [postmaster, ...children];
}

async function startOnce(dataDir: string, measureMemory: boolean) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(root, 'bin/parley.js'), 'start', '--port', String(port)], {
    env: { ...process.env, PARLEY_DATA_DIR: dataDir, PARLEY_EMBEDDED_PG_PORT: String(await freePort()), LOG_LEVEL: 'warn', DATABASE_URL: '' },
    stdio: 'ignore',
  });
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) break;
    } catch {
      // not yet
    }
    if (child.exitCode !== null) throw new Error('parley exited before it was ready');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const readyMs = performance.now() - started;
  let memory: { nodeRssMB: number; postgresPssMB: number } | null = null;
  if (measureMemory) {
    await new Promise((resolve) => setTimeout(resolve, 10_000)); // idle: worker polling, cron armed
    const pgKb = (await Promise.all((await postgresPids(dataDir)).map((pid) => pssKb(pid).catch(() => 0)))).reduce((a, b) => a + b, 0);
    memory = { nodeRssMB: Math.round((await rssKb(child.pid!)) / 102.4) / 10, postgresPssMB: Math.round(pgKb / 102.4) / 10 };
  }
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  return { readyMs: Math.round(readyMs), memory };
}

const dataDir = await mkdtemp(path.join(tmpdir(), 'parley-bench-'));
try {
  const cold = await startOnce(dataDir, false);
  const warmRuns = [];
  for (let i = 0; i < 3; i++) warmRuns.push(await startOnce(dataDir, i === 2));
  const warm = warmRuns.map((run) => run.readyMs).sort((a, b) => a - b);
  console.log(JSON.stringify({ coldReadyMs: cold.readyMs, warmReadyMs: warm[1], warmRunsMs: warm, idle: warmRuns[2]!.memory }, null, 2));
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
