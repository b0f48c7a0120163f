import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { addMember, as, cookieFrom, createUser, createWorkspaceWithOwner, type TestUser } from '../../../test/helpers/factories.js';

let t: TestApp;
let ws: string;
let owner: TestUser;

type Json = Record<string, unknown> & { data: Record<string, unknown> & Record<string, unknown>[] };
const inject = async (user: TestUser | null, method: string, url: string, payload?: unknown, extra: Record<string, string> = {}) => {
  const response = await t.app.inject({
    method: method as 'GET',
    url,
    headers: { ...(user ? as(user, ws) : {}), ...extra },
    ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
  });
  return { status: response.statusCode, body: (response.body ? response.json() : null) as Json, headers: response.headers };
};
const audit = async (action: string) =>
  ((await inject(owner, 'GET', `/api/v1/audit-events?action=${action}`)).body.data as unknown as { before: unknown; after: unknown; actor: { label: string } }[]);

beforeAll(async () => {
  t = await buildTestApp();
  const acme = await createWorkspaceWithOwner(t, 'Acme');
  ws = acme.workspace.id;
  owner = acme.owner;
});
afterAll(async () => t.close());

describe('members and roles', () => {
  it('changes a role, records it in the audit log with before and after', async () => {
    const { memberId } = await addMember(t, ws, 'agent');
    const changed = await inject(owner, 'PATCH', `/api/v1/members/${memberId}`, { role: 'manager' });
    expect(changed.status).toBe(200);
    expect(changed.body.data).toMatchObject({ id: memberId, role: 'manager' });
    const [entry] = await audit('member.role_changed');
    expect(entry).toMatchObject({ before: { role: 'agent' }, after: { role: 'manager' }, actor: { label: 'Olivia Owner' } });
  });

  it('never leaves a workspace without an owner, and admins cannot make owners', async () => {
    const me = await inject(owner, 'GET', '/api/v1/members?role=owner');
    const ownerMemberId = (me.body.data[0] as { id: string }).id;
    const demote = await inject(owner, 'PATCH', `/api/v1/members/${ownerMemberId}`, { role: 'admin' });
    expect(demote.status).toBe(422);
    expect(demote.body).toMatchObject({ error: { code: 'member.last_owner' } });
    const leave = await inject(owner, 'DELETE', `/api/v1/members/${ownerMemberId}`);
    expect(leave.body).toMatchObject({ error: { code: 'member.last_owner' } });

    const admin = await addMember(t, ws, 'admin');
    const target = await addMember(t, ws, 'viewer');
    const promote = await inject(admin.user, 'PATCH', `/api/v1/members/${target.memberId}`, { role: 'owner' });
    expect(promote.status).toBe(403);
    expect(promote.body).toMatchObject({ error: { code: 'member.role_not_allowed' } });
    const removeOwner = await inject(admin.user, 'DELETE', `/api/v1/members/${ownerMemberId}`);
    expect(removeOwner.status).toBe(403);
  });

  it('removes a member, who then cannot see the workspace', async () => {
    const leaving = await addMember(t, ws, 'analyst');
    expect((await inject(leaving.user, 'GET', '/api/v1/members')).status).toBe(200);
    expect((await inject(owner, 'DELETE', `/api/v1/members/${leaving.memberId}`)).status).toBe(204);
    const after = await inject(leaving.user, 'GET', '/api/v1/members');
    expect(after.status).toBe(404);
    const [entry] = await audit('member.removed');
    expect(entry).toMatchObject({ before: { role: 'analyst', email: leaving.user.email }, after: null });
  });

  it('lists members with search, filters and cursor pages', async () => {
    for (let i = 0; i < 4; i++) await addMember(t, ws, 'viewer');
    const first = await inject(owner, 'GET', '/api/v1/members?limit=3');
    expect(first.body.data).toHaveLength(3);
    const nextCursor = (first.body as unknown as { nextCursor: string }).nextCursor;
    expect(nextCursor).toBeTruthy();
    const second = await inject(owner, 'GET', `/api/v1/members?limit=200&cursor=${nextCursor}`);
    const ids = [...first.body.data, ...second.body.data].map((m) => (m as { id: string }).id);
    expect(new Set(ids).size).toBe(ids.length);
    const all = await inject(owner, 'GET', '/api/v1/members?limit=200');
    expect(ids.length).toBe(all.body.data.length);
    const search = await inject(owner, 'GET', '/api/v1/members?q=olivia');
    expect(search.body.data.map((m) => (m as { name: string }).name)).toEqual(['Olivia Owner']);
  });

  it('hides members of other workspaces behind a 404', async () => {
    const other = await createWorkspaceWithOwner(t, 'Other');
    const foreign = await addMember(t, other.workspace.id, 'agent');
    const response = await inject(owner, 'PATCH', `/api/v1/members/${foreign.memberId}`, { role: 'viewer' });
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ error: { code: 'member.not_found' } });
    expect((await inject(owner, 'GET', `/api/v1/members/${foreign.memberId}`)).status).toBe(404);
  });
});

