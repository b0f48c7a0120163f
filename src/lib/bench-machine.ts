// What a benchmark run needs to say about the machine it ran on. Latency and throughput figures
// measured on a shared virtual machine move with the host's load, so each bench prints, beside its
// figures, a fixed reference workload timed on the same machine just before it, and the CPU its
// processes spent per operation: two runs are comparable when their references are.
import { readdirSync, readFileSync } from 'node:fs';
import type pg from 'pg';

/** A fixed amount of the work a Node server does (objects, strings, JSON, sorting): best of `rounds`, in ms. */
export function cpuReferenceMs(rounds = 3): number {
  let best = Infinity;
  for (let round = 0; round < rounds; round += 1) {
    const started = performance.now();
    let check = 0;
    for (let pass = 0; pass < 4; pass += 1) {
      const rows = Array.from({ length: 20_000 }, (_, i) => ({ id: `cv_${(i * 7919) % 20_000}`, n: i, at: new Date(i * 1000).toISOString(), tags: ['a', String(i % 13)] }));
      const parsed = JSON.parse(JSON.stringify(rows)) as typeof rows;
      parsed.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      const byTag = new Map<string, number>();
      for (const row of parsed) byTag.set(row.tags[1]!, (byTag.get(row.tags[1]!) ?? 0) + row.n);
      check += byTag.size;
    }
    if (check !== 52) throw new Error('cpuReferenceMs: unexpected result');
    best = Math.min(best, performance.now() - started);
  }
  return Math.round(best);
}

/** Median round trip of a trivial statement to PostgreSQL, in µs: the machine's scheduling and loopback latency. */
export async function databaseRoundTripUs(pool: pg.Pool, trips = 500): Promise<number> {
  const client = await pool.connect();
  try {
    const times: number[] = [];
    for (let i = 0; i < trips; i += 1) {
      const started = performance.now();
      await client.query({ name: 'bench_round_trip', text: 'SELECT $1::int AS n', values: [i] });
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    return Math.round(times[Math.floor(times.length / 2)]! * 1000);
  } finally {
    client.release();
  }
}

/**
 * The database server's settings that move a benchmark's figures most: its shared buffers in MB (with
 * less than the working set, pages come through the OS cache) and whether autovacuum runs (without it,
 * rows a run updates leave dead versions that later reads step over).
 */
export async function databaseSettings(pool: pg.Pool): Promise<{ sharedBuffersMb: number; autovacuum: boolean }> {
  const result = await pool.query<{ mb: string; autovacuum: string }>(
    `SELECT pg_size_bytes(current_setting('shared_buffers')) / (1024 * 1024) AS mb, current_setting('autovacuum') AS autovacuum`,
  );
  return { sharedBuffersMb: Number(result.rows[0]!.mb), autovacuum: result.rows[0]!.autovacuum === 'on' };
}

/**
 * The first line of Linux's /proc/stat as CPU times in clock ticks: `total` (guest time is already
 * counted in user time), `busy` (neither idle nor waiting on I/O; it includes `steal`) and `steal`,
 * the time a virtual machine's CPUs wanted to run but the hypervisor gave to other guests. On a
 * shared host steal makes everything slower and is no work of ours.
 */
export function cpuTicksOf(line: string): { busy: number; steal: number; total: number } {
  const fields = line.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
  const total = user + nice + system + idle + iowait + irq + softirq + steal;
  return { busy: total - idle - iowait, steal, total };
}

/** The machine's CPU times so far, in clock ticks; null where there is no /proc/stat. */
function machineTicks(): { busy: number; steal: number; total: number } | null {
  try {
    return cpuTicksOf(readFileSync('/proc/stat', 'utf8').split('\n')[0]!);
  } catch {
    return null;
  }
}

/** Each live process's parent and CPU time so far (user + system, ms), from Linux's /proc. */
function processTable(): Map<number, { parent: number; cpuMs: number }> {
  const table = new Map<number, { parent: number; cpuMs: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The fields after the command name (which may hold spaces) in parentheses: ppid is the 4th of the line, utime and stime the 14th and 15th.
      const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      table.set(Number(entry), { parent: Number(after[1]), cpuMs: ((Number(after[11]) + Number(after[12])) * 1000) / TICKS_PER_SECOND });
    } catch {
      // gone meanwhile
    }
  }
  return table;
}

/** CPU time a process and its live descendants (a server's web processes) have used, in ms; null when unknown. A descendant that exits takes its share with it. */
function processTreeCpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  let table: ReturnType<typeof processTable>;
  try {
    table = processTable();
  } catch {
    return null;
  }
  if (!table.has(pid)) return null;
  const tree = new Set([pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [child, { parent }] of table) {
      if (tree.has(parent) && !tree.has(child)) {
        tree.add(child);
        grew = true;
      }
    }
  }
  return [...tree].reduce((sum, member) => sum + table.get(member)!.cpuMs, 0);
}

/** Linux's USER_HZ, which /proc reports times in: 100 on every mainstream architecture. */
const TICKS_PER_SECOND = 100;

export type CpuWindow = {
  /** Share of the machine's CPU time that was busy during the window, 0–100; null when unknown */
  machineBusyPercent: number | null;
  /** Share of the machine's CPU time the hypervisor gave to other guests (steal), 0–100, counted in the busy share; null when unknown */
  machineStealPercent: number | null;
  /** CPU time the whole machine (all cores) worked during the window, steal left out, in ms; null when unknown */
  machineBusyMs: number | null;
  /** CPU the watched process and its children spent during the window, in ms; null when unknown */
  processCpuMs: number | null;
};

/** Starts watching the machine's CPU and that of one process with its children; `stop()` returns what was spent since. */
export function watchCpu(pid?: number): { stop(): CpuWindow } {
  const machineBefore = machineTicks();
  const processBefore = processTreeCpuMs(pid);
  return {
    stop() {
      const machineAfter = machineTicks();
      const processAfter = processTreeCpuMs(pid);
      const total = machineBefore && machineAfter ? machineAfter.total - machineBefore.total : 0;
      const busy = machineBefore && machineAfter ? machineAfter.busy - machineBefore.busy : 0;
      const steal = machineBefore && machineAfter ? machineAfter.steal - machineBefore.steal : 0;
      return {
        machineBusyPercent: total > 0 ? Math.round((busy / total) * 100) : null,
        machineStealPercent: total > 0 ? Math.round((steal / total) * 100) : null,
        machineBusyMs: total > 0 ? Math.round(((busy - steal) * 1000) / TICKS_PER_SECOND) : null,
        processCpuMs: processBefore !== null && processAfter !== null ? Math.round(processAfter - processBefore) : null,
      };
    },
  };
}

/** Watches the CPU from `fromMs` to `toMs` from now (a measured window inside a longer run); `done()` gives it once the window has closed, else null. */
export function watchCpuWindow(pid: number | undefined, fromMs: number, toMs: number): { done(): CpuWindow | null } {
  let watch: ReturnType<typeof watchCpu> | null = null;
  let window: CpuWindow | null = null;
  const timers = [setTimeout(() => (watch = watchCpu(pid)), fromMs), setTimeout(() => (window = watch?.stop() ?? null), toMs)];
  return {
    done() {
      for (const timer of timers) clearTimeout(timer);
      return window;
    },
  };
}
