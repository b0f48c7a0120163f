// npm run bench:crm — seeds a workspace with 1,000,000 contacts (3 identities each) and measures, on
// this machine: search by handle, email and phone (p95), a filtered list page (p95), resolveIdentity
// calls per second under concurrency, and CSV import rows per second.
//   npm run bench:crm -- [--contacts 1000000] [--import-rows 50000] [--resolve-seconds 10] [--json]
// Uses DATABASE_URL's server when set (in a new database it drops afterwards), else an embedded one.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import pino from 'pino';
import { connectDatabase, type DatabaseHandle } from '../src/db/client.js';
import { startEmbeddedDatabase } from '../src/db/embedded.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { cpuReferenceMs, databaseRoundTripUs } from '../src/lib/bench-machine.js';
import { seededRandom } from '../src/lib/seeded-random.js';
import { resolveIdentity } from '../src/modules/contacts/commands/resolve-identity.js';
import { listContacts } from '../src/modules/contacts/list-contacts.js';
import { contactListQuerySchema } from '../src/modules/contacts/filters.js';
import { systemActor } from '../src/server/context.js';
import { benchImport } from './bench-crm-import.js';

const { values: args } = parseArgs({
  options: {
    contacts: { type: 'string', default: '1000000' },
    'import-rows': { type: 'string', default: '50000' },
    'resolve-seconds': { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '16' },
    'new-share': { type: 'string', default: '0.5' },
    json: { type: 'boolean', default: false },
  },
});
const N = Number(args.contacts);
const log = (message: string) => {
  if (!args.json) process.stderr.write(`${message}\n`);
};

const percentile = (samples: number[], p: number) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 100) / 100;
};

