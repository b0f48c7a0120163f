// Entry point of `npm run bench:webhooks [--seconds 20] [--connections 100] [--drain-seconds 300] [--processing during|after] [--data-dir DIR] [--keep] [--json]`.
// Without DATABASE_URL it runs on an embedded PostgreSQL of its own, as `npm start` does.
import { parseArgs } from 'node:util';
import { formatBenchWebhooks, runBenchWebhooks } from './run-bench-webhooks.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '20' },
    connections: { type: 'string', default: '100' },
    'drain-seconds': { type: 'string', default: '300' },
    'server-pool': { type: 'string', default: '20' },
    database: { type: 'string', default: 'parley_bench_webhooks' },
    keep: { type: 'boolean', default: false },
    'data-dir': { type: 'string' },
    processing: { type: 'string', default: 'during' },
    json: { type: 'boolean', default: false },
  },
});
const positive = (name: string, value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`bench:webhooks: --${name} must be a positive integer\n`);
    process.exit(2);
  }
  return n;
};
if (values.processing !== 'during' && values.processing !== 'after') {
  process.stderr.write('bench:webhooks: --processing is during (one process acknowledges and processes) or after (web-only ingress, then a worker catches up)\n');
  process.exit(2);
}
if (values['data-dir'] && process.env.DATABASE_URL) {
  process.stderr.write("bench:webhooks: --data-dir is the embedded PostgreSQL's folder, and DATABASE_URL is set (the bench then runs on that server): drop one of them\n");
  process.exit(2);
}
const result = await runBenchWebhooks(
  {
    seconds: positive('seconds', values.seconds),
    connections: positive('connections', values.connections),
    drainSeconds: positive('drain-seconds', values['drain-seconds']),
    serverPool: positive('server-pool', values['server-pool']),
    database: values.database,
    keep: values.keep,
    processing: values.processing,
    ...(process.env.DATABASE_URL ? { adminUrl: process.env.DATABASE_URL } : {}),
    ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
  },
  values.json ? undefined : (line) => process.stderr.write(`${line}\n`),
);
process.stdout.write(values.json ? `${JSON.stringify(result)}\n` : `${formatBenchWebhooks(result)}\n`);
