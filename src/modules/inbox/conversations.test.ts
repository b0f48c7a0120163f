// The inbox's core over HTTP and commands on a real database: receiving (contact, thread, once per
// platform message id, reopening), queue views, replies and their delivery through a channel driver
// (retry after Retry-After, failure and the retry button), notes with @mentions, changes, merge, split.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { addMember, as, createWorkspaceWithOwner, type TestUser } from '../../../test/helpers/factories.js';
import { createChannel, receiveCustomerMessage } from '../../../test/helpers/inbox.js';
import { ChannelSendError, type ChannelDriver, type OutboundMessage } from '../channels/driver.js';
import { registerChannelDriver } from '../channels/registry.js';
import { deliverMessage } from './jobs/send-message.js';
import { wakeSnoozed } from './jobs/wake-snoozed.js';

let t: TestApp;
let ws: string;
let owner: TestUser;
let ownerMemberId: string;
let agent: { user: TestUser; memberId: string };
let chat: string;
let email: string;

type Body = { data: Record<string, unknown> & Record<string, unknown>[]; error?: { code: string; message: string } };
const inject = async (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown, user = owner, workspaceId = ws) => {
  const response = await t.app.inject({ method, url: `/api/v1${url}`, headers: as(user, workspaceId), ...(payload !== undefined ? { payload: payload as object } : {}) });
  return { status: response.statusCode, body: (response.body ? response.json() : null) as Body };
};
const rows = async <T>(text: string, params: unknown[] = []) => (await t.db.database.pool.query(text, params)).rows as T[];

// The email channel's platform, as a driver sees it: scripted answers, and every send it was asked for.
const platform = { answers: [] as (Error | null)[], sent: [] as OutboundMessage[] };
const emailDriver: ChannelDriver = {
  type: 'email',
  send: async (_context, message) => {
    const answer = platform.answers.shift() ?? null;
    if (answer) throw answer;
    platform.sent.push(message);
    return { externalId: `mail-${message.messageId}`, status: 'sent' };
  },
};

beforeAll(async () => {
  t = await buildTestApp();
  const acme = await createWorkspaceWithOwner(t, 'Acme');
  ws = acme.workspace.id;
  owner = acme.owner;
  ownerMemberId = acme.ownerMemberId;
  agent = await addMember(t, ws, 'agent');
  chat = await createChannel(t, ws, { type: 'webchat', name: 'Website chat' });
  email = await createChannel(t, ws, { type: 'email', name: 'support@acme.test' });
  registerChannelDriver(emailDriver);
});

afterAll(async () => t.close());

