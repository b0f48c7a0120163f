// SLAs on a real database with a controlled clock: the policy and business-hours API, due times set by
// refreshSla as messages come and go, the pause while pending, and the check job's warnings, breach
// and escalation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { addMember, as, createWorkspaceWithOwner, type TestUser } from '../../../../test/helpers/factories.js';
import { channels } from '../../../db/schema.js';
import { newId } from '../../../lib/ids.js';
import type { CommandContext } from '../../../server/context.js';
import { changeConversation } from '../commands/change-conversation.js';
import { receiveMessage } from '../commands/receive-message.js';
import { refreshSla } from '../commands/refresh-sla.js';
import { sendMessage } from '../commands/send-message.js';
import { checkSla, refreshWorkspaceSla } from '../jobs/check-sla.js';

let t: TestApp;
let ws: string;
let owner: TestUser;
let ownerMemberId: string;
let agent: { user: TestUser; memberId: string };
let expert: { user: TestUser; memberId: string };
let supervisor: { user: TestUser; memberId: string };
let manager: { user: TestUser; memberId: string };
let teamId: string;
let channelId: string;
let policyId: string;

type Body = { data: Record<string, unknown> & Record<string, unknown>[]; error?: { code: string; message: string } };
const inject = async (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown, user = owner, workspaceId = ws) => {
  const response = await t.app.inject({ method, url: `/api/v1${url}`, headers: as(user, workspaceId), ...(payload !== undefined ? { payload: payload as object } : {}) });
  return { status: response.statusCode, body: (response.body ? response.json() : null) as Body };
};
const rows = async <T>(text: string, params: unknown[] = []) => (await t.db.database.pool.query(text, params)).rows as T[];
const db = () => t.db.database.db;

type SlaRow = { sla_policy_id: string | null; first_response_due_at: Date | null; next_response_due_at: Date | null; resolution_due_at: Date | null; sla_warned: string[]; sla_breached: string[]; assignee_member_id: string | null; priority: string };
const slaOf = async (conversationId: string) =>
  (await rows<SlaRow>('SELECT sla_policy_id, first_response_due_at, next_response_due_at, resolution_due_at, sla_warned, sla_breached, assignee_member_id, priority FROM conversations WHERE id = $1', [conversationId]))[0]!;
const eventsOf = async (conversationId: string, type: string) =>
  rows<{ data: Record<string, unknown> }>('SELECT data FROM conversation_events WHERE conversation_id = $1 AND type = $2 ORDER BY id', [conversationId, type]);
const notificationsOf = async (memberId: string, kind: string) => rows<{ title: string; link: string }>('SELECT title, link FROM notifications WHERE member_id = $1 AND kind = $2', [memberId, kind]);

const ownerContext = (): CommandContext => ({
  db: db(),
  actor: { type: 'user', id: owner.id, label: owner.name },
  workspace: { workspaceId: ws, role: 'owner', memberId: ownerMemberId },
  requestId: null,
  ipAddress: null,
});

let messageCount = 0;
const customerWrites = async (at: Date, threadId: string) => {
  messageCount += 1;
  return receiveMessage(
    db(),
    { workspaceId: ws, channelId, externalThreadId: threadId, externalMessageId: `msg-${messageCount}`, sender: { identity: { channel: 'webchat', externalId: `visitor-${threadId}` } }, text: 'Hello, my order never arrived' },
    { now: at, route: false },
  );
};

// Europe/Paris is UTC+1 until 2026-03-29: 09:00–17:00 there is 08:00–16:00Z.
const weekdays = { '0': [], '1': [[540, 1020]], '2': [[540, 1020]], '3': [[540, 1020]], '4': [[540, 1020]], '5': [[540, 1020]], '6': [] };
const iso = (value: Date | null) => value?.toISOString() ?? null;

