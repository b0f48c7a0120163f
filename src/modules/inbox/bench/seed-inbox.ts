// The inbox benchmark's data: a scratch database (dropped and made again each run) and one workspace
// seeded with set-based SQL (INSERT … SELECT generate_series), so a million conversations and ten
// million messages take minutes, not hours. Everything derives from the row number through a small
// integer hash, so every run seeds the same inbox.
import pg from 'pg';
import { hashPassword } from 'better-auth/crypto';
import { connectDatabase, type DatabaseHandle } from '../../../db/client.js';
import { migrateDatabase } from '../../../db/migrate.js';

export const BENCH_WORKSPACE_ID = 'ws_bench_inbox';
export const BENCH_PASSWORD = 'bench-inbox-password';
export const BENCH_TEAMS = ['Social Care', 'Support', 'Sales', 'Billing', 'Returns'] as const;
/** Channel accounts and their share of conversations (per cent). */
export const BENCH_CHANNELS = [
  { id: 'ch_bench_webchat', type: 'webchat', name: 'Website chat', share: 40 },
  { id: 'ch_bench_x', type: 'x', name: 'X @lumen', share: 20 },
  { id: 'ch_bench_instagram', type: 'instagram', name: 'Instagram @lumen', share: 15 },
  { id: 'ch_bench_email', type: 'email', name: 'support@lumen.test', share: 15 },
  { id: 'ch_bench_whatsapp', type: 'whatsapp', name: 'WhatsApp', share: 10 },
] as const;

export type SeedOptions = { conversations: number; messagesPerConversation: number; agents: number; contacts: number };
export type BenchAgent = { memberId: string; email: string; teamId: string };
export type SeededInbox = { workspaceId: string; agents: BenchAgent[]; teamIds: string[]; channelIds: string[]; contacts: number; conversations: number; messages: number; seedSeconds: number };

export type ScratchDatabase = { url: string; handle: DatabaseHandle; drop(): Promise<void> };

const defaultAdminUrl = () => process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const withDatabase = (url: string, name: string) => {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
};

/** The scratch database of an earlier run (`--reuse`), when it holds a seeded bench workspace. */
export async function openSeededDatabase(name: string, agents: number, adminUrl = defaultAdminUrl(), log: (line: string) => void = () => {}): Promise<{ scratch: ScratchDatabase; seeded: SeededInbox } | null> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const exists = (await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).rowCount;
  await admin.end();
  if (!exists) return null;
  const url = withDatabase(adminUrl, name);
  const handle = connectDatabase(url, 4);
  // Migrations that came since it was seeded (new indexes) apply to it first.
  await migrateDatabase(handle.db, handle.pool);
  const { rows } = await handle.pool.query<{ conversations: number; contacts: number; members: number }>(
    `SELECT (SELECT count(*)::int FROM conversations WHERE workspace_id = $1) AS conversations, (SELECT count(*)::int FROM contacts WHERE workspace_id = $1) AS contacts,
            (SELECT count(*)::int FROM members WHERE workspace_id = $1) AS members`,
    [BENCH_WORKSPACE_ID],
  ).catch(() => ({ rows: [] as { conversations: number; contacts: number; members: number }[] }));
  const found = rows[0];
  if (!found || found.conversations === 0 || found.members < agents) {
    await handle.close();
    return null;
  }
  // What an earlier run left queued (the duplicate search of the contacts its inbound messages made)
  // would run during this run's agents and skew their figures.
  await handle.pool.query(`DELETE FROM duplicate_checks`);
  // The rows an earlier run's inbound made and changed (a server with autovacuum off keeps them dead
  // and the planner's statistics stale: the queue view then took seconds).
  await settle(handle.pool, [...SEEDED_TABLES, 'conversation_events', 'interactions', 'agent_statuses', 'notifications'], log);
  const messages = await handle.pool.query<{ n: string }>(`SELECT reltuples::bigint AS n FROM pg_class WHERE relname = 'messages'`);
  const dropDatabase = async () => {
    await handle.close();
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  };
  return {
    scratch: { url, handle, drop: dropDatabase },
    seeded: {
      workspaceId: BENCH_WORKSPACE_ID,
      agents: benchAgents(agents),
      teamIds: BENCH_TEAMS.map((_, i) => `team_bench_${i + 1}`),
      channelIds: BENCH_CHANNELS.map((channel) => channel.id),
      contacts: found.contacts,
      conversations: found.conversations,
      messages: Number(messages.rows[0]?.n ?? 0),
      seedSeconds: 0,
    },
  };
}

