// The explorer's writes: reviews (spam, tags, bulk corrections that still train the model), the
// influence and tag filters, assignment with its notification, linking an author to a contact,
// a lead from a mention, and saved views.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { addMember, as, createWorkspaceWithOwner, type TestUser } from '../../../test/helpers/factories.js';
import type { IncomingPost } from './pipeline/incoming.js';

let t: TestApp;
let ws: string;
let owner: TestUser;
let agent: { user: TestUser; memberId: string };

type Body = { data: Record<string, unknown> & Record<string, unknown>[]; error?: { code: string; message: string } };
const inject = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, user = owner, workspaceId = ws) => {
  const response = await t.app.inject({ method, url: `/api/v1${url}`, headers: as(user, workspaceId), ...(payload !== undefined ? { payload: payload as object } : {}) });
  return { status: response.statusCode, body: (response.body ? response.json() : null) as Body };
};
const rows = async <T>(text: string, params: unknown[] = []) => (await t.db.database.pool.query(text, params)).rows as T[];
type Mention = { id: string; text: string; tags: string[]; spamMarked: boolean | null; relevance: string | null; sentiment: { label: string; by: string }; contactId: string | null; assignment: { teamId: string | null; memberId: string | null; note: string | null } | null };
const list = async (query: string) => {
  const response = await inject('GET', `/mentions?${query}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.data as unknown as Mention[];
};
const post = (externalId: string, text: string, extra: Partial<IncomingPost> = {}): IncomingPost => ({ externalId, text, channel: 'twitter', ...extra });
let ids: string[];

beforeAll(async () => {
  t = await buildTestApp();
  const acme = await createWorkspaceWithOwner(t, 'Acme');
  ws = acme.workspace.id;
  owner = acme.owner;
  const added = await addMember(t, ws, 'agent');
  agent = { user: added.user, memberId: added.memberId };
  const topic = (await inject('POST', '/topics', { name: 'Zephyr' })).body.data.id as string;
  await inject('POST', '/queries', { topicId: topic, query: 'zephyr' });
  const posted = await inject('POST', '/posts', {
    source: 'api',
    posts: [
      post('1', 'I love my new Zephyr shoes, best run ever', { author: { handle: 'runner_jo', externalId: 'u1', name: 'Jo Runner', followers: 25000 } }),
      post('2', 'Zephyr laces broke after two days, terrible', { author: { handle: 'small_fry', externalId: 'u2', followers: 40 } }),
      post('3', 'Zephyr store opens on Main street today', { author: { handle: 'citynews', externalId: 'u3', followers: 900 } }),
    ],
  });
  expect(posted.status, JSON.stringify(posted.body)).toBe(200);
  ids = (posted.body as unknown as { mentionIds: string[] }).mentionIds;
  expect(ids).toHaveLength(3);
});

afterAll(async () => t.close());

describe('reviewing mentions', () => {
  it('marks spam (and irrelevant, which trains relevance), and the spam filter follows the person over the machine', async () => {
    const marked = await inject('PATCH', `/mentions/${ids[2]}`, { spam: true });
    expect(marked.status, JSON.stringify(marked.body)).toBe(200);
    expect(marked.body.data).toMatchObject({ spamMarked: true, relevance: 'irrelevant', relevanceBy: 'person' });
    expect((await list('spam=only')).map((m) => m.id)).toEqual([ids[2]]);
    expect((await list('spam=exclude')).map((m) => m.id).sort()).toEqual([ids[0], ids[1]].sort());
    const corrections = await rows<{ field: string; value: string }>('SELECT field, value FROM mention_corrections WHERE mention_id = $1', [ids[2]]);
    expect(corrections).toEqual([{ field: 'relevance', value: 'irrelevant' }]);
  });

  it('filters by author influence', async () => {
    expect((await list('minFollowers=1000')).map((m) => m.id)).toEqual([ids[0]]);
    expect((await list('minFollowers=500')).map((m) => m.id).sort()).toEqual([ids[0], ids[2]].sort());
  });

  it('bulk-corrects and tags through the correction command, so corrections feed the model', async () => {
    const response = await inject('POST', '/mentions/bulk', { ids: [ids[0], ids[1], '999999'], set: { sentiment: 'negative', addTags: ['Urgent', 'laces'] } }, agent.user);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.data).toEqual({ updated: 2, notFound: ['999999'] });
    const tagged = await list('tag=urgent');
    expect(tagged.map((m) => m.id).sort()).toEqual([ids[0], ids[1]].sort());
    expect(tagged.every((m) => m.sentiment.label === 'negative' && m.sentiment.by === 'person' && m.tags.includes('laces'))).toBe(true);
    const corrections = await rows<{ n: string }>(`SELECT count(*) AS n FROM mention_corrections WHERE field = 'sentiment' AND mention_id = ANY($1::bigint[])`, [[ids[0], ids[1]]]);
    expect(Number(corrections[0]!.n)).toBe(2);
    const jobs = await rows<{ key: string }>(`SELECT key FROM graphile_worker.jobs WHERE key LIKE 'listening.train_model:%'`);
    expect(jobs.map((job) => job.key)).toContain(`listening.train_model:${ws}:sentiment`);
    const untag = await inject('POST', '/mentions/bulk', { ids: [ids[1]], set: { removeTags: ['urgent'] } });
    expect(untag.status).toBe(200);
    expect((await list('tag=urgent')).map((m) => m.id)).toEqual([ids[0]]);
  });

  it('refuses a bulk change from a viewer', async () => {
    const viewer = await addMember(t, ws, 'viewer');
    const response = await inject('POST', '/mentions/bulk', { ids: [ids[0]], set: { relevance: 'irrelevant' } }, viewer.user);
    expect(response.status).toBe(403);
  });
});

describe('from a mention to action', () => {
  it('assigns a mention to a team with a note, notifies its members but not the assigner, and audits it', async () => {
    const team = (await inject('POST', '/teams', { name: 'Care' })).body.data.id as string;
    const joined = await t.app.inject({ method: 'PUT', url: `/api/v1/teams/${team}/members/${agent.memberId}`, headers: as(owner, ws) });
    expect(joined.statusCode).toBeLessThan(300);
    const assigned = await inject('POST', `/mentions/${ids[1]}/assign`, { teamId: team, note: 'Broken laces: please reach out' });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
    expect(assigned.body.data.assignment).toMatchObject({ teamId: team, memberId: null, note: 'Broken laces: please reach out' });
    const notifications = await rows<{ member_id: string; kind: string; link: string }>(`SELECT member_id, kind, link FROM notifications WHERE kind = 'mention_assigned'`);
    expect(notifications).toEqual([{ member_id: agent.memberId, kind: 'mention_assigned', link: `/listening/mentions/${ids[1]}` }]);
    const audit = await rows<{ action: string }>(`SELECT action FROM audit_events WHERE entity_type = 'mention' AND entity_id = $1 AND action = 'mention.assigned'`, [ids[1]]);
    expect(audit).toHaveLength(1);
    expect((await list(`assignedTeamId=${team}`)).map((m) => m.id)).toEqual([ids[1]]);
    const unknownTeam = await inject('POST', `/mentions/${ids[1]}/assign`, { teamId: 'team_nope' });
    expect(unknownTeam.status).toBe(404);
  });

  it("links an author to a new contact through identity resolution, and the mention joins the contact's timeline", async () => {
    const linked = await inject('POST', `/mentions/${ids[0]}/link-author`, {});
    expect(linked.status, JSON.stringify(linked.body)).toBe(200);
    const contactId = linked.body.data.contactId as string;
    expect(linked.body.data.createdContact).toBe(true);
    const mention = (await inject('GET', `/mentions/${ids[0]}`)).body.data as unknown as Mention;
    expect(mention.contactId).toBe(contactId);
    const contact = (await inject('GET', `/contacts/${contactId}`)).body.data as unknown as { identities: { channel: string; handle: string }[] };
    expect(contact.identities).toEqual([expect.objectContaining({ channel: 'twitter', handle: 'runner_jo' })]);
    const timeline = (await inject('GET', `/contacts/${contactId}/interactions`)).body.data as unknown as { kind: string; sourceId: string }[];
    expect(timeline).toEqual([expect.objectContaining({ kind: 'mention', sourceId: ids[0] })]);
    // Again: the same contact, not a second one.
    const again = await inject('POST', `/mentions/${ids[0]}/link-author`, {});
    expect(again.body.data).toEqual({ contactId, createdContact: false });
  });

  it('links an author to an existing contact, and refuses one whose identity is another contact\'s', async () => {
    const existing = (await inject('POST', '/contacts', { name: 'Small Fry' })).body.data.id as string;
    const linked = await inject('POST', `/mentions/${ids[1]}/link-author`, { contactId: existing });
    expect(linked.status, JSON.stringify(linked.body)).toBe(200);
    expect(linked.body.data).toEqual({ contactId: existing, createdContact: false });
    const other = (await inject('POST', '/contacts', { name: 'Someone else' })).body.data.id as string;
    const taken = await inject('POST', `/mentions/${ids[1]}/link-author`, { contactId: other });
    expect(taken.status).toBe(409);
    expect(taken.body.error?.code).toBe('contact.identity_taken');
  });

  it('creates a lead with the mention as its source', async () => {
    const response = await inject('POST', `/mentions/${ids[0]}/deal`, {});
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    const deal = (await inject('GET', `/deals/${response.body.data.id as string}`)).body.data as unknown as { source: string; sourceChannel: string; sourceRef: string; contact: { id: string } | null; title: string };
    expect(deal).toMatchObject({ source: 'mention', sourceChannel: 'twitter', sourceRef: ids[0], title: 'Lead: Jo Runner' });
    expect(deal.contact?.id).toBe((await list('minFollowers=1000'))[0]!.contactId);
  });
});

describe('saved views', () => {
  it('keeps a view private until shared, and lets only its owner change it', async () => {
    const created = await inject('POST', '/saved-views', { name: 'Angry influencers', filters: { sentiment: 'negative', minFollowers: '1000' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const viewId = created.body.data.id as string;
    expect((await inject('GET', '/saved-views', undefined, agent.user)).body.data).toEqual([]);
    const shared = await inject('PATCH', `/saved-views/${viewId}`, { shared: true });
    expect(shared.body.data).toMatchObject({ shared: true, mine: true });
    expect((await inject('GET', '/saved-views', undefined, agent.user)).body.data).toEqual([expect.objectContaining({ id: viewId, mine: false, filters: { sentiment: 'negative', minFollowers: '1000' } })]);
    expect((await inject('DELETE', `/saved-views/${viewId}`, undefined, agent.user)).status).toBe(403);
    expect((await inject('DELETE', `/saved-views/${viewId}`)).status).toBe(204);
    expect((await inject('GET', '/saved-views')).body.data).toEqual([]);
  });
});
