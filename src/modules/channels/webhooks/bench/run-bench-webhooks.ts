// `npm run bench:webhooks`: signed deliveries shaped like the fixtures, replayed at the real webhook
// endpoints of `parley start` (a scratch database, on an embedded PostgreSQL set up as `npm start`'s
// unless DATABASE_URL names a server) over keep-alive connections; reports webhooks
// acknowledged per second (each stored durably before its 200), ack latency percentiles, and how far
// processing into the inbox lags behind. Targets: ≥ 3,000/s, p99 < 50 ms.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { SecretBox } from '../../../../lib/secrets.js';
import { freePort } from '../../../../lib/free-port.js';
import { benchDatabaseServer } from '../../../inbox/bench/bench-database.js';
import { createScratchDatabase } from '../../../inbox/bench/seed-inbox.js';
import { signedDelivery, type BenchChannels, type SignedDelivery } from './signed-deliveries.js';

export type BenchWebhooksOptions = {
  seconds: number;
  connections: number;
  drainSeconds: number;
  database: string;
  serverPool: number;
  /** Keep the scratch database (and the embedded server's data folder) afterwards */
  keep: boolean;
  /** The PostgreSQL server to make the scratch database on; without it, an embedded one as `npm start` runs */
  adminUrl?: string;
  /** The embedded PostgreSQL's data folder (default parley-bench-webhooks in the OS temporary folder) */
  dataDir?: string;
  /** 'during': one `parley start` acknowledges and processes at once; 'after': a web-only process acknowledges, a worker process starts when the replay ends (the ingress alone, then the catch-up) */
  processing: 'during' | 'after';
};
export type BenchWebhooksResult = {
  processing: 'during' | 'after';
  connections: number;
  seconds: number;
  loadAverage: number;
  acknowledged: number;
  acceptedPerSec: number;
  errors: number;
  ackP50Ms: number;
  ackP95Ms: number;
  ackP99Ms: number;
  ackMaxMs: number;
  /** rows in webhook_events after the run: must equal acknowledged */
  stored: number;
  processed: number;
  /** seconds from the last acknowledgement until every stored event was processed (null: not within --drain-seconds) */
  processingLagSeconds: number | null;
  processedPerSec: number;
  messagesInInbox: number;
};

export type ServerProcess = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

export function startParleyServer(env: Record<string, string>): ServerProcess {
  const cli = path.resolve(import.meta.dirname, '..', '..', '..', '..', 'cli');
  const source = path.join(cli, 'main.ts');
  const args = existsSync(source) ? ['--import', 'tsx', source, 'start'] : [path.join(cli, 'main.js'), 'start'];
  // BENCH_SERVER_NODE_ARGS adds Node options, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", as for bench:inbox.
  const extra = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...extra, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

export async function waitUntilReady(baseUrl: string, server: ServerProcess, timeoutMs = 120_000): Promise<void> {
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

/** A workspace with a WhatsApp, an X and a Telegram channel, credentials sealed as the app stores them. */
export async function seedBenchChannels(pool: import('pg').Pool, secret: string): Promise<{ workspaceId: string; channels: BenchChannels }> {
  const box = new SecretBox(secret);
  const suffix = randomBytes(6).toString('hex');
  const workspaceId = `ws_bench_${suffix}`;
  const channels: BenchChannels = {
    whatsapp: { id: `ch_wa_${suffix}`, appSecret: randomBytes(16).toString('hex') },
    x: { id: `ch_x_${suffix}`, consumerSecret: randomBytes(24).toString('base64url') },
    telegram: { id: `ch_tg_${suffix}`, secretToken: randomBytes(16).toString('hex') },
  };
  await pool.query('INSERT INTO workspaces (id, name) VALUES ($1, $2)', [workspaceId, 'Webhook benchmark']);
  const rows: [string, string, Record<string, string>][] = [
    [channels.whatsapp.id, 'whatsapp', { appSecret: channels.whatsapp.appSecret, verifyToken: 'bench' }],
    [channels.x.id, 'x', { consumerSecret: channels.x.consumerSecret }],
    [channels.telegram.id, 'telegram', { secretToken: channels.telegram.secretToken }],
  ];
  for (const [id, type, credentials] of rows) {
    await pool.query('INSERT INTO channels (id, workspace_id, type, name, credentials) VALUES ($1, $2, $3, $4, $5)', [id, workspaceId, type, type, box.seal(JSON.stringify(credentials))]);
  }
  return { workspaceId, channels };
}

/** POSTs one delivery; resolves with the status (0 when the connection failed). */
export function deliver(agent: http.Agent, baseUrl: URL, delivery: SignedDelivery): Promise<number> {
  return new Promise((resolve) => {
    const request = http.request(
      { agent, host: baseUrl.hostname, port: baseUrl.port, method: 'POST', path: delivery.path, headers: { ...delivery.headers, 'content-length': Buffer.byteLength(delivery.body) } },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', () => resolve(0));
      },
    );
    request.on('error', () => resolve(0));
    request.end(delivery.body);
  });
}

const percentile = (sorted: number[], p: number) => (sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 10) / 10 : 0);

export async function runBenchWebhooks(options: BenchWebhooksOptions, log: (line: string) => void = () => {}): Promise<BenchWebhooksResult> {
  const databaseServer = await benchDatabaseServer(options.adminUrl, options.dataDir ?? path.join(tmpdir(), 'parley-bench-webhooks'), log);
  try {
    return await runOnServer(options, databaseServer.adminUrl, log);
  } finally {
    await databaseServer.stop(options.keep);
  }
}

