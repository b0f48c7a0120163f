// The CSAT flow: resolving a conversation sends the survey (a link in an automatic message, or a
// frame to the web chat widget), the customer answers on the public route, the answer lands on the
// conversation and the contact's timeline, and the metrics count it for the resolving agent.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { addMember, as, createWorkspaceWithOwner, type TestUser } from '../../../../test/helpers/factories.js';
import { createChannel, receiveCustomerMessage } from '../../../../test/helpers/inbox.js';
import { hashToken } from '../../../lib/secrets.js';
import { answerCsat } from '../commands/answer-csat.js';
import { changeConversation } from '../commands/change-conversation.js';
import { sendCsatSurvey } from '../commands/send-csat-survey.js';
import { WEBCHAT_CHANNEL } from '../../channels/webchat/webchat-bus.js';

let t: TestApp;
let ws: string;
let owner: TestUser;
let agent: { user: TestUser; memberId: string };
let xChannel: string;

const rows = async <T>(text: string, params: unknown[] = []) => (await t.db.database.pool.query(text, params)).rows as T[];
const publicCall = async (method: 'GET' | 'POST', token: string, payload?: object) => {
  const response = await t.app.inject({ method, url: `/api/v1/csat/${token}`, ...(payload ? { payload } : {}) });
  return { status: response.statusCode, body: response.json() as { data: Record<string, unknown>; error?: { code: string } } };
};
const resolve = (conversationId: string) => changeConversation(t.db.database.db, ws, conversationId, { status: 'resolved' }, { memberId: agent.memberId, label: 'Agent' });

beforeAll(async () => {
  t = await buildTestApp({ publicUrl: 'https://parley.example.com' });
  const acme = await createWorkspaceWithOwner(t, 'Acme Shoes');
  ws = acme.workspace.id;
  owner = acme.owner;
  agent = await addMember(t, ws, 'agent');
  xChannel = await createChannel(t, ws, { type: 'x', name: 'X @acme' });
});

afterAll(async () => t.close());

