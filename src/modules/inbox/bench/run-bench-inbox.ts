// `parley bench inbox` (npm run bench:inbox): the contact center at the size of issue 6 on this
// machine. It seeds a scratch database (1,000,000 conversations, 10,000,000 messages by default) on
// an embedded PostgreSQL of its own, set up as `npm start`'s (or on the server given), starts the
// real server (`parley start`: the API and the job worker) as a child process, runs simulated agents
// over HTTP (queue views, opening a conversation, replying) and then inbound customer messages
// through receiveMessage with the routing rules applied, and reports the figures.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { connectDatabase } from '../../../db/client.js';
import { embeddedSharedBuffersBytes } from '../../../db/embedded.js';
import { cpuReferenceMs, databaseRoundTripUs, databaseSettings, watchCpu, watchCpuWindow, type CpuWindow } from '../../../lib/bench-machine.js';
import { freePort } from '../../../lib/free-port.js';
import { benchDatabaseServer, type BenchDatabaseServer } from './bench-database.js';
import { BenchClient, mapConcurrent, percentile, runAgents, signIn, type AgentSession } from './agent-load.js';
import { runInbound } from './inbound-load.js';
import { BENCH_PASSWORD, createScratchDatabase, openSeededDatabase, seedInbox } from './seed-inbox.js';

export type BenchInboxOptions = {
  conversations: number;
  messagesPerConversation: number;
  agents: number;
  contacts?: number;
  seconds: number;
  warmupSeconds: number;
  thinkMs: number;
  inboundSeconds: number;
  inboundConcurrency: number;
  /** Messages per receiveMessages batch (the webhook drain claims 100) */
  inboundBatch: number;
  serverPoolSize: number;
  /** The server's WEB_PROCESSES: web processes sharing its port (the worker runs in the one that starts them) */
  webProcesses: number;
  /** `build`: the server as `npm start` runs it (dist/, built first when older than src/); `sources`: through tsx, as `npm run dev` */
  server: 'build' | 'sources';
  database: string;
  keep: boolean;
  /** Use the scratch database an earlier run kept (--keep) instead of seeding again */
  reuse?: boolean;
  /** A database URL of the PostgreSQL server to make the scratch database on; without it, an embedded PostgreSQL as `npm start` runs one */
  adminUrl?: string;
  /** The embedded PostgreSQL's data folder (without adminUrl): kept by --keep for --reuse, removed otherwise (default defaultBenchDataDir()) */
  dataDir?: string;
};

/** Where the bench's embedded PostgreSQL keeps its data unless told otherwise. */
export const defaultBenchDataDir = () => path.join(tmpdir(), 'parley-bench-inbox');

export const defaultBenchInboxOptions: BenchInboxOptions = {
  conversations: 1_000_000,
  messagesPerConversation: 10,
  agents: 200,
  seconds: 60,
  warmupSeconds: 10,
  thinkMs: 1000,
  inboundSeconds: 30,
  // As one worker process drains webhooks at its default WORKER_CONCURRENCY: each nudge while a drain
  // runs queues another, so up to 4 batches are in flight.
  inboundConcurrency: 4,
  inboundBatch: 100,
  serverPoolSize: 20,
  // As `parley start` runs by default. More help where cores are left over: on a machine the run
  // keeps busy (2 cores: the agents, the server and PostgreSQL), they only share the same CPU.
  webProcesses: 1,
  server: 'build',
  database: 'parley_bench_inbox',
  keep: false,
};