describe('teams', () => {
  it('creates teams with unique names, and manages their members', async () => {
    const created = await inject(owner, 'POST', '/api/v1/teams', { name: 'Social Care', description: 'Answers the public' });
    expect(created.status).toBe(201);
    const teamId = (created.body.data as unknown as { id: string }).id;
    const duplicate = await inject(owner, 'POST', '/api/v1/teams', { name: 'social care' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ error: { code: 'team.name_taken' } });

    const agent = await addMember(t, ws, 'agent');
    expect((await inject(owner, 'PUT', `/api/v1/teams/${teamId}/members/${agent.memberId}`)).status).toBe(204);
    const sales = await inject(owner, 'POST', '/api/v1/teams', { name: 'Sales' });
    await inject(owner, 'PUT', `/api/v1/teams/${(sales.body.data as unknown as { id: string }).id}/members/${agent.memberId}`);
    const member = await inject(owner, 'GET', `/api/v1/members/${agent.memberId}`);
    expect((member.body.data as unknown as { teams: { name: string }[] }).teams.map((team) => team.name)).toEqual(['Sales', 'Social Care']);

    const team = await inject(owner, 'GET', `/api/v1/teams/${teamId}`);
    expect(team.body.data).toMatchObject({ name: 'Social Care', memberCount: 1 });
    expect((await inject(owner, 'DELETE', `/api/v1/teams/${teamId}/members/${agent.memberId}`)).status).toBe(204);
    expect((await inject(owner, 'GET', `/api/v1/teams/${teamId}`)).body.data).toMatchObject({ memberCount: 0 });
    expect((await inject(owner, 'DELETE', `/api/v1/teams/${teamId}`)).status).toBe(204);
    expect((await inject(owner, 'GET', `/api/v1/teams/${teamId}`)).status).toBe(404);
    const actions = ((await inject(owner, 'GET', '/api/v1/audit-events?entityType=team&limit=200')).body.data as unknown as { action: string }[]).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['team.created', 'team.member_added', 'team.member_removed', 'team.deleted']));
  });
});

describe('invitations', () => {
  it('lets a new person join by link with the invited role and teams', async () => {
    const team = await inject(owner, 'POST', '/api/v1/teams', { name: 'Marketing' });
    const teamId = (team.body.data as unknown as { id: string }).id;
    const invitation = await inject(owner, 'POST', '/api/v1/invitations', { role: 'analyst', teamIds: [teamId] });
    expect(invitation.status).toBe(201);
    const { token, url } = invitation.body.data as unknown as { token: string; url: string };
    expect(url).toBe(`http://localhost:3000/invite/${token}`);

    const info = await inject(null, 'GET', `/api/v1/invitation-links/${token}`);
    expect(info.body.data).toMatchObject({ workspaceName: 'Acme', role: 'analyst', email: null });

    const missing = await inject(null, 'POST', `/api/v1/invitation-links/${token}/accept`, {});
    expect(missing.status).toBe(400);
    const accepted = await inject(null, 'POST', `/api/v1/invitation-links/${token}/accept`, { name: 'Nina New', email: 'nina@example.com', password: 'ninas long password' });
    expect(accepted.status).toBe(201);
    const cookie = cookieFrom(accepted.headers['set-cookie']);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(me.json()).toMatchObject({ data: { user: { email: 'nina@example.com' }, workspaces: [{ id: ws, role: 'analyst' }] } });
    const nina = (await inject(owner, 'GET', '/api/v1/members?q=nina')).body.data[0] as unknown as { teams: { name: string }[] };
    expect(nina.teams.map((x) => x.name)).toEqual(['Marketing']);

    const reused = await inject(null, 'POST', `/api/v1/invitation-links/${token}/accept`, { name: 'Eve', email: 'eve@example.com', password: 'eves long password' });
    expect(reused.status).toBe(404);
    expect(reused.body).toMatchObject({ error: { code: 'invitation.invalid' } });
    const [entry] = await audit('member.added');
    expect(entry).toMatchObject({ after: { email: 'nina@example.com', role: 'analyst' } });
  });

  it('lets a signed-in person accept, enforces the invited email and refuses revoked links', async () => {
    const existing = await createUser(t, { email: 'sam@example.com' });
    const forSam = await inject(owner, 'POST', '/api/v1/invitations', { role: 'agent', email: 'sam@example.com' });
    const samToken = (forSam.body.data as unknown as { token: string }).token;
    const stranger = await createUser(t);
    const wrongPerson = await t.app.inject({ method: 'POST', url: `/api/v1/invitation-links/${samToken}/accept`, headers: { cookie: stranger.cookie }, payload: {} });
    expect(wrongPerson.statusCode).toBe(403);
    expect(wrongPerson.json()).toMatchObject({ error: { code: 'invitation.email_mismatch' } });
    const sam = await t.app.inject({ method: 'POST', url: `/api/v1/invitation-links/${samToken}/accept`, headers: { cookie: existing.cookie }, payload: {} });
    expect(sam.statusCode).toBe(201);

    const revoked = await inject(owner, 'POST', '/api/v1/invitations', { role: 'viewer' });
    const { id, token } = revoked.body.data as unknown as { id: string; token: string };
    expect((await inject(owner, 'GET', '/api/v1/invitations')).body.data.map((i) => (i as { id: string }).id)).toContain(id);
    expect((await inject(owner, 'DELETE', `/api/v1/invitations/${id}`)).status).toBe(204);
    expect((await inject(null, 'GET', `/api/v1/invitation-links/${token}`)).status).toBe(404);
    expect((await inject(owner, 'GET', '/api/v1/invitations')).body.data.map((i) => (i as { id: string }).id)).not.toContain(id);
  });

  it('does not let a manager invite an admin', async () => {
    const manager = await addMember(t, ws, 'manager');
    const response = await inject(manager.user, 'POST', '/api/v1/invitations', { role: 'admin' });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ error: { code: 'member.role_not_allowed' } });
    expect((await inject(manager.user, 'POST', '/api/v1/invitations', { role: 'agent' })).status).toBe(201);
  });
});

