import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { addMember, as, createWorkspaceWithOwner, type TestUser } from '../../../test/helpers/factories.js';
import { newId } from '../../lib/ids.js';

let t: TestApp;
let ws: string;
let owner: TestUser;
let ownerMemberId: string;

type Stage = { id: string; name: string; kind: 'open' | 'won' | 'lost'; position: number; probability: number };
type Pipeline = { id: string; name: string; isDefault: boolean; stages: Stage[] };
type Deal = {
  id: string;
  title: string;
  stageId: string;
  pipelineId: string;
  status: string;
  amount: { amount: string; currency: string } | null;
  contact: { id: string; name: string } | null;
  owner: { memberId: string; name: string } | null;
  lostReason: string | null;
  closedAt: string | null;
  position: number;
};
type Board = { stages: (Stage & { deals: Deal[]; totals: { count: number; amounts: { amount: string; currency: string }[] } })[] };

type Json = { data: Deal & Pipeline & Deal[]; nextCursor?: string | null; error?: { code: string; details: Record<string, unknown> } };
const inject = async (user: TestUser | null, method: string, url: string, payload?: unknown, workspaceId = ws) => {
  const response = await t.app.inject({
    method: method as 'GET',
    url: `/api/v1${url}`,
    headers: user ? as(user, workspaceId) : {},
    ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
  });
  return { status: response.statusCode, body: (response.body ? response.json() : null) as Json };
};
const sql = (text: string, values: unknown[] = []) => t.db.database.pool.query(text, values);

async function insertContact(workspaceId: string, name: string, fields: { lifecycleStage?: string } = {}) {
  const id = newId('ct');
  await sql('INSERT INTO contacts (id, workspace_id, name, lifecycle_stage) VALUES ($1, $2, $3, $4)', [id, workspaceId, name, fields.lifecycleStage ?? 'lead']);
  return id;
}

let sales: Pipeline;
const stage = (name: string, pipeline = sales) => pipeline.stages.find((candidate) => candidate.name === name)!;
const createDeal = async (body: Record<string, unknown>) => {
  const response = await inject(owner, 'POST', '/deals', { source: 'manual', ...body });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.data as Deal;
};
const board = async (pipelineId = sales.id) => (await inject(owner, 'GET', `/pipelines/${pipelineId}/board`)).body.data as unknown as Board;
const titlesIn = (b: Board, name: string) => b.stages.find((s) => s.name === name)!.deals.map((deal) => deal.title);

beforeAll(async () => {
  t = await buildTestApp();
  const acme = await createWorkspaceWithOwner(t, 'Acme');
  ws = acme.workspace.id;
  owner = acme.owner;
  ownerMemberId = acme.ownerMemberId;
});
afterAll(async () => t.close());

