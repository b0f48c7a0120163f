// Collaboration over HTTP: participants from any department, and "ask an expert" — handing a
// conversation to someone with only read access to the inbox, who gives it back to the agent who
// asked — with the notifications, notes and conversation events each step leaves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { addMember, as, createWorkspaceWithOwner, type TestUser } from '../../../../test/helpers/factories.js';
import { channels, conversations } from '../../../db/schema.js';
import { newId } from '../../../lib/ids.js';

type Person = { user: TestUser; memberId: string };
let t: TestApp;
let ws: string;
let owner: TestUser;
let agent: Person;
let colleague: Person;
let manager: Person;
let storeEmployee: Person;
let other: { ws: string; owner: TestUser; memberId: string };
let channelId: string;

type Body = { data: Record<string, unknown> & Record<string, unknown>[]; error?: { code: string; message: string } };
const inject = async (method: 'GET' | 'POST' | 'DELETE', url: string, payload: unknown, user: TestUser, workspaceId = ws) => {
  const response = await t.app.inject({ method, url: `/api/v1${url}`, headers: as(user, workspaceId), ...(payload !== undefined ? { payload: payload as object } : {}) });
  return { status: response.statusCode, body: (response.body ? response.json() : null) as Body };
};
const rows = async <T>(text: string, params: unknown[] = []) => (await t.db.database.pool.query(text, params)).rows as T[];
const notifications = (memberId: string) => rows<{ kind: string; title: string; body: string; link: string }>('SELECT kind, title, body, link FROM notifications WHERE member_id = $1 ORDER BY created_at, id', [memberId]);
const events = (conversationId: string) => rows<{ type: string; actor_member_id: string | null; data: Record<string, unknown> }>('SELECT type, actor_member_id, data FROM conversation_events WHERE conversation_id = $1 ORDER BY id', [conversationId]);

async function conversationAssignedTo(memberId: string | null) {
  const id = newId('conv');
  await t.db.database.db.insert(conversations).values({ id, workspaceId: ws, channelId, channelType: 'webchat', externalThreadId: id, assigneeMemberId: memberId, lastMessagePreview: 'Is the Zephyr waterproof?' });
  return id;
}

beforeAll(async () => {
  t = await buildTestApp();
  const acme = await createWorkspaceWithOwner(t, 'Zephyr Shoes');
  ws = acme.workspace.id;
  owner = acme.owner;
  agent = await addMember(t, ws, 'agent');
  colleague = await addMember(t, ws, 'agent');
  manager = await addMember(t, ws, 'manager');
  // A store employee: only reads (the viewer role), yet can be asked and answer.
  storeEmployee = await addMember(t, ws, 'viewer');
  const globex = await createWorkspaceWithOwner(t, 'Globex');
  other = { ws: globex.workspace.id, owner: globex.owner, memberId: globex.ownerMemberId };
  channelId = newId('ch');
  await t.db.database.db.insert(channels).values({ id: channelId, workspaceId: ws, type: 'webchat', name: 'Website' });
});

afterAll(async () => t.close());

