import type { JobHelpers } from 'graphile-worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { addMember, as, createWorkspaceWithOwner, type TestUser } from '../../../test/helpers/factories.js';
import { newId } from '../../lib/ids.js';
import { sendReminders } from './jobs/send-reminders.js';

let t: TestApp;
let ws: string;
let owner: TestUser;
let ownerMemberId: string;
let agent: { user: TestUser; memberId: string };
let colleague: { user: TestUser; memberId: string };

type Body = { data: Record<string, unknown> & Record<string, unknown>[]; nextCursor?: string | null; error?: { code: string; message: string; details: Record<string, unknown> } };
const inject = async (user: TestUser | null, method: string, url: string, payload?: unknown, headers: Record<string, string> = {}) => {
  const response = await t.app.inject({
    method: method as 'GET',
    url: `/api/v1${url}`,
    headers: { ...(user ? as(user, ws) : {}), ...headers },
    ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
  });
  return { status: response.statusCode, body: (response.body ? response.json() : null) as Body };
};
const sql = async <T = Record<string, unknown>>(text: string, values: unknown[] = []) => (await t.db.database.pool.query(text, values)).rows as T[];
const createContact = async (workspaceId = ws, name = 'Casey Customer') => {
  const id = newId('ct');
  await sql('INSERT INTO contacts (id, workspace_id, name) VALUES ($1, $2, $3)', [id, workspaceId, name]);
  return id;
};
const notificationsOf = (memberId: string, kind?: string) =>
  sql<{ id: string; kind: string; title: string; body: string; link: string | null }>(
    'SELECT id, kind, title, body, link FROM notifications WHERE member_id = $1 AND ($2::text IS NULL OR kind = $2) ORDER BY created_at, id',
    [memberId, kind ?? null],
  );
const ids = (body: Body) => (body.data as unknown as { id: string }[]).map((row) => row.id);
const mention = (name: string, memberId: string) => `@[${name}](member:${memberId})`;
const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

beforeAll(async () => {
  t = await buildTestApp();
  const acme = await createWorkspaceWithOwner(t, 'Acme');
  ws = acme.workspace.id;
  owner = acme.owner;
  ownerMemberId = acme.ownerMemberId;
  agent = await addMember(t, ws, 'agent');
  colleague = await addMember(t, ws, 'agent');
});
afterAll(async () => t.close());

