// GET /inbox-metrics on a seeded history whose measures were worked out by hand (see
// test/helpers/inbox-metrics.ts): per agent, team, channel, day and week, in another time zone, in
// business hours, with filters; and who may read it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { addMember, as, createUser, createWorkspaceWithOwner, type TestUser } from '../../../../test/helpers/factories.js';
import { seedInboxMetrics, type MetricsSeed } from '../../../../test/helpers/inbox-metrics.js';
import { newId } from '../../../lib/ids.js';
import { insertMember } from '../../workspaces/repository.js';
import { percentile } from './build-inbox-metrics.js';
import type { InboxMetrics, MetricValues } from './schema.js';

let t: TestApp;
let ws: string;
let owner: TestUser;
let seed: MetricsSeed;

const RANGE = 'from=2026-03-02T00:00:00Z&to=2026-03-16T00:00:00Z';

const get = async (query: string, user: TestUser = owner) => {
  const response = await t.app.inject({ method: 'GET', url: `/api/v1/inbox-metrics?${query}`, headers: as(user, ws) });
  return { status: response.statusCode, body: response.json() as { data: InboxMetrics; error?: { code: string } } };
};
const metrics = async (query: string) => {
  const response = await get(`${RANGE}&${query}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.data;
};
const row = (data: InboxMetrics, key: string | null): MetricValues & { label: string } => {
  const found = data.rows.find((r) => r.key === key);
  expect(found, `row ${key}`).toBeDefined();
  return found!;
};

beforeAll(async () => {
  t = await buildTestApp();
  const acme = await createWorkspaceWithOwner(t, 'Acme');
  ws = acme.workspace.id;
  owner = acme.owner;
  const member = async (name: string) => {
    const user = await createUser(t, { name });
    return (await insertMember(t.db.database.db, { id: newId('mem'), workspaceId: ws, userId: user.id, role: 'agent' }))!.id;
  };
  seed = await seedInboxMetrics(t.db.database.pool, ws, { ann: await member('Ann Agent'), bob: await member('Bob Agent') });
});

afterAll(async () => t.close());

describe('inbox metrics', () => {
  it('totals: volumes, first response, response rate and times, resolution, SLA attainment, CSAT', async () => {
    const { totals } = await metrics('groupBy=agent');
    expect(totals).toMatchObject({ conversationsCreated: 5, conversationsResolved: 4, inboundMessages: 7, outboundMessages: 6, answeredMessages: 5, responseRate: 0.7143 });
    // first responses of c1, c2, c3, c5: 600, 59400, 1800, 60 s
    expect(totals.firstResponse).toEqual({ count: 4, median: 1200, p90: 42120, mean: 15465 });
    // each answered inbound message: 600, 1800, 59400, 1800, 60 s
    expect(totals.responseTime).toEqual({ count: 5, median: 1800, p90: 36360, mean: 12732 });
    // resolved in the range: c1 7200, c3 86400, c5 1800, c6 (created before the range) 1123200 s
    expect(totals.resolution).toEqual({ count: 4, median: 46800, p90: 812160, mean: 304650 });
    // first response: c1 met, c2 breached (event), c4 breached (unanswered past due), c5 met; resolution: c1 late, c5 met
    expect(totals.sla).toEqual({ met: 3, breached: 3, attainment: 0.5, firstResponse: { met: 2, breached: 2 }, resolution: { met: 1, breached: 1 } });
    expect(totals.csat).toEqual({ responses: 3, average: 3.67, satisfied: 0.6667 });
  });

  it('per agent: conversations by assignee, outbound messages by author, CSAT by the resolving agent', async () => {
    const data = await metrics('groupBy=agent');
    expect(data.rows.map((r) => r.label)).toEqual(['Ann Agent', 'Bob Agent', 'Unassigned']);
    const ann = row(data, seed.ann);
    expect(ann).toMatchObject({ conversationsCreated: 2, conversationsResolved: 2, inboundMessages: 3, answeredMessages: 3, outboundMessages: 3, responseRate: 1 });
    expect(ann.firstResponse).toEqual({ count: 2, median: 30000, p90: 53520, mean: 30000 });
    expect(ann.sla).toMatchObject({ met: 1, breached: 2, attainment: 0.3333 });
    expect(ann.csat).toEqual({ responses: 1, average: 5, satisfied: 1 });
    const bob = row(data, seed.bob);
    expect(bob).toMatchObject({ conversationsCreated: 2, conversationsResolved: 2, inboundMessages: 3, answeredMessages: 2, outboundMessages: 2, responseRate: 0.6667 });
    expect(bob.firstResponse).toEqual({ count: 2, median: 930, p90: 1626, mean: 930 });
    expect(bob.resolution.median).toBe(44100);
    expect(bob.sla).toMatchObject({ met: 2, breached: 0, attainment: 1 });
    expect(bob.csat).toEqual({ responses: 2, average: 3, satisfied: 0.5 });
    const unassigned = row(data, null);
    expect(unassigned).toMatchObject({ conversationsCreated: 1, inboundMessages: 1, answeredMessages: 0, outboundMessages: 1, responseRate: 0 });
    expect(unassigned.sla).toMatchObject({ met: 0, breached: 1, attainment: 0 });
  });

  it('per team and per channel', async () => {
    const teams = await metrics('groupBy=team');
    expect(row(teams, seed.care)).toMatchObject({ label: 'Care', conversationsCreated: 2, conversationsResolved: 2, inboundMessages: 3 });
    expect(row(teams, seed.sales)).toMatchObject({ label: 'Sales', conversationsCreated: 2, conversationsResolved: 2, inboundMessages: 3 });
    expect(row(teams, null)).toMatchObject({ label: 'No team', conversationsCreated: 1 });
    const channels = await metrics('groupBy=channel');
    expect(row(channels, 'webchat')).toMatchObject({ conversationsCreated: 3, conversationsResolved: 3, inboundMessages: 4, outboundMessages: 4 });
    expect(row(channels, 'x')).toMatchObject({ conversationsCreated: 2, conversationsResolved: 1, inboundMessages: 3, outboundMessages: 2 });
    expect(row(channels, 'x').csat).toEqual({ responses: 1, average: 2, satisfied: 0 });
  });

  it('per day and week, with every bucket of the range, cut in the requested time zone', async () => {
    const days = await metrics('groupBy=day');
    expect(days.rows).toHaveLength(14);
    expect(days.series.map((s) => s.bucket)).toEqual(days.rows.map((r) => r.key));
    expect(Object.fromEntries(days.rows.filter((r) => r.conversationsCreated > 0).map((r) => [r.key, r.conversationsCreated]))).toEqual({
      '2026-03-02': 2,
      '2026-03-03': 1,
      '2026-03-04': 1,
      '2026-03-09': 1,
    });
    // 16:50 UTC on Monday is 01:50 on Tuesday in Tokyo
    const tokyo = await metrics('groupBy=day&timeZone=Asia/Tokyo');
    expect(tokyo.rows.find((r) => r.key === '2026-03-02')!.conversationsCreated).toBe(1);
    expect(tokyo.rows.find((r) => r.key === '2026-03-03')!.conversationsCreated).toBe(2);
    const weeks = await metrics('groupBy=week');
    expect(weeks.rows.map((r) => [r.key, r.conversationsCreated, r.conversationsResolved])).toEqual([
      ['2026-03-02', 4, 3],
      ['2026-03-09', 1, 1],
    ]);
    // grouped by agent, the series still follows the days
    expect((await metrics('groupBy=agent')).series).toHaveLength(14);
  });

  it('measures durations in business hours with the team calendar when asked', async () => {
    const data = await metrics('groupBy=agent&businessHours=true');
    expect(data.businessHours).toBe(true);
    // c2 waited from Monday 16:50 to Tuesday 09:20: 10 + 20 business minutes of Care; Sales is open around the clock
    expect(data.totals.firstResponse).toEqual({ count: 4, median: 1200, p90: 1800, mean: 1065 });
    expect(row(data, seed.ann).firstResponse).toEqual({ count: 2, median: 1200, p90: 1680, mean: 1200 });
    // c6: Friday 20 Feb 10:00 to Thursday 5 March 10:00 is 7 + 40 + 24 + 1 = 72 business hours
    expect(row(data, seed.ann).resolution).toEqual({ count: 2, median: 133200, p90: 234000, mean: 133200 });
    expect(row(data, seed.ann).responseTime).toEqual({ count: 3, median: 1800, p90: 1800, mean: 1400 });
    // counts do not change
    expect(data.totals).toMatchObject({ conversationsCreated: 5, answeredMessages: 5 });
  });

  it('filters by team and by channel', async () => {
    const care = await metrics(`groupBy=agent&teamId=${seed.care}`);
    expect(care.totals).toMatchObject({ conversationsCreated: 2, conversationsResolved: 2, inboundMessages: 3 });
    expect(care.totals.csat.responses).toBe(1);
    const x = await metrics('groupBy=day&channel=x');
    expect(x.totals).toMatchObject({ conversationsCreated: 2, inboundMessages: 3, outboundMessages: 2 });
  });

  it('answers zeros and nulls for an empty range', async () => {
    const response = await get('from=2025-01-01T00:00:00Z&to=2025-01-08T00:00:00Z&groupBy=team');
    expect(response.status).toBe(200);
    expect(response.body.data.rows).toEqual([]);
    expect(response.body.data.totals).toMatchObject({ conversationsCreated: 0, responseRate: null, firstResponse: { count: 0, median: null }, sla: { attainment: null }, csat: { average: null } });
    expect(response.body.data.series).toHaveLength(7);
  });

  it('needs reports.read, and validates the range and time zone', async () => {
    const agent = await addMember(t, ws, 'agent');
    expect((await get(`${RANGE}`, agent.user)).status).toBe(403);
    const analyst = await addMember(t, ws, 'analyst');
    expect((await get(`${RANGE}`, analyst.user)).status).toBe(200);
    const backwards = await get('from=2026-03-16T00:00:00Z&to=2026-03-02T00:00:00Z');
    expect(backwards.status).toBe(400);
    expect(backwards.body.error?.code).toBe('request.invalid');
    expect((await get(`${RANGE}&timeZone=Mars/Olympus`)).status).toBe(400);
  });
});

describe('percentile', () => {
  it('interpolates like percentile_cont', () => {
    expect(percentile([60, 600, 1800, 59400], 0.9)).toBeCloseTo(42120);
    expect(percentile([5], 0.9)).toBe(5);
    expect(percentile([], 0.5)).toBeNull();
  });
});