/** Latencies are null when an operation got no sample (a run too short for the machine's load). */
export type BenchInboxResult = {
  conversations: number;
  messages: number;
  contacts: number;
  agents: number;
  webProcesses: number;
  /** What ran the server: the build (dist/) or the TypeScript sources through tsx */
  server: 'build' | 'sources';
  /** What the figures were measured on: an embedded PostgreSQL as `npm start` runs it, or the server given */
  database: 'embedded' | 'server';
  /** null when an earlier run's database was reused */
  seedSeconds: number | null;
  /** The machine's 1-minute load average when the agents started: other work skews the figures */
  loadAverage: number;
  /** A fixed JS workload timed just before the agents start, in ms: how fast this machine was (lower is faster) */
  cpuReferenceMs: number;
  /** Median round trip of a trivial statement to the database server, in µs */
  databaseRoundTripUs: number;
  /** The database server's shared_buffers, in MB */
  databaseSharedBuffersMb: number;
  /** What Parley's embedded database (what `npm start` runs without DATABASE_URL) would give itself on this machine, in MB */
  embeddedSharedBuffersMb: number;
  /** Whether the database server runs autovacuum (the embedded one does) */
  databaseAutovacuum: boolean;
  /** CPU the server (its web processes and worker) spent per agent request in the measured window, in ms; null when unknown */
  serverCpuMsPerRequest: number | null;
  /** How busy the whole machine was during the agents' measured window, 0–100; null when unknown */
  agentsMachineBusyPercent: number | null;
  /** Of that, the share the hypervisor gave to other guests (steal): the machine was that much slower; null when unknown */
  agentsMachineStealPercent: number | null;
  /** CPU the whole machine spent per inbound message (this process, the server's worker, PostgreSQL; steal left out), in µs; null when unknown */
  inboundMachineCpuUsPerMessage: number | null;
  agentSeconds: number;
  requestsPerSec: number;
  agentErrors: number;
  queueViewP50Ms: number | null;
  queueViewP95Ms: number | null;
  queueViewP99Ms: number | null;
  viewCountsP95Ms: number | null;
  openConversationP50Ms: number | null;
  openConversationP95Ms: number | null;
  openConversationP99Ms: number | null;
  sendReplyP50Ms: number | null;
  sendReplyP95Ms: number | null;
  sendReplyP99Ms: number | null;
  repliesPerSec: number;
  inboundMessages: number;
  inboundPerSec: number;
  inboundP95Ms: number | null;
  inboundErrors: number;
  newConversations: number;
  routedConversations: number;
};

const root = path.resolve(import.meta.dirname, '..', '..', '..', '..');
const builtCli = path.join(root, 'dist', 'cli', 'main.js');
const sourceCli = path.join(root, 'src', 'cli', 'main.ts');

/** Newest modification time of the server's sources (src/, tests left out), in ms */
function newestSourceMs(): number {
  let newest = 0;
  for (const file of readdirSync(path.join(root, 'src'), { recursive: true, encoding: 'utf8' })) {
    if (/\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file)) newest = Math.max(newest, statSync(path.join(root, 'src', file)).mtimeMs);
  }
  return newest;
}

/**
 * The server as `npm start` runs it: dist/, built again (`npm run build:server`) when a source changed
 * since. Timing the TypeScript sources through tsx would time what production does not run.
 */
async function ensureBuiltServer(log: (line: string) => void): Promise<void> {
  if (!existsSync(sourceCli)) return; // an installed package: dist/ is all there is
  if (existsSync(builtCli) && statSync(builtCli).mtimeMs >= newestSourceMs()) return;
  log('building the server (dist/ is older than src/: npm run build:server)…');
  const build = spawn(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(root, 'tsconfig.json')], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  build.stdout!.on('data', keep);
  build.stderr!.on('data', keep);
  const code = await new Promise<number | null>((resolve) => build.once('exit', resolve));
  if (code !== 0) throw new Error(`building the server failed (npm run build:server, exit ${code}):\n${output}`);
}

/**
 * `parley start` as a child process: the built CLI, or the TypeScript sources through tsx.
 * BENCH_SERVER_NODE_ARGS adds Node options to it, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" for a
 * CPU profile of the server under the agents' load.
 */