describe('pipelines', () => {
  it('creates the default Sales pipeline once on the first reads, even when they race', async () => {
    const responses = await Promise.all(Array.from({ length: 6 }, () => inject(owner, 'GET', '/pipelines')));
    for (const response of responses) expect(response.status).toBe(200);
    const { rows } = await sql('SELECT count(*)::int AS n FROM pipelines WHERE workspace_id = $1', [ws]);
    expect(rows[0].n).toBe(1);
    sales = responses[0]!.body.data[0] as unknown as Pipeline;
    expect(sales).toMatchObject({ name: 'Sales', isDefault: true });
    expect(sales.stages.map((s) => [s.name, s.kind, s.probability, s.position])).toEqual([
      ['New lead', 'open', 10, 0],
      ['Qualified', 'open', 25, 1],
      ['Proposal', 'open', 50, 2],
      ['Negotiation', 'open', 75, 3],
      ['Won', 'won', 100, 4],
      ['Lost', 'lost', 0, 5],
    ]);
  });

  it('creates pipelines with their won and lost stages, and refuses a second won stage or a duplicate name', async () => {
    const partners = await inject(owner, 'POST', '/pipelines', { name: 'Partners', stages: [{ name: 'Intro' }, { name: 'Signed', kind: 'won' }, { name: 'Pilot', probability: 60 }] });
    expect(partners.status).toBe(201);
    expect((partners.body.data as Pipeline).stages.map((s) => [s.name, s.kind, s.probability])).toEqual([
      ['Intro', 'open', 10],
      ['Pilot', 'open', 60],
      ['Signed', 'won', 100],
      ['Lost', 'lost', 0],
    ]);
    expect(partners.body.data.isDefault).toBe(false);
    const twoWon = await inject(owner, 'POST', '/pipelines', { name: 'Odd', stages: [{ name: 'A' }, { name: 'W1', kind: 'won' }, { name: 'W2', kind: 'won' }] });
    expect(twoWon.status).toBe(422);
    expect(twoWon.body.error?.code).toBe('pipeline.stages_invalid');
    const duplicate = await inject(owner, 'POST', '/pipelines', { name: 'partners' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error?.code).toBe('pipeline.name_taken');
  });

  it('adds, renames, reorders and deletes stages, keeping won and lost last', async () => {
    const created = await inject(owner, 'POST', '/pipelines', { name: 'Renewals', stages: [{ name: 'Due' }, { name: 'Quoted' }] });
    const pipelineId = created.body.data.id as string;
    const added = await inject(owner, 'POST', `/pipelines/${pipelineId}/stages`, { name: 'Chasing', probability: 40 });
    expect(added.status).toBe(201);
    const stageId = added.body.data.id as string;
    const order = async () => ((await inject(owner, 'GET', '/pipelines')).body.data as unknown as Pipeline[]).find((p) => p.id === pipelineId)!.stages.map((s) => s.name);
    expect(await order()).toEqual(['Due', 'Quoted', 'Chasing', 'Won', 'Lost']);
    const moved = await inject(owner, 'PATCH', `/pipeline-stages/${stageId}`, { position: 0, name: 'Chasing up', probability: 30 });
    expect(moved.body.data).toMatchObject({ name: 'Chasing up', probability: 30, position: 0 });
    expect(await order()).toEqual(['Chasing up', 'Due', 'Quoted', 'Won', 'Lost']);
    const far = await inject(owner, 'PATCH', `/pipeline-stages/${stageId}`, { position: 99 });
    expect(far.body.data.position).toBe(2);
    const wonStage = ((await inject(owner, 'GET', '/pipelines')).body.data as unknown as Pipeline[]).find((p) => p.id === pipelineId)!.stages.find((s) => s.kind === 'won')!;
    expect((await inject(owner, 'PATCH', `/pipeline-stages/${wonStage.id}`, { position: 0 })).body.error?.code).toBe('stage.fixed_position');
    expect((await inject(owner, 'DELETE', `/pipeline-stages/${wonStage.id}`)).body.error?.code).toBe('stage.required');

    const deal = await createDeal({ title: 'Blocker', stageId });
    const busy = await inject(owner, 'DELETE', `/pipeline-stages/${stageId}`);
    expect(busy.status).toBe(422);
    expect(busy.body.error?.code).toBe('stage.has_deals');
    expect((await inject(owner, 'DELETE', `/deals/${deal.id}`)).status).toBe(204);
    expect((await inject(owner, 'DELETE', `/pipeline-stages/${stageId}`)).status).toBe(204);
    expect(await order()).toEqual(['Due', 'Quoted', 'Won', 'Lost']);
  });

  it('refuses to delete a pipeline with deals unless they are moved to another one', async () => {
    const old = (await inject(owner, 'POST', '/pipelines', { name: 'Old' })).body.data as Pipeline;
    const open = await createDeal({ title: 'Still open', pipelineId: old.id });
    const won = await createDeal({ title: 'Done deal', stageId: stage('Won', old).id });
    const refused = await inject(owner, 'DELETE', `/pipelines/${old.id}`);
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'pipeline.has_deals', details: { openDeals: 1, deals: 2 } });
    expect((await inject(owner, 'DELETE', `/pipelines/${old.id}?moveTo=${old.id}`)).status).toBe(422);
    expect((await inject(owner, 'DELETE', `/pipelines/${old.id}?moveTo=${sales.id}`)).status).toBe(204);
    const openAfter = (await inject(owner, 'GET', `/deals/${open.id}`)).body.data as Deal;
    const wonAfter = (await inject(owner, 'GET', `/deals/${won.id}`)).body.data as Deal;
    expect(openAfter).toMatchObject({ pipelineId: sales.id, stageId: stage('New lead').id, status: 'open' });
    expect(wonAfter).toMatchObject({ pipelineId: sales.id, stageId: stage('Won').id, status: 'won' });
    await inject(owner, 'DELETE', `/deals/${open.id}`);
    await inject(owner, 'DELETE', `/deals/${won.id}`);
  });
});

