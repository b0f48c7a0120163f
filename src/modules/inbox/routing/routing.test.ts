// Routing rules and assignment over HTTP and the inbound path, on a real PostgreSQL: the issue's
// example ("over 10,000 followers or the community flag → Social Care at high priority"), the record
// on the conversation, the preview that changes nothing, ordering and checks, and round-robin and
// capacity assignment with away and full agents skipped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { addMember, as, createWorkspaceWithOwner, type TestUser } from '../../../../test/helpers/factories.js';
import { receiveMessage } from '../commands/receive-message.js';

let t: TestApp;
let ws: string;
let owner: TestUser;
let agents: { user: TestUser; memberId: string }[];
let channelId: string;
let socialCare: string;
let billing: string;

type Body = { data: Record<string, unknown> & Record<string, unknown>[]; error?: { code: string; message: string; details: Record<string, unknown> } };
const inject = async (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown, user = owner, workspaceId = ws) => {
  const response = await t.app.inject({ method, url: `/api/v1${url}`, headers: as(user, workspaceId), ...(payload !== undefined ? { payload: payload as object } : {}) });
  return { status: response.statusCode, body: (response.body ? response.json() : null) as Body };
};
const ok = async (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown, user = owner) => {
  const response = await inject(method, url, payload, user);
  expect(response.status, JSON.stringify(response.body)).toBeLessThan(300);
  return response.body;
};
const rows = async <T>(text: string, params: unknown[] = []) => (await t.db.database.pool.query(text, params)).rows as T[];
const conversation = async (id: string) =>
  (await rows<{ team_id: string | null; priority: string; assignee_member_id: string | null; labels: string[]; version: number; status: string }>(
    'SELECT team_id, priority, assignee_member_id, labels, version, status FROM conversations WHERE id = $1', [id]))[0]!;

let sequence = 0;
const inbound = async (sender: { followers?: number; contactId?: string }, text = 'Hello, my order is late', thread?: string) => {
  sequence += 1;
  return receiveMessage(t.db.database.db, {
    workspaceId: ws,
    channelId,
    externalThreadId: thread ?? `thread-${sequence}`,
    externalMessageId: `message-${sequence}`,
    sender: sender.contactId ? { contactId: sender.contactId } : { identity: { channel: 'twitter', handle: `person${sequence}`, followers: sender.followers ?? 0 } },
    text,
  });
};

const exampleRule = () => ({
  name: 'Big voices to Social Care',
  conditions: { match: 'any', conditions: [{ field: 'contact.followers', op: 'gt', value: 10_000 }, { field: 'contact.community_member', op: 'eq', value: true }] },
  actions: [{ type: 'assign_team', teamId: socialCare }, { type: 'set_priority', priority: 'high' }],
});

beforeAll(async () => {
  t = await buildTestApp();
  const acme = await createWorkspaceWithOwner(t, 'Acme');
  ws = acme.workspace.id;
  owner = acme.owner;
  agents = [await addMember(t, ws, 'agent'), await addMember(t, ws, 'agent'), await addMember(t, ws, 'agent')];
  socialCare = (await ok('POST', '/teams', { name: 'Social Care' })).data.id as string;
  billing = (await ok('POST', '/teams', { name: 'Billing' })).data.id as string;
  for (const agent of agents) {
    await ok('PUT', `/teams/${socialCare}/members/${agent.memberId}`);
    await ok('PUT', `/teams/${billing}/members/${agent.memberId}`);
  }
  channelId = (await ok('POST', '/channels', { type: 'webchat', name: 'Site chat' })).data.id as string;
});

afterAll(async () => t.close());

