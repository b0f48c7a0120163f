import pg from 'pg';
import { connectDatabase } from '../src/db/client.js';
import { runInbound } from '../src/modules/inbox/bench/inbound-load.js';
const stats = new Map<string, { n: number; ms: number }>();
const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
(pg.Client.prototype as unknown as { query: unknown }).query = function (this: unknown, ...args: unknown[]) {
  const config = args[0] as string | { text: string; name?: string };
  const text = typeof config === 'string' ? config : config.text;
  const key = (text ?? '').replace(/\s+/g, ' ').slice(0, 90);
  const started = performance.now();
  const result = original.apply(this, args) as Promise<unknown> | undefined;
  if (result && typeof (result as Promise<unknown>).then === 'function') {
    return (result as Promise<unknown>).finally(() => {
      const s = stats.get(key) ?? { n: 0, ms: 0 };
      s.n += 1; s.ms += performance.now() - started;
      stats.set(key, s);
    });
  }
  return result;
};
const url = process.env.URL ?? 'postgres://postgres@127.0.0.1:5432/parley_bench_inbox';
const db = connectDatabase(url, 8);
const concurrency = Number(process.env.C ?? 1);
const result = await runInbound(db.db, 'ws_bench_inbox', { seconds: Number(process.env.S ?? 15), concurrency, batch: Number(process.env.B ?? 100), runId: `p${Date.now().toString(36)}` });
console.log(result.messages / result.seconds, 'msg/s', result.errors, result.errorExamples);
const total = [...stats.values()].reduce((a, s) => a + s.ms, 0);
for (const [k, s] of [...stats].sort((a, b) => b[1].ms - a[1].ms).slice(0, 30)) console.log(s.ms.toFixed(0).padStart(7), (s.ms / total * 100).toFixed(1).padStart(5) + '%', String(s.n).padStart(6), k);
await db.close();
