// The inbound batch (receiveMessages) on a real PostgreSQL: a batch leaves the inbox exactly as the
// same messages received one at a time do — conversations, counters, routing, round-robin turns, SLA
// due times, events, the timeline, notifications and rule counts — in two workspaces set up alike;
// a bad message in a batch does not stop the others; new people of one batch who share an email
// become one contact; batches running at once on shared threads lose nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { addMember, as, createWorkspaceWithOwner, type TestUser } from '../../../test/helpers/factories.js';
import { resolveIdentities } from '../contacts/commands/resolve-identity.js';
import { systemActor } from '../../server/context.js';
import { receiveMessage, receiveMessages, type InboundMessageInput } from './commands/receive-message.js';

let t: TestApp;
const NOW = new Date('2026-03-02T10:00:00Z'); // a Monday, within business hours

type Setup = { ws: string; owner: TestUser; channelId: string; agents: string[]; care: string; billing: string };

const rows = async <T>(text: string, params: unknown[] = []) => (await t.db.database.pool.query(text, params)).rows as T[];

async function setUp(name: string): Promise<Setup> {
  const { workspace, owner } = await createWorkspaceWithOwner(t, name);
  const ws = workspace.id;
  const ok = async (method: 'POST' | 'PUT', url: string, payload?: object) => {
    const response = await t.app.inject({ method, url: `/api/v1${url}`, headers: as(owner, ws), ...(payload ? { payload } : {}) });
    expect(response.statusCode, response.body).toBeLessThan(300);
    return response.body ? (response.json() as { data: { id: string } }).data : null;
  };
  const agents = [];
  for (let i = 0; i < 3; i++) agents.push((await addMember(t, ws, 'agent')).memberId);
  agents.sort(); // named by rank in both workspaces; the first is also in Billing
  const care = (await ok('POST', '/teams', { name: 'Social Care' }))!.id;
  const billing = (await ok('POST', '/teams', { name: 'Billing' }))!.id;
  for (const agent of agents) await ok('PUT', `/teams/${care}/members/${agent}`);
  await ok('PUT', `/teams/${billing}/members/${agents[0]}`);
  await ok('PUT', `/teams/${care}/assignment`, { assignmentMethod: 'round_robin' });
  await ok('PUT', `/teams/${billing}/assignment`, { assignmentMethod: 'capacity' });
  await ok('PUT', `/teams/${care}/business-hours`, { timezone: 'Europe/Paris', weeklyHours: { '0': [], '1': [[540, 1080]], '2': [[540, 1080]], '3': [], '4': [], '5': [], '6': [] }, holidays: [] });
  const channelId = (await ok('POST', '/channels', { type: 'webchat', name: 'Site chat' }))!.id;
  await ok('POST', '/routing-rules', {
    name: 'Big voices to Social Care',
    conditions: { match: 'any', conditions: [{ field: 'contact.followers', op: 'gt', value: 10_000 }] },
    actions: [{ type: 'assign_team', teamId: care }, { type: 'set_priority', priority: 'high' }],
    stopProcessing: true,
  });
  await ok('POST', '/routing-rules', {
    name: 'Unhappy',
    trigger: 'both',
    conditions: { match: 'all', conditions: [{ field: 'conversation.sentiment', op: 'lt', value: -0.3 }] },
    actions: [{ type: 'add_labels', labels: ['unhappy'] }],
  });
  await ok('POST', '/routing-rules', {
    name: 'Refunds',
    conditions: { match: 'all', conditions: [{ field: 'conversation.text', op: 'contains', value: ['refund'] }] },
    actions: [{ type: 'assign_team', teamId: billing }, { type: 'add_labels', labels: ['billing'] }],
    stopProcessing: true,
  });
  await ok('POST', '/routing-rules', {
    name: 'Everyone else to Social Care',
    conditions: { match: 'all', conditions: [{ field: 'conversation.channel', op: 'eq', value: 'webchat' }] },
    actions: [{ type: 'assign_team', teamId: care }],
  });
  await ok('POST', '/sla-policies', { name: 'Standard', firstResponseMinutes: 60, nextResponseMinutes: 120, resolutionMinutes: 24 * 60, businessHours: true });
  return { ws, owner, channelId, agents, care, billing };
}