describe('the issue example', () => {
  let ruleId: string;
  const ids: string[] = [];

  it('routes a 12,000-follower author and a community member to Social Care at high priority, a small account not, and records it', async () => {
    const created = await inject('POST', '/routing-rules', exampleRule());
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    ruleId = created.body.data.id as string;
    const member = (await ok('POST', '/contacts', { name: 'Casey Community', communityMember: true })).data.id as string;

    const big = await inbound({ followers: 12_000 });
    const community = await inbound({ contactId: member });
    const small = await inbound({ followers: 300 });
    ids.push(big.conversationId, community.conversationId, small.conversationId);

    expect(await conversation(big.conversationId)).toMatchObject({ team_id: socialCare, priority: 'high' });
    expect(await conversation(community.conversationId)).toMatchObject({ team_id: socialCare, priority: 'high' });
    expect(await conversation(small.conversationId)).toMatchObject({ team_id: null, priority: 'normal' });

    const events = await rows<{ conversation_id: string; actor_label: string; data: { ruleId: string; ruleName: string; actions: unknown[] } }>(
      `SELECT conversation_id, actor_label, data FROM conversation_events WHERE type = 'routing.applied' ORDER BY id`);
    expect(events.map((e) => e.conversation_id)).toEqual([big.conversationId, community.conversationId]);
    expect(events[0]).toMatchObject({ actor_label: 'Routing rule Big voices to Social Care', data: { ruleId, ruleName: 'Big voices to Social Care', actions: exampleRule().actions } });
    const changes = await rows<{ type: string; actor_label: string }>(`SELECT type, actor_label FROM conversation_events WHERE conversation_id = $1 AND type IN ('team_changed', 'priority_changed') ORDER BY id`, [big.conversationId]);
    expect(changes.map((c) => c.type).sort()).toEqual(['priority_changed', 'team_changed']);
    expect(changes.every((c) => c.actor_label === 'Routing rule Big voices to Social Care')).toBe(true);
    expect((await ok('GET', `/routing-rules/${ruleId}`)).data.appliedCount).toBe(2);
  });

  it('a new message in a routed conversation does not route it again (the rule runs on created only)', async () => {
    const before = await conversation(ids[0]!);
    const thread = (await rows<{ external_thread_id: string }>('SELECT external_thread_id FROM conversations WHERE id = $1', [ids[0]]))[0]!.external_thread_id;
    const again = await inbound({ followers: 12_000 }, 'Any news?', thread);
    expect(again.conversationId).toBe(ids[0]);
    expect((await conversation(ids[0]!)).priority).toBe(before.priority);
    expect((await ok('GET', `/routing-rules/${ruleId}`)).data.appliedCount).toBe(2);
  });

  it('previews what would happen on recent conversations, with the conditions that held, and changes nothing', async () => {
    const versions = await Promise.all(ids.map(conversation));
    const preview = await inject('POST', '/routing-rules/preview', { rule: { ...exampleRule(), name: 'Try' }, sample: 10 });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    const byId = new Map((preview.body.data as unknown as { conversationId: string; matched: boolean; conditions: { field: string; held: boolean; actual: unknown }[]; actions: unknown[] }[]).map((row) => [row.conversationId, row]));
    expect(byId.get(ids[0]!)).toMatchObject({ matched: true, actions: exampleRule().actions });
    expect(byId.get(ids[0]!)!.conditions).toEqual([
      expect.objectContaining({ field: 'contact.followers', held: true, actual: 12_000 }),
      expect.objectContaining({ field: 'contact.community_member', held: false }),
    ]);
    expect(byId.get(ids[1]!)).toMatchObject({ matched: true });
    expect(byId.get(ids[2]!)).toMatchObject({ matched: false, actions: [] });
    const saved = await ok('POST', '/routing-rules/preview', { ruleId, conversationId: ids[2] });
    expect((saved.data as unknown as unknown[]).length).toBe(1);
    expect(await Promise.all(ids.map(conversation))).toEqual(versions);
  });
});