const benchAgents = (count: number): BenchAgent[] => Array.from({ length: count }, (_, i) => ({ memberId: `mem_bench_${i + 1}`, email: `agent${i + 1}@bench.test`, teamId: `team_bench_${1 + ((i + 1) % 5)}` }));

/** A fresh, migrated database `name` on DATABASE_URL's server (or the local PostgreSQL), replacing one left by an earlier run. */
export async function createScratchDatabase(name: string, adminUrl = defaultAdminUrl()): Promise<ScratchDatabase> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a database name: ${name}`);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(adminUrl, name);
  const handle = connectDatabase(url, 4);
  await migrateDatabase(handle.db, handle.pool);
  return {
    url,
    handle,
    drop: async () => {
      await handle.close();
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

// h(g, salt): a well-mixed non-negative integer of a row number (multiplicative hashing in bigint).
const h = (g: string, salt: number) => `((((${g})::bigint * 2654435761 + ${salt * 40503}) # (((${g})::bigint * 40503) >> 7)) % 1000003)`;
const textArray = (items: readonly string[]) => `ARRAY[${items.map((item) => `'${item.replace(/'/g, "''")}'`).join(',')}]`;

const INBOUND = [
  'Hi, my order has not arrived yet, can you check where it is?',
  'The app keeps logging me out since the last update.',
  'Can I change the delivery address of my order?',
  'I was charged twice this month, please refund one of them.',
  'Do you ship to Canada? The checkout does not let me pick it.',
  'Love the new blend! Any chance it comes in a bigger bag?',
  'My discount code says it expired but the email says it is valid until Sunday.',
  'How do I cancel my subscription?',
  'The grinder arrived broken, the lid is cracked.',
  'Is the store on Main Street open on holidays?',
  'Hola, ¿tienen envío gratis a partir de cierto importe?',
  'Bonjour, ma commande est arrivée incomplète.',
];
const OUTBOUND = [
  'Thanks for reaching out! Let me look into this for you.',
  'I have checked your order: it left our warehouse yesterday and should arrive within two days.',
  'Sorry about that! I have issued a refund, you will see it in 3-5 business days.',
  'You can change it from your account page, under Orders > Edit delivery.',
  'I have sent you a replacement, it ships today.',
  'Could you send me your order number so I can check?',
  'Happy to help! Is there anything else I can do for you?',
  'We do ship to Canada now, I have fixed the checkout for your account.',
];
/** People's names in the seeded inbox (and its inbound senders): ordinary ones, many shared, as a brand's customers are. */
export const FIRST = ['James', 'Maria', 'Wei', 'Fatima', 'Olga', 'Lucas', 'Aiko', 'Noah', 'Sofia', 'Arjun', 'Chloe', 'Mateo', 'Amara', 'Liam', 'Yara', 'Ivan'];
export const LAST = ['Smith', 'Garcia', 'Chen', 'Khan', 'Ivanova', 'Silva', 'Tanaka', 'Brown', 'Rossi', 'Patel', 'Martin', 'Lopez', 'Okafor', 'Murphy'];

/**
 * The tables the seed fills. Those only runs fill (events, interactions) are left unanalyzed after a
 * seed, as autovacuum would leave an empty table: statistics saying "empty" would have plans cached
 * early in a run walk them as if they stayed so.
 */
const SEEDED_TABLES = ['contacts', 'identities', 'conversations', 'messages', 'members', 'team_members', 'users', 'sessions'];

/**
 * The database as autovacuum and the checkpointer would leave it after a load (this machine's
 * PostgreSQL runs with autovacuum off): vacuumed and analyzed, so hint bits are set, pages are marked
 * all-visible (index-only scans skip the heap) and plans see the rows; then checkpointed, so that
 * while agents are measured the load's writes are not still reaching the disk, nor a checkpoint it
 * brought on still logging pages whole. Where the bench's user may not checkpoint (PostgreSQL 15
 * wants a superuser) the load settles as it would have: the run goes on.
 */