/** The same traffic for any workspace: new threads, threads continued within the batch, a repeat, a bad sender. */
function traffic(s: Setup): InboundMessageInput[] {
  const person = (handle: string, followers = 10) => ({ identity: { channel: 'twitter' as const, handle, followers } });
  const message = (n: number, thread: string, sender: InboundMessageInput['sender'], text: string, extra: Partial<InboundMessageInput> = {}): InboundMessageInput => ({
    workspaceId: s.ws,
    channelId: s.channelId,
    externalThreadId: thread,
    externalMessageId: `m${n}`,
    sender,
    text,
    occurredAt: new Date(NOW.getTime() - (20 - n) * 60_000),
    ...extra,
  });
  return [
    message(1, 'a', person('ann', 50_000), 'Hello, where is my order?'),
    message(2, 'b', person('bob'), 'I want a refund for my broken grinder'),
    message(3, 'c', person('cat'), 'This is terrible, awful service, I hate it'),
    message(4, 'a', person('ann', 51_000), 'Any news? It has been a week.', { replyToExternalId: 'm1' }),
    message(5, 'd', person('dan'), 'Do you sell decaf beans?'),
    message(6, 'b', person('bob'), 'Still waiting for that refund, this is awful'),
    message(7, 'e', { identity: { channel: 'email', externalId: 'not an address' } }, 'This sender is not valid'),
    message(8, 'f', person('eve'), 'Hi there, is the shop open on Sunday?'),
    message(2, 'b', person('bob'), 'I want a refund for my broken grinder'),
    message(9, 'g', person('fay'), 'Good morning, can I change my address?'),
    message(10, 'h', { identity: { channel: 'twitter', handle: 'gus' }, email: 'shared@example.org' }, 'Hello from twitter'),
    message(11, 'i', { identity: { channel: 'instagram', handle: 'gus.ig' }, email: 'shared@example.org' }, 'Hello from instagram'),
  ];
}