async function timed<T>(fn: () => Promise<T>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

async function openBenchDatabase(): Promise<{ url: string; close(): Promise<void> }> {
  if (process.env.DATABASE_URL) {
    const name = `parley_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      close: async () => {
        const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await client.end();
      },
    };
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), 'parley-bench-crm-'));
  const embedded = await startEmbeddedDatabase({ dataDir, port: 54000 + Math.floor(Math.random() * 900), osUser: process.env.PARLEY_PG_OS_USER ?? 'postgres', logger: pino({ level: 'warn' }) });
  return {
    url: embedded.url,
    close: async () => {
      await embedded.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

const FIRST = ['james', 'maria', 'wei', 'fatima', 'olga', 'lucas', 'aiko', 'noah', 'sofia', 'arjun', 'chloe', 'mateo', 'amara', 'liam', 'yara', 'ivan', 'emma', 'omar', 'lea', 'kenji'];
const LAST = ['smith', 'garcia', 'chen', 'khan', 'ivanova', 'silva', 'tanaka', 'brown', 'rossi', 'patel', 'martin', 'lopez', 'okafor', 'murphy', 'haddad', 'petrov', 'muller', 'ali', 'dubois', 'sato'];

async function seed(database: DatabaseHandle, workspaceId: string) {
  const pool = database.pool;
  // Names, handles, emails and phones derived from the row number: unique keys, realistic shapes.
  const first = `(ARRAY[${FIRST.map((n) => `'${n}'`).join(',')}])[1 + (g % ${FIRST.length})]`;
  const last = `(ARRAY[${LAST.map((n) => `'${n}'`).join(',')}])[1 + ((g / ${FIRST.length}) % ${LAST.length})]`;
  const chunk = 100_000;
  for (let start = 0; start < N; start += chunk) {
    const end = Math.min(N, start + chunk);
    const began = performance.now();
    await pool.query(
      `INSERT INTO contacts (id, workspace_id, name, first_name, last_name, email, phone, lifecycle_stage, source, tags, followers_total, influence_score, engagement_score, interaction_count, last_interaction_at, created_at, updated_at)
       SELECT 'ct_b' || g, $1, initcap(${first}) || ' ' || initcap(${last}), initcap(${first}), initcap(${last}),
              ${first} || '.' || ${last} || g || '@mail' || (g % 50) || '.test',
              '+1415' || lpad((1000000 + g)::text, 7, '0'),
              (ARRAY['subscriber','lead','qualified','opportunity','customer','advocate','churned'])[1 + (g % 7)],
              (ARRAY['channel','mention','conversation','referral','import','manual'])[1 + (g % 6)],
              CASE WHEN g % 10 = 0 THEN ARRAY['vip'] WHEN g % 3 = 0 THEN ARRAY['newsletter'] ELSE ARRAY[]::text[] END,
              (g::bigint * 7919) % 200000, ((g * 31) % 1000) / 10.0, ((g * 17) % 100) / 100.0, g % 40,
              now() - ((g % 365) || ' days')::interval, now() - ((g % 730) || ' days')::interval, now()
         FROM generate_series($2::int, $3::int) g`,
      [workspaceId, start, end - 1],
    );
    await pool.query(
      `INSERT INTO identities (id, workspace_id, contact_id, channel, external_id, handle, followers, created_at, updated_at)
       SELECT 'idn_b' || g || '_' || k, $1, 'ct_b' || g,
              (ARRAY['email','twitter','phone'])[k],
              CASE k WHEN 1 THEN ${first} || '.' || ${last} || g || '@mail' || (g % 50) || '.test'
                     WHEN 2 THEN (10000000 + g)::text
                     ELSE '+1415' || lpad((1000000 + g)::text, 7, '0') END,
              CASE k WHEN 1 THEN ${first} || '.' || ${last} || g || '@mail' || (g % 50) || '.test'
                     WHEN 2 THEN ${first} || '_' || ${last} || g
                     ELSE '+1415' || lpad((1000000 + g)::text, 7, '0') END,
              CASE k WHEN 2 THEN (g::bigint * 7919) % 200000 END, now(), now()
         FROM generate_series($2::int, $3::int) g, generate_series(1, 3) k`,
      [workspaceId, start, end - 1],
    );
    log(`  seeded ${end.toLocaleString()} contacts (${Math.round(performance.now() - began)} ms for this chunk)`);
  }
  // Settled as autovacuum and the checkpointer would leave it after such a load: vacuumed and analyzed
  // (hint bits set, pages all-visible), then checkpointed, so the load's writes are not still going
  // out while searches are timed (where the user may not checkpoint, the run goes on).
  await pool.query('VACUUM (ANALYZE) contacts, identities');
  await pool.query('CHECKPOINT').catch((error: Error) => log(`no checkpoint after the load: ${error.message}`));
}

async function main() {
  const bench = await openBenchDatabase();
  const database = connectDatabase(bench.url, 40);
  try {
    log('migrating…');
    await migrateDatabase(database.db, database.pool);
    const workspaceId = 'ws_bench';
    await database.pool.query(`INSERT INTO workspaces (id, name) VALUES ($1, 'Bench Co')`, [workspaceId]);
    log(`seeding ${N.toLocaleString()} contacts with 3 identities each…`);
    const seedStarted = performance.now();
    await seed(database, workspaceId);
    const seedSeconds = Math.round((performance.now() - seedStarted) / 100) / 10;

    const random = seededRandom(42);
    const pick = () => Math.floor(random() * N);
    const list = (query: Record<string, unknown>) => listContacts(database.db, workspaceId, contactListQuerySchema.parse(query));
    const nameOf = (g: number) => `${FIRST[g % FIRST.length]}`;
    const lastOf = (g: number) => `${LAST[Math.floor(g / FIRST.length) % LAST.length]}`;

    // Warm up the caches the way a running server would be.
    for (let i = 0; i < 50; i++) await list({ q: `@${nameOf(pick())}_${lastOf(pick())}${pick()}` });

    // How fast this machine was just now: runs compare on these (lower is faster).
    const machine = { cpuReferenceMs: cpuReferenceMs(), databaseRoundTripUs: await databaseRoundTripUs(database.pool) };
    log(`machine: reference workload ${machine.cpuReferenceMs} ms, database round trip ${machine.databaseRoundTripUs} µs`);

    log('searching…');
    const searches: Record<'handle' | 'email' | 'phone' | 'name', number[]> = { handle: [], email: [], phone: [], name: [] };
    for (let i = 0; i < 200; i++) {
      const g = pick();
      searches.handle.push(await timed(() => list({ q: `@${nameOf(g)}_${lastOf(g)}${g}`, limit: 20 })));
      searches.email.push(await timed(() => list({ q: `${nameOf(g)}.${lastOf(g)}${g}@mail${g % 50}.test`, limit: 20 })));
      searches.phone.push(await timed(() => list({ q: `+1 415 ${String(1000000 + g).slice(0, 3)} ${String(1000000 + g).slice(3)}`, limit: 20 })));
      searches.name.push(await timed(() => list({ q: `${lastOf(g)} ${nameOf(g)}`.slice(0, 6), limit: 20 })));
    }

    log('listing with filters…');
    const filtered: number[] = [];
    const stages = ['lead', 'customer', 'qualified'];
    for (let i = 0; i < 150; i++) {
      const kind = i % 3;
      const query =
        kind === 0
          ? { lifecycleStage: stages[i % stages.length], sort: 'influenceScore', order: 'desc', limit: 50 }
          : kind === 1
            ? { tag: 'vip', sort: 'lastInteractionAt', order: 'desc', limit: 50 }
            : { filter: JSON.stringify({ match: 'all', conditions: [{ field: 'followersTotal', op: 'gt', value: 150000 }, { field: 'lifecycleStage', op: 'in', value: ['customer', 'advocate'] }] }), sort: 'createdAt', limit: 50 };
      // Every third query asks for the next page too, as scrolling does.
      filtered.push(await timed(async () => {
        const first = await list(query);
        if (i % 3 === 0 && first.nextCursor) await list({ ...query, cursor: first.nextCursor });
      }));
    }

    log('resolving identities under concurrency…');
    const actor = systemActor('bench');
    const seconds = Number(args['resolve-seconds']);
    const deadline = performance.now() + seconds * 1000;
    let calls = 0;
    let created = 0;
    let counter = 0;
    const worker = async () => {
      while (performance.now() < deadline) {
        const n = counter++;
        // Known people (a repeat mention) and new ones (a first message), mixed as --new-share says.
        const identity = (n * 0.618034) % 1 >= Number(args['new-share'])
          ? { channel: 'twitter' as const, externalId: String(10000000 + pick()), followers: n % 1000 }
          : { channel: 'mastodon' as const, handle: `newcomer${n}@example.social`, displayName: `Newcomer ${n}` };
        const result = await resolveIdentity(database.db, workspaceId, actor, { identity });
        calls++;
        if (result.createdContact) created++;
      }
    };
    const resolveStarted = performance.now();
    await Promise.all(Array.from({ length: Number(args.concurrency) }, worker));
    const resolvePerSec = Math.round(calls / ((performance.now() - resolveStarted) / 1000));

    log('importing a CSV…');
    const importResult = await benchImport(database, workspaceId, Number(args['import-rows']));

    const result = {
      contacts: N,
      identities: N * 3,
      seedSeconds,
      machine,
      searchP95Ms: { handle: percentile(searches.handle, 95), email: percentile(searches.email, 95), phone: percentile(searches.phone, 95), name: percentile(searches.name, 95) },
      searchP50Ms: { handle: percentile(searches.handle, 50), email: percentile(searches.email, 50), phone: percentile(searches.phone, 50), name: percentile(searches.name, 50) },
      filteredListP95Ms: percentile(filtered, 95),
      filteredListP50Ms: percentile(filtered, 50),
      resolveIdentityPerSec: resolvePerSec,
      resolveIdentityCalls: calls,
      resolveIdentityCreatedContacts: created,
      importRows: importResult.rows,
      importRowsPerSec: importResult.rowsPerSec,
      importPhasesMs: importResult.phases,
      targets: { searchP95Ms: 50, filteredListP95Ms: 100, importRowsPerSec: 5000, resolveIdentityPerSec: 2000 },
    };
    process.stdout.write(`${JSON.stringify(result, null, args.json ? 0 : 2)}\n`);
  } finally {
    await database.close();
    await bench.close();
  }
}

await main();