describe('rules', () => {
  it('documents every routing route in the OpenAPI document', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const paths = Object.keys((response.json() as { paths: Record<string, unknown> }).paths);
    for (const path of ['/api/v1/routing-rules', '/api/v1/routing-rules/{id}', '/api/v1/routing-rules/reorder', '/api/v1/routing-rules/preview', '/api/v1/routing-rules/fields', '/api/v1/agent-status', '/api/v1/teams/{id}/assignment']) {
      expect(paths).toContain(path);
    }
  });


  it('explains a bad rule: what, where, how to fix', async () => {
    const bad = await inject('POST', '/routing-rules', {
      name: 'Bad',
      conditions: { match: 'all', conditions: [{ field: 'contact.folowers', op: 'gt', value: 1 }, { field: 'conversation.channel', op: 'eq', value: 'fax' }] },
      actions: [{ type: 'assign_team', teamId: 'team_nope' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error!.code).toBe('routing_rule.invalid');
    expect(bad.body.error!.details.fields).toEqual([
      { in: 'body', path: 'conditions.conditions[0].field', message: expect.stringContaining('unknown field "contact.folowers"') },
      { in: 'body', path: 'conditions.conditions[1].value', message: expect.stringContaining('use one of webchat') },
      { in: 'body', path: 'actions[0]', message: expect.stringContaining('no team team_nope') },
    ]);
  });

  it('lists in order, reorders (every id once), deletes; agents read but do not manage; other workspaces see nothing', async () => {
    const second = (await ok('POST', '/routing-rules', { name: 'Refunds', conditions: { match: 'all', conditions: [{ field: 'conversation.text', op: 'contains', value: ['refund'] }] }, actions: [{ type: 'add_labels', labels: ['refund'] }] })).data.id as string;
    const listed = (await ok('GET', '/routing-rules')).data as unknown as { id: string; position: number }[];
    expect(listed.at(-1)!.id).toBe(second);
    const order = [second, ...listed.filter((r) => r.id !== second).map((r) => r.id)];
    const reordered = (await ok('POST', '/routing-rules/reorder', { ids: order })).data as unknown as { id: string }[];
    expect(reordered.map((r) => r.id)).toEqual(order);
    expect((await inject('POST', '/routing-rules/reorder', { ids: [second] })).body.error!.code).toBe('routing_rule.order');

    expect((await inject('GET', '/routing-rules', undefined, agents[0]!.user)).status).toBe(200);
    expect((await inject('PATCH', `/routing-rules/${second}`, { enabled: false }, agents[0]!.user)).status).toBe(403);
    const other = await createWorkspaceWithOwner(t, 'Other');
    expect((await inject('GET', `/routing-rules/${second}`, undefined, other.owner, other.workspace.id)).status).toBe(404);

    expect((await ok('PATCH', `/routing-rules/${second}`, { enabled: false })).data.enabled).toBe(false);
    expect((await inject('DELETE', `/routing-rules/${second}`)).status).toBe(204);
    expect((await inject('GET', `/routing-rules/${second}`)).status).toBe(404);
  });

  it('stop processing keeps later rules from running; labels, auto-replies and notifications apply', async () => {
    for (const rule of (await ok('GET', '/routing-rules')).data as unknown as { id: string }[]) await ok('DELETE', `/routing-rules/${rule.id}`);
    await ok('POST', '/routing-rules', {
      name: 'Angry refunds',
      conditions: { match: 'all', conditions: [{ field: 'conversation.text', op: 'contains', value: ['refund', 'money back'] }] },
      actions: [{ type: 'add_labels', labels: ['Refund'] }, { type: 'auto_reply', text: 'We are on it.' }, { type: 'notify', memberIds: [agents[2]!.memberId], message: 'A refund request' }],
      stopProcessing: true,
    });
    await ok('POST', '/routing-rules', { name: 'Everything else', conditions: { match: 'all', conditions: [] }, actions: [{ type: 'add_labels', labels: ['triage'] }] });
    const refund = await inbound({ followers: 5 }, 'I want my MONEY BACK now');
    const other = await inbound({ followers: 5 }, 'Where is the shop?');
    expect((await conversation(refund.conversationId)).labels).toEqual(['refund']);
    expect((await conversation(other.conversationId)).labels).toEqual(['triage']);
    const replies = await rows<{ text: string }>(`SELECT text FROM messages WHERE conversation_id = $1 AND direction = 'outbound'`, [refund.conversationId]);
    expect(replies.map((r) => r.text)).toEqual(['We are on it.']);
    const notes = await rows<{ member_id: string; title: string; link: string }>(`SELECT member_id, title, link FROM notifications WHERE kind = 'routing'`);
    expect(notes).toEqual([{ member_id: agents[2]!.memberId, title: 'A refund request', link: `/inbox/${refund.conversationId}` }]);
  });
});

describe('a rule that can no longer apply', () => {
  it('is recorded as routing.failed on the conversation, the message still arrives, and later rules still run', async () => {
    for (const rule of (await ok('GET', '/routing-rules')).data as unknown as { id: string }[]) await ok('DELETE', `/routing-rules/${rule.id}`);
    const doomed = (await ok('POST', '/teams', { name: 'Disbanded' })).data.id as string;
    await ok('POST', '/routing-rules', { name: 'To the old team', conditions: { match: 'all', conditions: [] }, actions: [{ type: 'assign_team', teamId: doomed }] });
    await ok('POST', '/routing-rules', { name: 'Label all', conditions: { match: 'all', conditions: [] }, actions: [{ type: 'add_labels', labels: ['seen'] }] });
    expect((await inject('DELETE', `/teams/${doomed}`)).status).toBe(204);
    const received = await inbound({ followers: 1 }, 'Hello there');
    expect(await conversation(received.conversationId)).toMatchObject({ team_id: null, labels: ['seen'] });
    const [failed] = await rows<{ actor_label: string; data: { error: string } }>(`SELECT actor_label, data FROM conversation_events WHERE conversation_id = $1 AND type = 'routing.failed'`, [received.conversationId]);
    expect(failed).toMatchObject({ actor_label: 'Routing rule To the old team', data: { error: expect.stringContaining(doomed) } });
  });
});

describe('rules on new messages', () => {
  it('run again on each new message but are recorded only when they change something', async () => {
    for (const rule of (await ok('GET', '/routing-rules')).data as unknown as { id: string }[]) await ok('DELETE', `/routing-rules/${rule.id}`);
    const rule = (await ok('POST', '/routing-rules', {
      name: 'Urgent words',
      trigger: 'both',
      conditions: { match: 'all', conditions: [{ field: 'conversation.text', op: 'contains', value: ['urgent'] }] },
      actions: [{ type: 'set_priority', priority: 'urgent' }],
    })).data.id as string;
    const first = await inbound({ followers: 1 }, 'Just a question', 'thread-updates');
    expect((await conversation(first.conversationId)).priority).toBe('normal');
    await inbound({ followers: 1 }, 'It is URGENT now', 'thread-updates');
    expect((await conversation(first.conversationId)).priority).toBe('urgent');
    await inbound({ followers: 1 }, 'Still urgent!', 'thread-updates');
    const applied = await rows<{ n: number }>(`SELECT count(*)::int AS n FROM conversation_events WHERE conversation_id = $1 AND type = 'routing.applied'`, [first.conversationId]);
    expect(applied[0]!.n).toBe(1);
    expect((await ok('GET', `/routing-rules/${rule}`)).data.appliedCount).toBe(1);
  });
});

describe('suggested content', () => {
  it('attaches knowledge articles, and refuses one that does not exist', async () => {
    for (const rule of (await ok('GET', '/routing-rules')).data as unknown as { id: string }[]) await ok('DELETE', `/routing-rules/${rule.id}`);
    const article = (await ok('POST', '/knowledge-articles', { title: 'How refunds work', body: 'Refunds take five days.' })).data.id as string;
    const missing = await inject('POST', '/routing-rules', { name: 'Refund help', conditions: { match: 'all', conditions: [] }, actions: [{ type: 'suggest_articles', articleIds: [article, 'kb_nope'] }] });
    expect(missing.status).toBe(400);
    expect(missing.body.error!.details.fields).toEqual([{ in: 'body', path: 'actions[0]', message: expect.stringContaining('no knowledge article kb_nope') }]);
    await ok('POST', '/routing-rules', { name: 'Refund help', conditions: { match: 'all', conditions: [] }, actions: [{ type: 'suggest_articles', articleIds: [article] }] });
    const received = await inbound({ followers: 1 }, 'refund please');
    const [row] = await rows<{ suggested_article_ids: string[] }>('SELECT suggested_article_ids FROM conversations WHERE id = $1', [received.conversationId]);
    expect(row!.suggested_article_ids).toEqual([article]);
  });
});

describe('contact facts from other modules', () => {
  it('segment membership (by the segment\'s own filter), open deals and custom fields', async () => {
    for (const rule of (await ok('GET', '/routing-rules')).data as unknown as { id: string }[]) await ok('DELETE', `/routing-rules/${rule.id}`);
    const segment = (await ok('POST', '/segments', { name: 'Gold customers', filter: { match: 'all', conditions: [{ field: 'tags', op: 'has', value: 'gold' }] } })).data.id as string;
    await ok('POST', '/routing-rules', {
      name: 'Gold with a deal',
      conditions: { match: 'all', conditions: [{ field: 'contact.segment', op: 'in', value: [segment] }, { field: 'contact.open_deals', op: 'gte', value: 1 }] },
      actions: [{ type: 'add_labels', labels: ['gold-deal'] }],
    });
    await ok('POST', '/routing-rules', {
      name: 'Enterprise plan',
      conditions: { match: 'all', conditions: [{ field: 'contact.custom.plan', op: 'eq', value: 'Enterprise' }] },
      actions: [{ type: 'set_priority', priority: 'urgent' }],
    });
    const gold = (await ok('POST', '/contacts', { name: 'Gold With Deal', tags: ['gold'] })).data.id as string;
    const goldNoDeal = (await ok('POST', '/contacts', { name: 'Gold No Deal', tags: ['gold'] })).data.id as string;
    const silver = (await ok('POST', '/contacts', { name: 'Silver With Deal', tags: ['silver'] })).data.id as string;
    await ok('POST', '/deals', { title: 'Renewal', contactId: gold });
    await ok('POST', '/deals', { title: 'Upsell', contactId: silver });
    await rows(`UPDATE contacts SET custom_fields = '{"plan": "Enterprise"}' WHERE id = $1`, [silver]);

    const labels = async (contactId: string) => (await conversation((await inbound({ contactId })).conversationId));
    expect((await labels(gold)).labels).toEqual(['gold-deal']);
    expect((await labels(goldNoDeal)).labels).toEqual([]);
    const enterprise = await labels(silver);
    expect(enterprise).toMatchObject({ labels: [], priority: 'urgent' });
  });
});

describe('business hours', () => {
  it("reads the calendar of the team an earlier rule gave the conversation, at the message's time", async () => {
    for (const rule of (await ok('GET', '/routing-rules')).data as unknown as { id: string }[]) await ok('DELETE', `/routing-rules/${rule.id}`);
    const week = { '0': [], '1': [[540, 1020]], '2': [[540, 1020]], '3': [[540, 1020]], '4': [[540, 1020]], '5': [[540, 1020]], '6': [] };
    await ok('PUT', `/teams/${billing}/business-hours`, { timezone: 'Europe/Paris', weeklyHours: week, holidays: [] });
    await ok('POST', '/routing-rules', { name: 'All to Billing', conditions: { match: 'all', conditions: [] }, actions: [{ type: 'assign_team', teamId: billing }] });
    await ok('POST', '/routing-rules', {
      name: 'After hours',
      conditions: { match: 'all', conditions: [{ field: 'conversation.business_hours', op: 'eq', value: false }] },
      actions: [{ type: 'add_labels', labels: ['after-hours'] }],
    });
    const at = async (iso: string) => {
      sequence += 1;
      const received = await receiveMessage(
        t.db.database.db,
        { workspaceId: ws, channelId, externalThreadId: `hours-${sequence}`, externalMessageId: `hours-${sequence}`, sender: { identity: { channel: 'twitter', handle: `hours${sequence}` } }, text: 'Hello' },
        { now: new Date(iso) },
      );
      return (await conversation(received.conversationId)).labels;
    };
    expect(await at('2026-11-25T10:00:00Z')).toEqual([]); // Wednesday 11:00 in Paris
    expect(await at('2026-11-25T17:30:00Z')).toEqual(['after-hours']); // Wednesday 18:30 in Paris
    expect(await at('2026-11-29T10:00:00Z')).toEqual(['after-hours']); // Sunday
    await ok('PUT', `/teams/${billing}/business-hours`, { timezone: 'UTC', weeklyHours: null, holidays: [] });
  });
});

describe('assignment', () => {
  const routeTo = async (teamId: string) => {
    for (const rule of (await ok('GET', '/routing-rules')).data as unknown as { id: string }[]) await ok('DELETE', `/routing-rules/${rule.id}`);
    await ok('POST', '/routing-rules', { name: `To team`, conditions: { match: 'all', conditions: [] }, actions: [{ type: 'assign_team', teamId }] });
  };

  it('round-robin rotates fairly over three agents, skipping one who is away; nobody available leaves it in the team queue', async () => {
    await ok('PUT', `/teams/${socialCare}/assignment`, { assignmentMethod: 'round_robin' });
    await routeTo(socialCare);
    const assignees: (string | null)[] = [];
    for (let i = 0; i < 6; i++) assignees.push((await conversation((await inbound({ followers: 1 })).conversationId)).assignee_member_id);
    const ids = agents.map((a) => a.memberId);
    expect(new Set(assignees.slice(0, 3))).toEqual(new Set(ids));
    expect(assignees.slice(3)).toEqual(assignees.slice(0, 3));

    // An agent sets themself away; the rotation goes on without them.
    expect((await ok('PUT', '/agent-status', { availability: 'away' }, agents[0]!.user)).data).toMatchObject({ memberId: ids[0], availability: 'away' });
    const next: (string | null)[] = [];
    for (let i = 0; i < 4; i++) next.push((await conversation((await inbound({ followers: 1 })).conversationId)).assignee_member_id);
    expect(next).not.toContain(ids[0]);
    expect(new Set(next)).toEqual(new Set([ids[1], ids[2]]));

    // An agent may not change someone else's status; a manager (here the owner) may.
    expect((await inject('PUT', '/agent-status', { memberId: ids[1], availability: 'offline' }, agents[2]!.user)).status).toBe(403);
    await ok('PUT', '/agent-status', { memberId: ids[1], availability: 'offline' });
    await ok('PUT', '/agent-status', { memberId: ids[2], availability: 'offline' });
    const queued = await conversation((await inbound({ followers: 1 })).conversationId);
    expect(queued).toMatchObject({ team_id: socialCare, assignee_member_id: null });
    for (const id of ids) await ok('PUT', '/agent-status', { memberId: id, availability: 'online' });

    // Six conversations at once: the team's turns are taken one at a time, so each agent gets two.
    const together = await Promise.all(Array.from({ length: 6 }, () => inbound({ followers: 1 })));
    const picked = await Promise.all(together.map(async (received) => (await conversation(received.conversationId)).assignee_member_id));
    expect(ids.map((id) => picked.filter((p) => p === id).length)).toEqual([2, 2, 2]);

    // An agent who is full (capacity = what they have open) is passed over when their turn comes.
    const [firstOpen] = await rows<{ n: number }>(`SELECT count(*)::int AS n FROM conversations WHERE workspace_id = $1 AND assignee_member_id = $2 AND status <> 'resolved'`, [ws, ids[0]]);
    await ok('PUT', '/agent-status', { memberId: ids[0], capacity: firstOpen!.n });
    const afterFull: (string | null)[] = [];
    for (let i = 0; i < 4; i++) afterFull.push((await conversation((await inbound({ followers: 1 })).conversationId)).assignee_member_id);
    expect(afterFull).not.toContain(ids[0]);
    expect(new Set(afterFull)).toEqual(new Set([ids[1], ids[2]]));
    await ok('PUT', '/agent-status', { memberId: ids[0], capacity: 10 });
  });

  it('capacity gives the agent with most room, and skips one who is full', async () => {
    await ok('PUT', `/teams/${billing}/assignment`, { assignmentMethod: 'capacity' });
    await routeTo(billing);
    const ids = agents.map((a) => a.memberId);
    const open = async () => {
      const counts = await rows<{ assignee_member_id: string; n: number }>(`SELECT assignee_member_id, count(*)::int AS n FROM conversations WHERE workspace_id = $1 AND status <> 'resolved' AND assignee_member_id IS NOT NULL GROUP BY 1`, [ws]);
      return Object.fromEntries(ids.map((id) => [id, counts.find((c) => c.assignee_member_id === id)?.n ?? 0]));
    };
    const start = await open();
    // The agent with the fewest open conversations is made full: capacity = what they have.
    const fullId = ids.reduce((a, b) => (start[a]! <= start[b]! ? a : b));
    await ok('PUT', '/agent-status', { memberId: fullId, capacity: start[fullId]! });
    const picked: string[] = [];
    for (let i = 0; i < 4; i++) picked.push((await conversation((await inbound({ followers: 1 })).conversationId)).assignee_member_id!);
    expect(picked).not.toContain(fullId);
    const end = await open();
    const others = ids.filter((id) => id !== fullId);
    // Each went to whoever had fewest: the two others end within one of each other.
    expect(Math.abs(end[others[0]!]! - end[others[1]!]!)).toBeLessThanOrEqual(Math.max(1, Math.abs(start[others[0]!]! - start[others[1]!]!)));
    expect(end[others[0]!]! + end[others[1]!]!).toBe(start[others[0]!]! + start[others[1]!]! + 4);
    const team = (await ok('GET', `/teams/${billing}/assignment`)).data as unknown as { assignmentMethod: string; agents: { memberId: string; capacity: number; openConversations: number }[] };
    expect(team.assignmentMethod).toBe('capacity');
    expect(team.agents.find((a) => a.memberId === fullId)).toMatchObject({ capacity: start[fullId], openConversations: start[fullId] });
  });

  it("keeps each agent's open conversations equal to a fresh count through assignment, resolving, reopening, reassigning, merging and deleting", async () => {
    const ids = agents.map((a) => a.memberId);
    const kept = async () => {
      const statuses = await rows<{ member_id: string; open_conversations: number }>('SELECT member_id, open_conversations FROM agent_statuses WHERE workspace_id = $1', [ws]);
      return Object.fromEntries(ids.map((id) => [id, statuses.find((s) => s.member_id === id)?.open_conversations ?? 0]));
    };
    const counted = async () => {
      const counts = await rows<{ assignee_member_id: string; n: number }>(
        `SELECT assignee_member_id, count(*)::int AS n FROM conversations WHERE workspace_id = $1 AND status <> 'resolved' AND merged_into_id IS NULL AND assignee_member_id IS NOT NULL GROUP BY 1`, [ws]);
      return Object.fromEntries(ids.map((id) => [id, counts.find((c) => c.assignee_member_id === id)?.n ?? 0]));
    };
    const a = (await inbound({ followers: 1 })).conversationId;
    const b = (await inbound({ followers: 1 })).conversationId;
    await ok('PATCH', `/conversations/${a}`, { assigneeMemberId: ids[0] });
    await ok('PATCH', `/conversations/${b}`, { assigneeMemberId: ids[1] });
    expect(await kept()).toEqual(await counted());
    await ok('PATCH', `/conversations/${a}`, { status: 'resolved' });
    expect((await kept())[ids[0]!]).toBe((await counted())[ids[0]!]);
    // The customer writes again: the resolved conversation reopens, and counts again.
    await inbound({ followers: 1 }, 'Still broken', (await rows<{ external_thread_id: string }>('SELECT external_thread_id FROM conversations WHERE id = $1', [a]))[0]!.external_thread_id);
    expect((await conversation(a)).status).toBe('open');
    expect(await kept()).toEqual(await counted());
    await ok('PATCH', `/conversations/${a}`, { assigneeMemberId: ids[2] });
    await ok('PATCH', `/conversations/${b}`, { status: 'snoozed', snoozedUntil: new Date(Date.now() + 3_600_000).toISOString() });
    expect(await kept()).toEqual(await counted());
    await ok('POST', `/conversations/${b}/merge`, { intoConversationId: a });
    expect(await kept()).toEqual(await counted());
    await t.db.database.pool.query('DELETE FROM conversations WHERE id = $1', [a]);
    expect(await kept()).toEqual(await counted());
  });
});