describe('receiving', () => {
  it('opens a conversation for a new thread, ties the sender to a contact and stores a re-delivered message once', async () => {
    const first = await receiveCustomerMessage(t, ws, chat, { thread: 'visit-1', id: 'm1', text: 'Hello, my order #1234 has not arrived', from: { handle: 'visitor-1', name: 'Ana Pereira', email: 'ana@example.com' } });
    expect(first).toMatchObject({ duplicate: false, createdConversation: true });
    const again = await receiveCustomerMessage(t, ws, chat, { thread: 'visit-1', id: 'm1', text: 'Hello, my order #1234 has not arrived', from: { handle: 'visitor-1' } });
    expect(again).toEqual({ conversationId: first.conversationId, messageId: first.messageId, duplicate: true, createdConversation: false });
    const second = await receiveCustomerMessage(t, ws, chat, { thread: 'visit-1', id: 'm2', text: 'Any news?', from: { handle: 'visitor-1' } });
    expect(second).toMatchObject({ conversationId: first.conversationId, duplicate: false, createdConversation: false });

    const conversation = (await inject('GET', `/conversations/${first.conversationId}`)).body.data;
    expect(conversation).toMatchObject({ status: 'open', visibility: 'private', channelType: 'webchat', messageCount: 2, lastMessagePreview: 'Any news?', contact: { name: 'Ana Pereira' } });
    const contactId = (conversation.contact as { id: string }).id;
    expect(await rows('SELECT email FROM contacts WHERE id = $1', [contactId])).toEqual([{ email: 'ana@example.com' }]);
    const timeline = await rows<{ direction: string; summary: string }>('SELECT direction, summary FROM interactions WHERE contact_id = $1 ORDER BY id', [contactId]);
    expect(timeline.filter((row) => row.direction === 'inbound').map((row) => row.summary)).toEqual(['Hello, my order #1234 has not arrived', 'Any news?']);
    expect(await rows('SELECT count(*)::int AS n FROM messages WHERE conversation_id = $1', [first.conversationId])).toEqual([{ n: 2 }]);
  });

  it('reopens a resolved conversation when the customer writes again', async () => {
    const { conversationId } = await receiveCustomerMessage(t, ws, chat, { thread: 'visit-2', id: 'r1', text: 'Thanks, all good', from: { handle: 'visitor-2' } });
    expect((await inject('PATCH', `/conversations/${conversationId}`, { status: 'resolved' })).body.data).toMatchObject({ status: 'resolved' });
    await receiveCustomerMessage(t, ws, chat, { thread: 'visit-2', id: 'r2', text: 'Actually, one more thing', from: { handle: 'visitor-2' } });
    const reopened = (await inject('GET', `/conversations/${conversationId}`)).body.data;
    expect(reopened).toMatchObject({ status: 'open', resolvedAt: null });
    const events = (await inject('GET', `/conversations/${conversationId}/events`)).body.data as unknown as { type: string; data: { to?: string } }[];
    expect(events.filter((event) => event.type === 'status_changed').map((event) => event.data.to)).toEqual(['resolved', 'open']);
  });

  it('refuses a message for a channel of another workspace', async () => {
    const other = await createWorkspaceWithOwner(t, 'Other');
    await expect(receiveCustomerMessage(t, other.workspace.id, chat, { thread: 'x', id: 'x1', text: 'hi', from: { handle: 'someone' } })).rejects.toMatchObject({ code: 'channel.not_found' });
  });
});

