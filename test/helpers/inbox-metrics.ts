// A small inbox history with known timestamps, written straight to the tables, for the metrics tests
// (server and browser): two agents, two teams (Care with business hours), two channels, SLA outcomes
// and CSAT answers whose measures are worked out by hand in src/modules/inbox/metrics/metrics.test.ts.
import type pg from 'pg';
import { newId } from '../../src/lib/ids.js';

export type MetricsSeed = { care: string; sales: string; ann: string; bob: string; conversations: Record<string, string> };

type Conversation = {
  name: string;
  channel: 'web' | 'x';
  team: 'care' | 'sales' | null;
  assignee: 'ann' | 'bob' | null;
  created: string;
  firstResponse?: string;
  resolved?: string;
  sla?: { firstDue?: string; resolutionDue?: string; breachedEvents?: string[] };
};
type Message = { conversation: string; direction: 'inbound' | 'outbound'; at: string; answered?: string; author?: 'ann' | 'bob'; note?: boolean };
type Csat = { conversation: string; score: number | null; at: string };

const CONVERSATIONS: Conversation[] = [
  { name: 'c1', channel: 'web', team: 'care', assignee: 'ann', created: '2026-03-02T10:00:00Z', firstResponse: '2026-03-02T10:10:00Z', resolved: '2026-03-02T12:00:00Z', sla: { firstDue: '2026-03-02T10:30:00Z', resolutionDue: '2026-03-02T11:00:00Z' } },
  { name: 'c2', channel: 'web', team: 'care', assignee: 'ann', created: '2026-03-02T16:50:00Z', firstResponse: '2026-03-03T09:20:00Z', sla: { breachedEvents: ['first_response'] } },
  { name: 'c3', channel: 'x', team: 'sales', assignee: 'bob', created: '2026-03-03T08:00:00Z', firstResponse: '2026-03-03T08:30:00Z', resolved: '2026-03-04T08:00:00Z' },
  { name: 'c4', channel: 'x', team: null, assignee: null, created: '2026-03-04T12:00:00Z', sla: { firstDue: '2026-03-04T13:00:00Z' } },
  { name: 'c5', channel: 'web', team: 'sales', assignee: 'bob', created: '2026-03-09T09:00:00Z', firstResponse: '2026-03-09T09:01:00Z', resolved: '2026-03-09T09:30:00Z', sla: { firstDue: '2026-03-09T09:15:00Z', resolutionDue: '2026-03-09T10:00:00Z' } },
  { name: 'c6', channel: 'web', team: 'care', assignee: 'ann', created: '2026-02-20T10:00:00Z', firstResponse: '2026-02-20T10:05:00Z', resolved: '2026-03-05T10:00:00Z' },
];

const MESSAGES: Message[] = [
  { conversation: 'c1', direction: 'inbound', at: '2026-03-02T10:00:00Z', answered: '2026-03-02T10:10:00Z' },
  { conversation: 'c1', direction: 'outbound', at: '2026-03-02T10:10:00Z', author: 'ann' },
  { conversation: 'c1', direction: 'outbound', at: '2026-03-02T10:05:00Z', author: 'ann', note: true },
  { conversation: 'c1', direction: 'inbound', at: '2026-03-02T11:00:00Z', answered: '2026-03-02T11:30:00Z' },
  { conversation: 'c1', direction: 'outbound', at: '2026-03-02T11:30:00Z', author: 'ann' },
  { conversation: 'c2', direction: 'inbound', at: '2026-03-02T16:50:00Z', answered: '2026-03-03T09:20:00Z' },
  { conversation: 'c2', direction: 'outbound', at: '2026-03-03T09:20:00Z', author: 'ann' },
  { conversation: 'c3', direction: 'inbound', at: '2026-03-03T08:00:00Z', answered: '2026-03-03T08:30:00Z' },
  { conversation: 'c3', direction: 'outbound', at: '2026-03-03T08:30:00Z', author: 'bob' },
  { conversation: 'c3', direction: 'inbound', at: '2026-03-03T09:00:00Z' },
  { conversation: 'c4', direction: 'inbound', at: '2026-03-04T12:00:00Z' },
  // An automatic reply: outbound, no author
  { conversation: 'c4', direction: 'outbound', at: '2026-03-04T12:00:05Z' },
  { conversation: 'c5', direction: 'inbound', at: '2026-03-09T09:00:00Z', answered: '2026-03-09T09:01:00Z' },
  { conversation: 'c5', direction: 'outbound', at: '2026-03-09T09:01:00Z', author: 'bob' },
  { conversation: 'c6', direction: 'inbound', at: '2026-02-20T10:00:00Z', answered: '2026-02-20T10:05:00Z' },
  { conversation: 'c6', direction: 'outbound', at: '2026-02-20T10:05:00Z', author: 'ann' },
];