/** What the inbox holds for a workspace, with its own ids replaced by what they stand for. */
async function snapshot(s: Setup) {
  const agent = (id: string | null) => (id ? `agent${s.agents.indexOf(id)}` : null);
  const team = (id: string | null) => (id === s.care ? 'care' : id === s.billing ? 'billing' : id);
  type Row = { id: string; external_thread_id: string; team_id: string | null; assignee_member_id: string | null; labels: string[]; first_response_due_at: Date | null } & Record<string, unknown>;
  const conversations = await rows<Row>(
    `SELECT id, external_thread_id, status, priority, labels, team_id, assignee_member_id, message_count, version, last_message_preview, language,
            sentiment, first_inbound_at, waiting_since, first_response_due_at, next_response_due_at, resolution_due_at, sla_policy_id IS NOT NULL AS has_policy
       FROM conversations WHERE workspace_id = $1 ORDER BY external_thread_id`,
    [s.ws],
  );
  const threadOf = new Map(conversations.map((row) => [row.id, row.external_thread_id]));
  const events = await rows<{ conversation_id: string; type: string; actor_label: string | null; data: Record<string, unknown> }>(
    // Each conversation's events in order (a batch writes them phase by phase, so conversations interleave differently).
    `SELECT e.conversation_id, e.type, e.actor_label, e.data FROM conversation_events e JOIN conversations c ON c.id = e.conversation_id
      WHERE e.workspace_id = $1 ORDER BY c.external_thread_id, e.id`,
    [s.ws],
  );
  const messages = await rows<{ conversation_id: string; external_id: string; reply_to: string | null; text: string }>(
    `SELECT m.conversation_id, m.external_id, r.external_id AS reply_to, m.text FROM messages m LEFT JOIN messages r ON r.id = m.reply_to_message_id
      WHERE m.workspace_id = $1 ORDER BY m.id`,
    [s.ws],
  );
  return {
    conversations: conversations.map(({ id: _id, team_id, assignee_member_id, ...row }) => ({ ...row, team: team(team_id), assignee: agent(assignee_member_id) })),
    events: events.map((event) => ({
      thread: threadOf.get(event.conversation_id),
      type: event.type,
      actor: event.actor_label,
      ...(event.type === 'assigned' ? { to: agent(event.data.to as string) } : {}),
      ...(event.type === 'team_changed' ? { to: team(event.data.to as string) } : {}),
      ...(event.type.startsWith('sla.') || event.type.startsWith('routing.') ? {} : { data: JSON.stringify(event.data).replace(/"(from|to)":"[a-z]+_[A-Za-z0-9]+"/g, '"$1":"id"') }),
    })),
    messages: messages.map((message) => ({ ...message, conversation_id: threadOf.get(message.conversation_id) })),
    contacts: await rows(
      `SELECT name, followers_total, influence_score, interaction_count, sentiment_avg, sentiment_count, source,
              (SELECT array_agg(channel || ':' || external_id ORDER BY channel, external_id) FROM identities i WHERE i.contact_id = c.id) AS identities
         FROM contacts c WHERE workspace_id = $1 ORDER BY name`,
      [s.ws],
    ),
    interactions: await rows(`SELECT k.name, i.summary, i.sentiment FROM interactions i JOIN contacts k ON k.id = i.contact_id WHERE i.workspace_id = $1 ORDER BY k.name, i.occurred_at`, [s.ws]),
    agents: (await rows<{ member_id: string; open_conversations: number }>(`SELECT member_id, open_conversations FROM agent_statuses WHERE workspace_id = $1`, [s.ws]))
      .map((row) => [agent(row.member_id), row.open_conversations])
      .sort(),
    notifications: (await rows<{ member_id: string; kind: string }>(`SELECT member_id, kind FROM notifications WHERE workspace_id = $1`, [s.ws])).map((row) => `${agent(row.member_id)} ${row.kind}`).sort(),
    rules: await rows(`SELECT name, applied_count FROM routing_rules WHERE workspace_id = $1 ORDER BY position`, [s.ws]),
    audit: (await rows<{ n: number }>(`SELECT count(*)::int AS n FROM audit_events WHERE workspace_id = $1 AND action = 'contact.created'`, [s.ws]))[0]!.n,
  };
}

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