describe('queue views', () => {
  it('lists mine, unassigned and public conversations, and hides another workspace’s', async () => {
    const mine = await receiveCustomerMessage(t, ws, chat, { thread: 'view-mine', id: 'v1', text: 'Where is my refund?', from: { handle: 'visitor-3' } });
    const open = await receiveCustomerMessage(t, ws, chat, { thread: 'view-open', id: 'v2', text: 'Do you ship to Norway?', from: { handle: 'visitor-4' } });
    const mention = await receiveCustomerMessage(t, ws, chat, { thread: 'post-9', id: 'v3', text: '@acme your app is down again', from: { handle: 'loud_critic' }, visibility: 'public' });
    await inject('PATCH', `/conversations/${mine.conversationId}`, { assigneeMemberId: agent.memberId });

    const ids = async (query: string, user = owner) => ((await inject('GET', `/conversations?${query}`, undefined, user)).body.data as unknown as { id: string }[]).map((row) => row.id);
    expect(await ids('view=mine', agent.user)).toEqual([mine.conversationId]);
    const unassigned = await ids('view=unassigned');
    expect(unassigned).toContain(open.conversationId);
    expect(unassigned).not.toContain(mine.conversationId);
    expect(await ids('view=mentions')).toEqual([mention.conversationId]);
    expect(await ids('q=Norway')).toEqual([open.conversationId]);
    // Asked again by someone else, or with another value, a view runs its prepared statement with the new values.
    expect(await ids('view=mine')).not.toContain(mine.conversationId);
    expect(await ids('q=refund')).toEqual([mine.conversationId]);
    // Newest activity first, and the cursor walks on without repeating.
    const first = await inject('GET', '/conversations?view=all&limit=2');
    const next = await inject('GET', `/conversations?view=all&limit=2&cursor=${first.body.data.length ? (first.body as unknown as { nextCursor: string }).nextCursor : ''}`);
    const seen = [...(first.body.data as unknown as { id: string }[]), ...(next.body.data as unknown as { id: string }[])].map((row) => row.id);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen[0]).toBe(mention.conversationId);

    const counts = (await inject('GET', '/conversations/counts', undefined, agent.user)).body.data as unknown as Record<string, number>;
    expect(counts.mine).toBe(1);
    expect(counts.mentions).toBe(1);
    // The counts agree with the views for whoever asks: one statement, each member's values.
    for (const user of [agent.user, owner]) {
      const countsOf = (await inject('GET', '/conversations/counts', undefined, user)).body.data as unknown as Record<string, number>;
      for (const view of ['mine', 'unassigned', 'team', 'mentions', 'sla_at_risk']) expect([view, countsOf[view]]).toEqual([view, (await ids(`view=${view}&limit=100`, user)).length]);
    }
    expect(((await inject('GET', '/conversations/counts', undefined, owner)).body.data as unknown as Record<string, number>).mine).toBe(0);

    const other = await createWorkspaceWithOwner(t, 'Elsewhere');
    expect((await inject('GET', `/conversations/${mine.conversationId}`, undefined, other.owner, other.workspace.id)).status).toBe(404);
    expect((await inject('GET', '/conversations?view=all', undefined, other.owner, other.workspace.id)).body.data).toEqual([]);
  });

  it('lists every status in one order of activity, page after page, and one status alone', async () => {
    // Open, snoozed and resolved conversations whose activity interleaves: resolved and the others are
    // walked apart (their indexes are apart) and merged.
    const statuses = ['resolved', 'open', 'resolved', 'snoozed', 'open', 'resolved', 'pending'] as const;
    const until = new Date(Date.now() + 86_400_000).toISOString();
    for (const [n, status] of statuses.entries()) {
      const { conversationId } = await receiveCustomerMessage(t, ws, chat, { thread: `mixed-${n}`, id: `mixed-m${n}`, text: `Question ${n}`, from: { handle: `mixed-${n}` } });
      if (status !== 'open') await inject('PATCH', `/conversations/${conversationId}`, { status, assigneeMemberId: agent.memberId, ...(status === 'snoozed' ? { snoozedUntil: until } : {}) });
      await t.db.database.pool.query(`UPDATE conversations SET last_message_at = now() + $2 * interval '1 minute' WHERE id = $1`, [conversationId, (n * 5) % 7]);
    }
    const expected = async (condition: string, params: unknown[] = []) =>
      (await rows<{ id: string }>(`SELECT id FROM conversations WHERE workspace_id = $1 AND merged_into_id IS NULL ${condition} ORDER BY last_message_at DESC, id DESC`, [ws, ...params])).map((row) => row.id);
    const walk = async (query: string, user = owner) => {
      const seen: string[] = [];
      let cursor: string | null = '';
      while (cursor !== null) {
        const page = (await inject('GET', `/conversations?${query}&limit=3${cursor ? `&cursor=${cursor}` : ''}`, undefined, user)).body as unknown as { data: { id: string }[]; nextCursor: string | null };
        seen.push(...page.data.map((row) => row.id));
        cursor = page.nextCursor;
      }
      return seen;
    };
    expect(await walk('view=all')).toEqual(await expected(''));
    // The team view: a member of two teams sees both teams' open and pending ones (each team walked apart,
    // merged), not a third team's, not resolved ones, in one order of activity across pages.
    const teamIds: string[] = [];
    for (const name of ['Billing', 'Returns', 'Wholesale']) teamIds.push((await inject('POST', '/teams', { name })).body.data.id as string);
    const teamMember = await addMember(t, ws, 'agent');
    for (const teamId of teamIds.slice(0, 2)) expect((await inject('PUT', `/teams/${teamId}/members/${teamMember.memberId}`)).status).toBeLessThan(300);
    for (const n of [0, 1, 2, 3, 4, 5, 6, 7]) {
      const { conversationId } = await receiveCustomerMessage(t, ws, chat, { thread: `team-${n}`, id: `team-m${n}`, text: `Team question ${n}`, from: { handle: `team-${n}` } });
      await inject('PATCH', `/conversations/${conversationId}`, { teamId: teamIds[n % 3], ...(n === 4 ? { status: 'resolved' } : n === 5 ? { status: 'pending' } : {}) });
      await t.db.database.pool.query(`UPDATE conversations SET last_message_at = now() + $2 * interval '1 minute' WHERE id = $1`, [conversationId, (n * 3) % 8]);
    }
    const teamView = await walk('view=team', teamMember.user);
    expect(teamView).toEqual(await expected(`AND status IN ('open', 'pending') AND team_id = ANY($2)`, [teamIds.slice(0, 2)]));
    expect(teamView.length).toBeGreaterThanOrEqual(4);
    expect(await walk('view=all&status=resolved')).toEqual(await expected(`AND status = 'resolved'`));
    expect(await walk('view=all&status=snoozed')).toEqual(await expected(`AND status = 'snoozed'`));
    expect(await walk('view=mine&status=resolved', agent.user)).toEqual(await expected(`AND status = 'resolved' AND assignee_member_id = $2`, [agent.memberId]));
    expect((await walk('view=all&status=resolved')).length).toBeGreaterThanOrEqual(3);
  });
});