function startServer(from: BenchInboxOptions['server'], env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const args = from === 'sources' && existsSync(sourceCli) ? ['--import', 'tsx', sourceCli, 'start'] : [builtCli, 'start'];
  const extra = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...extra, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitUntilReady(baseUrl: string, server: ReturnType<typeof startServer>, timeoutMs = 120_000): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (server.child.exitCode !== null) throw new Error(`parley start exited with ${server.child.exitCode}:\n${server.output()}`);
    try {
      if ((await fetch(`${baseUrl}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`parley start was not ready within ${timeoutMs} ms:\n${server.output()}`);
}

export async function runBenchInbox(options: BenchInboxOptions, log: (line: string) => void = () => {}): Promise<BenchInboxResult> {
  const databaseServer = await benchDatabaseServer(options.adminUrl, options.dataDir ?? defaultBenchDataDir(), log);
  try {
    return await runOnServer(options, databaseServer, log);
  } finally {
    await databaseServer.stop(options.keep);
  }
}

async function runOnServer(options: BenchInboxOptions, databaseServer: BenchDatabaseServer, log: (line: string) => void): Promise<BenchInboxResult> {
  const contacts = options.contacts ?? Math.max(10, Math.round(options.conversations * 0.3));
  const { adminUrl } = databaseServer;
  const reused = options.reuse ? await openSeededDatabase(options.database, options.agents, adminUrl, log) : null;
  if (reused) log(`reusing the seeded database ${options.database}`);
  else log(`scratch database ${options.database}…`);
  const scratch = reused?.scratch ?? (await createScratchDatabase(options.database, adminUrl));
  let server: ReturnType<typeof startServer> | null = null;
  const dataDir = await mkdtemp(path.join(tmpdir(), 'parley-bench-inbox-'));
  try {
    const seeded = reused?.seeded ?? (await seedInbox(scratch.handle, { conversations: options.conversations, messagesPerConversation: options.messagesPerConversation, agents: options.agents, contacts }, log));
    if (!reused) log(`seeded ${seeded.conversations.toLocaleString('en')} conversations, ${seeded.messages.toLocaleString('en')} messages, ${contacts.toLocaleString('en')} contacts in ${seeded.seedSeconds} s`);

    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    if (options.server === 'build') await ensureBuiltServer(log);
    log(`starting parley on ${baseUrl} (${options.server === 'build' ? 'the build in dist/' : 'the sources through tsx'})…`);
    server = startServer(options.server, {
      DATABASE_URL: scratch.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: baseUrl,
      PARLEY_SECRET: randomBytes(32).toString('hex'),
      PARLEY_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      AUTH_RATE_LIMIT: '1000000',
      DATABASE_POOL_SIZE: String(options.serverPoolSize),
      WEB_PROCESSES: String(options.webProcesses),
    });
    await waitUntilReady(baseUrl, server);

    const client = new BenchClient(baseUrl, options.agents + 8);
    log(`signing in ${options.agents} agents…`);
    const sessions: AgentSession[] = await mapConcurrent(seeded.agents, 4, async (agent) => ({ memberId: agent.memberId, cookie: await signIn(client, baseUrl, agent.email, BENCH_PASSWORD) }));

    const reference = { cpuMs: cpuReferenceMs(), roundTripUs: await databaseRoundTripUs(scratch.handle.pool), ...(await databaseSettings(scratch.handle.pool)) };
    log(`machine: reference workload ${reference.cpuMs} ms, database round trip ${reference.roundTripUs} µs, shared_buffers ${reference.sharedBuffersMb} MB, autovacuum ${reference.autovacuum ? 'on' : 'off'}`);

    log(`${options.agents} agents for ${options.seconds} s (after ${options.warmupSeconds} s of warm-up), think time ~${options.thinkMs} ms…`);
    const loadAverage = Math.round(loadavg()[0]! * 10) / 10;
    // The server's CPU over the measured window, which starts after the warm-up.
    const agentsWatch = watchCpuWindow(server.child.pid, options.warmupSeconds * 1000, (options.warmupSeconds + options.seconds) * 1000);
    const load = await runAgents(client, seeded.workspaceId, sessions, { seconds: options.seconds, warmupSeconds: options.warmupSeconds, thinkMs: options.thinkMs });
    const agentsWindow = agentsWatch.done();
    client.close();
    for (const example of load.errorExamples) log(`  error: ${example}`);

    log(`inbound messages through receiveMessages for ${options.inboundSeconds} s, in batches of ${options.inboundBatch}, ${options.inboundConcurrency} batches at once…`);
    const inboundDb = connectDatabase(scratch.url, options.inboundConcurrency + 4);
    let inbound;
    let inboundCpu: CpuWindow | null = null;
    let routed = 0;
    try {
      const before = await inboundDb.pool.query<{ id: string }>(`SELECT coalesce(max(id), 0) AS id FROM conversation_events`);
      const inboundWatch = watchCpu();
      inbound = await runInbound(inboundDb.db, seeded.workspaceId, { seconds: options.inboundSeconds, concurrency: options.inboundConcurrency, batch: options.inboundBatch, runId: `r${Date.now().toString(36)}` });
      inboundCpu = inboundWatch.stop();
      // Conversations this run opened that a routing rule applied to (the last rule catches every channel).
      const after = await inboundDb.pool.query<{ n: number }>(
        `SELECT count(DISTINCT e.conversation_id)::int AS n FROM conversation_events e
          WHERE e.id > $1 AND e.type = 'routing.applied'
            AND EXISTS (SELECT 1 FROM conversation_events c WHERE c.conversation_id = e.conversation_id AND c.type = 'created' AND c.id > $1)`,
        [before.rows[0]!.id],
      );
      routed = after.rows[0]!.n;
    } finally {
      await inboundDb.close();
    }
    for (const example of inbound.errorExamples) log(`  inbound error: ${example}`);

    const s = load.samples;
    return {
      conversations: seeded.conversations,
      messages: seeded.messages,
      contacts: seeded.contacts,
      agents: options.agents,
      webProcesses: options.webProcesses,
      server: options.server,
      database: databaseServer.embedded ? 'embedded' : 'server',
      seedSeconds: reused ? null : seeded.seedSeconds,
      loadAverage,
      cpuReferenceMs: reference.cpuMs,
      databaseRoundTripUs: reference.roundTripUs,
      databaseSharedBuffersMb: reference.sharedBuffersMb,
      embeddedSharedBuffersMb: Math.floor(embeddedSharedBuffersBytes() / 1024 ** 2),
      databaseAutovacuum: reference.autovacuum,
      serverCpuMsPerRequest: agentsWindow?.processCpuMs != null && load.requests > 0 ? Math.round((agentsWindow.processCpuMs / load.requests) * 100) / 100 : null,
      agentsMachineBusyPercent: agentsWindow?.machineBusyPercent ?? null,
      agentsMachineStealPercent: agentsWindow?.machineStealPercent ?? null,
      inboundMachineCpuUsPerMessage: inboundCpu?.machineBusyMs != null && inbound.messages > 0 ? Math.round((inboundCpu.machineBusyMs * 1000) / inbound.messages) : null,
      agentSeconds: options.seconds,
      requestsPerSec: Math.round(load.requests / options.seconds),
      agentErrors: load.errors,
      queueViewP50Ms: percentile(s.queueView, 50),
      queueViewP95Ms: percentile(s.queueView, 95),
      queueViewP99Ms: percentile(s.queueView, 99),
      viewCountsP95Ms: percentile(s.viewCounts, 95),
      openConversationP50Ms: percentile(s.openConversation, 50),
      openConversationP95Ms: percentile(s.openConversation, 95),
      openConversationP99Ms: percentile(s.openConversation, 99),
      sendReplyP50Ms: percentile(s.sendReply, 50),
      sendReplyP95Ms: percentile(s.sendReply, 95),
      sendReplyP99Ms: percentile(s.sendReply, 99),
      repliesPerSec: Math.round((s.sendReply.length / options.seconds) * 10) / 10,
      inboundMessages: inbound.messages,
      inboundPerSec: Math.round(inbound.messages / inbound.seconds),
      inboundP95Ms: percentile(inbound.latenciesMs, 95),
      inboundErrors: inbound.errors,
      newConversations: inbound.newConversations,
      routedConversations: routed,
    };
  } finally {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      const timer = setTimeout(() => server?.child.kill('SIGKILL'), 15_000);
      await server.exited;
      clearTimeout(timer);
    }
    await rm(dataDir, { recursive: true, force: true });
    if (options.keep) await scratch.handle.close();
    else await scratch.drop();
  }
}

const TARGETS: Partial<Record<keyof BenchInboxResult, [string, number]>> = {
  queueViewP95Ms: ['<', 100],
  openConversationP95Ms: ['<', 100],
  sendReplyP95Ms: ['<', 150],
  inboundPerSec: ['≥', 2000],
};

/**
 * The database server beside what `npm start`'s embedded one would be here. A server left at
 * PostgreSQL's default 128 MB reads most of a million conversations through the OS cache: with 200
 * agents on this machine, back to back, 128 MB then 4 GB gave queue view p95 75.5 → 62.1 ms, reply
 * 187.7 → 157.2 ms and inbound 1,579 → 1,852 messages/s (the second run on a slower moment). A server
 * without autovacuum keeps every dead row version the runs leave (the job queue's, the conversations'
 * replied to) until the next run vacuums at its start.
 */
function databaseNote(result: BenchInboxResult): string {
  const setting = `shared_buffers ${result.databaseSharedBuffersMb.toLocaleString('en')} MB, autovacuum ${result.databaseAutovacuum ? 'on' : 'off'}`;
  if (result.database === 'embedded') return `embedded PostgreSQL, as npm start runs it: ${setting}`;
  const unlike = [
    ...(result.databaseSharedBuffersMb < result.embeddedSharedBuffersMb ? [`shared_buffers ${result.embeddedSharedBuffersMb.toLocaleString('en')} MB`] : []),
    ...(result.databaseAutovacuum ? [] : ['autovacuum on']),
  ];
  if (unlike.length === 0) return `the server given: ${setting}, as the embedded database runs here`;
  return `the server given: ${setting}; the embedded database (npm start) runs with ${unlike.join(' and ')} here: these figures are for a server unlike Parley's default`;
}

export function formatBenchInbox(result: BenchInboxResult): string {
  const target = (key: keyof BenchInboxResult) => {
    const t = TARGETS[key];
    if (!t) return '';
    const value = result[key] as number | null;
    if (value === null) return '';
    const met = t[0] === '<' ? value < t[1] : value >= t[1];
    return `   (target ${t[0]} ${t[1]}: ${met ? 'met' : 'MISSED'})`;
  };
  const time = (value: number | null) => (value === null ? 'n/a' : `${value} ms`);
  const ms = (key: 'queueView' | 'openConversation' | 'sendReply') =>
    `p50 ${time(result[`${key}P50Ms`])}, p95 ${time(result[`${key}P95Ms`])}, p99 ${time(result[`${key}P99Ms`])}${target(`${key}P95Ms`)}`;
  const rows: [string, string][] = [
    ['seeded', `${result.conversations.toLocaleString('en')} conversations, ${result.messages.toLocaleString('en')} messages, ${result.contacts.toLocaleString('en')} contacts ${result.seedSeconds === null ? '(reused)' : `in ${result.seedSeconds} s`}`],
    ['machine', `reference workload ${result.cpuReferenceMs} ms, database round trip ${result.databaseRoundTripUs} µs (lower is faster: compare runs on these)`],
    ['database', databaseNote(result)],
    ['agents', `${result.agents} over HTTP for ${result.agentSeconds} s to ${result.webProcesses} web process${result.webProcesses === 1 ? '' : 'es'} (${result.server === 'build' ? 'the build' : 'sources through tsx'}): ${result.requestsPerSec} requests/s, ${result.agentErrors} errors (load average ${result.loadAverage})`],
    ['server CPU', `${result.serverCpuMsPerRequest ?? 'n/a'} ms per request; machine ${result.agentsMachineBusyPercent ?? 'n/a'} % busy, ${result.agentsMachineStealPercent ?? 'n/a'} % stolen by the hypervisor (counted in busy)`],
    ['queue view', ms('queueView')],
    ['view counts', `p95 ${time(result.viewCountsP95Ms)}`],
    ['open conversation', ms('openConversation')],
    ['send reply', `${ms('sendReply')}; ${result.repliesPerSec} replies/s`],
    ['inbound (receiveMessages)', `${result.inboundPerSec} messages/s, batch p95 ${time(result.inboundP95Ms)}, ${result.inboundErrors} errors${target('inboundPerSec')}`],
    ['inbound CPU', `${result.inboundMachineCpuUsPerMessage ?? 'n/a'} µs of machine CPU per message`],
    ['routing', `${result.routedConversations} of ${result.newConversations} new conversations routed by a rule`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n');
}
