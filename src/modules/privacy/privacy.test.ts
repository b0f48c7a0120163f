import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { as, createWorkspaceWithOwner, type TestUser } from '../../../test/helpers/factories.js';
import { deals, notes, pipelines, pipelineStages, tasks } from '../../db/schema.js';
import { newId } from '../../lib/ids.js';
import type { CommandContext } from '../../server/context.js';
import { createContact } from '../contacts/commands/create-contact.js';
import { mergeContacts } from '../contacts/commands/merge-contacts.js';
import { recordInteraction } from '../contacts/commands/record-interaction.js';
import { setConsent } from '../contacts/commands/set-consent.js';
import { scrubCsv } from './commands/erase-contact.js';

let t: TestApp;
let ws: string;
let owner: TestUser;
let ownerMemberId: string;
let outsider: { owner: TestUser; workspaceId: string };

type Body = { data: Record<string, unknown>; error?: { code: string } };
const call = async (user: TestUser, workspaceId: string, method: 'GET' | 'POST', url: string, payload?: unknown) => {
  const response = await t.app.inject({ method, url: `/api/v1${url}`, headers: as(user, workspaceId), ...(payload ? { payload: payload as Record<string, unknown> } : {}) });
  return { status: response.statusCode, body: response.json() as Body };
};
const query = async <T>(text: string, params: unknown[] = []) => (await t.db.database.pool.query(text, params)).rows as T[];
const ctx = (): CommandContext => ({
  db: t.db.database.db,
  actor: { type: 'user', id: owner.id, label: owner.name },
  workspace: { workspaceId: ws, role: 'owner', memberId: ownerMemberId },
  requestId: null,
  ipAddress: null,
});

/** A person with identities, consent, a timeline, a note, a task, a deal, and a second record merged into them. */
async function personWithHistory(name: string, email: string, phone: string) {
  const db = t.db.database.db;
  const contact = await createContact(ctx(), {
    name,
    email,
    phone,
    identities: [{ channel: 'twitter', handle: `@${email.split('@')[0]}_tw` }],
  });
  const duplicate = await createContact(ctx(), { name: `${name} (old)`, identities: [{ channel: 'instagram', handle: `${email.split('@')[0]}_ig` }] });
  await mergeContacts(ctx(), { winnerId: contact.id, loserId: duplicate.id, fieldChoices: {} });
  await setConsent(ctx(), contact.id, 'email', { status: 'granted', method: 'web form' });
  await db.transaction(async (tx) => {
    await recordInteraction(tx, { workspaceId: ws, contactId: contact.id, kind: 'message', channel: 'twitter', direction: 'inbound', summary: `Hi from ${name}`, sourceModule: 'test', sourceId: newId('msg') });
    await recordInteraction(tx, { workspaceId: ws, contactId: duplicate.id, kind: 'mention', channel: 'instagram', summary: 'Tagged us', sourceModule: 'test', sourceId: newId('msg') });
  });
  await db.insert(notes).values({ id: newId('note'), workspaceId: ws, body: `Met ${name} at the fair`, contactId: contact.id, authorMemberId: ownerMemberId });
  await db.insert(tasks).values({ id: newId('task'), workspaceId: ws, title: `Call ${name}`, contactId: contact.id, assigneeMemberId: ownerMemberId });
  const pipelineId = newId('pl');
  const stageId = newId('st');
  await db.insert(pipelines).values({ id: pipelineId, workspaceId: ws, name: `Sales ${newId('x', 4)}` });
  await db.insert(pipelineStages).values({ id: stageId, workspaceId: ws, pipelineId, name: 'New', position: 0 });
  const dealId = newId('deal');
  await db.insert(deals).values({ id: dealId, workspaceId: ws, pipelineId, stageId, title: 'Big order', contactId: contact.id });
  return { contact, duplicate, dealId };
}

beforeAll(async () => {
  t = await buildTestApp();
  const acme = await createWorkspaceWithOwner(t, 'Acme');
  ws = acme.workspace.id;
  owner = acme.owner;
  ownerMemberId = acme.ownerMemberId;
  const other = await createWorkspaceWithOwner(t, 'Other Co');
  outsider = { owner: other.owner, workspaceId: other.workspace.id };
});
afterAll(async () => t.close());

