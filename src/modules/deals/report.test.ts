import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { addMember, as, createWorkspaceWithOwner, type TestUser } from '../../../test/helpers/factories.js';
import { newId } from '../../lib/ids.js';
import { periodStarts } from './commands/build-conversion-report.js';

let t: TestApp;
let ws: string;
let owner: TestUser;
let stages: Record<'open' | 'won' | 'lost', string>;
let pipelineId: string;

const get = async (url: string, user = owner) => {
  const response = await t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: as(user, ws) });
  return { status: response.statusCode, body: response.json() as { data: Record<string, unknown>; error?: { code: string } } };
};
const sql = (text: string, values: unknown[] = []) => t.db.database.pool.query(text, values);

async function contact(source: string, createdAt: string, customerAt: string | null, workspaceId = ws, mergedIntoId: string | null = null) {
  const id = newId('ct');
  await sql('INSERT INTO contacts (id, workspace_id, name, source, created_at, became_customer_at, merged_into_id) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
    id,
    workspaceId,
    `${source} ${createdAt}`,
    source,
    createdAt,
    customerAt,
    mergedIntoId,
  ]);
  return id;
}

async function deal(source: string, status: 'open' | 'won' | 'lost', createdAt: string, closedAt: string | null, amount: [string, string] | null = null) {
  await sql(
    `INSERT INTO deals (id, workspace_id, pipeline_id, stage_id, title, source, status, created_at, closed_at, amount, currency, lost_reason)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [newId('deal'), ws, pipelineId, stages[status], `${source} deal`, source, status, createdAt, closedAt, amount?.[0] ?? null, amount?.[1] ?? null, status === 'lost' ? 'Price' : null],
  );
}

beforeAll(async () => {
  t = await buildTestApp();
  const acme = await createWorkspaceWithOwner(t, 'Acme');
  ws = acme.workspace.id;
  owner = acme.owner;
  const pipelines = (await get('/pipelines')).body.data as unknown as { id: string; stages: { id: string; kind: 'open' | 'won' | 'lost' }[] }[];
  pipelineId = pipelines[0]!.id;
  const byKind = (kind: 'open' | 'won' | 'lost') => pipelines[0]!.stages.find((stage) => stage.kind === kind)!.id;
  stages = { open: byKind('open'), won: byKind('won'), lost: byKind('lost') };

  // Leads, January and February 2024.
  await contact('mention', '2024-01-03T10:00:00Z', '2024-02-01T00:00:00Z');
  await contact('mention', '2024-01-20T10:00:00Z', null);
  await contact('mention', '2024-02-29T23:59:59Z', '2024-03-15T00:00:00Z');
  for (const [i, customerAt] of [null, null, '2024-01-30T00:00:00Z', null].entries()) await contact('referral', `2024-01-1${i}T08:00:00Z`, customerAt);
  await contact('campaign', '2024-02-10T12:00:00Z', null);
  // Outside the range, merged away, or in another workspace: not counted.
  await contact('mention', '2023-12-31T23:59:59Z', '2024-01-05T00:00:00Z');
  await contact('mention', '2024-03-01T00:00:00Z', null);
  const winner = await contact('referral', '2023-06-01T00:00:00Z', null);
  await contact('referral', '2024-01-15T00:00:00Z', '2024-01-16T00:00:00Z', ws, winner);
  const other = await createWorkspaceWithOwner(t, 'Other');
  await contact('mention', '2024-01-15T00:00:00Z', '2024-01-16T00:00:00Z', other.workspace.id);

  // Deals closed in the range.
  await deal('conversation', 'won', '2024-01-01T00:00:00Z', '2024-01-11T00:00:00Z', ['100.00', 'EUR']); // 10 days
  await deal('conversation', 'won', '2024-01-05T00:00:00Z', '2024-02-04T00:00:00Z', ['50.50', 'EUR']); // 30 days
  await deal('conversation', 'won', '2024-02-01T00:00:00Z', '2024-02-03T00:00:00Z', ['20.00', 'USD']); // 2 days
  await deal('conversation', 'lost', '2024-01-01T00:00:00Z', '2024-02-10T00:00:00Z');
  await deal('referral', 'won', '2024-01-10T00:00:00Z', '2024-01-17T00:00:00Z', ['1000.00', 'EUR']); // 7 days
  await deal('referral', 'lost', '2024-01-02T00:00:00Z', '2024-01-03T00:00:00Z');
  await deal('referral', 'lost', '2024-01-02T00:00:00Z', '2024-01-04T00:00:00Z');
  // Not counted: closed on the exclusive end, still open, closed before the range.
  await deal('conversation', 'won', '2024-02-01T00:00:00Z', '2024-03-01T00:00:00Z', ['9.00', 'EUR']);
  await deal('mention', 'open', '2024-01-01T00:00:00Z', null, ['5.00', 'EUR']);
  await deal('mention', 'won', '2023-12-01T00:00:00Z', '2023-12-31T00:00:00Z', ['5.00', 'EUR']);
});
afterAll(async () => t.close());

describe('conversion report', () => {
  it('counts leads and customers per source, group and month', async () => {
    const response = await get('/reports/conversion?from=2024-01-01T00:00:00Z&to=2024-03-01T00:00:00Z&period=month');
    expect(response.status).toBe(200);
    const report = response.body.data;
    expect(report.periods).toEqual(['2024-01-01', '2024-02-01']);
    expect(report.leads).toEqual({
      total: { contacts: 8, customers: 3, rate: 0.375 },
      bySource: [
        { source: 'mention', group: 'social', contacts: 3, customers: 2, rate: 0.6667 },
        { source: 'campaign', group: 'traditional', contacts: 1, customers: 0, rate: 0 },
        { source: 'referral', group: 'traditional', contacts: 4, customers: 1, rate: 0.25 },
      ],
      byGroup: [
        { group: 'social', contacts: 3, customers: 2, rate: 0.6667 },
        { group: 'traditional', contacts: 5, customers: 1, rate: 0.2 },
      ],
      byPeriod: [
        { period: '2024-01-01', source: 'mention', contacts: 2, customers: 1, rate: 0.5 },
        { period: '2024-01-01', source: 'referral', contacts: 4, customers: 1, rate: 0.25 },
        { period: '2024-02-01', source: 'mention', contacts: 1, customers: 1, rate: 1 },
        { period: '2024-02-01', source: 'campaign', contacts: 1, customers: 0, rate: 0 },
      ],
    });
  });

  it('reports win rate, won amounts and days to close per deal source and social versus traditional', async () => {
    const report = (await get('/reports/conversion?from=2024-01-01T00:00:00Z&to=2024-03-01T00:00:00Z')).body.data as { deals: Record<string, unknown> };
    const conversation = { won: 3, lost: 1, winRate: 0.75, wonAmounts: [{ amount: '150.50', currency: 'EUR' }, { amount: '20.00', currency: 'USD' }], avgDaysToClose: 14, medianDaysToClose: 10 };
    const referral = { won: 1, lost: 2, winRate: 0.3333, wonAmounts: [{ amount: '1000.00', currency: 'EUR' }], avgDaysToClose: 7, medianDaysToClose: 7 };
    expect(report.deals.total).toEqual({
      won: 4,
      lost: 3,
      winRate: 0.5714,
      wonAmounts: [{ amount: '1150.50', currency: 'EUR' }, { amount: '20.00', currency: 'USD' }],
      avgDaysToClose: 12.25,
      medianDaysToClose: 8.5,
    });
    expect(report.deals.bySource).toEqual([
      { source: 'conversation', group: 'social', ...conversation },
      { source: 'referral', group: 'traditional', ...referral },
    ]);
    expect(report.deals.byGroup).toEqual([
      { group: 'social', ...conversation },
      { group: 'traditional', ...referral },
    ]);
    expect(report.deals.byPeriod).toEqual([
      { period: '2024-01-01', source: 'conversation', won: 1, lost: 0, winRate: 1, wonAmounts: [{ amount: '100.00', currency: 'EUR' }], avgDaysToClose: 10, medianDaysToClose: 10 },
      { period: '2024-01-01', source: 'referral', ...referral },
      {
        period: '2024-02-01',
        source: 'conversation',
        won: 2,
        lost: 1,
        winRate: 0.6667,
        wonAmounts: [{ amount: '50.50', currency: 'EUR' }, { amount: '20.00', currency: 'USD' }],
        avgDaysToClose: 16,
        medianDaysToClose: 16,
      },
    ]);
  });

  it('buckets by ISO week and leaves empty groups at null rates', async () => {
    const report = (await get('/reports/conversion?from=2024-01-03T00:00:00Z&to=2024-01-15T00:00:00Z&period=week')).body.data as {
      periods: string[];
      leads: { byPeriod: unknown[]; byGroup: unknown[] };
      deals: { byGroup: unknown[] };
    };
    expect(report.periods).toEqual(['2024-01-01', '2024-01-08']);
    expect(report.leads.byPeriod).toEqual([
      { period: '2024-01-01', source: 'mention', contacts: 1, customers: 1, rate: 1 },
      { period: '2024-01-08', source: 'referral', contacts: 4, customers: 1, rate: 0.25 },
    ]);
    expect(report.deals.byGroup).toEqual([
      { group: 'social', won: 1, lost: 0, winRate: 1, wonAmounts: [{ amount: '100.00', currency: 'EUR' }], avgDaysToClose: 10, medianDaysToClose: 10 },
      { group: 'traditional', won: 0, lost: 2, winRate: 0, wonAmounts: [], avgDaysToClose: null, medianDaysToClose: null },
    ]);
    expect(periodStarts(new Date('2024-12-30T00:00:00Z'), new Date('2025-01-07T00:00:00Z'), 'week')).toEqual(['2024-12-30', '2025-01-06']);
    expect(periodStarts(new Date('2024-11-15T00:00:00Z'), new Date('2025-01-01T00:00:00Z'), 'month')).toEqual(['2024-11-01', '2024-12-01']);
  });

  it('counts a deal won through the API and the customer it makes', async () => {
    const contactId = await contact('community_thread', new Date(Date.now() - 3_600_000).toISOString(), null);
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/deals', headers: as(owner, ws), payload: { title: 'From the forum', source: 'community_thread', contactId, amount: { amount: '80', currency: 'EUR' } } });
    const dealId = (created.json() as { data: { id: string } }).data.id;
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/deals/${dealId}/won`, headers: as(owner, ws) })).statusCode).toBe(200);
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const to = new Date(Date.now() + 86_400_000).toISOString();
    const report = (await get(`/reports/conversion?from=${from}&to=${to}`)).body.data as {
      leads: { bySource: { source: string; customers: number }[] };
      deals: { bySource: { source: string; won: number; wonAmounts: unknown[] }[] };
    };
    expect(report.leads.bySource).toEqual([expect.objectContaining({ source: 'community_thread', contacts: 1, customers: 1, rate: 1 })]);
    expect(report.deals.bySource).toEqual([expect.objectContaining({ source: 'community_thread', won: 1, lost: 0, wonAmounts: [{ amount: '80.00', currency: 'EUR' }] })]);
  });

  it('validates the range and needs reports.read', async () => {
    expect((await get('/reports/conversion?from=2024-02-01T00:00:00Z&to=2024-01-01T00:00:00Z')).status).toBe(400);
    expect((await get('/reports/conversion?from=yesterday&to=2024-01-01T00:00:00Z')).status).toBe(400);
    const agent = await addMember(t, ws, 'agent');
    const refused = await get('/reports/conversion?from=2024-01-01T00:00:00Z&to=2024-02-01T00:00:00Z', agent.user);
    expect(refused.status).toBe(403);
  });
});