describe('CSAT survey', () => {
  it('resolve → survey link in an automatic message → public answer → event, timeline and metrics', async () => {
    const received = await receiveCustomerMessage(t, ws, xChannel, { thread: 'dm-1', id: 'x-1', text: 'My order is late', from: { handle: 'jo', name: 'Jo Runner', channel: 'twitter' } });
    await resolve(received.conversationId);

    const [survey] = await rows<{ member_id: string; channel_type: string; token_hash: string; answered_at: Date | null }>('SELECT * FROM csat_responses WHERE conversation_id = $1', [received.conversationId]);
    expect(survey).toMatchObject({ member_id: agent.memberId, channel_type: 'x', answered_at: null });
    const [sent] = await rows<{ text: string; author_member_id: string | null; data: { automatic?: boolean } }>(
      `SELECT text, author_member_id, data FROM messages WHERE conversation_id = $1 AND direction = 'outbound'`,
      [received.conversationId],
    );
    expect(sent!.author_member_id).toBeNull();
    expect(sent!.data.automatic).toBe(true);
    const token = /https:\/\/parley\.example\.com\/csat\/([A-Za-z0-9_-]+)/.exec(sent!.text)?.[1];
    expect(token).toBeDefined();
    // only the hash is stored
    expect(survey!.token_hash).toBe(hashToken(token!));
    expect(JSON.stringify(await rows('SELECT * FROM csat_responses'))).not.toContain(token);

    const opened = await publicCall('GET', token!);
    expect(opened.status).toBe(200);
    expect(opened.body.data).toEqual({ workspaceName: 'Acme Shoes', answered: false, score: null, comment: null, canChange: true });

    const answered = await publicCall('POST', token!, { score: 4, comment: 'Quick, thanks' });
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    expect(answered.body.data).toMatchObject({ answered: true, score: 4, comment: 'Quick, thanks', changed: true });
    // a second answer within a day replaces the first
    expect((await publicCall('POST', token!, { score: 5 })).body.data).toMatchObject({ score: 5, comment: null, changed: true });

    const events = await rows<{ type: string; data: { score: number } }>(`SELECT type, data FROM conversation_events WHERE conversation_id = $1 AND type LIKE 'csat.%' ORDER BY id`, [received.conversationId]);
    expect(events.map((e) => [e.type, e.data.score ?? null])).toEqual([
      ['csat.sent', null],
      ['csat.answered', 4],
      ['csat.answered', 5],
    ]);
    const timeline = await rows<{ summary: string }>(`SELECT summary FROM interactions WHERE source_module = 'inbox' AND source_id = $1`, [`csat:${received.conversationId}`]);
    expect(timeline).toEqual([{ summary: 'Rated the conversation 4/5: Quick, thanks' }]);

    // two days later, answering again changes nothing
    const late = await answerCsat(t.db.database.db, token!, { score: 1 }, { now: new Date(Date.now() + 2 * 86_400_000) });
    expect(late).toMatchObject({ changed: false, score: 5 });

    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 3_600_000).toISOString();
    const metrics = await t.app.inject({ method: 'GET', url: `/api/v1/inbox-metrics?from=${from}&to=${to}&groupBy=agent`, headers: as(owner, ws) });
    expect(metrics.statusCode).toBe(200);
    const data = metrics.json().data as { totals: { csat: unknown; conversationsResolved: number }; rows: { key: string | null; csat: unknown }[] };
    expect(data.totals.csat).toEqual({ responses: 1, average: 5, satisfied: 1 });
    expect(data.totals.conversationsResolved).toBe(1);
    expect(data.rows.find((row) => row.key === agent.memberId)?.csat).toEqual({ responses: 1, average: 5, satisfied: 1 });
  });

  it('sends a web chat survey as a frame to the visitor, and none for public conversations or twice after an answer', async () => {
    const listener = new pg.Client({ connectionString: t.db.url });
    await listener.connect();
    const frames: unknown[] = [];
    listener.on('notification', (notification) => frames.push(JSON.parse(notification.payload ?? 'null')));
    await listener.query(`LISTEN ${WEBCHAT_CHANNEL}`);
    try {
      const webchat = await createChannel(t, ws, { type: 'webchat' });
      const chat = await receiveCustomerMessage(t, ws, webchat, { thread: 'wv_visitor42:1', id: 'wv_visitor42:m1', text: 'Hi', from: { handle: 'wv_visitor42' } });
      await resolve(chat.conversationId);
      await expect.poll(() => frames).toContainEqual(expect.objectContaining({ kind: 'csat', visitorId: 'wv_visitor42' }));
      const outbound = await rows(`SELECT 1 FROM messages WHERE conversation_id = $1 AND direction = 'outbound'`, [chat.conversationId]);
      expect(outbound).toEqual([]);
      const token = (frames.find((frame) => (frame as { kind: string }).kind === 'csat') as { token: string }).token;
      expect((await publicCall('POST', token, { score: 2 })).status).toBe(200);
      // resolved again after the answer: no new survey
      expect(await sendCsatSurvey(t.db.database.db, ws, chat.conversationId)).toBeNull();
    } finally {
      await listener.end();
    }

    const mention = await receiveCustomerMessage(t, ws, xChannel, { thread: 'post-9', id: 'x-9', text: '@acme your shoes rock', visibility: 'public', from: { handle: 'fan', channel: 'twitter' } });
    await resolve(mention.conversationId);
    expect(await rows('SELECT 1 FROM csat_responses WHERE conversation_id = $1', [mention.conversationId])).toEqual([]);
  });

  it('refuses unknown tokens and out-of-range scores', async () => {
    expect((await publicCall('GET', 'x'.repeat(43))).body.error?.code).toBe('csat.not_found');
    expect((await publicCall('POST', 'x'.repeat(43), { score: 3 })).status).toBe(404);
    const received = await receiveCustomerMessage(t, ws, xChannel, { thread: 'dm-2', id: 'x-2', text: 'Hello?', from: { handle: 'kim', channel: 'twitter' } });
    await resolve(received.conversationId);
    const [sent] = await rows<{ text: string }>(`SELECT text FROM messages WHERE conversation_id = $1 AND direction = 'outbound'`, [received.conversationId]);
    const token = /\/csat\/([A-Za-z0-9_-]+)/.exec(sent!.text)![1]!;
    expect((await publicCall('POST', token, { score: 6 })).status).toBe(400);
    expect((await publicCall('POST', token, { score: 0 })).status).toBe(400);
  });
});