async function settle(db: pg.Pool | pg.PoolClient, tables: string[], log: (line: string) => void): Promise<void> {
  await db.query(`VACUUM (ANALYZE) ${tables.join(', ')}`);
  await db.query('CHECKPOINT').catch((error: Error) => log(`no checkpoint after the load: ${error.message}`));
}

/** Secondary indexes of the big tables, dropped while seeding and built once at the end (much faster than row by row). */
async function dropSecondaryIndexes(client: pg.PoolClient, tables: string[]): Promise<string[]> {
  const { rows } = await client.query<{ name: string; def: string }>(
    `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
      WHERE i.schemaname = 'public' AND i.tablename = ANY($1)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    [tables],
  );
  for (const row of rows) await client.query(`DROP INDEX "${row.name}"`);
  return rows.map((row) => row.def);
}

/**
 * Seeds the workspace: `agents` members (each with an account and the same password, in one of the
 * five teams, a tenth in two), five channels, `contacts` contacts, `conversations` conversations over
 * the last 90 days (the recent ones open or pending, the older mostly resolved; most assigned within
 * their team) and about `messagesPerConversation` messages each (customer and agent turns, some notes).
 */
export async function seedInbox(database: DatabaseHandle, options: SeedOptions, log: (line: string) => void = () => {}): Promise<SeededInbox> {
  const started = performance.now();
  const pool = database.pool;
  const ws = BENCH_WORKSPACE_ID;
  const { agents: A, contacts: C, conversations: N, messagesPerConversation: M } = options;
  const teamIds = BENCH_TEAMS.map((_, i) => `team_bench_${i + 1}`);
  const passwordHash = await hashPassword(BENCH_PASSWORD);

  const setup = await pool.connect();
  try {
    await setup.query('BEGIN');
    await setup.query(`INSERT INTO workspaces (id, name) VALUES ($1, 'Lumen Coffee (bench)')`, [ws]);
    await setup.query(
      `INSERT INTO users (id, name, email, email_verified)
       SELECT 'usr_bench_' || g, (${textArray(FIRST)})[1 + g % ${FIRST.length}] || ' ' || (${textArray(LAST)})[1 + (g / ${FIRST.length}) % ${LAST.length}] || ' ' || g,
              'agent' || g || '@bench.test', true
         FROM generate_series(1, $1::int) g`,
      [A],
    );
    await setup.query(
      `INSERT INTO accounts (id, account_id, provider_id, user_id, password)
       SELECT 'acc_bench_' || g, 'usr_bench_' || g, 'credential', 'usr_bench_' || g, $2 FROM generate_series(1, $1::int) g`,
      [A, passwordHash],
    );
    await setup.query(
      `INSERT INTO members (id, workspace_id, user_id, role)
       SELECT 'mem_bench_' || g, $2, 'usr_bench_' || g, CASE WHEN g = 1 THEN 'owner' WHEN g % 20 = 0 THEN 'manager' ELSE 'agent' END FROM generate_series(1, $1::int) g`,
      [A, ws],
    );
    for (const [i, name] of BENCH_TEAMS.entries()) await setup.query(`INSERT INTO teams (id, workspace_id, name) VALUES ($1, $2, $3)`, [teamIds[i], ws, name]);
    // Agent g is in team 1 + g % 5; one in ten also helps the next team.
    await setup.query(
      `INSERT INTO team_members (workspace_id, team_id, member_id)
       SELECT $2, 'team_bench_' || (1 + g % 5), 'mem_bench_' || g FROM generate_series(1, $1::int) g
       UNION ALL
       SELECT $2, 'team_bench_' || (1 + (g + 1) % 5), 'mem_bench_' || g FROM generate_series(1, $1::int) g WHERE g % 10 = 0`,
      [A, ws],
    );
    await setup.query(
      `INSERT INTO team_inbox_settings (team_id, workspace_id, assignment_method)
       VALUES ('team_bench_1', $1, 'round_robin'), ('team_bench_2', $1, 'capacity'), ('team_bench_3', $1, 'manual'), ('team_bench_4', $1, 'round_robin'), ('team_bench_5', $1, 'manual')`,
      [ws],
    );
    await setup.query(`INSERT INTO agent_statuses (member_id, workspace_id, capacity) SELECT 'mem_bench_' || g, $2, 400 FROM generate_series(1, $1::int) g`, [A, ws]);
    for (const channel of BENCH_CHANNELS) {
      await setup.query(`INSERT INTO channels (id, workspace_id, type, name, config) VALUES ($1, $2, $3, $4, '{}')`, [channel.id, ws, channel.type, channel.name]);
    }
    // The issue's example rule first, then a few that read text, language and sentiment.
    const rules = [
      {
        name: 'Influencers and community to Social Care',
        trigger: 'created',
        conditions: { match: 'any', conditions: [{ field: 'contact.followers', op: 'gt', value: 10000 }, { field: 'contact.community_member', op: 'eq', value: true }] },
        actions: [{ type: 'assign_team', teamId: 'team_bench_1' }, { type: 'set_priority', priority: 'high' }],
        stop: true,
      },
      {
        name: 'Refunds and billing',
        trigger: 'created',
        conditions: { match: 'all', conditions: [{ field: 'conversation.text', op: 'contains', value: ['refund', 'charged', 'invoice', 'cancel'] }] },
        actions: [{ type: 'assign_team', teamId: 'team_bench_4' }, { type: 'add_labels', labels: ['billing'] }],
        stop: true,
      },
      {
        name: 'Unhappy customers',
        trigger: 'both',
        conditions: { match: 'all', conditions: [{ field: 'conversation.sentiment', op: 'lt', value: -0.4 }] },
        actions: [{ type: 'add_labels', labels: ['unhappy'] }, { type: 'set_priority', priority: 'high' }],
        stop: false,
      },
      {
        name: 'Spanish and French to Support',
        trigger: 'created',
        conditions: { match: 'all', conditions: [{ field: 'conversation.language', op: 'in', value: ['es', 'fr'] }] },
        actions: [{ type: 'assign_team', teamId: 'team_bench_2' }],
        stop: true,
      },
      {
        name: 'Everything else to Support',
        trigger: 'created',
        conditions: { match: 'all', conditions: [{ field: 'conversation.channel', op: 'in', value: BENCH_CHANNELS.map((channel) => channel.type) }] },
        actions: [{ type: 'assign_team', teamId: 'team_bench_2' }],
        stop: true,
      },
    ];
    for (const [i, rule] of rules.entries()) {
      await setup.query(
        `INSERT INTO routing_rules (id, workspace_id, name, position, trigger, conditions, actions, stop_processing) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [`rr_bench_${i + 1}`, ws, rule.name, i + 1, rule.trigger, JSON.stringify(rule.conditions), JSON.stringify(rule.actions), rule.stop],
      );
    }
    await setup.query('COMMIT');

    // Bulk rows skip foreign-key triggers (they are consistent by construction) where the role allows it.
    await setup.query(`SET session_replication_role = replica`).catch(() => log('  (not a superuser: foreign keys are checked row by row)'));
    const indexes = await dropSecondaryIndexes(setup, ['contacts', 'conversations', 'messages']);
    await setup.query(`RESET session_replication_role`).catch(() => {});

    log(`seeding ${C.toLocaleString('en')} contacts…`);
    await runChunks(database, C, 100_000, (from, to) => ({
      text: `INSERT INTO contacts (id, workspace_id, name, first_name, last_name, email, lifecycle_stage, source, vip, community_member, followers_total, influence_score, created_at, updated_at)
             SELECT 'ct_bench_' || g, $1,
                    (${textArray(FIRST)})[1 + ${h('g', 1)} % ${FIRST.length}] || ' ' || (${textArray(LAST)})[1 + ${h('g', 2)} % ${LAST.length}],
                    (${textArray(FIRST)})[1 + ${h('g', 1)} % ${FIRST.length}], (${textArray(LAST)})[1 + ${h('g', 2)} % ${LAST.length}],
                    'customer' || g || '@mail.test',
                    (ARRAY['subscriber','lead','customer','customer','advocate'])[1 + ${h('g', 3)} % 5], 'conversation',
                    ${h('g', 4)} % 100 = 0, ${h('g', 5)} % 20 = 0,
                    CASE WHEN ${h('g', 6)} % 50 = 0 THEN 10001 + ${h('g', 7)} % 500000 ELSE ${h('g', 7)} % 3000 END,
                    (${h('g', 8)} % 1000) / 10.0, now() - (${h('g', 9)} % 400) * interval '1 day', now()
               FROM generate_series($2::int, $3::int) g`,
      values: [ws, from, to],
    }), log, 'contacts');

    // Conversation g: created up to 90 days ago; its last activity up to two days later (not in the future).
    const age = `(${h('g', 11)}::float8 / 1000003 * 90 * 86400)`;
    const created = `(now() - ${age} * interval '1 second')`;
    const lastAt = `least(now(), ${created} + (${h('g', 12)} % 172800) * interval '1 second')`;
    const recent = `(${age} < 7 * 86400)`;
    const roll = `(${h('g', 13)} % 100)`;
    const status = `CASE WHEN ${recent} THEN (CASE WHEN ${roll} < 45 THEN 'open' WHEN ${roll} < 60 THEN 'pending' WHEN ${roll} < 65 THEN 'snoozed' ELSE 'resolved' END)
                         ELSE (CASE WHEN ${roll} < 1 THEN 'open' WHEN ${roll} < 2 THEN 'pending' ELSE 'resolved' END) END`;
    const team = `(1 + ${h('g', 14)} % 5)`;
    // An agent of that team: agent g is in team 1 + g % 5, so team t has agents 5k + t - 1 (k ≥ 1, up to A).
    const perTeam = Math.max(1, Math.floor((A - 4) / 5));
    const assignee = `'mem_bench_' || (5 * (1 + ${h('g', 16)} % ${perTeam}) + ${team} - 1)`;
    const channelCase = (() => {
      let acc = 0;
      const arms = BENCH_CHANNELS.map((channel) => `WHEN ${h('g', 17)} % 100 < ${(acc += channel.share)} THEN ${textArray([channel.id, channel.type])}`);
      return `(CASE ${arms.join(' ')} END)`;
    })();
    const messageCount = `(1 + ${h('g', 18)} % ${Math.max(1, 2 * M - 1)})`;

    log(`seeding ${N.toLocaleString('en')} conversations…`);
    await runChunks(database, N, 50_000, (from, to) => ({
      text: `INSERT INTO conversations (id, workspace_id, channel_id, channel_type, contact_id, visibility, external_thread_id, status, snoozed_until, priority, labels,
                                      assignee_member_id, team_id, language, sentiment, message_count, last_message_at, last_message_preview, last_inbound_at,
                                      first_inbound_at, first_response_at, waiting_since, resolved_at, version, created_at, updated_at)
             SELECT 'cv_bench_' || g, $1, ch[1], ch[2], 'ct_bench_' || (1 + ${h('g', 19)} % $4::int),
                    CASE WHEN ch[2] IN ('x', 'instagram') AND ${h('g', 20)} % 3 = 0 THEN 'public' ELSE 'private' END,
                    'bench-thread-' || g, st, CASE WHEN st = 'snoozed' THEN now() + interval '1 day' END,
                    (ARRAY['low','normal','normal','normal','normal','normal','normal','high','high','urgent'])[1 + ${h('g', 21)} % 10],
                    CASE WHEN ${h('g', 22)} % 10 = 0 THEN ARRAY['billing'] WHEN ${h('g', 22)} % 10 = 1 THEN ARRAY['shipping', 'delayed'] ELSE '{}'::text[] END,
                    CASE WHEN st = 'resolved' OR ${h('g', 23)} % 100 >= 15 THEN asg END, 'team_bench_' || ${team},
                    'en', ((${h('g', 24)} % 200) - 100) / 100.0, mc, last_at,
                    (${textArray(INBOUND)})[1 + ${h('g', 25)} % ${INBOUND.length}], last_at, created_at, created_at + interval '9 minutes',
                    CASE WHEN st IN ('open', 'pending') AND ${h('g', 26)} % 2 = 0 THEN last_at END,
                    CASE WHEN st = 'resolved' THEN last_at END, 1 + mc, created_at, last_at
               FROM (SELECT g, ${channelCase} AS ch, ${status} AS st, ${assignee} AS asg, ${messageCount} AS mc, ${created} AS created_at, ${lastAt} AS last_at
                       FROM generate_series($2::int, $3::int) g) s`,
      values: [ws, from, to, C],
    }), log, 'conversations');

    log(`seeding about ${(N * M).toLocaleString('en')} messages…`);
    await runChunks(database, N, 20_000, (from, to) => ({
      // Message k of n: customer and agent take turns (the customer opens); every seventh is a note.
      text: `INSERT INTO messages (workspace_id, conversation_id, channel_id, kind, direction, external_id, author_member_id, author_contact_id, text, status, answered_at, sent_at, created_at)
             SELECT $1, c.id, c.channel_id,
                    CASE WHEN k % 7 = 0 THEN 'note' ELSE 'message' END,
                    CASE WHEN k % 2 = 1 AND k % 7 <> 0 THEN 'inbound' ELSE 'outbound' END,
                    CASE WHEN k % 2 = 1 AND k % 7 <> 0 THEN c.external_thread_id || '-' || k END,
                    CASE WHEN k % 2 = 0 OR k % 7 = 0 THEN coalesce(c.assignee_member_id, 'mem_bench_' || (2 + k % ${Math.max(1, A - 1)})) END,
                    CASE WHEN k % 2 = 1 AND k % 7 <> 0 THEN c.contact_id END,
                    CASE WHEN k % 7 = 0 THEN 'Checked with the warehouse, replacement approved.'
                         WHEN k % 2 = 1 THEN (${textArray(INBOUND)})[1 + (g + k) % ${INBOUND.length}]
                         ELSE (${textArray(OUTBOUND)})[1 + (g + k) % ${OUTBOUND.length}] END,
                    CASE WHEN k % 2 = 1 AND k % 7 <> 0 THEN 'received' WHEN k % 7 = 0 THEN 'sent' ELSE 'delivered' END,
                    CASE WHEN k % 2 = 1 AND k % 7 <> 0 AND k < c.message_count THEN at + interval '5 minutes' END,
                    CASE WHEN k % 2 = 0 OR k % 7 = 0 THEN at END,
                    at
               FROM generate_series($2::int, $3::int) g
               JOIN conversations c ON c.id = 'cv_bench_' || g
               CROSS JOIN LATERAL generate_series(1, c.message_count) k
               CROSS JOIN LATERAL (SELECT c.created_at + (c.last_message_at - c.created_at) * (k - 1) / greatest(1, c.message_count - 1) AS at) t`,
      values: [ws, from, to],
    }), log, 'conversations’ messages');

    log(`building ${indexes.length} indexes…`);
    await setup.query(`SET maintenance_work_mem = '512MB'`);
    for (const def of indexes) await setup.query(def);
    // Rows written as replica skipped the trigger that keeps each agent's open conversations.
    await setup.query(`UPDATE agent_statuses a SET open_conversations = o.n
                         FROM (SELECT assignee_member_id, count(*)::int AS n FROM conversations
                                WHERE workspace_id = $1 AND assignee_member_id IS NOT NULL AND status <> 'resolved' AND merged_into_id IS NULL GROUP BY 1) o
                        WHERE a.member_id = o.assignee_member_id`, [ws]);
    log('vacuuming and analyzing…');
    await settle(setup, SEEDED_TABLES, log);
  } finally {
    setup.release();
  }

  const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM messages`);
  return {
    workspaceId: ws,
    agents: benchAgents(A),
    teamIds,
    channelIds: BENCH_CHANNELS.map((channel) => channel.id),
    contacts: C,
    conversations: N,
    messages: Number(rows[0]!.n),
    seedSeconds: Math.round((performance.now() - started) / 100) / 10,
  };
}

/** Runs one statement per chunk of [1, total] on two connections at once (this machine has two cores). */
async function runChunks(database: DatabaseHandle, total: number, chunk: number, statement: (from: number, to: number) => pg.QueryConfig, log: (line: string) => void, what: string): Promise<void> {
  let next = 1;
  let done = 0;
  const worker = async () => {
    const client = await database.pool.connect();
    try {
      await client.query(`SET session_replication_role = replica`).catch(() => {});
      await client.query(`SET synchronous_commit = off`);
      while (next <= total) {
        const from = next;
        const to = Math.min(total, from + chunk - 1);
        next = to + 1;
        await client.query(statement(from, to));
        done += to - from + 1;
        if (total > chunk) log(`  ${done.toLocaleString('en')} / ${total.toLocaleString('en')} ${what}`);
      }
    } finally {
      await client.query(`RESET session_replication_role`).catch(() => {});
      client.release();
    }
  };
  await Promise.all([worker(), worker()]);
}