describe('deals', () => {
  it('creates a deal in the default pipeline, with validation of money, owner and contact', async () => {
    const contactId = await insertContact(ws, 'Carla Contact');
    const deal = await createDeal({
      title: 'Website redesign',
      amount: { amount: '1200.5', currency: 'EUR' },
      contactId,
      ownerMemberId,
      expectedCloseDate: '2030-06-30',
      source: 'mention',
      sourceChannel: 'bluesky',
      sourceRef: 'mention_123',
    });
    expect(deal).toMatchObject({
      pipelineId: sales.id,
      stageId: stage('New lead').id,
      status: 'open',
      amount: { amount: '1200.50', currency: 'EUR' },
      contact: { id: contactId, name: 'Carla Contact' },
      owner: { memberId: ownerMemberId, name: 'Olivia Owner' },
      expectedCloseDate: '2030-06-30',
      source: 'mention',
      sourceChannel: 'bluesky',
    });

    for (const amount of [{ amount: '12.505', currency: 'EUR' }, { amount: '12,50', currency: 'EUR' }, { amount: '10', currency: 'eur' }, { amount: '10', currency: 'ABC' }]) {
      const bad = await inject(owner, 'POST', '/deals', { title: 'Bad money', source: 'manual', amount });
      expect(bad.status, JSON.stringify(amount)).toBe(400);
    }
    const other = await createWorkspaceWithOwner(t, 'Other');
    const strangerMember = await addMember(t, other.workspace.id, 'agent');
    const notMember = await inject(owner, 'POST', '/deals', { title: 'x', source: 'manual', ownerMemberId: strangerMember.memberId });
    expect(notMember.body.error?.code).toBe('deal.owner_not_member');
    const foreignContact = await insertContact(other.workspace.id, 'Not yours');
    const contact404 = await inject(owner, 'POST', '/deals', { title: 'x', source: 'manual', contactId: foreignContact });
    expect(contact404.status).toBe(404);
    expect(contact404.body.error?.code).toBe('contact.not_found');
    const wrongStage = await inject(owner, 'POST', '/deals', { title: 'x', source: 'manual', pipelineId: sales.id, stageId: 'stage_nope' });
    expect(wrongStage.status).toBe(404);
    const lostNoReason = await inject(owner, 'POST', '/deals', { title: 'x', source: 'manual', stageId: stage('Lost').id });
    expect(lostNoReason.body.error?.code).toBe('deal.lost_reason_required');

    const audit = await sql("SELECT after FROM audit_events WHERE workspace_id = $1 AND action = 'deal.created' AND entity_id = $2", [ws, deal.id]);
    expect(audit.rows[0].after).toMatchObject({ title: 'Website redesign', amount: '1200.50', currency: 'EUR', stageId: stage('New lead').id });
    const timeline = await sql("SELECT kind, summary, source_module FROM interactions WHERE contact_id = $1 AND kind = 'deal_change'", [contactId]);
    expect(timeline.rows).toEqual([{ kind: 'deal_change', summary: 'Deal “Website redesign” created in New lead', source_module: 'deals' }]);
  });

  it('orders deals on the board with fractional positions and moves them within and across stages', async () => {
    const a = await createDeal({ title: 'A', stageId: stage('Qualified').id });
    const b = await createDeal({ title: 'B', stageId: stage('Qualified').id });
    const c = await createDeal({ title: 'C', stageId: stage('Qualified').id });
    expect(titlesIn(await board(), 'Qualified')).toEqual(['A', 'B', 'C']);

    const moved = await inject(owner, 'POST', `/deals/${c.id}/move`, { stageId: stage('Qualified').id, beforeDealId: a.id });
    expect(moved.status).toBe(200);
    expect(titlesIn(await board(), 'Qualified')).toEqual(['C', 'A', 'B']);
    await inject(owner, 'POST', `/deals/${c.id}/move`, { stageId: stage('Qualified').id, afterDealId: a.id });
    expect(titlesIn(await board(), 'Qualified')).toEqual(['A', 'C', 'B']);
    // Many moves into the same gap use up the room between two doubles; the stage is renumbered.
    for (let i = 0; i < 60; i++) {
      const [first, second] = i % 2 === 0 ? [c, b] : [b, c];
      await inject(owner, 'POST', `/deals/${first.id}/move`, { stageId: stage('Qualified').id, afterDealId: a.id });
      await inject(owner, 'POST', `/deals/${second.id}/move`, { stageId: stage('Qualified').id, afterDealId: a.id });
    }
    expect(new Set((await board()).stages.find((s) => s.name === 'Qualified')!.deals.map((d) => d.position)).size).toBe(3);

    const across = await inject(owner, 'POST', `/deals/${b.id}/move`, { stageId: stage('Proposal').id });
    expect(across.body.data).toMatchObject({ stageId: stage('Proposal').id, status: 'open' });
    expect(titlesIn(await board(), 'Qualified')).toHaveLength(2);
    expect(titlesIn(await board(), 'Proposal')).toEqual(['B']);
    const notThere = await inject(owner, 'POST', `/deals/${a.id}/move`, { stageId: stage('Proposal').id, beforeDealId: c.id });
    expect(notThere.body.error?.code).toBe('deal.anchor_not_in_stage');

    const events = await sql("SELECT count(*)::int AS n FROM audit_events WHERE workspace_id = $1 AND action = 'deal.moved' AND entity_id = $2", [ws, b.id]);
    expect(events.rows[0].n).toBeGreaterThan(0);
    for (const deal of [a, b, c]) await inject(owner, 'DELETE', `/deals/${deal.id}`);
  });

  it('closes deals as won or lost (with a reason), reopens them, and makes the contact a customer', async () => {
    const contactId = await insertContact(ws, 'Wendy Winner');
    const deal = await createDeal({ title: 'Big one', contactId, amount: { amount: '500', currency: 'USD' }, source: 'conversation' });

    const noReason = await inject(owner, 'POST', `/deals/${deal.id}/move`, { stageId: stage('Lost').id });
    expect(noReason.status).toBe(422);
    expect(noReason.body.error?.code).toBe('deal.lost_reason_required');
    expect((await inject(owner, 'POST', `/deals/${deal.id}/lost`, { reason: '' })).status).toBe(400);

    const lost = await inject(owner, 'POST', `/deals/${deal.id}/lost`, { reason: 'Went with a competitor' });
    expect(lost.body.data).toMatchObject({ status: 'lost', stageId: stage('Lost').id, lostReason: 'Went with a competitor' });
    expect(lost.body.data.closedAt).toBeTruthy();

    const reopened = await inject(owner, 'POST', `/deals/${deal.id}/move`, { stageId: stage('Negotiation').id });
    expect(reopened.body.data).toMatchObject({ status: 'open', closedAt: null, lostReason: null });

    const won = await inject(owner, 'POST', `/deals/${deal.id}/won`);
    expect(won.body.data).toMatchObject({ status: 'won', stageId: stage('Won').id, lostReason: null });
    const contact = await sql('SELECT lifecycle_stage, became_customer_at FROM contacts WHERE id = $1', [contactId]);
    expect(contact.rows[0].lifecycle_stage).toBe('customer');
    expect(contact.rows[0].became_customer_at).toBeInstanceOf(Date);

    const actions = await sql('SELECT action FROM audit_events WHERE workspace_id = $1 AND entity_id = $2 ORDER BY id', [ws, deal.id]);
    expect(actions.rows.map((row: { action: string }) => row.action)).toEqual(['deal.created', 'deal.lost', 'deal.reopened', 'deal.won']);
    const timeline = await sql("SELECT summary FROM interactions WHERE contact_id = $1 ORDER BY id", [contactId]);
    expect(timeline.rows.map((row: { summary: string }) => row.summary)).toEqual([
      'Deal “Big one” created in New lead',
      'Deal “Big one” lost: Went with a competitor',
      'Deal “Big one” moved: Lost → Negotiation',
      'Deal “Big one” won (500.00 USD)',
      'Became a customer: deal “Big one” won',
    ]);
  });

  it('totals each stage per currency on the board', async () => {
    const stageId = stage('Proposal').id;
    const deals = [
      await createDeal({ title: 'T1', stageId, amount: { amount: '10.10', currency: 'EUR' } }),
      await createDeal({ title: 'T2', stageId, amount: { amount: '0.95', currency: 'EUR' } }),
      await createDeal({ title: 'T3', stageId, amount: { amount: '99', currency: 'GBP' } }),
      await createDeal({ title: 'T4', stageId }),
    ];
    const proposal = (await board()).stages.find((s) => s.id === stageId)!;
    expect(proposal.totals).toEqual({ count: 4, amounts: [{ amount: '11.05', currency: 'EUR' }, { amount: '99.00', currency: 'GBP' }] });
    for (const deal of deals) await inject(owner, 'DELETE', `/deals/${deal.id}`);
  });

  it('edits deals, records before and after, and refuses a lost reason on an open deal', async () => {
    const first = await insertContact(ws, 'First Contact');
    const second = await insertContact(ws, 'Second Contact');
    const deal = await createDeal({ title: 'Editable', contactId: first });
    const edited = await inject(owner, 'PATCH', `/deals/${deal.id}`, { title: 'Edited', amount: { amount: '42', currency: 'JPY' }, contactId: second, ownerMemberId });
    expect(edited.body.data).toMatchObject({ title: 'Edited', amount: { amount: '42.00', currency: 'JPY' }, contact: { id: second }, owner: { memberId: ownerMemberId } });
    const audit = await sql("SELECT before, after FROM audit_events WHERE action = 'deal.updated' AND entity_id = $1", [deal.id]);
    expect(audit.rows[0].before).toMatchObject({ title: 'Editable', amount: null, contactId: first });
    expect(audit.rows[0].after).toMatchObject({ title: 'Edited', amount: '42.00', currency: 'JPY', contactId: second });
    const both = await sql("SELECT contact_id FROM interactions WHERE summary LIKE 'Deal “Edited” updated%' ORDER BY contact_id", []);
    expect(both.rows.map((row: { contact_id: string }) => row.contact_id).sort()).toEqual([first, second].sort());
    const cleared = await inject(owner, 'PATCH', `/deals/${deal.id}`, { amount: null, contactId: null });
    expect(cleared.body.data).toMatchObject({ amount: null, contact: null });
    expect((await inject(owner, 'PATCH', `/deals/${deal.id}`, { lostReason: 'nope' })).body.error?.code).toBe('deal.not_lost');
    await inject(owner, 'DELETE', `/deals/${deal.id}`);
  });

  it('lists deals with filters and cursor pages, and hides other workspaces', async () => {
    const contactId = await insertContact(ws, 'Listed');
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await createDeal({ title: `Listed deal ${i}`, source: i % 2 === 0 ? 'referral' : 'campaign', contactId }));
    const first = await inject(owner, 'GET', `/deals?contactId=${contactId}&limit=2`);
    expect(first.body.data.map((d: Deal) => d.title)).toEqual(['Listed deal 4', 'Listed deal 3']);
    const second = await inject(owner, 'GET', `/deals?contactId=${contactId}&limit=10&cursor=${first.body.nextCursor}`);
    expect(second.body.data.map((d: Deal) => d.title)).toEqual(['Listed deal 2', 'Listed deal 1', 'Listed deal 0']);
    expect(second.body.nextCursor).toBeNull();
    const referral = await inject(owner, 'GET', `/deals?contactId=${contactId}&source=referral&q=deal%202`);
    expect(referral.body.data.map((d: Deal) => d.title)).toEqual(['Listed deal 2']);

    const other = await createWorkspaceWithOwner(t, 'Elsewhere');
    const theirs = await inject(other.owner, 'GET', `/deals/${made[0]!.id}`, undefined, other.workspace.id);
    expect(theirs.status).toBe(404);
    expect((await inject(other.owner, 'POST', `/deals/${made[0]!.id}/won`, undefined, other.workspace.id)).status).toBe(404);
    expect((await inject(other.owner, 'GET', '/deals', undefined, other.workspace.id)).body.data).toEqual([]);
    expect((await inject(other.owner, 'GET', `/pipelines/${sales.id}/board`, undefined, other.workspace.id)).status).toBe(404);
  });

  it('lets a viewer read but not move deals', async () => {
    const viewer = await addMember(t, ws, 'viewer');
    const deal = await createDeal({ title: 'Look only' });
    expect((await inject(viewer.user, 'GET', `/deals/${deal.id}`)).status).toBe(200);
    const move = await inject(viewer.user, 'POST', `/deals/${deal.id}/move`, { stageId: stage('Proposal').id });
    expect(move.status).toBe(403);
  });
});