describe('tasks', () => {
  it('creates, reads, changes, completes and deletes a task, assigned to the caller by default', async () => {
    const created = await inject(agent.user, 'POST', '/tasks', { title: '  Send the quote ', description: 'PDF', dueAt: inHours(5) });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ title: 'Send the quote', description: 'PDF', status: 'open', assigneeMemberId: agent.memberId, assigneeName: 'agent person', completedAt: null, createdBy: agent.memberId });
    const taskId = created.body.data.id as string;

    expect((await inject(owner, 'GET', `/tasks/${taskId}`)).body.data).toMatchObject({ id: taskId });
    const done = await inject(agent.user, 'PATCH', `/tasks/${taskId}`, { status: 'done', title: 'Send the signed quote' });
    expect(done.status).toBe(200);
    expect(done.body.data).toMatchObject({ status: 'done', title: 'Send the signed quote' });
    expect(done.body.data.completedAt).toEqual(expect.any(String));
    const reopened = await inject(agent.user, 'PATCH', `/tasks/${taskId}`, { status: 'open', dueAt: null });
    expect(reopened.body.data).toMatchObject({ status: 'open', completedAt: null, dueAt: null });

    const viewer = await addMember(t, ws, 'viewer');
    expect((await inject(viewer.user, 'GET', `/tasks/${taskId}`)).status).toBe(200);
    expect((await inject(viewer.user, 'PATCH', `/tasks/${taskId}`, { title: 'x' })).status).toBe(403);

    expect((await inject(agent.user, 'DELETE', `/tasks/${taskId}`)).status).toBe(204);
    const gone = await inject(agent.user, 'GET', `/tasks/${taskId}`);
    expect(gone.status).toBe(404);
    expect(gone.body.error?.code).toBe('task.not_found');
    const actions = await sql<{ action: string }>("SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY created_at", [taskId]);
    expect(actions.map((row) => row.action)).toEqual(['task.created', 'task.updated', 'task.updated', 'task.deleted']);
  });

  it('refuses an assignee or a contact from outside the workspace', async () => {
    const other = await createWorkspaceWithOwner(t, 'Other');
    const notAMember = await inject(owner, 'POST', '/tasks', { title: 'x', assigneeMemberId: other.ownerMemberId });
    expect(notAMember.status).toBe(400);
    expect(notAMember.body.error).toMatchObject({ code: 'request.invalid', details: { fields: [{ path: 'assigneeMemberId' }] } });
    const foreignContact = await createContact(other.workspace.id);
    const contact = await inject(owner, 'POST', '/tasks', { title: 'x', contactId: foreignContact });
    expect(contact.status).toBe(404);
    expect(contact.body.error?.code).toBe('contact.not_found');
    expect((await inject(owner, 'POST', '/tasks', { title: 'x', dealId: 'deal_nope' })).body.error?.code).toBe('deal.not_found');
    expect((await sql('SELECT id FROM tasks WHERE title = $1', ['x']))).toEqual([]);
  });

  it('filters by assignee, status, contact and due date, sorted by due date with undated tasks last', async () => {
    const contactId = await createContact();
    const make = async (title: string, extra: Record<string, unknown>) => (await inject(colleague.user, 'POST', '/tasks', { title, ...extra })).body.data.id as string;
    const overdue = await make('overdue', { dueAt: inHours(-2) });
    const later = await make('later', { dueAt: inHours(72), contactId });
    const soon = await make('soon', { dueAt: inHours(0.02) });
    const undated = await make('undated', {});
    const finished = await make('finished', { dueAt: inHours(-1) });
    await inject(colleague.user, 'PATCH', `/tasks/${finished}`, { status: 'done' });
    const someoneElses = await make('for the owner', { assigneeMemberId: ownerMemberId, dueAt: inHours(1) });

    const mine = await inject(colleague.user, 'GET', '/tasks?assigneeMemberId=me&status=open');
    expect(ids(mine.body)).toEqual([overdue, soon, later, undated]);
    expect(ids((await inject(owner, 'GET', `/tasks?assigneeMemberId=${colleague.memberId}&status=done`)).body)).toEqual([finished]);
    expect(ids((await inject(owner, 'GET', `/tasks?contactId=${contactId}`)).body)).toEqual([later]);
    expect(ids((await inject(colleague.user, 'GET', '/tasks?assigneeMemberId=me&due=overdue&status=open')).body)).toEqual([overdue]);
    expect(ids((await inject(colleague.user, 'GET', '/tasks?assigneeMemberId=me&due=none')).body)).toEqual([undated]);
    expect(ids((await inject(colleague.user, 'GET', '/tasks?assigneeMemberId=me&due=upcoming')).body)).toContain(later);
    expect(ids((await inject(colleague.user, 'GET', '/tasks?assigneeMemberId=me&due=upcoming')).body)).not.toContain(overdue);
    expect(ids((await inject(owner, 'GET', '/tasks?assigneeMemberId=me')).body)).toContain(someoneElses);
    expect((await inject(owner, 'GET', '/tasks?tz=Not/AZone')).status).toBe(400);

    // Pages of 2 walk the same order, across the dated/undated boundary, without repeats.
    const walked: string[] = [];
    let cursor: string | null | undefined = null;
    do {
      const pageOf: Awaited<ReturnType<typeof inject>> = await inject(colleague.user, 'GET', `/tasks?assigneeMemberId=me&status=open&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      walked.push(...ids(pageOf.body));
      cursor = pageOf.body.nextCursor;
    } while (cursor);
    expect(walked).toEqual([overdue, soon, later, undated]);
  });

  it('notifies a member when someone else assigns them a task, not when they take it themselves', async () => {
    const before = (await notificationsOf(agent.memberId, 'task_assigned')).length;
    const task = await inject(owner, 'POST', '/tasks', { title: 'Call Dana back', assigneeMemberId: agent.memberId });
    const taskId = task.body.data.id as string;
    const after = await notificationsOf(agent.memberId, 'task_assigned');
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)).toMatchObject({ title: 'Olivia Owner assigned you a task', body: 'Call Dana back', link: `/tasks?task=${taskId}` });

    await inject(agent.user, 'POST', '/tasks', { title: 'My own', assigneeMemberId: agent.memberId });
    await inject(agent.user, 'PATCH', `/tasks/${taskId}`, { title: 'Call Dana back today' });
    expect(await notificationsOf(agent.memberId, 'task_assigned')).toHaveLength(before + 1);

    await inject(agent.user, 'PATCH', `/tasks/${taskId}`, { assigneeMemberId: colleague.memberId });
    expect((await notificationsOf(colleague.memberId, 'task_assigned')).at(-1)).toMatchObject({ title: 'agent person assigned you a task' });
  });

  it("puts task creation and completion on the contact's timeline, once each", async () => {
    const contactId = await createContact();
    const task = await inject(agent.user, 'POST', '/tasks', { title: 'Ship replacement', contactId });
    const taskId = task.body.data.id as string;
    await inject(agent.user, 'PATCH', `/tasks/${taskId}`, { status: 'done' });
    await inject(agent.user, 'PATCH', `/tasks/${taskId}`, { status: 'open' });
    await inject(agent.user, 'PATCH', `/tasks/${taskId}`, { status: 'done' });
    const rows = await sql<{ kind: string; summary: string; source_module: string; source_id: string; actor_member_id: string }>(
      'SELECT kind, summary, source_module, source_id, actor_member_id FROM interactions WHERE contact_id = $1 ORDER BY id',
      [contactId],
    );
    expect(rows).toEqual([
      { kind: 'task', summary: 'Task created: Ship replacement', source_module: 'activities', source_id: `${taskId}:created`, actor_member_id: agent.memberId },
      { kind: 'task', summary: 'Task completed: Ship replacement', source_module: 'activities', source_id: `${taskId}:done`, actor_member_id: agent.memberId },
    ]);
  });
});

describe('notes and mentions', () => {
  it('stores mentions, notifies each mentioned member once, and notifies only new mentions on edit', async () => {
    const contactId = await createContact();
    const body = `Spoke with Casey. ${mention('agent person', agent.memberId)} please follow up; ${mention('agent person', agent.memberId)} again, and me ${mention('Olivia Owner', ownerMemberId)}`;
    const created = await inject(owner, 'POST', '/notes', { body, contactId });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ body, contactId, authorMemberId: ownerMemberId, authorName: 'Olivia Owner', mentionedMemberIds: [agent.memberId, ownerMemberId] });
    const noteId = created.body.data.id as string;

    const agentMentions = await notificationsOf(agent.memberId, 'mention');
    expect(agentMentions).toHaveLength(1);
    expect(agentMentions[0]).toMatchObject({ title: 'Olivia Owner mentioned you', link: `/contacts/${contactId}` });
    expect(agentMentions[0]!.body).toContain('@agent person please follow up');
    expect(await notificationsOf(ownerMemberId, 'mention')).toHaveLength(0); // not yourself

    const edited = await inject(owner, 'PATCH', `/notes/${noteId}`, { body: `${body} — ${mention('colleague', colleague.memberId)}` });
    expect(edited.status).toBe(200);
    expect(edited.body.data.mentionedMemberIds).toEqual([agent.memberId, ownerMemberId, colleague.memberId]);
    expect(await notificationsOf(agent.memberId, 'mention')).toHaveLength(1);
    expect(await notificationsOf(colleague.memberId, 'mention')).toHaveLength(1);

    const timeline = await sql<{ kind: string; source_id: string; body: string }>('SELECT kind, source_id, body FROM interactions WHERE contact_id = $1', [contactId]);
    expect(timeline).toEqual([{ kind: 'note', source_id: noteId, body: expect.stringContaining('@agent person please follow up') }]);
    const listed = await inject(agent.user, 'GET', `/notes?contactId=${contactId}`);
    expect(ids(listed.body)).toEqual([noteId]);
  });

  it('refuses unknown member ids and members of another workspace, naming them', async () => {
    const contactId = await createContact();
    const unknown = await inject(owner, 'POST', '/notes', { body: `hi ${mention('Ghost', 'mem_ghost')}`, contactId });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: 'note.unknown_mention', details: { memberIds: ['mem_ghost'] } });
    expect(unknown.body.error?.message).toContain('mem_ghost');

    const other = await createWorkspaceWithOwner(t, 'Elsewhere');
    const outsider = await inject(owner, 'POST', '/notes', { body: `hi ${mention('Olivia Owner', other.ownerMemberId)}`, contactId });
    expect(outsider.status).toBe(400);
    expect(outsider.body.error?.details).toEqual({ memberIds: [other.ownerMemberId] });
    expect(await notificationsOf(other.ownerMemberId)).toEqual([]);
    expect(await sql('SELECT id FROM notes WHERE contact_id = $1', [contactId])).toEqual([]);
    expect((await inject(owner, 'POST', '/notes', { body: 'attached to nothing' })).status).toBe(400);
  });

  it('lets only the author or an admin edit and delete a note', async () => {
    const contactId = await createContact();
    const note = await inject(agent.user, 'POST', '/notes', { body: 'Prefers email', contactId });
    const noteId = note.body.data.id as string;
    const byColleague = await inject(colleague.user, 'PATCH', `/notes/${noteId}`, { body: 'Prefers phone' });
    expect(byColleague.status).toBe(403);
    expect(byColleague.body.error?.code).toBe('note.not_author');
    expect((await inject(colleague.user, 'DELETE', `/notes/${noteId}`)).status).toBe(403);
    expect((await inject(agent.user, 'PATCH', `/notes/${noteId}`, { body: 'Prefers email, mornings' })).body.data).toMatchObject({ body: 'Prefers email, mornings' });
    const admin = await addMember(t, ws, 'admin');
    expect((await inject(admin.user, 'DELETE', `/notes/${noteId}`)).status).toBe(204);
    expect(ids((await inject(agent.user, 'GET', `/notes?contactId=${contactId}`)).body)).toEqual([]);
  });
});

describe('notifications', () => {
  it('are private to each member, counted, and marked read one by one or all at once', async () => {
    const reader = await addMember(t, ws, 'viewer');
    const contactId = await createContact();
    for (const n of [1, 2, 3]) {
      await inject(owner, 'POST', '/notes', { body: `Note ${n} for ${mention('viewer person', reader.memberId)}`, contactId });
    }
    const list = await inject(reader.user, 'GET', '/notifications');
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(3);
    expect(list.body.data[0]).toMatchObject({ kind: 'mention', readAt: null, body: 'Note 3 for @viewer person' });
    expect((await inject(reader.user, 'GET', '/notifications/unread-count')).body.data).toEqual({ count: 3 });

    // Someone else's notification answers like a missing one, and never shows in their list.
    const firstId = ids(list.body)[0]!;
    const stolen = await inject(agent.user, 'POST', `/notifications/${firstId}/read`);
    expect(stolen.status).toBe(404);
    expect(stolen.body.error?.code).toBe('notification.not_found');
    expect(ids((await inject(agent.user, 'GET', '/notifications?limit=200')).body)).not.toContain(firstId);

    const read = await inject(reader.user, 'POST', `/notifications/${firstId}/read`);
    expect(read.status).toBe(200);
    expect(read.body.data.readAt).toEqual(expect.any(String));
    expect(ids((await inject(reader.user, 'GET', '/notifications?unread=true')).body)).toHaveLength(2);
    const paged = await inject(reader.user, 'GET', '/notifications?limit=2');
    expect(paged.body.nextCursor).toBeTruthy();
    expect(ids((await inject(reader.user, 'GET', `/notifications?limit=2&cursor=${paged.body.nextCursor}`)).body)).toHaveLength(1);

    expect((await inject(reader.user, 'POST', '/notifications/read-all')).body.data).toEqual({ count: 2 });
    expect((await inject(reader.user, 'GET', '/notifications/unread-count')).body.data).toEqual({ count: 0 });
  });

  it('answers API keys with auth.person_required', async () => {
    const key = await inject(owner, 'POST', '/api-keys', { name: 'integration', scopes: ['all'] });
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/notifications', headers: { authorization: `Bearer ${key.body.data.key as string}` } });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ error: { code: 'auth.person_required' } });
  });
});

describe('reminders', () => {
  const helpers = { logger: { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} } } as unknown as JobHelpers;
  const runJob = () => sendReminders.handler({}, { db: t.db.database.db }, helpers);

  it('sends each due reminder once to the assignee, even when the job runs twice at once and again', async () => {
    const due = await inject(owner, 'POST', '/tasks', { title: 'Renewal call', assigneeMemberId: colleague.memberId, remindAt: inHours(1) });
    const dueId = due.body.data.id as string;
    const future = await inject(owner, 'POST', '/tasks', { title: 'Later', assigneeMemberId: colleague.memberId, remindAt: inHours(2) });
    const completed = await inject(owner, 'POST', '/tasks', { title: 'Done already', assigneeMemberId: colleague.memberId, remindAt: inHours(1) });
    await inject(owner, 'PATCH', `/tasks/${completed.body.data.id as string}`, { status: 'done' });
    // Move both reminders into the past without waiting.
    await sql("UPDATE tasks SET remind_at = now() - interval '1 minute' WHERE id = ANY($1)", [[dueId, completed.body.data.id]]);

    await Promise.all([runJob(), runJob()]);
    await runJob();

    const reminders = await notificationsOf(colleague.memberId, 'reminder');
    expect(reminders).toEqual([expect.objectContaining({ title: 'Reminder: Renewal call', link: `/tasks?task=${dueId}` })]);
    expect((await inject(owner, 'GET', `/tasks/${dueId}`)).body.data.remindedAt).toEqual(expect.any(String));
    expect((await inject(owner, 'GET', `/tasks/${future.body.data.id as string}`)).body.data.remindedAt).toBeNull();

    // A new reminder time re-arms it.
    await inject(owner, 'PATCH', `/tasks/${dueId}`, { remindAt: inHours(-0.1) });
    await runJob();
    expect(await notificationsOf(colleague.memberId, 'reminder')).toHaveLength(2);
  });
});

describe('OpenAPI document', () => {
  it('describes every activities route', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    const paths = Object.keys((response.json() as { paths: Record<string, unknown> }).paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/tasks',
        '/api/v1/tasks/{id}',
        '/api/v1/notes',
        '/api/v1/notes/{id}',
        '/api/v1/notifications',
        '/api/v1/notifications/unread-count',
        '/api/v1/notifications/{id}/read',
        '/api/v1/notifications/read-all',
      ]),
    );
  });
});