const CSAT: Csat[] = [
  { conversation: 'c1', score: 5, at: '2026-03-02T13:00:00Z' },
  { conversation: 'c3', score: 2, at: '2026-03-04T09:00:00Z' },
  { conversation: 'c5', score: 4, at: '2026-03-09T10:00:00Z' },
  { conversation: 'c6', score: null, at: '2026-03-05T10:00:00Z' },
];

/** Care answers Monday to Friday, 9:00 to 17:00 UTC; Sales has no calendar (around the clock). */
export async function seedInboxMetrics(pool: pg.Pool, workspaceId: string, members: { ann: string; bob: string }): Promise<MetricsSeed> {
  const care = newId('team');
  const sales = newId('team');
  await pool.query(`INSERT INTO teams (id, workspace_id, name) VALUES ($1, $2, 'Care'), ($3, $2, 'Sales')`, [care, workspaceId, sales]);
  const weekday: [number, number][] = [[540, 1020]];
  const hours = { '0': [], '1': weekday, '2': weekday, '3': weekday, '4': weekday, '5': weekday, '6': [] };
  await pool.query(`INSERT INTO team_inbox_settings (team_id, workspace_id, timezone, weekly_hours) VALUES ($1, $2, 'UTC', $3)`, [care, workspaceId, JSON.stringify(hours)]);
  const channels = { web: newId('chan'), x: newId('chan') };
  await pool.query(`INSERT INTO channels (id, workspace_id, type, name) VALUES ($1, $3, 'webchat', 'Web chat'), ($2, $3, 'x', 'X @acme')`, [channels.web, channels.x, workspaceId]);

  await pool.query(`INSERT INTO sla_policies (id, workspace_id, name, position, first_response_minutes, resolution_minutes) VALUES ($1, $2, 'Standard', 0, 30, 60)`, [`sla_${workspaceId}`, workspaceId]);
  const teamIds = { care, sales };
  const ids: Record<string, string> = {};
  for (const c of CONVERSATIONS) {
    const id = newId('conv');
    ids[c.name] = id;
    await pool.query(
      `INSERT INTO conversations (id, workspace_id, channel_id, channel_type, external_thread_id, status, team_id, assignee_member_id,
         created_at, first_inbound_at, first_response_at, resolved_at, sla_policy_id, first_response_due_at, resolution_due_at, last_message_at)
       VALUES ($1, $2, $3, $4, $1, $5, $6, $7, $8, $8, $9, $10, $11, $12, $13, $8)`,
      [
        id,
        workspaceId,
        channels[c.channel],
        c.channel === 'web' ? 'webchat' : 'x',
        c.resolved ? 'resolved' : 'open',
        c.team ? teamIds[c.team] : null,
        c.assignee ? members[c.assignee] : null,
        c.created,
        c.firstResponse ?? null,
        c.resolved ?? null,
        c.sla ? `sla_${workspaceId}` : null,
        c.sla?.firstDue ?? null,
        c.sla?.resolutionDue ?? null,
      ],
    );
    for (const target of c.sla?.breachedEvents ?? []) {
      await pool.query(`INSERT INTO conversation_events (workspace_id, conversation_id, type, actor_label, data) VALUES ($1, $2, 'sla.breached', 'SLA', $3)`, [workspaceId, id, JSON.stringify({ target })]);
    }
  }
  for (const m of MESSAGES) {
    const conversation = CONVERSATIONS.find((c) => c.name === m.conversation)!;
    await pool.query(
      `INSERT INTO messages (workspace_id, conversation_id, channel_id, kind, direction, author_member_id, text, status, answered_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'hello', $7, $8, $9)`,
      [workspaceId, ids[m.conversation], channels[conversation.channel], m.note ? 'note' : 'message', m.direction, m.author ? members[m.author] : null, m.direction === 'inbound' ? 'received' : 'sent', m.answered ?? null, m.at],
    );
  }
  for (const answer of CSAT) {
    const conversation = CONVERSATIONS.find((c) => c.name === answer.conversation)!;
    await pool.query(
      `INSERT INTO csat_responses (conversation_id, workspace_id, token_hash, member_id, team_id, channel_type, score, sent_at, answered_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        ids[answer.conversation],
        workspaceId,
        newId('hash'),
        conversation.assignee ? members[conversation.assignee] : null,
        conversation.team ? teamIds[conversation.team] : null,
        conversation.channel === 'web' ? 'webchat' : 'x',
        answer.score,
        conversation.resolved,
        answer.score === null ? null : answer.at,
      ],
    );
  }
  return { care, sales, ann: members.ann, bob: members.bob, conversations: ids };
}