describe('replying', () => {
  it('queues a reply, answers the waiting messages, and delivers it through the channel driver after a rate limit', async () => {
    const received = await receiveCustomerMessage(t, ws, email, { thread: 'mail-thread-1', id: '<a@mail>', text: 'My invoice is wrong', from: { handle: 'bob@example.com', channel: 'email' } });
    const sent = await inject('POST', `/conversations/${received.conversationId}/messages`, { text: 'Sorry Bob, fixing it now', clientMessageId: 'composer-1' }, agent.user);
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body.data).toMatchObject({ direction: 'outbound', status: 'queued', authorMemberId: agent.memberId });
    const again = await inject('POST', `/conversations/${received.conversationId}/messages`, { text: 'Sorry Bob, fixing it now', clientMessageId: 'composer-1' }, agent.user);
    expect(again.body.data.id).toBe(sent.body.data.id);

    const conversation = (await inject('GET', `/conversations/${received.conversationId}`)).body.data;
    expect(conversation.firstResponseAt).not.toBeNull();
    expect(conversation.waitingSince).toBeNull();
    expect(conversation.assignee).toMatchObject({ memberId: agent.memberId }); // whoever answers takes it
    expect(await rows('SELECT answered_at IS NOT NULL AS answered FROM messages WHERE id = $1', [received.messageId])).toEqual([{ answered: true }]);
    // The reply is on the contact's timeline once (the repeated request adds nothing), and counted on the profile.
    const contactId = (conversation.contact as { id: string }).id;
    expect(await rows("SELECT direction, summary FROM interactions WHERE contact_id = $1 ORDER BY id", [contactId])).toEqual([
      { direction: 'inbound', summary: 'My invoice is wrong' },
      { direction: 'outbound', summary: 'Sorry Bob, fixing it now' },
    ]);
    expect(await rows('SELECT interaction_count FROM contacts WHERE id = $1', [contactId])).toEqual([{ interaction_count: 2 }]);

    const messageId = sent.body.data.id as number;
    platform.answers.push(new ChannelSendError('rate_limited', 'Too many requests', 30_000));
    const now = new Date();
    expect(await deliverMessage({ db: t.db.database.db }, ws, messageId, now)).toBe('retrying');
    const [job] = await rows<{ run_at: Date }>("SELECT run_at FROM graphile_worker.jobs WHERE key = $1", [`inbox-send:${messageId}`]);
    expect(job!.run_at.getTime() - now.getTime()).toBeGreaterThanOrEqual(29_000);
    expect(await deliverMessage({ db: t.db.database.db }, ws, messageId, now)).toBe('sent');
    expect(platform.sent.at(-1)).toMatchObject({ text: 'Sorry Bob, fixing it now', replyToExternalId: '<a@mail>', externalThreadId: 'mail-thread-1' });
    expect(await rows('SELECT status, external_id, attempts FROM messages WHERE id = $1', [messageId])).toEqual([{ status: 'sent', external_id: `mail-${messageId}`, attempts: 2 }]);
    // Run twice (a re-delivered job): nothing is sent again.
    expect(await deliverMessage({ db: t.db.database.db }, ws, messageId, now)).toBe('skipped');
    expect(platform.sent.filter((message) => message.messageId === String(messageId))).toHaveLength(1);
  });

  it('shows a refused send as failed with its reason, and sends it again on retry', async () => {
    const received = await receiveCustomerMessage(t, ws, email, { thread: 'mail-thread-2', id: '<b@mail>', text: 'Hello?', from: { handle: 'carol@example.com', channel: 'email' } });
    const messageId = (await inject('POST', `/conversations/${received.conversationId}/messages`, { text: 'Hi Carol' })).body.data.id as number;
    platform.answers.push(new ChannelSendError('permanent', 'Recipient address rejected'));
    expect(await deliverMessage({ db: t.db.database.db }, ws, messageId)).toBe('failed');
    const listed = (await inject('GET', `/conversations/${received.conversationId}/messages`)).body.data as unknown as { id: number; status: string; error: string | null }[];
    expect(listed.find((message) => message.id === messageId)).toMatchObject({ status: 'failed', error: 'Recipient address rejected' });

    const retried = await inject('POST', `/conversations/${received.conversationId}/messages/${messageId}/retry`);
    expect(retried.body.data).toMatchObject({ status: 'queued', error: null });
    expect(await deliverMessage({ db: t.db.database.db }, ws, messageId)).toBe('sent');
    expect((await inject('POST', `/conversations/${received.conversationId}/messages/${messageId}/retry`)).status).toBe(409);
  });

  it('waits for the channel’s next minute beyond its sends per minute', async () => {
    const slow = await createChannel(t, ws, { type: 'email', name: 'slow@acme.test', sendsPerMinute: 1 });
    const a = await receiveCustomerMessage(t, ws, slow, { thread: 's1', id: 's1', text: 'one', from: { handle: 'dan@example.com', channel: 'email' } });
    const b = await receiveCustomerMessage(t, ws, slow, { thread: 's2', id: 's2', text: 'two', from: { handle: 'eve@example.com', channel: 'email' } });
    const first = (await inject('POST', `/conversations/${a.conversationId}/messages`, { text: 'answer one' })).body.data.id as number;
    const second = (await inject('POST', `/conversations/${b.conversationId}/messages`, { text: 'answer two' })).body.data.id as number;
    expect(await deliverMessage({ db: t.db.database.db }, ws, first)).toBe('sent');
    expect(await deliverMessage({ db: t.db.database.db }, ws, second)).toBe('waiting');
    expect(await rows('SELECT status FROM messages WHERE id = $1', [second])).toEqual([{ status: 'queued' }]);
  });
});