describe('ask an expert', () => {
  it('hands the conversation to an expert with only read access, who gives it back to the agent who asked', async () => {
    const conversationId = await conversationAssignedTo(agent.memberId);
    const asked = await inject('POST', `/conversations/${conversationId}/handoff`, { memberId: storeEmployee.memberId, note: 'Does the Main street store have size 44 in stock?' }, agent.user);
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);
    expect(asked.body.data).toMatchObject({ conversationId, assigneeMemberId: storeEmployee.memberId, handoffReturnMemberId: agent.memberId });
    const participants = asked.body.data.participants as unknown as { memberId: string; role: string }[];
    expect(participants.map((p) => [p.memberId, p.role]).sort()).toEqual([[agent.memberId, 'participant'], [storeEmployee.memberId, 'expert']].sort());

    const toExpert = await notifications(storeEmployee.memberId);
    expect(toExpert.find((n) => n.kind === 'conversation_handoff')).toEqual({
      kind: 'conversation_handoff',
      title: `${agent.user.name} asks for your help on a conversation`,
      body: 'Does the Main street store have size 44 in stock?',
      link: `/inbox/${conversationId}`,
    });
    const note = await rows<{ kind: string; text: string; author_member_id: string }>(`SELECT kind, text, author_member_id FROM messages WHERE conversation_id = $1`, [conversationId]);
    expect(note).toEqual([{ kind: 'note', text: 'Does the Main street store have size 44 in stock?', author_member_id: agent.memberId }]);
    expect((await events(conversationId)).map((e) => e.type)).toEqual(['assigned', 'handoff_requested']);
    expect((await events(conversationId))[1]).toMatchObject({ actor_member_id: agent.memberId, data: { expertMemberId: storeEmployee.memberId, returnMemberId: agent.memberId } });

    // The expert, with only inbox.read, cannot use the notes route but can note as the expert asked.
    expect((await inject('POST', `/conversations/${conversationId}/notes`, { text: 'Checking' }, storeEmployee.user)).status).toBe(403);
    const expertNote = await inject('POST', `/conversations/${conversationId}/handoff/notes`, { text: 'Checking the stock room now.' }, storeEmployee.user);
    expect(expertNote.status, JSON.stringify(expertNote.body)).toBe(201);
    expect(expertNote.body.data).toMatchObject({ text: 'Checking the stock room now.', authorMemberId: storeEmployee.memberId });
    expect((await inject('POST', `/conversations/${conversationId}/handoff/notes`, { text: 'me too' }, colleague.user)).status).toBe(403);

    // Someone else may not take it back; the expert may, with their answer as a note.
    const stranger = await inject('POST', `/conversations/${conversationId}/handoff/return`, {}, colleague.user);
    expect(stranger.status).toBe(403);
    const returned = await inject('POST', `/conversations/${conversationId}/handoff/return`, { note: 'Yes, two pairs left.' }, storeEmployee.user);
    expect(returned.status, JSON.stringify(returned.body)).toBe(200);
    expect(returned.body.data).toMatchObject({ assigneeMemberId: agent.memberId, handoffReturnMemberId: null });
    const toAgent = await notifications(agent.memberId);
    expect(toAgent.find((n) => n.kind === 'conversation_handoff')).toMatchObject({ title: `${storeEmployee.user.name} gave a conversation back to you`, body: 'Yes, two pairs left.' });
    expect((await events(conversationId)).map((e) => e.type)).toEqual(['assigned', 'handoff_requested', 'assigned', 'handoff_returned']);
    const notes = await rows<{ text: string; author_member_id: string }>(`SELECT text, author_member_id FROM messages WHERE conversation_id = $1 AND kind = 'note' ORDER BY id`, [conversationId]);
    expect(notes.at(-1)).toEqual({ text: 'Yes, two pairs left.', author_member_id: storeEmployee.memberId });

    const again = await inject('POST', `/conversations/${conversationId}/handoff/return`, {}, agent.user);
    expect(again.status).toBe(409);
    expect(again.body.error!.code).toBe('handoff.none');
  });

  it('returns to the agent who asked first when the expert asks another expert, and a manager can return it', async () => {
    const conversationId = await conversationAssignedTo(agent.memberId);
    expect((await inject('POST', `/conversations/${conversationId}/handoff`, { memberId: colleague.memberId, note: 'Sizing question' }, agent.user)).status).toBe(200);
    const second = await inject('POST', `/conversations/${conversationId}/handoff`, { memberId: manager.memberId, note: 'Beyond me, can you look?' }, colleague.user);
    expect(second.body.data).toMatchObject({ assigneeMemberId: manager.memberId, handoffReturnMemberId: agent.memberId });
    const byManager = await inject('POST', `/conversations/${conversationId}/handoff/return`, {}, manager.user);
    expect(byManager.body.data).toMatchObject({ assigneeMemberId: agent.memberId, handoffReturnMemberId: null });
  });

  it('refuses what makes no sense, and what the caller may not do', async () => {
    const conversationId = await conversationAssignedTo(agent.memberId);
    const self = await inject('POST', `/conversations/${conversationId}/handoff`, { memberId: agent.memberId, note: 'me?' }, agent.user);
    expect(self.status).toBe(409);
    expect(self.body.error!.code).toBe('handoff.already_assigned');
    const foreign = await inject('POST', `/conversations/${conversationId}/handoff`, { memberId: other.memberId, note: 'help' }, agent.user);
    expect(foreign.status).toBe(400);
    const empty = await inject('POST', `/conversations/${conversationId}/handoff`, { memberId: colleague.memberId, note: '  ' }, agent.user);
    expect(empty.status).toBe(400);
    // A viewer can answer when asked, but cannot hand conversations around.
    expect((await inject('POST', `/conversations/${conversationId}/handoff`, { memberId: colleague.memberId, note: 'x' }, storeEmployee.user)).status).toBe(403);
    // Another workspace's conversation does not exist for them.
    expect((await inject('POST', `/conversations/${conversationId}/handoff`, { memberId: other.memberId, note: 'x' }, other.owner, other.ws)).status).toBe(404);
    expect((await inject('POST', `/conversations/${conversationId}/handoff/return`, {}, other.owner, other.ws)).status).toBe(404);
    // Nothing changed.
    expect(await events(conversationId)).toEqual([]);
  });
});

