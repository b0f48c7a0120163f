import type { JobHelpers } from 'graphile-worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { as, createWorkspaceWithOwner, type TestUser } from '../../../test/helpers/factories.js';
import { systemActor } from '../../server/context.js';
import { findDuplicateCandidates, suggestDuplicates } from './commands/find-duplicates.js';
import { refreshSignals } from './commands/refresh-signals.js';
import { resolveIdentity } from './commands/resolve-identity.js';
import { findDuplicatesJob } from './jobs/find-duplicates.js';

let t: TestApp;
let ws: string;
let owner: TestUser;

type Body = { data: Record<string, unknown> & Record<string, unknown>[]; nextCursor?: string | null; error?: { code: string; message: string } };
const call = async (method: string, url: string, payload?: unknown) => {
  const response = await t.app.inject({ method: method as 'GET', url, headers: as(owner, ws), ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}) });
  return { status: response.statusCode, body: (response.body ? response.json() : null) as Body };
};
const data = <T>(body: Body) => body.data as unknown as T;
type Contact = { id: string; name: string; email: string | null; phone: string | null; tags: string[]; lifecycleStage: string; signals: { followersTotal: number; influenceScore: number; interactionCount: number }; identities: { id: string; channel: string; externalId: string }[]; mergedContactIds: string[]; customFields: Record<string, unknown> };

beforeAll(async () => {
  t = await buildTestApp();
  const acme = await createWorkspaceWithOwner(t, 'Acme');
  ws = acme.workspace.id;
  owner = acme.owner;
});
afterAll(async () => t.close());