async function runOnServer(options: BenchWebhooksOptions, adminUrl: string, log: (line: string) => void): Promise<BenchWebhooksResult> {
  log(`scratch database ${options.database}…`);
  const scratch = await createScratchDatabase(options.database, adminUrl);
  const dataDir = await mkdtemp(path.join(tmpdir(), 'parley-bench-webhooks-'));
  const secret = randomBytes(32).toString('hex');
  let server: ServerProcess | null = null;
  let worker: ServerProcess | null = null;
  try {
    const { channels } = await seedBenchChannels(scratch.handle.pool, secret);
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    log(`starting parley on ${baseUrl}…`);
    const env = { DATABASE_URL: scratch.url, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: baseUrl, PARLEY_SECRET: secret, PARLEY_DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_POOL_SIZE: String(options.serverPool) };
    server = startParleyServer({ ...env, PARLEY_ROLE: options.processing === 'during' ? 'all' : 'web' });
    await waitUntilReady(baseUrl, server);

    const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
    const url = new URL(baseUrl);
    const runId = Date.now().toString(36);
    let next = 0;
    // Warm-up: the channel cache, JIT, connections.
    await Promise.all(Array.from({ length: options.connections }, () => deliver(agent, url, signedDelivery(channels, `${runId}w`, next++))));
    const warmup = next;

    log(`${options.connections} connections for ${options.seconds} s…`);
    const loadAverage = Math.round(loadavg()[0]! * 10) / 10;
    const latencies: number[] = [];
    let errors = 0;
    const started = performance.now();
    const until = started + options.seconds * 1000;
    let lastAck = started;
    await Promise.all(
      Array.from({ length: options.connections }, async () => {
        while (performance.now() < until) {
          const delivery = signedDelivery(channels, runId, next++);
          const sent = performance.now();
          const status = await deliver(agent, url, delivery);
          const done = performance.now();
          if (status === 200) {
            latencies.push(done - sent);
            lastAck = Math.max(lastAck, done);
          } else errors += 1;
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    agent.destroy();
    latencies.sort((a, b) => a - b);
    const acknowledged = latencies.length;
    log(`acknowledged ${acknowledged} in ${elapsed.toFixed(1)} s; waiting for processing (up to ${options.drainSeconds} s)…`);

    if (options.processing === 'after') {
      worker = startParleyServer({ ...env, PARLEY_ROLE: 'worker', PORT: String(await freePort()) });
      lastAck = performance.now();
    }
    const count = async (where: string) => Number((await scratch.handle.pool.query<{ n: string }>(`SELECT count(*) AS n FROM webhook_events ${where}`)).rows[0]!.n);
    const stored = (await count('')) - warmup;
    let lag: number | null = null;
    const drainUntil = Date.now() + options.drainSeconds * 1000;
    while (Date.now() < drainUntil) {
      if ((await count("WHERE state = 'received'")) === 0) {
        lag = Math.round((performance.now() - lastAck) / 100) / 10;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    // The warm-up's deliveries are not counted (they may still be waiting when nothing was processed).
    const processed = Math.max(0, (await count("WHERE state <> 'received'")) - warmup);
    const processingSeconds = (performance.now() - started) / 1000;
    const messagesInInbox = Math.max(0, Number((await scratch.handle.pool.query<{ n: string }>('SELECT count(*) AS n FROM messages')).rows[0]!.n) - warmup);
    return {
      processing: options.processing,
      connections: options.connections,
      seconds: Math.round(elapsed * 10) / 10,
      loadAverage,
      acknowledged,
      acceptedPerSec: Math.round(acknowledged / elapsed),
      errors,
      ackP50Ms: percentile(latencies, 50),
      ackP95Ms: percentile(latencies, 95),
      ackP99Ms: percentile(latencies, 99),
      ackMaxMs: percentile(latencies, 100),
      stored,
      processed,
      processingLagSeconds: lag,
      processedPerSec: Math.round(processed / processingSeconds),
      messagesInInbox,
    };
  } finally {
    for (const child of [server, worker]) {
      if (child && child.child.exitCode === null) {
        child.child.kill('SIGTERM');
        await child.exited;
      }
    }
    if (options.keep) await scratch.handle.close();
    else await scratch.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export function formatBenchWebhooks(result: BenchWebhooksResult): string {
  return [
    `processing ${result.processing === 'during' ? 'while acknowledging, in the same process' : 'by a worker process started after the replay'}`,
    `webhooks acknowledged (stored durably) ${result.acceptedPerSec.toLocaleString('en')}/s over ${result.seconds} s with ${result.connections} connections (target ≥ 3,000/s); errors ${result.errors}; load average at start ${result.loadAverage}`,
    `ack latency p50 ${result.ackP50Ms} ms, p95 ${result.ackP95Ms} ms, p99 ${result.ackP99Ms} ms (target < 50 ms), max ${result.ackMaxMs} ms`,
    `stored ${result.stored} of ${result.acknowledged} acknowledged; processed ${result.processed} (${result.processedPerSec}/s), ${result.messagesInInbox} messages in the inbox`,
    `processing lag after the last ack${result.processing === 'after' ? ' (from the worker\'s start)' : ''}: ${result.processingLagSeconds === null ? 'not caught up within --drain-seconds' : `${result.processingLagSeconds} s`}`,
  ].join('\n');
}