describe('participants', () => {
  it('pulls a member of any department in (notified, recorded) and removes them', async () => {
    const conversationId = await conversationAssignedTo(agent.memberId);
    const added = await inject('POST', `/conversations/${conversationId}/participants`, { memberId: storeEmployee.memberId }, agent.user);
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    expect((added.body.data as unknown as { memberId: string; role: string; name: string }[]).map((p) => [p.memberId, p.role, p.name])).toEqual([[storeEmployee.memberId, 'participant', storeEmployee.user.name]]);
    const told = (await notifications(storeEmployee.memberId)).filter((n) => n.link === `/inbox/${conversationId}`);
    expect(told).toEqual([{ kind: 'conversation_mention', title: `${agent.user.name} added you to a conversation`, body: 'Is the Zephyr waterproof?', link: `/inbox/${conversationId}` }]);
    // Adding again changes nothing and tells no one twice.
    await inject('POST', `/conversations/${conversationId}/participants`, { memberId: storeEmployee.memberId }, agent.user);
    expect((await notifications(storeEmployee.memberId)).filter((n) => n.link === `/inbox/${conversationId}`)).toHaveLength(1);
    expect((await inject('GET', `/conversations/${conversationId}/participants`, undefined, storeEmployee.user)).body.data).toHaveLength(1);

    expect((await inject('DELETE', `/conversations/${conversationId}/participants/${storeEmployee.memberId}`, undefined, agent.user)).status).toBe(204);
    expect((await inject('DELETE', `/conversations/${conversationId}/participants/${storeEmployee.memberId}`, undefined, agent.user)).status).toBe(404);
    expect((await events(conversationId)).map((e) => [e.type, e.data.memberId])).toEqual([
      ['participant_added', storeEmployee.memberId],
      ['participant_removed', storeEmployee.memberId],
    ]);
  });

  it('checks permissions and workspaces', async () => {
    const conversationId = await conversationAssignedTo(null);
    expect((await inject('POST', `/conversations/${conversationId}/participants`, { memberId: colleague.memberId }, storeEmployee.user)).status).toBe(403);
    expect((await inject('POST', `/conversations/${conversationId}/participants`, { memberId: other.memberId }, owner)).status).toBe(400);
    expect((await inject('POST', `/conversations/${conversationId}/participants`, { memberId: other.memberId }, other.owner, other.ws)).status).toBe(404);
    expect((await inject('GET', `/conversations/${conversationId}/participants`, undefined, other.owner, other.ws)).status).toBe(404);
  });
});