describe('deal export', () => {
  it('streams the filtered list as CSV and JSON, across pages, and records the export', async () => {
    for (let i = 0; i < 3; i++) await createDeal({ title: `Export me ${i}`, amount: { amount: '10.50', currency: 'EUR' }, source: 'referral' });
    const csv = await t.app.inject({ method: 'GET', url: '/api/v1/deals/export?format=csv&source=referral&q=Export%20me', headers: as(owner, ws) });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="deals-\d{4}-\d{2}-\d{2}\.csv"/);
    const lines = csv.body.replace(/^\ufeff/, '').trim().split('\n');
    expect(lines[0]).toMatch(/^ID,Title,Status,Amount,Currency/);
    expect(lines.slice(1).map((line) => line.split(',')[1]).sort()).toEqual(['Export me 0', 'Export me 1', 'Export me 2']);
    const json = await t.app.inject({ method: 'GET', url: '/api/v1/deals/export?format=json&q=Export%20me%202', headers: as(owner, ws) });
    expect(JSON.parse(json.body)).toEqual([expect.objectContaining({ title: 'Export me 2', amount: '10.50', currency: 'EUR' })]);
    const audit = await sql("SELECT after FROM audit_events WHERE action = 'deals.exported' AND workspace_id = $1 ORDER BY id", [ws]);
    expect(audit.rows.map((row) => (row.after as { count: number }).count)).toEqual([3, 1]);
  });
});