describe('receiveMessages', () => {
  it('leaves the inbox as the same messages received one at a time do', async () => {
    const one = await setUp('One at a time');
    const batch = await setUp('As a batch');

    const single = [];
    for (const input of traffic(one)) {
      try {
        single.push(await receiveMessage(t.db.database.db, input, { now: NOW }));
      } catch (error) {
        single.push({ error: (error as Error).message });
      }
    }
    const together = await receiveMessages(t.db.database.db, traffic(batch), { now: NOW });
    const shape = (outcome: object) => ('error' in outcome ? { error: String(outcome.error instanceof Error ? outcome.error.message : outcome.error) } : { duplicate: (outcome as { duplicate: boolean }).duplicate, created: (outcome as { createdConversation: boolean }).createdConversation });
    expect(together.map(shape)).toEqual(single.map(shape));
    expect(together.filter((outcome) => 'error' in outcome)).toHaveLength(1);
    expect(together[8]).toMatchObject({ duplicate: true, messageId: (together[1] as { messageId: number }).messageId });

    const expected = await snapshot(one);
    const actual = await snapshot(batch);
    // The batch did the work: every conversation routed, turns given, SLA set — not an empty inbox on both sides.
    expect(actual.conversations).toHaveLength(8);
    expect(actual.conversations.every((row) => row.team && row.assignee && row.first_response_due_at)).toBe(true);
    expect(actual.conversations.find((row) => row.external_thread_id === 'a')).toMatchObject({ team: 'care', priority: 'high', message_count: 2 });
    expect(actual.conversations.find((row) => row.external_thread_id === 'b')).toMatchObject({ team: 'billing', message_count: 2 });
    expect(actual.conversations.find((row) => row.external_thread_id === 'b')!.labels).toContain('billing');
    expect(actual.messages.find((message) => message.external_id === 'm4')!.reply_to).toBe('m1');
    expect(actual.contacts.filter((contact) => (contact as { identities: string[] }).identities.includes('email:shared@example.org'))).toHaveLength(1);
    expect(actual).toEqual(expected);
  });

  it('gives concurrent batches on shared threads every message once, with counters that add up', async () => {
    const s = await setUp('Concurrent');
    const make = (from: number) =>
      Array.from({ length: 40 }, (_, i): InboundMessageInput => ({
        workspaceId: s.ws,
        channelId: s.channelId,
        externalThreadId: `t${(from + i) % 10}`,
        externalMessageId: `c${from + i}`,
        sender: { identity: { channel: 'twitter', handle: `fan${(from + i) % 10}` } },
        text: `Message ${from + i} about my order`,
      }));
    // Overlapping message ids between the batches too: stored once.
    const outcomes = (await Promise.all([0, 30, 60, 90].map((from) => receiveMessages(t.db.database.db, make(from))))).flat();
    expect(outcomes.filter((outcome) => 'error' in outcome)).toEqual([]);
    const stored = await rows<{ n: number; sum: number }>(
      `SELECT (SELECT count(*)::int FROM messages WHERE workspace_id = $1) AS n, (SELECT sum(message_count)::int FROM conversations WHERE workspace_id = $1) AS sum`,
      [s.ws],
    );
    expect(stored[0]).toEqual({ n: 130, sum: 130 });
    expect(outcomes.filter((outcome) => !('error' in outcome) && !outcome.duplicate)).toHaveLength(130);
    const contacts = await rows<{ n: number; interactions: number }>(`SELECT count(*)::int AS n, sum(interaction_count)::int AS interactions FROM contacts WHERE workspace_id = $1`, [s.ws]);
    expect(contacts[0]).toEqual({ n: 10, interactions: 130 });
    const open = await rows<{ kept: number; counted: number }>(
      `SELECT (SELECT sum(open_conversations)::int FROM agent_statuses WHERE workspace_id = $1) AS kept,
              (SELECT count(*)::int FROM conversations WHERE workspace_id = $1 AND assignee_member_id IS NOT NULL AND status <> 'resolved') AS counted`,
      [s.ws],
    );
    expect(open[0]!.kept).toBe(open[0]!.counted);
    expect(open[0]!.counted).toBe(10);
    // Each thread opened once, by one batch, whichever came first.
    const created = await rows<{ n: number; conversations: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT conversation_id)::int AS conversations FROM conversation_events e
         JOIN conversations c ON c.id = e.conversation_id WHERE c.workspace_id = $1 AND e.type = 'created'`,
      [s.ws],
    );
    expect(created[0]).toEqual({ n: 10, conversations: 10 });
  });
});

describe('a team with nobody available', () => {
  it('takes no turn: its conversations wait in its queue without queuing on the team lock', async () => {
    const s = await setUp('Everyone away');
    const pool = t.db.database.pool;
    await pool.query(
      `INSERT INTO agent_statuses (member_id, workspace_id, availability) SELECT unnest($2::text[]), $1, 'away'
       ON CONFLICT (member_id) DO UPDATE SET availability = 'away'`,
      [s.ws, s.agents],
    );
    // Another batch's turn holds Social Care's lock: a batch that needed a turn there would wait for it.
    const holder = await pool.connect();
    try {
      await holder.query(`SELECT pg_advisory_lock(hashtextextended($1, 0))`, [`parley-team-turn:${s.care}`]);
      const received = receiveMessages(t.db.database.db, [
        { workspaceId: s.ws, channelId: s.channelId, externalThreadId: 'away', externalMessageId: 'w1', sender: { identity: { channel: 'twitter', handle: 'patient' } }, text: 'Anyone around today?' },
      ]);
      const outcome = await Promise.race([received, new Promise<'waited'>((resolve) => setTimeout(() => resolve('waited'), 5_000))]);
      expect(outcome).not.toBe('waited');
      const [row] = await rows<{ team_id: string; assignee_member_id: string | null }>(`SELECT team_id, assignee_member_id FROM conversations WHERE workspace_id = $1 AND external_thread_id = 'away'`, [s.ws]);
      expect(row).toEqual({ team_id: s.care, assignee_member_id: null });
    } finally {
      await holder.query(`SELECT pg_advisory_unlock_all()`);
      holder.release();
    }
  });
});

describe('a new sender whose message another delivery stores meanwhile', () => {
  it('gets a contact whose signals count only what its timeline holds', async () => {
    const s = await setUp('Raced');
    const pool = t.db.database.pool;
    // This test holds the thread's claim, so the batch waits there, after finding no conversation and
    // before storing its message — as it would behind another delivery of the same message.
    const holder = await pool.connect();
    const key = `parley-thread:${s.channelId}|raced`;
    try {
      await holder.query(`SELECT pg_advisory_lock(hashtextextended($1, 0))`, [key]);
      const pending = receiveMessages(t.db.database.db, [
        { workspaceId: s.ws, channelId: s.channelId, externalThreadId: 'raced', externalMessageId: 'r1', sender: { identity: { channel: 'twitter', handle: 'newcomer' } }, text: 'Hello there, anyone?' },
      ]);
      await expect.poll(async () => (await rows<{ n: number }>(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`))[0]!.n, { timeout: 5_000 }).toBe(1);
      // Meanwhile the other delivery stored the thread and the message, from a known contact.
      const [other] = await rows<{ id: string }>(`INSERT INTO contacts (id, workspace_id, name) VALUES ('ct_raced_other', $1, 'Other') RETURNING id`, [s.ws]);
      await holder.query(
        `INSERT INTO conversations (id, workspace_id, channel_id, channel_type, contact_id, visibility, external_thread_id, status, message_count)
         VALUES ('cv_raced', $1, $2, 'webchat', $3, 'private', 'raced', 'open', 1)`,
        [s.ws, s.channelId, other!.id],
      );
      await holder.query(
        `INSERT INTO messages (workspace_id, conversation_id, channel_id, kind, direction, external_id, author_contact_id, text, status)
         VALUES ($1, 'cv_raced', $2, 'message', 'inbound', 'r1', $3, 'Hello there, anyone?', 'received')`,
        [s.ws, s.channelId, other!.id],
      );
      await holder.query(`SELECT pg_advisory_unlock(hashtextextended($1, 0))`, [key]);
      const [outcome] = await pending;
      expect(outcome).toMatchObject({ conversationId: 'cv_raced', duplicate: true });
    } finally {
      holder.release();
    }
    // The newcomer's contact exists (it was resolved) but no message of theirs was stored.
    const [newcomer] = await rows<{ interaction_count: number; last_interaction_at: Date | null; sentiment_count: number; timeline: number }>(
      `SELECT c.interaction_count, c.last_interaction_at, c.sentiment_count, (SELECT count(*)::int FROM interactions i WHERE i.contact_id = c.id) AS timeline
         FROM contacts c JOIN identities i ON i.contact_id = c.id WHERE c.workspace_id = $1 AND i.handle = 'newcomer'`,
      [s.ws],
    );
    expect(newcomer).toEqual({ interaction_count: 0, last_interaction_at: null, sentiment_count: 0, timeline: 0 });
  });
});