describe('notes and changes', () => {
  it('notifies mentioned people and the members of mentioned teams, who become participants', async () => {
    const expert = await addMember(t, ws, 'analyst');
    const team = await inject('POST', '/teams', { name: 'Product' });
    expect(team.status, JSON.stringify(team.body)).toBe(201);
    const teamId = team.body.data.id as string;
    const teammate = await addMember(t, ws, 'agent');
    expect((await inject('PUT', `/teams/${teamId}/members/${teammate.memberId}`)).status).toBeLessThan(300);
    const { conversationId } = await receiveCustomerMessage(t, ws, chat, { thread: 'note-1', id: 'n1', text: 'Does the X200 support USB-C?', from: { handle: 'visitor-9' } });

    const note = await inject('POST', `/conversations/${conversationId}/notes`, { text: `@[Pat](member:${expert.memberId}) and @[Product](team:${teamId}) can you confirm?` }, agent.user);
    expect(note.status, JSON.stringify(note.body)).toBe(201);
    expect(note.body.data).toMatchObject({ kind: 'note', mentionedMemberIds: [expert.memberId], mentionedTeamIds: [teamId] });
    const notified = await rows<{ member_id: string }>("SELECT member_id FROM notifications WHERE kind = 'conversation_mention' AND link = $1 ORDER BY member_id", [`/inbox/${conversationId}`]);
    expect(notified.map((row) => row.member_id).sort()).toEqual([expert.memberId, teammate.memberId].sort());
    const participants = ((await inject('GET', `/conversations/${conversationId}`)).body.data.participants as { memberId: string }[]).map((p) => p.memberId);
    expect(participants.sort()).toEqual([expert.memberId, teammate.memberId].sort());
    // The analyst pulled in can answer with a note, but cannot reply to the customer.
    expect((await inject('POST', `/conversations/${conversationId}/notes`, { text: 'Yes, since 2024' }, expert.user)).status).toBe(201);
    expect((await inject('POST', `/conversations/${conversationId}/messages`, { text: 'Yes' }, expert.user)).status).toBe(403);
    expect((await inject('POST', `/conversations/${conversationId}/notes`, { text: '@[Ghost](member:mem_nobody)' })).body.error?.code).toBe('note.unknown_mention');
  });

  it('snoozes only until a future time, refuses a stale edit, and changes many at once', async () => {
    const { conversationId } = await receiveCustomerMessage(t, ws, chat, { thread: 'change-1', id: 'c1', text: 'Question', from: { handle: 'visitor-10' } });
    expect((await inject('PATCH', `/conversations/${conversationId}`, { status: 'snoozed' })).body.error?.code).toBe('conversation.snooze_time');
    const until = new Date(Date.now() + 3_600_000).toISOString();
    const snoozed = await inject('PATCH', `/conversations/${conversationId}`, { status: 'snoozed', snoozedUntil: until, priority: 'high', addLabels: ['Billing'] });
    expect(snoozed.body.data).toMatchObject({ status: 'snoozed', snoozedUntil: until, priority: 'high', labels: ['billing'] });
    const version = snoozed.body.data.version as number;
    expect((await inject('PATCH', `/conversations/${conversationId}`, { priority: 'low', version: version - 1 })).status).toBe(409);
    expect((await inject('PATCH', `/conversations/${conversationId}`, { assigneeMemberId: 'mem_nobody' })).body.error?.code).toBe('conversation.unknown_assignee');
    // When the time comes, the conversation opens again by itself.
    expect(await wakeSnoozed(t.db.database.db, new Date(Date.now() + 60_000))).toBe(0);
    expect(await wakeSnoozed(t.db.database.db, new Date(Date.now() + 3_700_000))).toBe(1);
    expect((await inject('GET', `/conversations/${conversationId}`)).body.data).toMatchObject({ status: 'open', snoozedUntil: null });

    const other = await receiveCustomerMessage(t, ws, chat, { thread: 'change-2', id: 'c2', text: 'Another', from: { handle: 'visitor-11' } });
    const bulk = await inject('POST', '/conversations/bulk', { ids: [conversationId, other.conversationId, 'cv_missing'], patch: { assigneeMemberId: ownerMemberId, addLabels: ['vip'] } });
    expect(bulk.body.data).toMatchObject({ updated: 2, failed: [{ id: 'cv_missing', code: 'conversation.not_found' }] });
    const events = (await inject('GET', `/conversations/${other.conversationId}/events`)).body.data as unknown as { type: string }[];
    expect(events.map((event) => event.type)).toEqual(expect.arrayContaining(['created', 'assigned', 'labels_changed']));
  });

  it('merges a conversation into another and splits one in two', async () => {
    const a = await receiveCustomerMessage(t, ws, chat, { thread: 'merge-a', id: 'ma1', text: 'My parcel is late', from: { handle: 'visitor-12' } });
    const b = await receiveCustomerMessage(t, ws, chat, { thread: 'merge-b', id: 'mb1', text: 'Still waiting for the parcel', from: { handle: 'visitor-12' } });
    const merged = await inject('POST', `/conversations/${b.conversationId}/merge`, { intoConversationId: a.conversationId });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    expect(merged.body.data).toMatchObject({ id: a.conversationId, messageCount: 2, lastMessagePreview: 'Still waiting for the parcel' });
    expect((await inject('GET', `/conversations/${b.conversationId}`)).body.data).toMatchObject({ mergedIntoId: a.conversationId, status: 'resolved' });
    // The merged thread's next message lands in the kept conversation.
    const later = await receiveCustomerMessage(t, ws, chat, { thread: 'merge-b', id: 'mb2', text: 'Hello?', from: { handle: 'visitor-12' } });
    expect(later.conversationId).toBe(a.conversationId);

    const split = await inject('POST', `/conversations/${a.conversationId}/split`, { fromMessageId: later.messageId });
    expect(split.status, JSON.stringify(split.body)).toBe(201);
    expect(split.body.data).toMatchObject({ messageCount: 1, lastMessagePreview: 'Hello?' });
    expect((await inject('GET', `/conversations/${a.conversationId}`)).body.data).toMatchObject({ messageCount: 2 });
    expect((await inject('POST', `/conversations/${a.conversationId}/split`, { fromMessageId: a.messageId })).body.error?.code).toBe('conversation.split_all');
  });
});