describe('personal data export', () => {
  it('holds the contact, the contact merged into it, identities, consents, timeline, notes, tasks, deals, merges and audit events', async () => {
    const { contact, duplicate, dealId } = await personWithHistory('Ada Lovelace', 'ada@example.com', '+44 20 7946 0958');
    const response = await call(owner, ws, 'GET', `/contacts/${contact.id}/personal-data`);
    expect(response.status).toBe(200);
    type Rows = Record<string, unknown>[];
    const data = response.body.data as { contact: Record<string, unknown>; mergedContacts: Rows; identities: Rows; interactions: Rows; consents: Rows; notes: Rows; tasks: Rows; deals: Rows; merges: Rows; auditEvents: Rows };
    expect(data.contact).toMatchObject({ id: contact.id, name: 'Ada Lovelace', email: 'ada@example.com' });
    expect(data.mergedContacts.map((row) => row.id)).toEqual([duplicate.id]);
    expect(data.identities.map((row) => `${row.channel as string}:${row.handle as string}`).sort()).toEqual([
      'email:ada@example.com',
      'instagram:ada_ig',
      'phone:+442079460958',
      'twitter:ada_tw',
    ]);
    expect(data.interactions.map((row) => row.summary)).toEqual(expect.arrayContaining(['Hi from Ada Lovelace', 'Tagged us']));
    expect(data.consents).toMatchObject([{ channel: 'email', status: 'granted' }]);
    expect(data.notes.map((row) => row.body)).toEqual(['Met Ada Lovelace at the fair']);
    expect(data.tasks.map((row) => row.title)).toEqual(['Call Ada Lovelace']);
    expect(data.deals.map((row) => row.id)).toEqual([dealId]);
    expect(data.merges).toHaveLength(1);
    expect(data.auditEvents.map((row) => row.action)).toEqual(expect.arrayContaining(['contact.created', 'contact.consent_changed']));

    // The same document answers for the merged-away id.
    const viaLoser = await call(owner, ws, 'GET', `/contacts/${duplicate.id}/personal-data`);
    expect((viaLoser.body.data.contact as { id: string }).id).toBe(contact.id);
  });

  it('answers 404 for an unknown contact and for a contact of another workspace', async () => {
    expect((await call(owner, ws, 'GET', '/contacts/ct_nope/personal-data')).status).toBe(404);
    const theirs = await call(outsider.owner, outsider.workspaceId, 'GET', `/contacts/${(await query<{ id: string }>('SELECT id FROM contacts LIMIT 1'))[0]!.id}/personal-data`);
    expect(theirs.status).toBe(404);
  });
});

describe('erasure', () => {
  it('removes the person and what identifies them, keeps deals unlinked, and leaves one audit event without personal data', async () => {
    const { contact, duplicate, dealId } = await personWithHistory('Grace Hopper', 'grace@example.com', '+1 415 555 0100');
    const family = [contact.id, duplicate.id];

    expect((await call(owner, ws, 'POST', `/contacts/${contact.id}/erase`, { confirm: false })).status).toBe(400);
    expect((await call(outsider.owner, outsider.workspaceId, 'POST', `/contacts/${contact.id}/erase`, { confirm: true })).status).toBe(404);
    expect(await query('SELECT id FROM contacts WHERE id = ANY($1)', [family])).toHaveLength(2);

    const erased = await call(owner, ws, 'POST', `/contacts/${contact.id}/erase`, { confirm: true });
    expect(erased.status).toBe(200);
    expect(erased.body.data).toMatchObject({ id: contact.id, erased: true, contacts: 2, identities: 4, consents: 1, interactions: 2, notes: 1, tasks: 1, merges: 1, dealsUnlinked: 1 });

    for (const table of ['contacts WHERE id', 'identities WHERE contact_id', 'contact_consents WHERE contact_id', 'interactions WHERE contact_id', 'notes WHERE contact_id', 'tasks WHERE contact_id']) {
      expect(await query(`SELECT 1 FROM ${table} = ANY($1)`, [family]), table).toEqual([]);
    }
    expect(await query('SELECT 1 FROM contact_merges WHERE winner_id = ANY($1) OR loser_id = ANY($1)', [family])).toEqual([]);
    expect(await query('SELECT 1 FROM duplicate_suggestions WHERE contact_a_id = ANY($1) OR contact_b_id = ANY($1)', [family])).toEqual([]);
    expect(await query('SELECT title, contact_id FROM deals WHERE id = $1', [dealId])).toEqual([{ title: 'Big order', contact_id: null }]);

    const audit = await query<{ action: string; entity_id: string; before: unknown; after: unknown; actor_label: string }>(
      'SELECT action, entity_id, before, after, actor_label FROM audit_events WHERE workspace_id = $1 ORDER BY id',
      [ws],
    );
    const everything = JSON.stringify(audit).toLowerCase();
    for (const term of ['grace hopper', 'grace@example.com', '+14155550100', 'grace_tw', 'grace_ig']) expect(everything, term).not.toContain(term);
    const erasures = audit.filter((event) => event.action === 'contact.erased');
    expect(erasures).toHaveLength(1);
    expect(erasures[0]).toMatchObject({ entity_id: contact.id, before: null, after: { erased: true, identities: 4, interactions: 2 } });
    // Who did it and what happened before stays in the log, without the values.
    expect(audit.filter((event) => event.entity_id === contact.id && event.action === 'contact.created')).toEqual([
      expect.objectContaining({ after: { redacted: true }, actor_label: owner.name }),
    ]);
    // Someone else's history is untouched.
    expect(everything).toContain('ada@example.com');

    expect((await call(owner, ws, 'POST', `/contacts/${contact.id}/erase`, { confirm: true })).status).toBe(404);
    expect((await call(owner, ws, 'GET', `/contacts/${contact.id}/personal-data`)).status).toBe(404);
  });

  it('blanks the rows of stored import files that mention the person, keeping row positions', () => {
    const scrubbed = scrubCsv('\ufeffname;email\r\nGrace;GRACE@example.com\r\nAda;ada@example.com\r\n', ['grace@example.com']);
    expect(scrubbed).toEqual({ content: 'name;email\n;\nAda;ada@example.com\n', rows: 1 });
  });
});