describe('contacts', () => {
  it('creates a contact with normalized email, phone and identities, and refuses an identity another contact has', async () => {
    const created = await call('POST', '/api/v1/contacts', {
      firstName: 'Jane',
      lastName: 'Doe',
      email: 'Jane@Example.org',
      phone: '+1 (415) 555-0100',
      tags: ['VIP', 'beta', 'vip'],
      identities: [{ channel: 'twitter', externalId: '1001', handle: '@janedoe', followers: 12000, verified: true }],
    });
    expect(created.status).toBe(201);
    const jane = data<Contact>(created.body);
    expect(jane).toMatchObject({ name: 'Jane Doe', email: 'jane@example.org', phone: '+14155550100', tags: ['beta', 'vip'] });
    expect(jane.identities.map((i) => `${i.channel}:${i.externalId}`).sort()).toEqual(['email:jane@example.org', 'phone:+14155550100', 'twitter:1001']);
    expect(jane.signals.followersTotal).toBe(12000);
    expect(jane.signals.influenceScore).toBeGreaterThan(30);

    const clash = await call('POST', '/api/v1/contacts', { name: 'Other', email: 'JANE@example.org' });
    expect(clash.status).toBe(409);
    expect(clash.body.error?.code).toBe('contact.identity_taken');
    const badPhone = await call('POST', '/api/v1/contacts', { name: 'Bad', phone: '12' });
    expect(badPhone.status).toBe(400);
  });

  it('validates custom fields on write and keeps stored data when a write is refused', async () => {
    expect((await call('POST', '/api/v1/custom-fields', { entity: 'contact', label: 'Plan', type: 'select', options: ['Free', 'Pro'] })).status).toBe(201);
    expect((await call('POST', '/api/v1/custom-fields', { entity: 'contact', label: 'Seats', type: 'number' })).status).toBe(201);
    const contact = data<Contact>((await call('POST', '/api/v1/contacts', { name: 'Custom Carl', customFields: { plan: 'pro', seats: '25' } })).body);
    expect(contact.customFields).toEqual({ plan: 'Pro', seats: 25 });
    const refused = await call('PATCH', `/api/v1/contacts/${contact.id}`, { name: 'Changed', customFields: { seats: 'many' } });
    expect(refused.status).toBe(400);
    const after = data<Contact>((await call('GET', `/api/v1/contacts/${contact.id}`)).body);
    expect(after).toMatchObject({ name: 'Custom Carl', customFields: { plan: 'Pro', seats: 25 } });
  });

  it('searches by name, @handle, email and phone', async () => {
    await call('POST', '/api/v1/contacts', { name: 'Marco Rossi', identities: [{ channel: 'instagram', externalId: 'ig-77', handle: 'marco.eats' }] });
    const names = async (q: string) => (data<Contact[]>((await call('GET', `/api/v1/contacts?q=${encodeURIComponent(q)}`)).body)).map((c) => c.name);
    expect(await names('rossi')).toEqual(['Marco Rossi']);
    expect(await names('@marco.ea')).toEqual(['Marco Rossi']);
    expect(await names('JANE@example.org')).toEqual(['Jane Doe']);
    expect(await names('+1 415 555 0100')).toEqual(['Jane Doe']);
    expect(await names('nobody-here')).toEqual([]);
  });

  it('lists with filters, sorts and exact cursor pages', async () => {
    for (let i = 0; i < 7; i++) await call('POST', '/api/v1/contacts', { name: `Page Person ${i}`, tags: ['paging'], lifecycleStage: i % 2 ? 'lead' : 'customer' });
    const seen: string[] = [];
    let cursor: string | null | undefined = null;
    do {
      const page = await call('GET', `/api/v1/contacts?tag=paging&sort=name&order=asc&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...data<Contact[]>(page.body).map((c) => c.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `Page Person ${i}`));
    const leads = data<Contact[]>((await call('GET', '/api/v1/contacts?tag=paging&lifecycleStage=lead')).body);
    expect(leads).toHaveLength(3);
    const filter = encodeURIComponent(JSON.stringify({ match: 'all', conditions: [{ field: 'tags', op: 'has', value: 'paging' }, { field: 'lifecycleStage', op: 'eq', value: 'customer' }] }));
    expect(data<{ count: number }>((await call('GET', `/api/v1/contacts/count?filter=${filter}`)).body).count).toBe(4);
    const badFilter = await call('GET', `/api/v1/contacts?filter=${encodeURIComponent('{"match":"all","conditions":[{"field":"shoeSize","op":"eq","value":1}]}')}`);
    expect(badFilter.status).toBe(400);
    expect(badFilter.body.error?.code).toBe('filter.invalid');
  });

  it('saves segments over signals and identities, and counts their members', async () => {
    const filter = { match: 'all', conditions: [{ field: 'followersTotal', op: 'gt', value: 10000 }, { field: 'identity.channel', op: 'has', value: 'twitter' }] };
    const segment = await call('POST', '/api/v1/segments', { name: 'Influencers on X', filter });
    expect(segment.status).toBe(201);
    const id = data<{ id: string }>(segment.body).id;
    expect(data<{ count: number }>((await call('GET', `/api/v1/segments/${id}`)).body).count).toBe(1);
    expect(data<Contact[]>((await call('GET', `/api/v1/contacts?segmentId=${id}`)).body).map((c) => c.name)).toEqual(['Jane Doe']);
    expect((await call('POST', '/api/v1/segments', { name: 'influencers on x', filter })).status).toBe(409);
  });

  it('records the timeline once per source id and summarizes it per channel', async () => {
    const contact = data<Contact>((await call('POST', '/api/v1/contacts', { name: 'Timeline Tina' })).body);
    const log = (payload: Record<string, unknown>) => call('POST', `/api/v1/contacts/${contact.id}/interactions`, payload);
    expect((await log({ kind: 'call', summary: 'Called about the order', sourceId: 'crm-1', sentiment: 0.6, channel: 'phone' })).body.data).toMatchObject({ duplicate: false });
    expect((await log({ kind: 'call', summary: 'Called about the order', sourceId: 'crm-1', sentiment: 0.6, channel: 'phone' })).body.data).toMatchObject({ duplicate: true });
    await log({ kind: 'email', summary: 'Sent the invoice', channel: 'email', sentiment: -0.2, occurredAt: '2026-01-02T10:00:00Z' });
    const timeline = data<{ kind: string; summary: string }[]>((await call('GET', `/api/v1/contacts/${contact.id}/interactions`)).body);
    expect(timeline.map((i) => i.kind)).toEqual(['call', 'email']);
    const calls = data<{ kind: string }[]>((await call('GET', `/api/v1/contacts/${contact.id}/interactions?kind=email`)).body);
    expect(calls.map((i) => i.kind)).toEqual(['email']);
    const summary = data<{ channels: { channel: string; count: number; sentiment: number }[] }>((await call('GET', `/api/v1/contacts/${contact.id}/summary`)).body);
    expect(summary.channels.find((c) => c.channel === 'phone')).toMatchObject({ count: 1 });
    const after = data<Contact & { signals: { sentimentAvg: number } }>((await call('GET', `/api/v1/contacts/${contact.id}`)).body);
    expect(after.signals.interactionCount).toBe(2);
    expect(after.signals.sentimentAvg).toBeCloseTo(0.2, 5);
  });
});

describe('identity resolution', () => {
  const actor = systemActor('test');

  it('attaches an identity to the contact it certainly belongs to, or creates one', async () => {
    const first = await resolveIdentity(t.db.database.db, ws, actor, { identity: { channel: 'whatsapp', externalId: '14155550100', displayName: 'Jane' } });
    expect(first.createdContact).toBe(false); // same phone as Jane Doe
    const jane = data<Contact>((await call('GET', `/api/v1/contacts/${first.contactId}`)).body);
    expect(jane.name).toBe('Jane Doe');
    const again = await resolveIdentity(t.db.database.db, ws, actor, { identity: { channel: 'whatsapp', externalId: '+1 415 555 0100', followers: 10 } });
    expect(again).toMatchObject({ contactId: first.contactId, identityId: first.identityId, createdIdentity: false });
    const stranger = await resolveIdentity(t.db.database.db, ws, actor, { identity: { channel: 'mastodon', handle: 'newbie@fosstodon.org', displayName: 'New Bee' } });
    expect(stranger.createdContact).toBe(true);
    const byEmail = await resolveIdentity(t.db.database.db, ws, actor, { identity: { channel: 'reddit', handle: 'u_jane' }, email: 'jane@example.org' });
    expect(byEmail.contactId).toBe(first.contactId);
  });

  it('yields one contact when the same new person arrives through many webhooks at once', async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        resolveIdentity(t.db.database.db, ws, actor, { identity: { channel: 'telegram', externalId: '555000111', displayName: `Racer ${i}` } }),
      ),
    );
    expect(new Set(results.map((r) => r.contactId)).size).toBe(1);
    expect(results.filter((r) => r.createdContact)).toHaveLength(1);
    const rows = await t.db.database.pool.query(`SELECT count(*)::int AS n FROM identities WHERE workspace_id = $1 AND channel = 'telegram' AND external_id = '555000111'`, [ws]);
    expect(rows.rows[0].n).toBe(1);
  });

  it('resolves the others of a batch when one person in it fails at the database', async () => {
    // Ten calls at once: the first two go alone, the other eight wait and go as one batch, in which the
    // last person's contact is refused by the database. That batch fails as a whole; each of its
    // callers is then resolved on its own, and only the refused one fails.
    const pool = t.db.database.pool;
    await pool.query(`CREATE FUNCTION refuse_contact_for_test() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.name = 'Refused Person' THEN RAISE EXCEPTION 'contact refused by the test'; END IF; RETURN NEW; END $$`);
    await pool.query(`CREATE TRIGGER refuse_contact_for_test BEFORE INSERT ON contacts FOR EACH ROW EXECUTE FUNCTION refuse_contact_for_test()`);
    try {
      const names = Array.from({ length: 10 }, (_, i) => (i === 9 ? 'Refused Person' : `Batch Person ${i}`));
      const results = await Promise.allSettled(names.map((name, i) => resolveIdentity(t.db.database.db, ws, actor, { identity: { channel: 'telegram', externalId: `77700${i}`, displayName: name } })));
      expect(results.map((result) => result.status)).toEqual([...Array.from({ length: 9 }, () => 'fulfilled'), 'rejected']);
      const refused = (results[9] as PromiseRejectedResult).reason as Error;
      expect((refused.cause as Error | undefined)?.message).toBe('contact refused by the test');
      const stored = await pool.query<{ name: string }>(`SELECT c.name FROM identities i JOIN contacts c ON c.id = i.contact_id WHERE i.workspace_id = $1 AND i.channel = 'telegram' AND i.external_id LIKE '77700%' ORDER BY c.name`, [ws]);
      expect(stored.rows.map((row) => row.name)).toEqual(names.slice(0, 9));
    } finally {
      await pool.query(`DROP TRIGGER refuse_contact_for_test ON contacts`);
      await pool.query(`DROP FUNCTION refuse_contact_for_test()`);
    }
  });

  it('keeps reach and influence current as followers change, matching a full recomputation', async () => {
    const db = t.db.database.db;
    const seen = await resolveIdentity(db, ws, actor, { identity: { channel: 'twitter', externalId: '4242', handle: 'growing', followers: 1000, verified: true } });
    const influenceOf = async () =>
      (await t.db.database.pool.query('SELECT followers_total, influence_score FROM contacts WHERE id = $1', [seen.contactId])).rows[0] as { followers_total: number; influence_score: number };
    expect(await influenceOf()).toMatchObject({ followers_total: 1000 });
    await resolveIdentity(db, ws, actor, { identity: { channel: 'twitter', externalId: '4242', followers: 250_000 } });
    const incremental = await influenceOf();
    expect(incremental.followers_total).toBe(250_000);
    await refreshSignals(db, ws, seen.contactId);
    expect(await influenceOf()).toEqual(incremental);
  });

  it('exposes resolution over HTTP', async () => {
    const response = await call('POST', '/api/v1/identities/resolve', { identity: { channel: 'bluesky', externalId: 'did:plc:xyz', handle: 'sam.bsky.social' }, name: 'Sam Sky' });
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({ createdContact: true, createdIdentity: true });
  });
});

describe('duplicates, merge and unmerge', () => {
  it('finds the same name by itself, and a similar name only with other evidence, without an email to search by', async () => {
    const create = async (name: string, identity: { channel: string; externalId: string; handle: string }) =>
      data<Contact>((await call('POST', '/api/v1/contacts', { name, identities: [identity] })).body).id;
    const tomas = await create('Tomas Alvarez', { channel: 'twitter', externalId: 'tw-tomas', handle: 'tomas_alv' });
    const sameName = await create('Tomas Alvarez', { channel: 'reddit', externalId: 'rd-grinder', handle: 'grinder_fan' });
    const sameHandle = await create('Tomas Alvares', { channel: 'instagram', externalId: 'ig-tomas', handle: 'tomas_alv' });
    const similarOnly = await create('Tomas Alvares', { channel: 'reddit', externalId: 'rd-beans', handle: 'beans4ever' });
    const found = await findDuplicateCandidates(t.db.database.db, ws, tomas);
    const kinds = (id: string) => found.find((candidate) => candidate.contactId === id)?.reasons.map((reason) => reason.kind).sort();
    expect(kinds(sameName)).toEqual(['same_name']);
    expect(kinds(sameHandle)).toEqual(['same_handle', 'similar_name']);
    expect(found.find((candidate) => candidate.contactId === sameHandle)!.score).toBeGreaterThan(found.find((candidate) => candidate.contactId === sameName)!.score);
    // A similar name alone weighs less than the threshold.
    expect(kinds(similarOnly)).toBeUndefined();
  });

  it('suggests probable duplicates with reasons, merges field by field and unmerges back', async () => {
    const a = data<Contact>((await call('POST', '/api/v1/contacts', {
      name: 'Priya Sharma',
      email: 'priya@bigco.com',
      jobTitle: 'Buyer',
      identities: [{ channel: 'twitter', externalId: '9001', handle: 'priyacooks', bio: 'Food lover. Insta: @priya.cooks' }],
    })).body);
    const b = data<Contact>((await call('POST', '/api/v1/contacts', {
      name: 'Priya Sharma',
      phone: '+44 7911 123456',
      lifecycleStage: 'customer',
      identities: [{ channel: 'instagram', externalId: 'ig-9001', handle: 'priya.cooks', followers: 5000 }],
    })).body);
    await call('POST', `/api/v1/contacts/${b.id}/interactions`, { kind: 'message', summary: 'Loved the new menu', channel: 'instagram', sourceId: 'ig-msg-1' });
    expect(await suggestDuplicates(t.db.database.db, ws, a.id)).toBeGreaterThan(0);
    const suggestions = data<{ id: string; score: number; reasons: { kind: string }[]; contacts: { id: string }[] }[]>((await call('GET', '/api/v1/duplicates')).body);
    const pair = suggestions.find((s) => s.contacts.some((c) => c.id === a.id) && s.contacts.some((c) => c.id === b.id))!;
    expect(pair.reasons.map((r) => r.kind).sort()).toEqual(['bio_link', 'same_name']);
    expect(pair.score).toBeGreaterThan(0.85);

    const merged = await call('POST', '/api/v1/contacts/merge', { winnerId: a.id, loserId: b.id, fieldChoices: { lifecycleStage: 'loser' } });
    expect(merged.status).toBe(201);
    const mergeId = data<{ id: string }>(merged.body).id;
    const winner = data<Contact>((await call('GET', `/api/v1/contacts/${a.id}`)).body);
    expect(winner).toMatchObject({ name: 'Priya Sharma', email: 'priya@bigco.com', phone: '+447911123456', lifecycleStage: 'customer', mergedContactIds: [b.id] });
    expect(winner.identities.map((i) => i.channel).sort()).toEqual(['email', 'instagram', 'phone', 'twitter']);
    expect(winner.signals.followersTotal).toBe(5000);
    // The loser's id now answers with the winner, and its timeline shows in the winner's.
    expect(data<Contact>((await call('GET', `/api/v1/contacts/${b.id}`)).body).id).toBe(a.id);
    const timeline = data<{ summary: string }[]>((await call('GET', `/api/v1/contacts/${a.id}/interactions`)).body);
    expect(timeline.map((i) => i.summary)).toContain('Loved the new menu');
    expect(data<{ id: string }[]>((await call('GET', '/api/v1/duplicates')).body).map((s) => s.id)).not.toContain(pair.id);

    const undone = await call('POST', `/api/v1/merges/${mergeId}/unmerge`);
    expect(undone.status).toBe(200);
    const restoredA = data<Contact>((await call('GET', `/api/v1/contacts/${a.id}`)).body);
    const restoredB = data<Contact>((await call('GET', `/api/v1/contacts/${b.id}`)).body);
    expect(restoredA).toMatchObject({ phone: null, lifecycleStage: 'subscriber', mergedContactIds: [] });
    expect(restoredA.identities.map((i) => i.channel).sort()).toEqual(['email', 'twitter']);
    expect(restoredB).toMatchObject({ id: b.id, phone: '+447911123456', lifecycleStage: 'customer' });
    expect(restoredB.identities.map((i) => i.channel).sort()).toEqual(['instagram', 'phone']);
    expect((await call('POST', `/api/v1/merges/${mergeId}/unmerge`)).status).toBe(409);

    const actions = data<{ action: string }[]>((await call('GET', `/api/v1/audit-events?entityId=${a.id}`)).body).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['contact.merged', 'contact.unmerged']));
  });

  it('dismisses suggestions in bulk and keeps the decision', async () => {
    const x = data<Contact>((await call('POST', '/api/v1/contacts', { name: 'Alex Morgan', identities: [{ channel: 'reddit', handle: 'amorgan' }] })).body);
    const y = data<Contact>((await call('POST', '/api/v1/contacts', { name: 'Alex Morgan', identities: [{ channel: 'youtube', externalId: 'UC1', handle: 'amorgan' }] })).body);
    await suggestDuplicates(t.db.database.db, ws, x.id);
    const open = data<{ id: string; contacts: { id: string }[] }[]>((await call('GET', '/api/v1/duplicates')).body).filter((s) => s.contacts.some((c) => c.id === y.id));
    expect(open).toHaveLength(1);
    const result = await call('POST', '/api/v1/duplicates/bulk', { ids: [open[0]!.id, 'dup_unknown'], action: 'dismiss' });
    expect(data<{ results: { ok: boolean }[] }>(result.body).results.map((r) => r.ok)).toEqual([true, false]);
    await suggestDuplicates(t.db.database.db, ws, y.id);
    expect(data<{ id: string }[]>((await call('GET', '/api/v1/duplicates')).body).map((s) => s.id)).not.toContain(open[0]!.id);
  });

  it('drains the search queue in batches, and claims no further batch once the worker is stopping', async () => {
    const pool = t.db.database.pool;
    for (let i = 0; i < 120; i += 1) await call('POST', '/api/v1/contacts', { name: `Queued Person ${i}` });
    const queued = async () => (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM duplicate_checks`)).rows[0]!.n;
    const total = await queued();
    expect(total).toBeGreaterThanOrEqual(120);
    const helpers = { logger: { info: () => {} } } as unknown as JobHelpers;
    const run = (stopping: AbortSignal) => findDuplicatesJob.handler({}, { db: t.db.database.db, stopping }, helpers);

    await run(AbortSignal.abort());
    expect(await queued()).toBe(total);

    // Stopping once the first batch of 50 is claimed: the run ends in its pause, with the rest queued.
    const stop = new AbortController();
    const watch = (async () => {
      while (!stop.signal.aborted && (await queued()) > total - 50) await new Promise((resolve) => setTimeout(resolve, 5));
      stop.abort();
    })();
    await run(stop.signal);
    await watch;
    const left = await queued();
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThanOrEqual(total - 50);

    await run(new AbortController().signal);
    expect(await queued()).toBe(0);
  });
});