describe('API keys', () => {
  it('shows a key once, stores only its hash, works until revoked', async () => {
    const created = await inject(owner, 'POST', '/api/v1/api-keys', { name: 'Zapier', scopes: ['all'] });
    expect(created.status).toBe(201);
    const { key, id, prefix } = created.body.data as unknown as { key: string; id: string; prefix: string };
    expect(key.startsWith(prefix)).toBe(true);
    const listed = await inject(owner, 'GET', '/api/v1/api-keys');
    expect(JSON.stringify(listed.body)).not.toContain(key);
    const stored = await t.db.database.pool.query('SELECT key_hash FROM api_keys WHERE id = $1', [id]);
    expect(stored.rows[0].key_hash).not.toContain(key.slice(12));

    const viaKey = await t.app.inject({ method: 'POST', url: '/api/v1/teams', headers: { authorization: `Bearer ${key}` }, payload: { name: 'Made by Zapier' } });
    expect(viaKey.statusCode).toBe(201);
    const [entry] = await audit('team.created');
    expect(entry).toMatchObject({ actor: { label: 'API key Zapier' }, after: { name: 'Made by Zapier' } });

    expect((await inject(owner, 'DELETE', `/api/v1/api-keys/${id}`)).status).toBe(204);
    const afterRevoke = await t.app.inject({ method: 'GET', url: '/api/v1/teams', headers: { authorization: `Bearer ${key}` } });
    expect(afterRevoke.statusCode).toBe(401);
  });
});

describe('idempotent writes', () => {
  it('answers a repeated Idempotency-Key with the first result and does nothing twice', async () => {
    const headers = { 'idempotency-key': 'create-support-team-1' };
    const first = await inject(owner, 'POST', '/api/v1/teams', { name: 'Support' }, headers);
    const second = await inject(owner, 'POST', '/api/v1/teams', { name: 'Support' }, headers);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers['idempotent-replayed']).toBe('true');
    const different = await inject(owner, 'POST', '/api/v1/teams', { name: 'Not Support' }, headers);
    expect(different.status).toBe(422);
    const teams = (await inject(owner, 'GET', '/api/v1/teams')).body.data.filter((team) => (team as { name: string }).name === 'Support');
    expect(teams).toHaveLength(1);
  });
});

describe('workspaces', () => {
  it('creates a workspace for its creator and renames it with an audit entry', async () => {
    const person = await createUser(t);
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/workspaces', headers: { cookie: person.cookie }, payload: { name: 'Side Project' } });
    expect(created.statusCode).toBe(201);
    const newWs = (created.json() as { data: { id: string } }).data.id;
    const renamed = await t.app.inject({ method: 'PATCH', url: '/api/v1/workspace', headers: as(person, newWs), payload: { name: 'Main Project' } });
    expect(renamed.json()).toMatchObject({ data: { name: 'Main Project' } });
    const log = await t.app.inject({ method: 'GET', url: '/api/v1/audit-events?action=workspace.updated', headers: as(person, newWs) });
    expect(log.json()).toMatchObject({ data: [{ before: { name: 'Side Project' }, after: { name: 'Main Project' } }] });
    const noHeader = await t.app.inject({ method: 'GET', url: '/api/v1/workspace', headers: { cookie: person.cookie } });
    expect(noHeader.json()).toMatchObject({ error: { code: 'workspace.required' } });
  });
});