beforeAll(async () => {
  t = await buildTestApp();
  const acme = await createWorkspaceWithOwner(t, 'Acme');
  ws = acme.workspace.id;
  owner = acme.owner;
  ownerMemberId = acme.ownerMemberId;
  agent = await addMember(t, ws, 'agent');
  expert = await addMember(t, ws, 'agent');
  supervisor = await addMember(t, ws, 'manager');
  manager = await addMember(t, ws, 'manager');
  teamId = (await inject('POST', '/teams', { name: 'Social Care' })).body.data.id as string;
  await rows('INSERT INTO team_inbox_settings (team_id, workspace_id, manager_member_id) VALUES ($1, $2, $3)', [teamId, ws, manager.memberId]);
  channelId = newId('ch');
  await db().insert(channels).values({ id: channelId, workspaceId: ws, type: 'webchat', name: 'Website chat' });
});

afterAll(async () => t.close());

describe('SLA policies and business hours API', () => {
  it('sets and validates a team calendar, keeping the manager the routing settings set', async () => {
    const bad = await inject('PUT', `/teams/${teamId}/business-hours`, { timezone: 'Mars/Base', weeklyHours: { ...weekdays, '1': [[600, 540], [500, 700], [540, 1500]] }, holidays: ['2026-02-30'] });
    expect(bad.status).toBe(400);
    const paths = (bad.body.error as unknown as { details: { fields: { path: string }[] } }).details.fields.map((field) => field.path);
    expect(paths).toEqual(expect.arrayContaining(['timezone', 'holidays.0']));
    expect(paths.some((path) => path.startsWith('weeklyHours'))).toBe(true);
    const closed = await inject('PUT', `/teams/${teamId}/business-hours`, { timezone: 'UTC', weeklyHours: { '0': [], '1': [], '2': [], '3': [], '4': [], '5': [], '6': [] } });
    expect(closed.status).toBe(400);
    const mondaysOnly = await inject('PUT', `/teams/${teamId}/business-hours`, { timezone: 'UTC', weeklyHours: { '1': [[600, 720]] } });
    expect(mondaysOnly.status, JSON.stringify(mondaysOnly.body)).toBe(200);
    expect(mondaysOnly.body.data.weeklyHours).toEqual({ '0': [], '1': [[600, 720]], '2': [], '3': [], '4': [], '5': [], '6': [] });

    const set = await inject('PUT', `/teams/${teamId}/business-hours`, { timezone: 'Europe/Paris', weeklyHours: weekdays, holidays: ['2026-12-25', '2026-05-01', '2026-05-01'] });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.data).toEqual({ teamId, timezone: 'Europe/Paris', weeklyHours: weekdays, holidays: ['2026-05-01', '2026-12-25'] });
    expect((await inject('GET', `/teams/${teamId}/business-hours`, undefined, agent.user)).body.data).toMatchObject({ timezone: 'Europe/Paris' });
    expect((await rows<{ manager_member_id: string }>('SELECT manager_member_id FROM team_inbox_settings WHERE team_id = $1', [teamId]))[0]!.manager_member_id).toBe(manager.memberId);
    expect((await inject('PUT', `/teams/${teamId}/business-hours`, { timezone: 'UTC', weeklyHours: null }, agent.user)).status).toBe(403);
    expect((await inject('GET', '/teams/team_nope/business-hours')).status).toBe(404);
  });

  it('creates, orders, changes and deletes policies; agents read them but cannot write', async () => {
    const created = await inject('POST', '/sla-policies', {
      name: 'Standard',
      firstResponseMinutes: 60,
      nextResponseMinutes: 120,
      resolutionMinutes: 24 * 60,
      warnBeforeMinutes: 15,
      escalation: { reassignMemberId: expert.memberId, notifyMemberIds: [supervisor.memberId], notifyManager: true, setPriority: 'urgent' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    policyId = created.body.data.id as string;
    expect(created.body.data).toMatchObject({ position: 0, enabled: true, priorities: [], channelTypes: [], businessHours: true });

    const vip = await inject('POST', '/sla-policies', { name: 'Urgent on X', priorities: ['urgent'], channelTypes: ['x'], firstResponseMinutes: 15 });
    expect(vip.status).toBe(201);
    expect(vip.body.data.position).toBe(1);
    const reordered = await inject('POST', '/sla-policies/reorder', { ids: [vip.body.data.id, policyId] });
    expect(reordered.status).toBe(200);
    expect(reordered.body.data.map((policy) => policy.name)).toEqual(['Urgent on X', 'Standard']);
    expect((await inject('POST', '/sla-policies/reorder', { ids: [policyId] })).status).toBe(400);

    expect((await inject('POST', '/sla-policies', { name: 'Nothing' })).status).toBe(400);
    const unknownMember = await inject('POST', '/sla-policies', { name: 'X', firstResponseMinutes: 5, escalation: { notifyMemberIds: ['mem_nobody'] } });
    expect(unknownMember.status).toBe(400);
    expect((await inject('POST', '/sla-policies', { name: 'X', firstResponseMinutes: 5 }, agent.user)).status).toBe(403);
    expect((await inject('GET', '/sla-policies', undefined, agent.user)).body.data).toHaveLength(2);

    const patched = await inject('PATCH', `/sla-policies/${vip.body.data.id}`, { enabled: false });
    expect(patched.body.data.enabled).toBe(false);
    expect((await inject('DELETE', `/sla-policies/${vip.body.data.id}`)).status).toBe(204);
    expect((await inject('GET', `/sla-policies/${vip.body.data.id}`)).status).toBe(404);
    expect((await inject('GET', '/sla-policies')).body.data.map((policy) => [policy.name, policy.position])).toEqual([['Standard', 0]]);

    const other = await createWorkspaceWithOwner(t, 'Other');
    expect((await inject('GET', `/sla-policies/${policyId}`, undefined, other.owner, other.workspace.id)).status).toBe(404);
    expect((await inject('PATCH', `/sla-policies/${policyId}`, { name: 'Mine' }, other.owner, other.workspace.id)).status).toBe(404);
  });
});

describe('due times and the check job', () => {
  let conversationId: string;
  const friday1630 = new Date('2026-03-06T15:30:00Z');
  const monday0930 = '2026-03-09T08:30:00.000Z';

  it('a conversation opened Friday 16:30 with a 60 business-minute first response is due Monday 09:30', async () => {
    const received = await customerWrites(friday1630, 'friday');
    conversationId = received.conversationId;
    // Without a team: around the clock.
    expect(iso((await slaOf(conversationId)).first_response_due_at)).toBe('2026-03-06T16:30:00.000Z');
    await changeConversation(db(), ws, conversationId, { teamId, assigneeMemberId: agent.memberId }, { memberId: ownerMemberId, label: owner.name }, { now: friday1630 });
    const sla = await slaOf(conversationId);
    expect(sla.sla_policy_id).toBe(policyId);
    expect(iso(sla.first_response_due_at)).toBe(monday0930);
    expect(sla.next_response_due_at).toBeNull();
    // 24 business hours = three working days: Friday's 30 minutes, Monday, Tuesday, Wednesday until 16:30.
    expect(iso(sla.resolution_due_at)).toBe('2026-03-11T15:30:00.000Z');
  });

  it('warns at the warning window, once', async () => {
    expect(await checkSla(db(), new Date('2026-03-06T16:50:00Z'))).toMatchObject({ warned: 0, breached: 0 });
    expect(await checkSla(db(), new Date('2026-03-09T08:14:00Z'))).toMatchObject({ warned: 0, breached: 0 });
    expect(await checkSla(db(), new Date('2026-03-09T08:16:00Z'))).toMatchObject({ warned: 1, breached: 0 });
    expect(await checkSla(db(), new Date('2026-03-09T08:17:00Z'))).toMatchObject({ warned: 0, breached: 0 });
    expect((await eventsOf(conversationId, 'sla.warning')).map((event) => [event.data.target, event.data.dueAt])).toEqual([['first_response', monday0930]]);
    expect((await slaOf(conversationId)).sla_warned).toEqual(['first_response']);
    expect(await notificationsOf(agent.memberId, 'sla_warning')).toEqual([{ title: 'First response due in 14 min', link: `/inbox/${conversationId}` }]);
  });

  it('breaches once, escalates (reassign, priority) and notifies the listed members and the team manager', async () => {
    expect(await checkSla(db(), new Date('2026-03-09T08:31:00Z'))).toMatchObject({ warned: 0, breached: 1, escalated: 1, failed: 0 });
    expect(await checkSla(db(), new Date('2026-03-09T08:40:00Z'))).toMatchObject({ warned: 0, breached: 0, escalated: 0 });
    expect((await eventsOf(conversationId, 'sla.breached')).map((event) => event.data.target)).toEqual(['first_response']);
    const sla = await slaOf(conversationId);
    expect(sla.sla_breached).toEqual(['first_response']);
    expect(sla.assignee_member_id).toBe(expert.memberId);
    expect(sla.priority).toBe('urgent');
    // The priority change refreshed the SLA: still overdue, still flagged.
    expect(iso(sla.first_response_due_at)).toBe(monday0930);
    for (const member of [agent, supervisor, manager]) expect(await notificationsOf(member.memberId, 'sla_breach'), member.memberId).toHaveLength(1);
    const changes = await rows<{ type: string; actor_label: string }>(`SELECT type, actor_label FROM conversation_events WHERE conversation_id = $1 AND type IN ('assigned', 'priority_changed') ORDER BY id`, [conversationId]);
    expect(changes.slice(-2).map((change) => change.actor_label)).toEqual(['SLA escalation', 'SLA escalation']);
  });

  it('an answer meets the first response: the due time and flags clear', async () => {
    await sendMessage({ ...ownerContext(), workspace: { workspaceId: ws, role: 'agent', memberId: expert.memberId } }, conversationId, { text: 'So sorry, looking into it now' }, { now: new Date('2026-03-09T08:45:00Z') });
    const sla = await slaOf(conversationId);
    expect(sla.first_response_due_at).toBeNull();
    expect(sla.sla_warned).toEqual([]);
    expect(sla.sla_breached).toEqual([]);
    expect(sla.resolution_due_at).not.toBeNull();
  });

  it('answering before the due time marks first response met, with no warning or breach', async () => {
    const { conversationId: id } = await customerWrites(new Date('2026-03-10T09:00:00Z'), 'tuesday');
    await changeConversation(db(), ws, id, { teamId, assigneeMemberId: agent.memberId }, { memberId: ownerMemberId, label: owner.name }, { now: new Date('2026-03-10T09:00:00Z') });
    expect(iso((await slaOf(id)).first_response_due_at)).toBe('2026-03-10T10:00:00.000Z');
    await sendMessage({ ...ownerContext(), workspace: { workspaceId: ws, role: 'agent', memberId: agent.memberId } }, id, { text: 'Hi! Happy to help' }, { now: new Date('2026-03-10T09:20:00Z') });
    expect(await checkSla(db(), new Date('2026-03-10T10:30:00Z'))).toMatchObject({ warned: 0, breached: 0 });
    const sla = await slaOf(id);
    expect(sla.first_response_due_at).toBeNull();
    expect(sla.sla_breached).toEqual([]);

    // The customer writes again: the next response runs from then, 120 business minutes.
    await customerWrites(new Date('2026-03-10T10:30:00Z'), 'tuesday');
    expect(iso((await slaOf(id)).next_response_due_at)).toBe('2026-03-10T12:30:00.000Z');

    // Pending for 30 business minutes: nothing is due meanwhile, and the due times move back by 30.
    const resolutionBefore = (await slaOf(id)).resolution_due_at!;
    await changeConversation(db(), ws, id, { status: 'pending' }, { memberId: agent.memberId, label: 'agent' }, { now: new Date('2026-03-10T11:00:00Z') });
    const paused = await slaOf(id);
    expect([paused.first_response_due_at, paused.next_response_due_at, paused.resolution_due_at]).toEqual([null, null, null]);
    expect(await checkSla(db(), new Date('2026-03-10T13:00:00Z'))).toMatchObject({ breached: 0 });
    await changeConversation(db(), ws, id, { status: 'open' }, { memberId: agent.memberId, label: 'agent' }, { now: new Date('2026-03-10T11:30:00Z') });
    const resumed = await slaOf(id);
    expect(iso(resumed.next_response_due_at)).toBe('2026-03-10T13:00:00.000Z');
    expect(resumed.resolution_due_at!.getTime() - resolutionBefore.getTime()).toBe(30 * 60_000);
    // Refreshing again changes nothing: due times come from the history, not from the last refresh.
    await refreshSla(db(), ws, id, new Date('2026-03-10T12:00:00Z'));
    expect(iso((await slaOf(id)).next_response_due_at)).toBe('2026-03-10T13:00:00.000Z');
  });

  it('resolving stops every target; reopening starts a new resolution cycle', async () => {
    const { conversationId: id } = await customerWrites(new Date('2026-03-11T08:00:00Z'), 'reopened-thread');
    await changeConversation(db(), ws, id, { teamId }, { memberId: ownerMemberId, label: owner.name }, { now: new Date('2026-03-11T08:00:00Z') });
    await changeConversation(db(), ws, id, { status: 'resolved' }, { memberId: ownerMemberId, label: owner.name }, { now: new Date('2026-03-11T09:00:00Z') });
    const resolved = await slaOf(id);
    expect([resolved.first_response_due_at, resolved.resolution_due_at]).toEqual([null, null]);
    await customerWrites(new Date('2026-03-12T08:00:00Z'), 'reopened-thread');
    // Thursday 09:00 Paris + 24 business hours (Thursday, Friday, Monday) = Monday 17:00 Paris.
    expect(iso((await slaOf(id)).resolution_due_at)).toBe('2026-03-16T16:00:00.000Z');
    expect((await eventsOf(id, 'sla.restarted')).map((event) => event.data.at)).toEqual(['2026-03-12T08:00:00.000Z']);
  });

  it('a changed policy re-measures the open conversations through a queued job', async () => {
    const at = new Date('2026-03-14T12:00:00Z');
    const { conversationId: id } = await customerWrites(at, 'saturday');
    // No team: around the clock, an hour.
    expect(iso((await slaOf(id)).first_response_due_at)).toBe('2026-03-14T13:00:00.000Z');
    await rows(`DELETE FROM graphile_worker._private_jobs WHERE key = $1`, [`inbox.refresh_workspace_sla:${ws}`]);
    expect((await inject('PATCH', `/sla-policies/${policyId}`, { firstResponseMinutes: 30 })).status).toBe(200);
    expect(await rows('SELECT 1 FROM graphile_worker.jobs WHERE key = $1', [`inbox.refresh_workspace_sla:${ws}`])).toHaveLength(1);
    expect(iso((await slaOf(id)).first_response_due_at)).toBe('2026-03-14T13:00:00.000Z');
    expect(await refreshWorkspaceSla(db(), ws, at)).toBeGreaterThan(0);
    expect(iso((await slaOf(id)).first_response_due_at)).toBe('2026-03-14T12:30:00.000Z');
  });

  it('a breach can move the conversation to another team, unassigned so the team picks', async () => {
    const escalations = (await inject('POST', '/teams', { name: 'Escalations' })).body.data.id as string;
    const quick = await inject('POST', '/sla-policies', { name: 'Low priority, around the clock', priorities: ['low'], firstResponseMinutes: 10, businessHours: false, escalation: { reassignTeamId: escalations } });
    expect(quick.status, JSON.stringify(quick.body)).toBe(201);
    const ids = ((await inject('GET', '/sla-policies')).body.data as unknown as { id: string }[]).map((policy) => policy.id);
    await inject('POST', '/sla-policies/reorder', { ids: [quick.body.data.id, ...ids.filter((id) => id !== quick.body.data.id)] });
    const at = new Date('2026-03-15T10:00:00Z');
    const { conversationId: id } = await customerWrites(at, 'sunday');
    await changeConversation(db(), ws, id, { priority: 'low', teamId, assigneeMemberId: agent.memberId }, { memberId: ownerMemberId, label: owner.name }, { now: at });
    expect((await slaOf(id)).sla_policy_id).toBe(quick.body.data.id);
    // (Earlier tests' conversations are overdue by now too: count this one's events.)
    expect((await checkSla(db(), new Date('2026-03-15T10:09:00Z'))).failed).toBe(0);
    expect(await eventsOf(id, 'sla.breached')).toHaveLength(0);
    expect((await checkSla(db(), new Date('2026-03-15T10:11:00Z'))).failed).toBe(0);
    expect((await eventsOf(id, 'sla.breached')).map((event) => event.data.target)).toEqual(['first_response']);
    const [moved] = await rows<{ team_id: string; assignee_member_id: string | null }>('SELECT team_id, assignee_member_id FROM conversations WHERE id = $1', [id]);
    expect(moved).toEqual({ team_id: escalations, assignee_member_id: null });
  });
});