describe('resolveIdentities', () => {
  it('resolves a batch: the same person twice, two new people sharing an email, a known one, and a bad one apart', async () => {
    const s = await setUp('Identities');
    const db = t.db.database.db;
    const [known] = await resolveIdentities(db, s.ws, systemActor(), [{ identity: { channel: 'twitter', handle: 'known', followers: 100 } }]);
    const results = await resolveIdentities(db, s.ws, systemActor(), [
      { identity: { channel: 'twitter', handle: 'known', followers: 20_000 } },
      { identity: { channel: 'mastodon', handle: 'ann@example.social' }, email: 'ann@example.org' },
      { identity: { channel: 'reddit', handle: 'ann_r' }, email: 'Ann@Example.org' },
      { identity: { channel: 'email', externalId: 'nope' } },
      { identity: { channel: 'mastodon', handle: 'ann@example.social' } },
    ]);
    expect(results[3]).toBeInstanceOf(Error);
    const [again, ann, annOnReddit, , annAgain] = results as { contactId: string; identityId: string; createdContact: boolean }[];
    expect(again).toMatchObject({ contactId: (known as { contactId: string }).contactId, createdContact: false });
    expect(ann!.createdContact).toBe(true);
    expect(annOnReddit).toMatchObject({ contactId: ann!.contactId, createdContact: false });
    expect(annAgain).toMatchObject({ contactId: ann!.contactId, identityId: ann!.identityId, createdContact: false });
    const contacts = await rows<{ id: string; followers_total: number; identities: string[] }>(
      `SELECT c.id, c.followers_total, array_agg(i.channel ORDER BY i.channel) AS identities FROM contacts c JOIN identities i ON i.contact_id = c.id
        WHERE c.workspace_id = $1 GROUP BY c.id ORDER BY c.id`,
      [s.ws],
    );
    expect(contacts).toHaveLength(2);
    expect(contacts.find((row) => row.id === ann!.contactId)!.identities).toEqual(['email', 'mastodon', 'reddit']);
    expect(contacts.find((row) => row.id !== ann!.contactId)!.followers_total).toBe(20_000);
  });

  it('rewrites a known identity only when the source says something new of it or a minute has passed', async () => {
    const s = await setUp('Touch');
    const db = t.db.database.db;
    const resolve = (followers: number) => resolveIdentities(db, s.ws, systemActor(), [{ identity: { channel: 'twitter', handle: 'regular', followers } }]);
    const [first] = (await resolve(500)) as { contactId: string; identityId: string }[];
    const state = async () =>
      (await rows<{ updated: Date; seen: Date; followers: number; total: number }>(
        `SELECT i.updated_at AS updated, i.last_seen_at AS seen, i.followers, c.followers_total AS total FROM identities i JOIN contacts c ON c.id = i.contact_id WHERE i.id = $1`,
        [first!.identityId],
      ))[0]!;
    const created = await state();
    // The same profile again at once: nothing to write.
    expect(await resolve(500)).toEqual([{ contactId: first!.contactId, identityId: first!.identityId, createdContact: false, createdIdentity: false }]);
    expect(await state()).toEqual(created);
    // A new follower count: written, and the contact's total moves with it.
    await resolve(650);
    const moved = await state();
    expect(moved).toMatchObject({ followers: 650, total: 650 });
    expect(moved.updated.getTime()).toBeGreaterThan(created.updated.getTime());
    // Last seen over a minute ago: seen again now.
    await rows(`UPDATE identities SET last_seen_at = now() - interval '2 minutes' WHERE id = $1`, [first!.identityId]);
    await resolve(650);
    const seen = await state();
    expect(Date.now() - seen.seen.getTime()).toBeLessThan(30_000);
    expect(seen).toMatchObject({ followers: 650, total: 650 });
  });
});
