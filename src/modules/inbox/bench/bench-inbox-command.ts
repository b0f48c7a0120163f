// The `parley bench inbox` subcommand's options and help; the benchmark itself is loaded only when it runs.
import { InvalidArgumentError, Option, type Command } from 'commander';

/** A positive integer option (underscores allowed, as in 1_000_000); commander reports a bad one as a usage error. */
const count = (value: string): number => {
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer.');
  return n;
};

export function registerBenchInbox(bench: Command): void {
  bench
    .command('inbox')
    .description(
      'The inbox at scale: seeds a scratch database with the given conversations and messages, on an embedded PostgreSQL set up as `npm start` sets up its own (data in --data-dir), or on DATABASE_URL\'s server when set; ' +
        'starts `parley start` on a free port, runs signed-in agents over HTTP (queue views, opening a conversation, replying) and then inbound messages through receiveMessages in batches with routing rules; ' +
        'prints p50/p95/p99 per operation, throughput and seeding time (targets: queue view and open p95 < 100 ms, reply p95 < 150 ms, inbound ≥ 2,000/s). The scratch database (and the embedded PostgreSQL\'s data folder) is removed afterwards unless --keep.',
    )
    .option('--conversations <n>', 'conversations to seed', count, 1_000_000)
    .option('--messages-per-conversation <n>', 'average messages per conversation', count, 10)
    .option('--agents <n>', 'simulated agents, each with its own session (at least 9)', count, 200)
    .option('--contacts <n>', 'contacts to seed (default: 30% of conversations)', count)
    .option('--seconds <n>', 'how long the agents run (measured)', count, 60)
    .option('--warmup <n>', 'seconds of agent load before measuring', (value) => (value === '0' ? 0 : count(value)), 10)
    .option('--think-ms <n>', 'mean think time of an agent between two steps', count, 1000)
    .option('--inbound-seconds <n>', 'how long inbound messages are sent', count, 30)
    .option('--inbound-concurrency <n>', 'inbound batches in flight at once (as a worker draining webhooks at WORKER_CONCURRENCY 4)', count, 4)
    .option('--inbound-batch <n>', 'inbound messages per batch (the webhook drain claims 100)', count, 100)
    .option('--server-pool <n>', "the server's DATABASE_POOL_SIZE (per process)", count, 20)
    .option('--web-processes <n>', "the server's WEB_PROCESSES: web processes sharing its port", count, 1)
    .addOption(new Option('--server <from>', 'run the server as built (dist/, as npm start; built first when older than src/) or from the TypeScript sources through tsx').choices(['build', 'sources']).default('build'))
    .option('--database <name>', 'name of the scratch database (replaced if it exists)', 'parley_bench_inbox')
    .option('--data-dir <dir>', "the embedded PostgreSQL's data folder, when DATABASE_URL is unset (default: parley-bench-inbox in the OS temporary folder)")
    .option('--keep', 'keep the scratch database afterwards (to EXPLAIN queries on it, or --reuse it)')
    .option('--reuse', 'use the database a --keep run left instead of seeding again (seedSeconds is then null)')
    .option('--json', 'print one JSON object instead of a table')
    .action(async (options: { conversations: number; messagesPerConversation: number; agents: number; contacts?: number; seconds: number; warmup: number; thinkMs: number; inboundSeconds: number; inboundConcurrency: number; inboundBatch: number; serverPool: number; webProcesses: number; server: 'build' | 'sources'; database: string; dataDir?: string; keep?: boolean; reuse?: boolean; json?: boolean }) => {
      if (options.agents < 9) {
        process.stderr.write('parley: --agents: at least 9 (five teams of agents).\n');
        throw new InvalidArgumentError('--agents: at least 9 (five teams of agents).');
      }
      if (options.dataDir && process.env.DATABASE_URL) {
        process.stderr.write('parley: --data-dir is the embedded PostgreSQL\'s folder, and DATABASE_URL is set (the bench then runs on that server): drop one of them.\n');
        throw new InvalidArgumentError('--data-dir with DATABASE_URL set');
      }
      const { formatBenchInbox, runBenchInbox } = await import('./run-bench-inbox.js');
      const log = options.json ? undefined : (line: string) => process.stderr.write(`${line}\n`);
      const result = await runBenchInbox(
        {
          conversations: options.conversations,
          messagesPerConversation: options.messagesPerConversation,
          agents: options.agents,
          ...(options.contacts ? { contacts: options.contacts } : {}),
          seconds: options.seconds,
          warmupSeconds: options.warmup,
          thinkMs: options.thinkMs,
          inboundSeconds: options.inboundSeconds,
          inboundConcurrency: options.inboundConcurrency,
          inboundBatch: options.inboundBatch,
          serverPoolSize: options.serverPool,
          webProcesses: options.webProcesses,
          server: options.server,
          database: options.database,
          ...(process.env.DATABASE_URL ? { adminUrl: process.env.DATABASE_URL } : {}),
          ...(options.dataDir ? { dataDir: options.dataDir } : {}),
          keep: Boolean(options.keep),
          reuse: Boolean(options.reuse),
        },
        log,
      );
      process.stdout.write(options.json ? `${JSON.stringify(result)}\n` : `${formatBenchInbox(result)}\n`);
    });
}
